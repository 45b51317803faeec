/// Distinct non-null values of an int or bool column for `ColumnStatistics`, counted without boxing
/// a value per row: a bitmap over the value range when the range is small (timestamps of a few
/// months, entity ids), else a sort of the raw integers. Equal to `Transformer.categories(_:).count`.
enum DistinctCount {
    /// Ranges up to this many values (one bit each: 8 MiB) use the bitmap.
    static let bitmapLimit: UInt64 = 1 << 26

    /// The number of distinct non-null values of an int-like or bool column.
    static func of(_ access: ColumnAccess) -> Int {
        if let bools = access.bools {
            var seen: (Bool, Bool) = (false, false)
            for row in 0..<access.count where !access.column.isNull(row) {
                if bools[row] == 0 { seen.0 = true } else { seen.1 = true }
            }
            return (seen.0 ? 1 : 0) + (seen.1 ? 1 : 0)
        }
        guard let ints = access.ints else { return Transformer.categories(access).count }
        let column = access.column
        var low = Int64.max
        var high = Int64.min
        var present = 0
        for row in 0..<access.count where !column.isNull(row) {
            let value = ints[row]
            if value < low { low = value }
            if value > high { high = value }
            present += 1
        }
        if present == 0 { return 0 }
        let span = UInt64(bitPattern: high &- low)
        if span < bitmapLimit {
            var words = [UInt64](repeating: 0, count: Int(span >> 6) + 1)
            var distinct = 0
            words.withUnsafeMutableBufferPointer { bits in
                for row in 0..<access.count where !column.isNull(row) {
                    let offset = UInt64(bitPattern: ints[row] &- low)
                    let word = Int(offset >> 6)
                    let mask: UInt64 = 1 << (offset & 63)
                    if bits[word] & mask == 0 {
                        bits[word] |= mask
                        distinct += 1
                    }
                }
            }
            return distinct
        }
        var values: [Int64] = []
        values.reserveCapacity(present)
        for row in 0..<access.count where !column.isNull(row) { values.append(ints[row]) }
        values.sort()
        var distinct = 0
        var previous: Int64? = nil
        for value in values where value != previous {
            distinct += 1
            previous = value
        }
        return distinct
    }
}
