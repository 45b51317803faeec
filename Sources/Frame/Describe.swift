/// Summary statistics of every column, in the layout of Polars' `describe`.
extension DataFrame {
    /// The row labels of `describe`'s first column, in order.
    public static let describeStatistics = ["count", "null_count", "mean", "std", "min", "25%", "50%", "75%", "max"]

    /// One row per statistic (`statistic` column) and one column per input column.
    ///
    /// Numbers and bools (as 0 and 1) give float columns: count of non-null values (NaN
    /// included), null count, mean, sample standard deviation (n - 1; null below two values), min,
    /// the 25/50/75% quantiles and max. As in the aggregates, mean and std are NaN when a NaN is
    /// among the values, while min, the quantiles and max ignore NaN; a `nan_count` row (after
    /// `null_count`) appears when some column holds NaN. Quantiles take the nearest rank, the value
    /// at sorted position round(q · (n - 1)) (half away from zero), as Polars' describe does. Timestamps and durations give text columns with the same statistics as times
    /// (durations also std); strings give count, null_count, min and max (byte order) as text.
    public func describe() throws(FrameError) -> DataFrame {
        var output = [Column(name: "statistic", strings: Self.describeStatistics)]
        for column in columns {
            output.append(Describer.describe(column))
        }
        return try Describer.withNaNCounts(DataFrame(columns: output), of: self)
    }
}

/// The statistics of one column.
enum Describer {
    static func describe(_ column: Column) -> Column {
        let valid = column.count - column.nullCount
        let counts: [Scalar] = [.float(Double(valid)), .float(Double(column.nullCount))]
        switch column.storage {
        case .float64, .bool:
            return floatColumn(column.name, numericStatistics(sortedDoubles(column)), counts: counts)
        case .int64 where column.type == .int:
            return floatColumn(column.name, numericStatistics(sortedDoubles(column)), counts: counts)
        case .int64(let values):
            return temporal(column, values, valid: valid)
        case .utf8, .dictionary:
            let (minimum, maximum) = extremes(column)
            let cells: [String?] = [
                String(valid), String(column.nullCount), nil, nil, minimum, nil, nil, nil, maximum,
            ]
            return Column(name: column.name, strings: cells)
        }
    }

    /// mean, std, min, 25%, 50%, 75%, max of sorted values (NaNs last); nil where undefined.
    /// NaN reaches mean and std (as the mean and std aggregates) but not min, quantiles and max.
    static func numericStatistics(_ sorted: [Double]) -> [Double?] {
        let n = sorted.count
        guard n > 0 else { return [nil, nil, nil, nil, nil, nil, nil] }
        var sum = 0.0
        for value in sorted { sum += value }
        let mean = sum / Double(n)
        var std: Double? = nil
        if n > 1 {
            var squares = 0.0
            for value in sorted {
                let difference = value - mean
                squares += difference * difference
            }
            std = (squares / Double(n - 1)).squareRoot()
        }
        let numbers = Array(sorted.prefix { !$0.isNaN })
        guard let first = numbers.first, let last = numbers.last else { return [mean, std, nil, nil, nil, nil, nil] }
        return [mean, std, first, quantile(numbers, 0.25), quantile(numbers, 0.5), quantile(numbers, 0.75), last]
    }

    /// The nearest-rank quantile: position round(q · (n - 1)), half away from zero.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Int((Double(sorted.count - 1) * q).rounded(.toNearestOrAwayFromZero))
        return sorted[min(max(position, 0), sorted.count - 1)]
    }

    /// The valid values as Doubles, ascending with NaNs last.
    static func sortedDoubles(_ column: Column) -> [Double] {
        var numbers: [Double] = []
        numbers.reserveCapacity(column.count - column.nullCount)
        switch column.storage {
        case .float64(let values):
            for row in 0..<column.count where !column.isNull(row) { numbers.append(values[row]) }
        case .int64(let values):
            for row in 0..<column.count where !column.isNull(row) { numbers.append(Double(values[row])) }
        case .bool(let values):
            for row in 0..<column.count where !column.isNull(row) { numbers.append(Double(values[row])) }
        case .utf8, .dictionary:
            break
        }
        let nans = numbers.count
        numbers.removeAll { $0.isNaN }
        numbers.sort()
        numbers.append(contentsOf: repeatElement(Double.nan, count: nans - numbers.count))
        return numbers
    }

    static func floatColumn(_ name: String, _ statistics: [Double?], counts: [Scalar]) -> Column {
        let cells = counts + statistics.map { $0.map(Scalar.float) ?? .null }
        let values = cells.map { cell -> Double in
            if case .float(let value) = cell { return value }
            return 0
        }
        return Column(name: name, floats: values, validity: cells.map { !$0.isNull })
    }

    /// Timestamps and durations: the statistics computed on microseconds, shown as times.
    static func temporal(_ column: Column, _ values: ColumnBuffer<Int64>, valid: Int) -> Column {
        var sorted: [Int64] = []
        sorted.reserveCapacity(valid)
        for row in 0..<column.count where !column.isNull(row) { sorted.append(values[row]) }
        sorted.sort()
        let isTimestamp = column.type == .timestamp
        func text(_ micros: Int64) -> String {
            isTimestamp ? NumberFormatting.timestamp(micros) : NumberFormatting.duration(micros)
        }
        var cells: [String?] = [String(valid), String(column.nullCount)]
        guard let first = sorted.first, let last = sorted.last else {
            return Column(name: column.name, strings: cells + Array(repeating: nil, count: 7))
        }
        // Offsets from the first value keep the sums exact in Double for realistic spans.
        var sum = 0.0
        for value in sorted { sum += Double(value &- first) }
        let meanOffset = sum / Double(sorted.count)
        let mean = first &+ Int64(meanOffset.rounded(.toNearestOrAwayFromZero))
        var std: String? = nil
        if column.type == .duration && sorted.count > 1 {
            var squares = 0.0
            for value in sorted {
                let difference = Double(value &- first) - meanOffset
                squares += difference * difference
            }
            std = text(Int64((squares / Double(sorted.count - 1)).squareRoot().rounded(.toNearestOrAwayFromZero)))
        }
        func quantile(_ q: Double) -> String {
            let position = Int((Double(sorted.count - 1) * q).rounded(.toNearestOrAwayFromZero))
            return text(sorted[min(max(position, 0), sorted.count - 1)])
        }
        cells += [text(mean), std, text(first), quantile(0.25), quantile(0.5), quantile(0.75), text(last)]
        return Column(name: column.name, strings: cells)
    }

    /// The smallest and largest valid strings in byte order.
    static func extremes(_ column: Column) -> (String?, String?) {
        switch column.storage {
        case .utf8(let strings): return extremes(column, strings)
        case .dictionary(let strings):
            // Among the entries some valid row uses, the lowest and highest rank.
            let used = strings.usedEntries(validity: column.validity)
            let ranks = strings.ranks()
            var minimum: Int? = nil
            var maximum: Int? = nil
            for entry in used.indices where used[entry] != 0 {
                if minimum.map({ ranks[entry] < ranks[$0] }) ?? true { minimum = entry }
                if maximum.map({ ranks[entry] > ranks[$0] }) ?? true { maximum = entry }
            }
            return (minimum.map(strings.values.string(at:)), maximum.map(strings.values.string(at:)))
        default: return (nil, nil)
        }
    }

    /// The smallest and largest valid strings of plain storage in byte order.
    static func extremes(_ column: Column, _ strings: StringStorage) -> (String?, String?) {
        var minimum: Int? = nil
        var maximum: Int? = nil
        withExtendedLifetime(strings) {
            let source = ColumnStrings(strings)
            for row in 0..<column.count where !column.isNull(row) {
                if let current = minimum, compareBytes(source.bytes(row), source.bytes(current)) >= 0 {} else { minimum = row }
                if let current = maximum, compareBytes(source.bytes(row), source.bytes(current)) <= 0 {} else { maximum = row }
            }
        }
        return (minimum.map(strings.string(at:)), maximum.map(strings.string(at:)))
    }
}
