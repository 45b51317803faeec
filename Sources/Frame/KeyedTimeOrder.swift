/// The times of a per-key window, in arranged order: Int64 for int, timestamp and duration columns,
/// Double for float columns.
enum WindowTimes {
    case integer(ColumnBuffer<Int64>)
    case real(ColumnBuffer<Double>)
}

/// Rows arranged for per-key window work (rolling windows, ewm, window joins): the rows that take
/// part, key by key, each key's rows by (time, row).
///
/// Rows with a null or NaN time, and rows whose group id is negative, are left out. A frame that
/// already is in this order (keys sorted, times non-decreasing within a key, nothing left out) is
/// used as it is: `rows` is nil and positions are rows.
struct KeyedTimeOrder {
    /// Number of arranged positions.
    let count: Int
    /// Position → frame row; nil for the identity.
    let rows: ColumnBuffer<UInt32>?
    /// Segment `s` (one key) is positions `offsets[s]..<offsets[s + 1]`; segments may be empty.
    let offsets: [Int]
    /// The times at the positions; nil when there is no time column.
    let times: WindowTimes?

    /// The frame row at position `position`.
    @inline(__always) func row(_ position: Int) -> Int {
        if let rows { return Int(rows.base[position]) }
        return position
    }

    /// The largest frame the 32-bit positions can address.
    static let maximumRows = Int(UInt32.max)

    /// Checks that a time column has a type windows can use.
    static func checkTimeType(_ column: Column, argument: String) throws(FrameError) {
        switch column.type {
        case .int, .float, .timestamp, .duration: return
        default:
            throw FrameError(
                .typeMismatch,
                "\(argument) must be a timestamp, duration, int or float column, but \(columnReference(column.name)) is \(column.type.name)",
                column: column.name)
        }
    }

    // MARK: the sorted frame

    /// The identity arrangement when the frame is already sorted by (keys, time) with nothing to
    /// leave out; nil otherwise (also for key types this check does not read: strings, floats, nulls).
    static func presorted(keys: [Column], time: Column?, count: Int) -> KeyedTimeOrder? {
        for key in keys {
            guard key.validity == nil else { return nil }
            switch key.storage {
            case .int64, .bool: continue
            default: return nil
            }
        }
        if let time {
            guard time.validity == nil else { return nil }
            if time.type == .string { return nil }
            if case .bool = time.storage { return nil }
        }
        // Segment starts (where some key changes); the comparison is lexicographic over the keys.
        let found: [Int]? = withExtendedLifetime((keys, time)) {
            let rawKeys = keys.compactMap(RawValues.init)
            let rawTime = time.flatMap(RawValues.init)
            if rawKeys.count == 1, case .int64(let key) = rawKeys[0], case .int64(let times)? = rawTime {
                return sortedRuns(key, times, count: count)
            }
            return sortedRuns(rawKeys, rawTime, count: count)
        }
        guard var starts = found else { return nil }
        if count == 0 { starts = [] }
        starts.append(count)
        let times: WindowTimes?
        switch time?.storage {
        case .int64(let values)?: times = .integer(values)
        case .float64(let values)?: times = .real(values)
        default: times = nil
        }
        return KeyedTimeOrder(count: count, rows: nil, offsets: starts, times: times)
    }

    /// The run starts of rows sorted by one int key then int times, or nil when they are not (the
    /// common case, in a tight loop).
    private static func sortedRuns(_ keys: UnsafePointer<Int64>, _ times: UnsafePointer<Int64>, count: Int) -> [Int]? {
        var starts = [0]
        var position = 1
        while position < count {
            let previous = keys[position &- 1]
            let key = keys[position]
            if key != previous {
                if key < previous { return nil }
                starts.append(position)
            } else if times[position] < times[position &- 1] {
                return nil
            }
            position &+= 1
        }
        return starts
    }

    /// The run starts of rows sorted by the keys (lexicographically) then the time, or nil when
    /// they are not or a float time is NaN.
    private static func sortedRuns(_ keys: [RawValues], _ time: RawValues?, count: Int) -> [Int]? {
        var starts = [0]
        var position = 1
        while position < count {
            var order = 0  // -1: keys decrease, 0: equal, 1: increase
            for key in keys {
                let (a, b) = key.pair(position)
                if a != b {
                    order = a < b ? 1 : -1
                    break
                }
            }
            if order < 0 { return nil }
            if order > 0 {
                starts.append(position)
            } else if let time, !time.notBefore(position) {
                return nil
            }
            position += 1
        }
        if case .real(let values)? = time {
            for row in 0..<count where values[row].isNaN { return nil }
        }
        return starts
    }

    // MARK: the general case

    /// Arranges the rows with a group id ≥ 0 (`ids`, one per frame row, dense in `0..<groupCount`)
    /// and a valid time: by group id, then time, then row. Without a time column, by group id then row.
    /// Segment `g` is group `g`.
    static func sorted(ids: UnsafePointer<Int32>, groupCount: Int, time: Column?, count: Int) -> KeyedTimeOrder {
        // The rows that take part, and their time keys (order-preserving unsigned bits).
        var taking = 0
        let candidates = ColumnBuffer<UInt32>(uninitializedCount: count)
        let timeKeys = ColumnBuffer<UInt64>(uninitializedCount: time == nil ? 0 : count)
        var lowest = UInt64.max
        var highest: UInt64 = 0
        withExtendedLifetime(time) {
            let raw = time.flatMap(RawValues.init)
            let validity = time?.validity
            for row in 0..<count where ids[row] >= 0 {
                if let raw {
                    if let validity, !validity.isValid(row) { continue }
                    guard let key = raw.orderedKey(row) else { continue }
                    timeKeys.base[taking] = key
                    lowest = min(lowest, key)
                    highest = max(highest, key)
                }
                candidates.base[taking] = UInt32(truncatingIfNeeded: row)
                taking += 1
            }
        }
        guard let time, taking > 0 else {
            return groupedOnly(ids: ids, groupCount: groupCount, rows: candidates, taking: taking, time: time)
        }
        let timeBits = bitWidth(highest &- lowest)
        let groupBits = bitWidth(UInt64(max(groupCount - 1, 0)))
        let keys = timeKeys.base
        if timeBits + groupBits <= 64 {
            // One packed key per row: group in the high bits, time above the minimum in the low bits.
            for position in 0..<taking {
                let group = UInt64(ids[Int(candidates.base[position])])
                keys[position] = timeBits == 64 ? keys[position] &- lowest : group &<< UInt64(timeBits) | (keys[position] &- lowest)
            }
            let (sortedKeys, sortedRows) = KeyedRadixSort.sort(keys: timeKeys, rows: candidates, count: taking, bits: timeBits + groupBits)
            let mask: UInt64 = timeBits == 64 ? ~0 : (1 &<< UInt64(timeBits)) &- 1
            var offsets = [Int](repeating: 0, count: groupCount + 1)
            for position in 0..<taking {
                offsets[Int(timeBits == 64 ? 0 : sortedKeys.base[position] &>> UInt64(timeBits)) + 1] += 1
            }
            for group in 0..<groupCount { offsets[group + 1] += offsets[group] }
            let times = decodeTimes(time, sortedKeys, count: taking, mask: mask, lowest: lowest)
            return KeyedTimeOrder(count: taking, rows: sortedRows, offsets: offsets, times: times)
        }
        // Too wide to pack: sort by time, then a stable counting sort by group.
        for position in 0..<taking { keys[position] = keys[position] &- lowest }
        let (byTime, timeRows) = KeyedRadixSort.sort(keys: timeKeys, rows: candidates, count: taking, bits: timeBits)
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for position in 0..<taking { offsets[Int(ids[Int(timeRows.base[position])]) + 1] += 1 }
        for group in 0..<groupCount { offsets[group + 1] += offsets[group] }
        var next = Array(offsets.dropLast())
        let rows = ColumnBuffer<UInt32>(uninitializedCount: taking)
        let sortedKeys = ColumnBuffer<UInt64>(uninitializedCount: taking)
        for position in 0..<taking {
            let row = timeRows.base[position]
            let group = Int(ids[Int(row)])
            rows.base[next[group]] = row
            sortedKeys.base[next[group]] = byTime.base[position]
            next[group] += 1
        }
        let times = decodeTimes(time, sortedKeys, count: taking, mask: ~0, lowest: lowest)
        return KeyedTimeOrder(count: taking, rows: rows, offsets: offsets, times: times)
    }

    /// Without times (or without rows): a stable counting sort of the taking rows by group id.
    private static func groupedOnly(
        ids: UnsafePointer<Int32>, groupCount: Int, rows candidates: ColumnBuffer<UInt32>, taking: Int, time: Column?
    ) -> KeyedTimeOrder {
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for position in 0..<taking { offsets[Int(ids[Int(candidates.base[position])]) + 1] += 1 }
        for group in 0..<groupCount { offsets[group + 1] += offsets[group] }
        var next = Array(offsets.dropLast())
        let rows = ColumnBuffer<UInt32>(uninitializedCount: taking)
        for position in 0..<taking {
            let row = candidates.base[position]
            let group = Int(ids[Int(row)])
            rows.base[next[group]] = row
            next[group] += 1
        }
        var times: WindowTimes? = nil
        if let time {
            // No rows take part: the times are empty, of the column's kind.
            if case .float64 = time.storage { times = .real(ColumnBuffer(uninitializedCount: 0)) } else {
                times = .integer(ColumnBuffer(uninitializedCount: 0))
            }
        }
        return KeyedTimeOrder(count: taking, rows: rows, offsets: offsets, times: times)
    }

    /// The times back from sorted keys (the low `mask` bits plus `lowest`).
    private static func decodeTimes(
        _ time: Column, _ keys: ColumnBuffer<UInt64>, count: Int, mask: UInt64, lowest: UInt64
    ) -> WindowTimes {
        if case .float64 = time.storage {
            let out = ColumnBuffer<Double>(uninitializedCount: count)
            for position in 0..<count {
                let bits = (keys.base[position] & mask) &+ lowest
                out.base[position] = Double(bitPattern: bits & (1 &<< 63) != 0 ? bits ^ (1 &<< 63) : ~bits)
            }
            return .real(out)
        }
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        for position in 0..<count {
            out.base[position] = Int64(bitPattern: ((keys.base[position] & mask) &+ lowest) ^ (1 &<< 63))
        }
        return .integer(out)
    }

    /// Bits needed to write `value` (0 for 0).
    @inline(__always) static func bitWidth(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }
}

/// A fixed-width key or time column read through a raw pointer, so loops over rows take no
/// reference counts; the column must be kept alive while it is used.
enum RawValues {
    case int64(UnsafePointer<Int64>)
    case byte(UnsafePointer<UInt8>)
    case real(UnsafePointer<Double>)

    /// The raw view of an int, timestamp, duration, bool or float column; nil for strings.
    init?(_ column: Column) {
        switch column.storage {
        case .int64(let values): self = .int64(UnsafePointer(values.base))
        case .bool(let values): self = .byte(UnsafePointer(values.base))
        case .float64(let values): self = .real(UnsafePointer(values.base))
        case .utf8, .dictionary: return nil
        }
    }

    /// The integer values of rows `position - 1` and `position` (keys are int or bool).
    @inline(__always) func pair(_ position: Int) -> (Int64, Int64) {
        switch self {
        case .int64(let values): return (values[position &- 1], values[position])
        case .byte(let values): return (Int64(values[position &- 1]), Int64(values[position]))
        case .real: return (0, 0)
        }
    }

    /// True when row `position`'s time is not before row `position - 1`'s.
    @inline(__always) func notBefore(_ position: Int) -> Bool {
        switch self {
        case .int64(let values): return values[position &- 1] <= values[position]
        case .real(let values): return !(values[position] < values[position &- 1])
        case .byte: return false
        }
    }

    /// The order-preserving unsigned key of row `row`'s time; nil for NaN.
    @inline(__always) func orderedKey(_ row: Int) -> UInt64? {
        switch self {
        case .int64(let values): return UInt64(bitPattern: values[row]) ^ (1 &<< 63)
        case .real(let values):
            let value = values[row]
            if value.isNaN { return nil }
            let bits = (value == 0 ? 0.0 : value).bitPattern
            return bits & (1 &<< 63) != 0 ? ~bits : bits | (1 &<< 63)
        case .byte: return nil
        }
    }
}
