/// The rows of one ASOF join input that can match, sorted by (group, time, tie order).
///
/// Two layouts behind one protocol, so that the merge (`AsofMerge`) is written once:
/// - packed (`AsofPacking.swift`): (group id, compressed time, row) in one UInt64 per row, sorted
///   by a radix sort of the group and time bits only (research/swift-performance.md §4: the row
///   bits start in order and every pass is stable, so they need no pass). Used when the three
///   fields fit in 64 bits, which covers int, timestamp and float times of realistic ranges.
/// - columnar: group ids, order-preserving time keys and rows in three arrays, sorted by time key
///   with a radix sort, then stably by group with a counting sort. Used for time ranges that do
///   not pack.
/// Rows enter in tie order (row order, or the tie-break order), so among equal (group, time) the
/// last row of a run is the one that wins.

/// Sorted rows as the merge reads them.
protocol AsofRows {
    /// Orders rows by group, then time.
    associatedtype Key: Comparable
    var count: Int { get }
    func key(_ index: Int) -> Key
    func group(_ index: Int) -> UInt64
    /// The time key: order-preserving; for integer times the offset in the layout's unit.
    func time(_ index: Int) -> UInt64
    func row(_ index: Int) -> Int32
}

/// Packed words: group in the top bits, then the time offset, then the row.
struct PackedAsofRows: AsofRows {
    let words: UnsafePointer<UInt64>
    let count: Int
    let rowBits: UInt64
    let timeBits: UInt64

    @inline(__always) func key(_ index: Int) -> UInt64 { words[index] &>> rowBits }
    @inline(__always) func group(_ index: Int) -> UInt64 { key(index) &>> timeBits }
    @inline(__always) func time(_ index: Int) -> UInt64 { key(index) & ((1 &<< timeBits) &- 1) }
    @inline(__always) func row(_ index: Int) -> Int32 {
        Int32(truncatingIfNeeded: words[index] & ((1 &<< rowBits) &- 1))
    }
}

/// A group id and a time key, compared in that order.
struct AsofGroupTime: Comparable {
    let group: UInt64
    let time: UInt64

    @inline(__always) static func < (lhs: AsofGroupTime, rhs: AsofGroupTime) -> Bool {
        lhs.group < rhs.group || (lhs.group == rhs.group && lhs.time < rhs.time)
    }
}

/// Three parallel arrays (groups absent when every row is in group 0).
struct ColumnarAsofRows: AsofRows {
    let groups: UnsafePointer<UInt32>?
    let times: UnsafePointer<UInt64>
    let rows: UnsafePointer<Int32>
    let count: Int

    @inline(__always) func key(_ index: Int) -> AsofGroupTime { AsofGroupTime(group: group(index), time: times[index]) }
    @inline(__always) func group(_ index: Int) -> UInt64 {
        guard let groups else { return 0 }
        return UInt64(groups[index])
    }
    @inline(__always) func time(_ index: Int) -> UInt64 { times[index] }
    @inline(__always) func row(_ index: Int) -> Int32 { rows[index] }
}

/// One input as the sorting steps see it: which rows take part, their groups, and the order in
/// which they are visited (so that ties keep it).
struct AsofSideRows: @unchecked Sendable {
    let height: Int
    /// Group id per row, -1 for a row that cannot match (null key, key absent on the right); nil: all 0.
    let groups: UnsafePointer<Int32>?
    /// Rows with a usable time (and required values); nil: all.
    let usable: Bitmap?
    /// Visiting order (a permutation of the rows); nil: row order.
    let order: UnsafePointer<Int>?

    @inline(__always) func row(at position: Int) -> Int {
        guard let order else { return position }
        return order[position]
    }

    @inline(__always) func group(_ row: Int) -> Int32 {
        guard let groups else { return 0 }
        return groups[row]
    }

    @inline(__always) func takesPart(_ row: Int) -> Bool {
        if let usable, !usable.isValid(row) { return false }
        return group(row) >= 0
    }

    /// Near-equal position ranges for `parts` workers.
    func range(_ part: Int, of parts: Int) -> Range<Int> {
        (height * part / parts)..<(height * (part + 1) / parts)
    }
}

/// Order-preserving UInt64 keys of one side's times: keys compare as the times do.
protocol AsofTimeKeys: Sendable {
    func key(_ row: Int) -> UInt64
}

/// Int64 times (int, timestamp, duration) with the sign bit flipped: the difference of two keys is
/// the exact distance of the times.
struct IntegerTimeKeys: AsofTimeKeys, @unchecked Sendable {
    let values: UnsafePointer<Int64>
    @inline(__always) func key(_ row: Int) -> UInt64 { UInt64(bitPattern: values[row]) ^ (1 &<< 63) }
}

/// Float times as 2^63 plus or minus their magnitude bits: ordered like the numbers, -0.0 keyed as
/// 0.0, and (unlike a one's-complement key) low zero bits of the mantissa stay zero for negative
/// numbers too, so whole numbers pack. NaN rows never take part.
struct FloatTimeKeys: AsofTimeKeys, @unchecked Sendable {
    let values: UnsafePointer<Double>
    @inline(__always) func key(_ row: Int) -> UInt64 { Self.encode(values[row]) }

    @inline(__always) static func encode(_ value: Double) -> UInt64 {
        let magnitude = value.bitPattern & ~(1 &<< 63)
        return value.sign == .minus ? (1 &<< 63) &- magnitude : (1 &<< 63) | magnitude
    }

    @inline(__always) static func decode(_ key: UInt64) -> Double {
        key >= 1 &<< 63 ? Double(bitPattern: key & ~(1 &<< 63)) : -Double(bitPattern: (1 &<< 63) &- key)
    }
}

enum AsofSorting {
    /// The columnar layout of one side (for time ranges that do not pack): sorted by time key,
    /// then stably by group; the arrays are owned by the returned storage.
    static func columnar<Keys: AsofTimeKeys>(_ side: AsofSideRows, groupCount: Int, times: Keys) -> ColumnarAsofStorage {
        var keys: [UInt64] = []
        var rows: [Int] = []
        keys.reserveCapacity(side.height)
        rows.reserveCapacity(side.height)
        for position in 0..<side.height {
            let row = side.row(at: position)
            if !side.takesPart(row) { continue }
            keys.append(times.key(row))
            rows.append(row)
        }
        Sorting.radixSort(&keys, &rows)
        let n = keys.count
        let storage = ColumnarAsofStorage(count: n, grouped: side.groups != nil)
        if let groups = side.groups {
            // Counting sort by group: stable, so times stay ascending within each group.
            var starts = [Int](repeating: 0, count: groupCount + 1)
            for index in 0..<n { starts[Int(groups[rows[index]]) + 1] &+= 1 }
            for group in 0..<groupCount { starts[group + 1] &+= starts[group] }
            for index in 0..<n {
                let row = rows[index]
                let group = Int(groups[row])
                let slot = starts[group]
                starts[group] = slot &+ 1
                storage.groups[slot] = UInt32(truncatingIfNeeded: group)
                storage.times[slot] = keys[index]
                storage.rows[slot] = Int32(truncatingIfNeeded: row)
            }
        } else {
            for index in 0..<n {
                storage.times[index] = keys[index]
                storage.rows[index] = Int32(truncatingIfNeeded: rows[index])
            }
        }
        return storage
    }
}

/// The arrays behind `ColumnarAsofRows`, freed when this is released.
final class ColumnarAsofStorage {
    let count: Int
    let groups: UnsafeMutablePointer<UInt32>
    let times: UnsafeMutablePointer<UInt64>
    let rows: UnsafeMutablePointer<Int32>
    let grouped: Bool

    init(count: Int, grouped: Bool) {
        self.count = count
        self.grouped = grouped
        groups = .allocate(capacity: grouped ? max(count, 1) : 1)
        times = .allocate(capacity: max(count, 1))
        rows = .allocate(capacity: max(count, 1))
    }

    deinit {
        groups.deallocate()
        times.deallocate()
        rows.deallocate()
    }

    /// A view for the merge; valid while this storage is alive.
    var view: ColumnarAsofRows {
        ColumnarAsofRows(groups: grouped ? UnsafePointer(groups) : nil, times: times, rows: rows, count: count)
    }
}
