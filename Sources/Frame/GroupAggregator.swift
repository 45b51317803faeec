/// Computes aggregates for every group of an index, sharing work between aggregates of one input:
/// each input expression is evaluated once, and count, sum, mean, min, max, std and var of it come
/// from one fused pass (`GroupMoments`); median and quantiles share one sorted copy.
struct GroupAggregator {
    let index: GroupIndex
    private var inputs: [(expr: Expr, column: Column)] = []
    /// Moments per input (their counts of values and nulls also give the group sizes).
    private var moments: [(expr: Expr, moments: GroupMoments)] = []
    private var sorted: [(expr: Expr, values: SortedGroups)] = []
    private var sizes: [Int]?

    init(index: GroupIndex) {
        self.index = index
    }

    /// The column `aggregation` produces: one row per group, called `name`. `evaluate` turns an
    /// input expression into a column over all indexed rows.
    mutating func aggregate(
        _ aggregation: Aggregation, name: String, evaluate: (Expr) throws(FrameError) -> Column
    ) throws(FrameError) -> Column {
        guard let input = aggregation.input else {
            return integerColumn(name, groupSizes().map(Int64.init))
        }
        let column = try inputColumn(input, evaluate)
        switch aggregation.function {
        case .count:
            return integerColumn(name, groupSizes().map(Int64.init))
        case .countValid:
            if column.validity == nil { return integerColumn(name, groupSizes().map(Int64.init)) }
            if let cached = moments.first(where: { $0.expr == input }) { return integerColumn(name, cached.moments.counts) }
            return integerColumn(name, validCounts(column))
        case .sum, .mean, .std, .variance:
            return try numericAggregate(aggregation.function, column, input: input, name: name)
        case .min, .max:
            return try extreme(aggregation.function == .min, column, input: input, name: name)
        case .median, .quantile:
            return try orderStatistic(aggregation.function, column, input: input, name: name)
        case .first:
            return column.gather(orNull: index.firstRows).renamed(name)
        case .last:
            return column.gather(orNull: index.lastRows()).renamed(name)
        case .nUnique:
            return integerColumn(name, distinctCounts(column))
        case .correlation(let other):
            let second = try inputColumn(other, evaluate)
            let x = try CorrelationKernels.numeric(column, name: input.outputName)
            let y = try CorrelationKernels.numeric(second, name: other.outputName)
            let result = CorrelationKernels.grouped(
                x, y, validity: Bitmap.and(column.validity, second.validity), ids: index.ids, groupCount: index.groupCount)
            return floatColumn(name, result.values, valid: result.valid)
        }
    }

    // MARK: shared work

    private mutating func inputColumn(_ expr: Expr, _ evaluate: (Expr) throws(FrameError) -> Column) throws(FrameError) -> Column {
        if let cached = inputs.first(where: { $0.expr == expr }) { return cached.column }
        let column = try evaluate(expr)
        inputs.append((expr, column))
        return column
    }

    /// Computes, ahead of the aggregates that need them, the moments of the inputs of sums, means,
    /// extremes and spreads, so that `count()` can take the group sizes from them instead of
    /// another pass over the group ids.
    mutating func prepare(
        _ aggregations: [Aggregation], evaluate: (Expr) throws(FrameError) -> Column
    ) throws(FrameError) {
        for aggregation in aggregations {
            guard let input = aggregation.input else { continue }
            switch aggregation.function {
            case .sum, .mean, .std, .variance, .min, .max:
                let column = try inputColumn(input, evaluate)
                if column.type != .string { _ = momentsOf(column, input: input) }
            default:
                continue
            }
        }
    }

    private mutating func groupSizes() -> [Int] {
        if let sizes { return sizes }
        if let first = moments.first {
            let computed = first.moments.sizes
            sizes = computed
            return computed
        }
        let computed = index.groupCount == 1 ? [index.rowCount] : index.sizes()
        sizes = computed
        return computed
    }

    private mutating func momentsOf(_ column: Column, input: Expr) -> GroupMoments {
        if let cached = moments.first(where: { $0.expr == input }) { return cached.moments }
        let computed: GroupMoments
        switch column.storage {
        case .float64(let values):
            computed = withExtendedLifetime(values) { MomentKernels.float(values.base, validity: column.validity, index: index) }
        case .int64(let values):
            computed = withExtendedLifetime(values) { MomentKernels.integer(values.base, validity: column.validity, index: index) }
        case .bool(let values):
            let widened = ColumnBuffer<Int64>(uninitializedCount: column.count)
            for row in 0..<column.count { widened.base[row] = Int64(values.base[row]) }
            computed = withExtendedLifetime(widened) { MomentKernels.integer(widened.base, validity: column.validity, index: index) }
        case .utf8, .dictionary:
            return GroupMoments()
        }
        moments.append((input, computed))
        return computed
    }

    private func validCounts(_ column: Column) -> [Int64] {
        var counts = [Int64](repeating: 0, count: index.groupCount)
        let ids = index.ids.base
        withExtendedLifetime(index.ids) {
            counts.withUnsafeMutableBufferPointer { counts in
                forEachValidRow(count: column.count, validity: column.validity) { row in counts[Int(ids[row])] &+= 1 }
            }
        }
        return counts
    }

    // MARK: numeric aggregates

    private mutating func numericAggregate(
        _ function: Aggregation.Function, _ column: Column, input: Expr, name: String
    ) throws(FrameError) -> Column {
        let type = column.type
        let allowed: Bool
        switch function {
        case .sum, .mean: allowed = type == .int || type == .float || type == .bool || type == .duration
        default: allowed = type == .int || type == .float || type == .bool
        }
        guard allowed else {
            throw FrameError(
                .typeMismatch,
                "\(function.name) needs a numeric column, but \(columnReference(input.outputName)) is \(type.name)",
                column: input.outputName)
        }
        let moments = momentsOf(column, input: input)
        let groups = index.groupCount
        switch function {
        case .sum:
            if type == .float { return floatColumn(name, moments.sums, valid: nil) }
            var totals = [Int64](repeating: 0, count: groups)
            for group in 0..<groups {
                guard let total = Int64(exactly: moments.integerSums[group]) else {
                    throw FrameError(
                        .overflow, "integer overflow in sum of \(columnReference(input.outputName))",
                        column: input.outputName)
                }
                totals[group] = total
            }
            return Column(
                name: name, type: type == .duration ? .duration : .int, int64s: totals, validity: nil)
        case .mean:
            var means = [Double](repeating: 0, count: groups)
            var valid = [Bool](repeating: true, count: groups)
            for group in 0..<groups {
                let n = moments.counts[group]
                if n == 0 {
                    valid[group] = false
                    continue
                }
                means[group] = moments.sums[group] / Double(n)
            }
            if type == .duration { return durationColumn(name, means, valid: valid) }
            return floatColumn(name, means, valid: valid)
        default:
            var out = [Double](repeating: 0, count: groups)
            var valid = [Bool](repeating: true, count: groups)
            for group in 0..<groups {
                guard let variance = moments.variance(group) else {
                    valid[group] = false
                    continue
                }
                out[group] = function == .std ? variance.squareRoot() : variance
            }
            return floatColumn(name, out, valid: valid)
        }
    }

    private mutating func extreme(_ wantMinimum: Bool, _ column: Column, input: Expr, name: String) throws(FrameError) -> Column {
        if case .utf8(let strings) = column.storage {
            let rows = StringExtremes.rows(strings, validity: column.validity, index: index, wantMinimum: wantMinimum)
            return column.gather(orNull: rows).renamed(name)
        }
        if case .dictionary(let strings) = column.storage {
            let rows = DictionaryKernels.extremeRows(strings, validity: column.validity, index: index, wantMinimum: wantMinimum)
            return column.gather(orNull: rows).renamed(name)
        }
        let moments = momentsOf(column, input: input)
        let groups = index.groupCount
        let valid = moments.counts.map { $0 > 0 }
        switch column.storage {
        case .float64:
            return floatColumn(name, wantMinimum ? moments.minimums : moments.maximums, valid: valid)
        case .bool:
            let values = wantMinimum ? moments.integerMinimums : moments.integerMaximums
            return Column(name: name, bools: (0..<groups).map { valid[$0] && values[$0] != 0 }, validity: valid)
        default:
            let values = wantMinimum ? moments.integerMinimums : moments.integerMaximums
            return Column(name: name, type: column.type, int64s: (0..<groups).map { valid[$0] ? values[$0] : 0 }, validity: valid)
        }
    }

    private mutating func orderStatistic(
        _ function: Aggregation.Function, _ column: Column, input: Expr, name: String
    ) throws(FrameError) -> Column {
        let type = column.type
        guard type == .int || type == .float || type == .bool || type == .duration else {
            throw FrameError(
                .typeMismatch,
                "\(function.name) needs a numeric column, but \(columnReference(input.outputName)) is \(type.name)",
                column: input.outputName)
        }
        let values: SortedGroups
        if let cached = sorted.first(where: { $0.expr == input }) {
            values = cached.values
        } else {
            values = SortedGroups(column, index: index)
            sorted.append((input, values))
        }
        var out = [Double](repeating: 0, count: index.groupCount)
        var valid = [Bool](repeating: true, count: index.groupCount)
        for group in 0..<index.groupCount {
            let result: Double?
            if case .quantile(let q) = function {
                result = values.quantile(group, q)
            } else {
                result = values.median(group)
            }
            if let result { out[group] = result } else { valid[group] = false }
        }
        if type == .duration { return durationColumn(name, out, valid: valid) }
        return floatColumn(name, out, valid: valid)
    }

    /// Distinct values per group, null counting as one: the groups of (group, value) pairs, counted.
    private func distinctCounts(_ column: Column) -> [Int64] {
        let values = GroupKeys.index(column)
        let pairs = GroupKeys.combine(index, values)
        var counts = [Int64](repeating: 0, count: index.groupCount)
        for row in pairs.firstRows where row >= 0 { counts[Int(index.ids.base[row])] += 1 }
        return withExtendedLifetime(index.ids) { counts }
    }

    // MARK: output columns

    private func integerColumn(_ name: String, _ values: [Int64]) -> Column {
        Column(name: name, ints: values)
    }

    private func floatColumn(_ name: String, _ values: [Double], valid: [Bool]?) -> Column {
        Column(name: name, floats: values, validity: valid)
    }

    /// Durations from float microseconds, rounded half away from zero.
    private func durationColumn(_ name: String, _ values: [Double], valid: [Bool]) -> Column {
        let micros = values.map { value -> Int64 in
            let rounded = value.rounded(.toNearestOrAwayFromZero)
            return Int64(exactly: rounded) ?? 0
        }
        return Column(name: name, durations: micros, validity: valid)
    }
}

extension Column {
    /// The rows at `rows`, where -1 gives a null (any type; an empty column gives all nulls).
    func gather(orNull rows: [Int]) -> Column {
        if count == 0 || rows.allSatisfy({ $0 < 0 }) { return Column(name: name, nullsOf: type, count: rows.count) }
        let clamped = rows.map { Swift.max($0, 0) }
        let gathered = gather(clamped)
        guard rows.contains(where: { $0 < 0 }) else { return gathered }
        var builder = BitmapBuilder(count: rows.count)
        for (position, row) in rows.enumerated() where row < 0 || isNull(row) { builder.setNull(position) }
        return Column(name: name, type: type, count: rows.count, storage: gathered.storage, validity: builder.finish())
    }
}
