/// One sort key: a column name and a direction.
public struct SortKey: Sendable, Equatable {
    /// The column to sort by.
    public var column: String
    /// Largest first when true; nulls stay last either way.
    public var descending: Bool

    /// Ascending unless `descending` is true.
    public init(_ column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}

extension DataFrame {
    /// Rows reordered by `keys` (first key most significant). Stable; nulls last in both directions;
    /// NaN after every number in both directions (before nulls); strings in byte order.
    public func sorted(by keys: [SortKey]) throws(FrameError) -> DataFrame {
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try requireColumn(key.column)) }
        if height < 2 { return self }
        if height <= Int(UInt32.max), let packed = PackedSort.sort(keyColumns, descending: keys.map(\.descending), count: height) {
            defer { packed.release() }
            let rows = packed.rowIndices()
            var columns: [Column] = []
            columns.reserveCapacity(width)
            for column in self.columns {
                // A key column comes back from the sorted words; any other is gathered.
                if let key = keys.firstIndex(where: { $0.column == column.name }) {
                    columns.append(packed.keyColumn(key))
                } else {
                    columns.append(column.gathered(rows.base, count: height))
                }
            }
            return withExtendedLifetime(rows) { DataFrame(unchecked: columns, height: height) }
        }
        let order = try sortOrder(by: keys)
        return gather(order)
    }

    /// The permutation `sorted(by:)` applies: `result[i]` is the source row placed at position i.
    public func sortOrder(by keys: [SortKey]) throws(FrameError) -> [Int] {
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try requireColumn(key.column)) }
        if height >= 2, height <= Int(UInt32.max),
            let packed = PackedSort.sort(keyColumns, descending: keys.map(\.descending), count: height)
        {
            defer { packed.release() }
            return (0..<height).map { packed.row($0) }
        }
        var order = Array(0..<height)
        if height < 2 { return order }
        // Least significant key first: each pass is stable, so earlier keys win ties.
        for (key, column) in zip(keys, keyColumns).reversed() {
            Sorting.stableSort(&order, by: column, descending: key.descending)
        }
        return order
    }
}

/// Stable single-column sorts of a row permutation: order-preserving UInt64 keys and an LSD radix
/// sort for fixed-width types, a merge sort for strings.
enum Sorting {
    static func stableSort(_ order: inout [Int], by column: Column, descending: Bool) {
        var valid: [Int] = []
        var tail: [Int] = []  // NaNs, then nulls
        var nulls: [Int] = []
        valid.reserveCapacity(order.count)
        if let validity = column.validity {
            for row in order {
                if validity.isValid(row) { valid.append(row) } else { nulls.append(row) }
            }
        } else {
            valid = order
        }
        let flip: UInt64 = descending ? ~0 : 0
        switch column.storage {
        case .int64(let values):
            var keys = valid.map { UInt64(bitPattern: values[$0]) ^ (1 << 63) ^ flip }
            radixSort(&keys, &valid)
        case .float64(let values):
            var numbers: [Int] = []
            numbers.reserveCapacity(valid.count)
            for row in valid {
                if values[row].isNaN { tail.append(row) } else { numbers.append(row) }
            }
            var keys = numbers.map { orderedBits(values[$0]) ^ flip }
            radixSort(&keys, &numbers)
            valid = numbers
        case .bool(let values):
            var keys = valid.map { UInt64(values[$0]) ^ flip }
            radixSort(&keys, &valid)
        case .utf8(let strings):
            sortStrings(&valid, strings, flip: flip, descending: descending)
        case .dictionary(let strings):
            // The table is sorted once; rows then sort by their entry's rank.
            let ranks = strings.ranks()
            var keys = valid.map { UInt64(ranks[Int(strings.codes[$0])]) ^ flip }
            radixSort(&keys, &valid)
        }
        tail.append(contentsOf: nulls)
        valid.append(contentsOf: tail)
        order = valid
    }

    /// Maps a non-NaN Double to a UInt64 with the same order (-0.0 and 0.0 map alike).
    @inline(__always) static func orderedBits(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Stable LSD radix sort of `values` by `keys`, 8 bits per pass, skipping passes where every key
    /// has the same digit.
    static func radixSort(_ keys: inout [UInt64], _ values: inout [Int]) {
        let n = keys.count
        if n < 2 { return }
        if n <= 32 {
            insertionSort(&keys, &values)
            return
        }
        var counts = [Int](repeating: 0, count: 8 * 256)
        for key in keys {
            for digit in 0..<8 { counts[digit &<< 8 | Int((key &>> UInt64(digit &* 8)) & 0xFF)] &+= 1 }
        }
        var scratchKeys = keys
        var scratchValues = values
        var offsets = [Int](repeating: 0, count: 256)
        for digit in 0..<8 {
            let shift = UInt64(digit * 8)
            if counts[digit << 8 | Int((keys[0] &>> shift) & 0xFF)] == n { continue }
            var sum = 0
            for bucket in 0..<256 {
                offsets[bucket] = sum
                sum += counts[digit << 8 | bucket]
            }
            keys.withUnsafeBufferPointer { sourceKeys in
                values.withUnsafeBufferPointer { sourceValues in
                    scratchKeys.withUnsafeMutableBufferPointer { targetKeys in
                        scratchValues.withUnsafeMutableBufferPointer { targetValues in
                            offsets.withUnsafeMutableBufferPointer { slots in
                                for index in 0..<n {
                                    let key = sourceKeys[index]
                                    let bucket = Int((key &>> shift) & 0xFF)
                                    let position = slots[bucket]
                                    slots[bucket] = position &+ 1
                                    targetKeys[position] = key
                                    targetValues[position] = sourceValues[index]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            swap(&values, &scratchValues)
        }
    }

    static func insertionSort(_ keys: inout [UInt64], _ values: inout [Int]) {
        for index in 1..<keys.count {
            let key = keys[index]
            let value = values[index]
            var position = index
            while position > 0 && keys[position - 1] > key {
                keys[position] = keys[position - 1]
                values[position] = values[position - 1]
                position -= 1
            }
            keys[position] = key
            values[position] = value
        }
    }

    /// Strings: radix sort on the first 8 bytes (big-endian, zero padded), then a merge sort on the
    /// full bytes only inside runs of equal prefixes that hold strings longer than 8 bytes or of
    /// different lengths.
    static func sortStrings(_ rows: inout [Int], _ strings: StringStorage, flip: UInt64, descending: Bool) {
        let n = rows.count
        if n < 2 { return }
        var keys = [UInt64](repeating: 0, count: n)
        withExtendedLifetime(strings) {
            let source = ColumnStrings(strings)
            for index in 0..<n {
                let bytes = source.bytes(rows[index])
                var key: UInt64 = 0
                for offset in 0..<8 {
                    key = key << 8 | UInt64(offset < bytes.count ? bytes[offset] : 0)
                }
                keys[index] = key ^ flip
            }
        }
        radixSort(&keys, &rows)
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && keys[end] == keys[start] { end += 1 }
            if end - start > 1 {
                let firstLength = strings.byteCount(at: rows[start])
                var needsWork = firstLength > 8
                if !needsWork {
                    for index in (start + 1)..<end where strings.byteCount(at: rows[index]) != firstLength {
                        needsWork = true
                        break
                    }
                }
                if needsWork {
                    var run = Array(rows[start..<end])
                    mergeSort(&run, strings, descending: descending)
                    rows.replaceSubrange(start..<end, with: run)
                }
            }
            start = end
        }
    }

    /// Stable bottom-up merge sort of row ids by their strings (byte order).
    static func mergeSort(_ rows: inout [Int], _ strings: StringStorage, descending: Bool) {
        let n = rows.count
        if n < 2 { return }
        withExtendedLifetime(strings) {
            let source = ColumnStrings(strings)
            @inline(__always) func before(_ a: Int, _ b: Int) -> Bool {
                let order = compareBytes(source.bytes(a), source.bytes(b))
                return descending ? order > 0 : order < 0
            }
            let run = 16
            var start = 0
            while start < n {
                let end = min(start + run, n)
                if end - start > 1 {
                    for index in (start + 1)..<end {
                        let row = rows[index]
                        var position = index
                        while position > start && before(row, rows[position - 1]) {
                            rows[position] = rows[position - 1]
                            position -= 1
                        }
                        rows[position] = row
                    }
                }
                start = end
            }
            var scratch = rows
            var width = run
            while width < n {
                var left = 0
                while left < n {
                    let middle = min(left + width, n)
                    let right = min(left + 2 * width, n)
                    var i = left
                    var j = middle
                    var k = left
                    while i < middle && j < right {
                        if before(rows[j], rows[i]) {
                            scratch[k] = rows[j]
                            j += 1
                        } else {
                            scratch[k] = rows[i]
                            i += 1
                        }
                        k += 1
                    }
                    while i < middle {
                        scratch[k] = rows[i]
                        i += 1
                        k += 1
                    }
                    while j < right {
                        scratch[k] = rows[j]
                        j += 1
                        k += 1
                    }
                    left = right
                }
                swap(&rows, &scratch)
                width *= 2
            }
        }
    }
}
