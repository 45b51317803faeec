/// The rows of one ASOF join input that can match, sorted by (group, time, tie order).
///
/// Two layouts behind one protocol, so that the merge (`AsofMerge`) is written once:
/// - packed: (group id, time offset, row) in one UInt64 per row, sorted by a radix sort of the
///   group and time bits only (research/swift-performance.md §4: the row bits start in order and
///   every pass is stable, so they need no pass). Used when the three fields fit in 64 bits.
/// - columnar: group ids, order-preserving time keys and rows in three arrays, sorted by time with
///   a radix sort, then stably by group with a counting sort. Used for float times and for integer
///   times whose range does not pack.
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

/// The packed layout of integer times: bits of each field, and the time origin and unit.
struct AsofPackedLayout {
    let groupBits: Int
    let timeBits: Int
    let minimum: Int64
    /// Every time offset from `minimum` is a multiple of this (1 unless a coarser unit was found).
    let unit: UInt64

    var keyBits: Int { groupBits + timeBits }

    /// Bits needed to write values `0 ... maximum`.
    static func width(_ maximum: UInt64) -> Int { maximum == 0 ? 0 : 64 - maximum.leadingZeroBitCount }
}

enum AsofSorting {
    /// Per side: how many rows take part, and the smallest and largest time among them.
    struct Census {
        var count = 0
        var minimum = Int64.max
        var maximum = Int64.min
    }

    /// One pass (split over `parts` workers): per part, the rows that take part and their time range.
    static func census(_ side: AsofSideRows, times: UnsafePointer<Int64>, parts: Int) -> [Census] {
        let partials = UnsafeMutablePointer<Census>.allocate(capacity: parts)
        defer { partials.deallocate() }
        partials.initialize(repeating: Census(), count: parts)
        let work = UncheckedSendable((partials, times))
        ParallelWork.run(parts) { part in
            let (partials, times) = work.value
            var census = Census()
            for position in side.range(part, of: parts) {
                let row = side.row(at: position)
                if !side.takesPart(row) { continue }
                let time = times[row]
                census.count &+= 1
                census.minimum = min(census.minimum, time)
                census.maximum = max(census.maximum, time)
            }
            partials[part] = census
        }
        return Array(UnsafeBufferPointer(start: partials, count: parts))
    }

    /// The largest unit dividing every time offset from `minimum` (one pass per side; stops at 1).
    static func commonUnit(_ sides: [(AsofSideRows, UnsafePointer<Int64>)], minimum: Int64) -> UInt64 {
        var unit: UInt64 = 0
        for (side, times) in sides {
            for position in 0..<side.height {
                let row = side.row(at: position)
                if !side.takesPart(row) { continue }
                let offset = UInt64(bitPattern: times[row] &- minimum)
                if unit == 1 { return 1 }
                if offset == 0 || (unit != 0 && offset % unit == 0) { continue }
                unit = gcd(unit, offset)
            }
        }
        return max(unit, 1)
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// The packed words of one side, sorted; `offsets[part]` is where part `part`'s rows start
    /// (from `census`). The caller releases the returned block.
    static func packed(
        _ side: AsofSideRows, times: UnsafePointer<Int64>, layout: AsofPackedLayout, rowBits: Int,
        partCounts: [Census], parts: Int
    ) -> (block: RawAllocation, rows: PackedAsofRows) {
        var starts = [Int](repeating: 0, count: parts + 1)
        for part in 0..<parts { starts[part + 1] = starts[part] + partCounts[part].count }
        let count = starts[parts]
        var block = Memory.allocate(byteCount: max(count, 1) * 8)
        let words = block.address.assumingMemoryBound(to: UInt64.self)
        let timeShift = UInt64(rowBits)
        let groupShift = UInt64(rowBits + layout.timeBits)
        let minimum = layout.minimum
        let unit = layout.unit
        let work = UncheckedSendable((words, times, starts))
        ParallelWork.run(parts) { part in
            let (words, times, starts) = work.value
            var out = starts[part]
            if unit == 1 {
                for position in side.range(part, of: parts) {
                    let row = side.row(at: position)
                    let group = side.group(row)
                    if group < 0 { continue }
                    if let usable = side.usable, !usable.isValid(row) { continue }
                    let offset = UInt64(bitPattern: times[row] &- minimum)
                    words[out] = UInt64(group) &<< groupShift | offset &<< timeShift | UInt64(row)
                    out &+= 1
                }
            } else {
                for position in side.range(part, of: parts) {
                    let row = side.row(at: position)
                    if !side.takesPart(row) { continue }
                    let offset = UInt64(bitPattern: times[row] &- minimum) / unit
                    words[out] = UInt64(side.group(row)) &<< groupShift | offset &<< timeShift | UInt64(row)
                    out &+= 1
                }
            }
        }
        block = WordRadixSort.sort(block, count: count, lowBit: rowBits, highBit: rowBits + layout.keyBits)
        let sorted = UnsafePointer(block.address.assumingMemoryBound(to: UInt64.self))
        return (block, PackedAsofRows(words: sorted, count: count, rowBits: UInt64(rowBits), timeBits: UInt64(layout.timeBits)))
    }

    /// The columnar layout of one side, sorted by time and then stably by group. Integer times are
    /// keyed by their bits with the sign flipped, floats by `Sorting.orderedBits` (so keys compare
    /// as the times do); the arrays are owned by the returned storage.
    static func columnar(_ side: AsofSideRows, groupCount: Int, times: AsofTimeValues) -> ColumnarAsofStorage {
        var keys: [UInt64] = []
        var rows: [Int] = []
        keys.reserveCapacity(side.height)
        rows.reserveCapacity(side.height)
        switch times {
        case .integer(let values):
            for position in 0..<side.height {
                let row = side.row(at: position)
                if !side.takesPart(row) { continue }
                keys.append(UInt64(bitPattern: values[row]) ^ (1 &<< 63))
                rows.append(row)
            }
        case .float(let values):
            for position in 0..<side.height {
                let row = side.row(at: position)
                if !side.takesPart(row) { continue }
                keys.append(Sorting.orderedBits(values[row]))
                rows.append(row)
            }
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

/// The time values of one side, as the sorting steps read them.
enum AsofTimeValues {
    case integer(UnsafePointer<Int64>)
    case float(UnsafePointer<Double>)
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
