/// The loops behind window functions: each walks the windows of a `WindowLayout` in window order
/// and writes its result at the original row positions.
enum WindowKernels {
    /// 1-based positions within each window.
    static func rowNumbers(_ layout: WindowLayout, count: Int, name: String) -> Column {
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        for window in 0..<(layout.offsets.count - 1) {
            let start = layout.offsets[window]
            for position in start..<layout.offsets[window + 1] {
                out.base[layout.rows[position]] = Int64(position - start + 1)
            }
        }
        return Column(name: name, type: .int, count: count, storage: .int64(out), validity: nil)
    }

    /// The value `offset` rows earlier in the window (later when negative), null past the edge.
    static func shift(_ column: Column, by offset: Int, _ layout: WindowLayout, name: String) -> Column {
        var source = [Int](repeating: -1, count: column.count)
        if offset.magnitude < UInt(column.count) {
            for window in 0..<(layout.offsets.count - 1) {
                let start = layout.offsets[window]
                let end = layout.offsets[window + 1]
                for position in start..<end {
                    let from = position - offset
                    if from >= start && from < end { source[layout.rows[position]] = layout.rows[from] }
                }
            }
        }
        return column.gather(orNull: source).renamed(name)
    }

    /// Running sums per window: int, bool (as 0/1) and duration sums are exact Int64 (overflow is
    /// an error), float sums add in window order.
    static func cumulativeSum(_ column: Column, _ layout: WindowLayout, name: String) throws(FrameError) -> Column {
        let count = column.count
        switch column.storage {
        case .float64(let values):
            let out = ColumnBuffer<Double>(uninitializedCount: count)
            for window in 0..<(layout.offsets.count - 1) {
                var total = 0.0
                for position in layout.offsets[window]..<layout.offsets[window + 1] {
                    let row = layout.rows[position]
                    if column.isNull(row) {
                        out.base[row] = 0
                        continue
                    }
                    total += values.base[row]
                    out.base[row] = total
                }
            }
            return Column(name: name, type: .float, count: count, storage: .float64(out), validity: column.validity)
        case .int64(let values) where column.type == .int || column.type == .duration:
            return try withExtendedLifetime(values) { () throws(FrameError) -> Column in
                try integerRunningSum(values.base, column, name: name, type: column.type, layout)
            }
        case .bool(let values):
            let widened = ColumnBuffer<Int64>(uninitializedCount: count)
            for row in 0..<count { widened.base[row] = Int64(values.base[row]) }
            return try withExtendedLifetime(widened) { () throws(FrameError) -> Column in
                try integerRunningSum(widened.base, column, name: name, type: .int, layout)
            }
        default:
            throw FrameError(
                .typeMismatch, "cum_sum needs a numeric column, but \(columnReference(column.name)) is \(column.type.name)",
                column: column.name)
        }
    }

    private static func integerRunningSum(
        _ values: UnsafePointer<Int64>, _ column: Column, name: String, type: DataType, _ layout: WindowLayout
    ) throws(FrameError) -> Column {
        let count = column.count
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        for window in 0..<(layout.offsets.count - 1) {
            var total: Int64 = 0
            for position in layout.offsets[window]..<layout.offsets[window + 1] {
                let row = layout.rows[position]
                if column.isNull(row) {
                    out.base[row] = 0
                    continue
                }
                let (next, overflow) = total.addingReportingOverflow(values[row])
                if overflow {
                    throw FrameError(.overflow, "integer overflow in cum_sum of \(columnReference(column.name))", column: column.name)
                }
                total = next
                out.base[row] = total
            }
        }
        return Column(name: name, type: type, count: count, storage: .int64(out), validity: column.validity)
    }

    /// Ranks within each window; the layout's windows must already be sorted by the value (nulls last).
    static func rank(_ column: Column, _ method: RankMethod, _ layout: WindowLayout, name: String) -> Column {
        let count = column.count
        var ranks = [Double](repeating: 0, count: count)
        for window in 0..<(layout.offsets.count - 1) {
            let start = layout.offsets[window]
            var end = layout.offsets[window + 1]
            while end > start && column.isNull(layout.rows[end - 1]) { end -= 1 }
            var runStart = start
            var dense = 0
            while runStart < end {
                var runEnd = runStart + 1
                while runEnd < end && equalValues(column, layout.rows[runStart], layout.rows[runEnd]) { runEnd += 1 }
                dense += 1
                let first = runStart - start + 1
                let last = runEnd - start
                for position in runStart..<runEnd {
                    let value: Double
                    switch method {
                    case .average: value = Double(first + last) / 2
                    case .ordinal: value = Double(position - start + 1)
                    case .min: value = Double(first)
                    case .max: value = Double(last)
                    case .dense: value = Double(dense)
                    }
                    ranks[layout.rows[position]] = value
                }
                runStart = runEnd
            }
        }
        let validity = column.validity
        if method == .average {
            return Column(name: name, type: .float, count: count, storage: .float64(ColumnBuffer(ranks)), validity: validity)
        }
        let integers = ranks.map { Int64($0) }
        return Column(name: name, type: .int, count: count, storage: .int64(ColumnBuffer(integers)), validity: validity)
    }

    /// True when rows `a` and `b` (both valid) hold the same value; NaN equals NaN, -0.0 equals 0.0.
    static func equalValues(_ column: Column, _ a: Int, _ b: Int) -> Bool {
        switch column.storage {
        case .int64(let values): return values.base[a] == values.base[b]
        case .float64(let values):
            return GroupKeys.canonicalBits(values.base[a]) == GroupKeys.canonicalBits(values.base[b])
        case .bool(let values): return values.base[a] == values.base[b]
        case .utf8(let strings):
            return withExtendedLifetime(strings) {
                let source = ColumnStrings(strings)
                return StringKeyTable.equalBytes(source.bytes(a), source.bytes(b))
            }
        case .dictionary(let strings):
            // Entries are distinct, so equal strings have equal codes.
            return strings.codes.base[a] == strings.codes.base[b]
        }
    }
}
