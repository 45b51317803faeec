/// A stable LSD radix sort of (UInt64 key, UInt32 row) pairs, for arranging rows by packed keys.
///
/// 11-bit digits, one counting pass for all digits, and only as many digit passes as the keys'
/// bit width needs (a pass where every key has the same digit is skipped), so a 39-bit key of
/// (group, time) takes four scatter passes. Stability makes equal keys keep their row order.
enum KeyedRadixSort {
    static let digitBits = 11
    static let buckets = 1 << digitBits

    /// The pairs sorted by key (ties in input order); `bits` bounds the keys' width. The inputs may
    /// be reused as scratch and must not be read afterwards.
    static func sort(
        keys: ColumnBuffer<UInt64>, rows: ColumnBuffer<UInt32>, count: Int, bits: Int
    ) -> (keys: ColumnBuffer<UInt64>, rows: ColumnBuffer<UInt32>) {
        let passes = (bits + digitBits - 1) / digitBits
        if count < 2 || passes == 0 { return (keys, rows) }
        if count <= 64 {
            insertionSort(keys.base, rows.base, count)
            return (keys, rows)
        }
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: passes * buckets)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: passes * buckets)
        let mask = UInt64(buckets - 1)
        let source = keys.base
        for index in 0..<count {
            let key = source[index]
            for pass in 0..<passes {
                counts[pass &* buckets &+ Int((key &>> UInt64(pass &* digitBits)) & mask)] &+= 1
            }
        }
        var fromKeys = keys
        var fromRows = rows
        var toKeys = ColumnBuffer<UInt64>(uninitializedCount: count)
        var toRows = ColumnBuffer<UInt32>(uninitializedCount: count)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: buckets)
        defer { offsets.deallocate() }
        for pass in 0..<passes {
            let histogram = counts + pass * buckets
            let shift = UInt64(pass * digitBits)
            if histogram[Int((fromKeys.base[0] &>> shift) & mask)] == count { continue }
            var sum = 0
            for bucket in 0..<buckets {
                offsets[bucket] = sum
                sum &+= histogram[bucket]
            }
            let inKeys = fromKeys.base
            let inRows = fromRows.base
            let outKeys = toKeys.base
            let outRows = toRows.base
            for index in 0..<count {
                let key = inKeys[index]
                let bucket = Int((key &>> shift) & mask)
                let target = offsets[bucket]
                offsets[bucket] = target &+ 1
                outKeys[target] = key
                outRows[target] = inRows[index]
            }
            swap(&fromKeys, &toKeys)
            swap(&fromRows, &toRows)
        }
        return (fromKeys, fromRows)
    }

    /// Stable insertion sort for short inputs.
    private static func insertionSort(_ keys: UnsafeMutablePointer<UInt64>, _ rows: UnsafeMutablePointer<UInt32>, _ count: Int) {
        for index in 1..<count {
            let key = keys[index]
            let row = rows[index]
            var position = index
            while position > 0 && keys[position - 1] > key {
                keys[position] = keys[position - 1]
                rows[position] = rows[position - 1]
                position -= 1
            }
            keys[position] = key
            rows[position] = row
        }
    }
}
