/// The non-null, non-NaN values of a numeric column as Doubles, laid out group by group and sorted
/// within each group: the input of median and quantiles.
///
/// Built with a counting sort by group id (one pass to count, one to scatter), then one sort per
/// group, so the cost is that of sorting each group on its own.
struct SortedGroups {
    /// Sorted values, group after group.
    private let values: [Double]
    /// Group `g` is `values[offsets[g]..<offsets[g + 1]]`.
    private let offsets: [Int]
    /// Groups that held a NaN (their median is NaN only when nothing else is left).
    private let sawNaN: [Bool]

    init(_ column: Column, index: GroupIndex) {
        let groups = index.groupCount
        let count = column.count
        let ids = index.ids.base
        let doubles: ColumnBuffer<Double>
        switch column.storage {
        case .float64(let buffer): doubles = buffer
        case .int64(let buffer): doubles = convertToDoubles(buffer)
        case .bool(let buffer):
            doubles = ColumnBuffer(uninitializedCount: count)
            for row in 0..<count { doubles.base[row] = Double(buffer.base[row]) }
        case .utf8, .dictionary:
            doubles = ColumnBuffer(uninitializedCount: 0)
        }
        var sizes = [Int](repeating: 0, count: groups)
        var nan = [Bool](repeating: false, count: groups)
        let source = doubles.base
        withExtendedLifetime((index.ids, doubles)) {
            sizes.withUnsafeMutableBufferPointer { sizes in
                forEachValidRow(count: count, validity: column.validity) { row in
                    if source[row].isNaN {
                        nan[Int(ids[row])] = true
                    } else {
                        sizes[Int(ids[row])] &+= 1
                    }
                }
            }
        }
        var offsets = [Int](repeating: 0, count: groups + 1)
        for group in 0..<groups { offsets[group + 1] = offsets[group] + sizes[group] }
        var next = Array(offsets.dropLast())
        var values = [Double](repeating: 0, count: offsets[groups])
        withExtendedLifetime((index.ids, doubles)) {
            values.withUnsafeMutableBufferPointer { values in
                next.withUnsafeMutableBufferPointer { next in
                    forEachValidRow(count: count, validity: column.validity) { row in
                        let value = source[row]
                        if value.isNaN { return }
                        let group = Int(ids[row])
                        values[next[group]] = value
                        next[group] &+= 1
                    }
                }
                for group in 0..<groups where offsets[group + 1] - offsets[group] > 1 {
                    var slice = UnsafeMutableBufferPointer(rebasing: values[offsets[group]..<offsets[group + 1]])
                    slice.sort()
                }
            }
        }
        self.values = values
        self.offsets = offsets
        self.sawNaN = nan
    }

    /// The middle value, or the mean of the two middle values; nil for a group without values.
    func median(_ group: Int) -> Double? {
        let start = offsets[group]
        let n = offsets[group + 1] - start
        if n == 0 { return sawNaN[group] ? Double.nan : nil }
        let middle = start + n / 2
        if n % 2 == 1 { return values[middle] }
        return (values[middle - 1] + values[middle]) / 2
    }

    /// The q-quantile with linear interpolation: position h = (n − 1)·q between the sorted values
    /// at ⌊h⌋ and ⌈h⌉ (the default of Polars, pandas and NumPy).
    func quantile(_ group: Int, _ q: Double) -> Double? {
        let start = offsets[group]
        let n = offsets[group + 1] - start
        if n == 0 { return sawNaN[group] ? Double.nan : nil }
        let position = Double(n - 1) * q
        let lower = Int(position.rounded(.down))
        let fraction = position - Double(lower)
        let low = values[start + lower]
        if fraction == 0 || lower + 1 >= n { return low }
        let high = values[start + lower + 1]
        return low + (high - low) * fraction
    }
}

/// The row holding each group's smallest or largest string (byte order; the first such row on ties).
enum StringExtremes {
    static func rows(_ strings: StringStorage, validity: Bitmap?, index: GroupIndex, wantMinimum: Bool) -> [Int] {
        var best = [Int](repeating: -1, count: index.groupCount)
        let ids = index.ids.base
        withExtendedLifetime((strings, index.ids)) {
            let source = ColumnStrings(strings)
            best.withUnsafeMutableBufferPointer { best in
                forEachValidRow(count: index.rowCount, validity: validity) { row in
                    let group = Int(ids[row])
                    let current = best[group]
                    if current < 0 {
                        best[group] = row
                        return
                    }
                    let order = compareBytes(source.bytes(row), source.bytes(current))
                    if wantMinimum ? order < 0 : order > 0 { best[group] = row }
                }
            }
        }
        return best
    }
}
