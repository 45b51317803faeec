#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dictionary encoding of a float column of a columnar training dataset. Point-in-time features
/// repeat: every spine row that falls in the same week gets the same weekly value, so a column
/// of a million rows often holds a few ten thousand distinct numbers. Those are stored once (their
/// exact bit patterns: -0.0, NaN payloads and all) and each row as a bit-packed code.
enum FloatDictionary {
    /// The encoding of one column.
    struct Encoded {
        /// The distinct bit patterns of the valid rows, in order of first appearance.
        var values: [UInt64]
        /// One code per row into `values` (0 for null rows).
        var codes: [UInt32]
    }

    /// Encodes `values` (rows whose bit in `validity` is 0 are nulls), or nil when there are more
    /// than `limit` distinct values (another layout is then smaller) or none at all; `estimate`
    /// (from `estimatedDistinct`) sizes the table.
    static func encode(
        _ values: UnsafeBufferPointer<Double>, validity: UnsafePointer<UInt64>?, limit: Int, estimate: Double
    ) -> Encoded? {
        let count = values.count
        var distinct: [UInt64] = []
        var codes = [UInt32](repeating: 0, count: count)
        var table = Table(expected: Swift.min(limit, Int(estimate * 1.25) + 64))
        defer { table.release() }
        let fits = codes.withUnsafeMutableBufferPointer { codes -> Bool in
            for row in 0..<count where BitPacking.isValid(validity, row) {
                let bits = values[row].bitPattern
                let found = table.code(for: bits, next: UInt32(truncatingIfNeeded: distinct.count))
                if found == UInt32(truncatingIfNeeded: distinct.count) {
                    if distinct.count == limit { return false }
                    distinct.append(bits)
                }
                codes[row] = found
            }
            return true
        }
        return fits && !distinct.isEmpty ? Encoded(values: distinct, codes: codes) : nil
    }

    /// Bits of the linear-counting map.
    static let countingBits = 1 << 20

    /// Linear counting: hash each valid value to one bit of a 2^20-bit map (it stays in cache);
    /// `m · ln(m / zeros)` estimates the distinct values to a few percent below a million, without
    /// building a table (infinity when every bit is set).
    static func estimatedDistinct(_ values: UnsafeBufferPointer<Double>, validity: UnsafePointer<UInt64>?) -> Double {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: countingBits >> 6)
        defer { words.deallocate() }
        words.initialize(repeating: 0, count: countingBits >> 6)
        for row in 0..<values.count where BitPacking.isValid(validity, row) {
            let bit = Int(truncatingIfNeeded: (values[row].bitPattern &* 0x9E37_79B9_7F4A_7C15) &>> 44)
            words[bit &>> 6] |= 1 &<< UInt64(bit & 63)
        }
        var set = 0
        for word in 0..<(countingBits >> 6) { set &+= words[word].nonzeroBitCount }
        let zeros = countingBits - set
        if zeros == 0 { return .infinity }
        return Double(countingBits) * log(Double(countingBits) / Double(zeros))
    }

    /// An open-addressing table from bit patterns to codes (linear probing, multiplicative hash),
    /// kept at most half full; key and code share a slot, so a probe touches one cache line.
    private struct Table {
        struct Slot {
            var key: UInt64
            /// Code + 1; 0 marks an empty slot.
            var entry: UInt32
        }

        var slots: UnsafeMutablePointer<Slot>
        var capacity: Int
        var shift: UInt64
        var count = 0

        init(expected: Int) {
            var capacity = 1 << 12
            while capacity < expected * 2 { capacity <<= 1 }
            self.capacity = capacity
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
            slots.initialize(repeating: Slot(key: 0, entry: 0), count: capacity)
        }

        /// The code of `key`, or `next` after entering it with that code.
        @inline(__always) mutating func code(for key: UInt64, next: UInt32) -> UInt32 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
            while true {
                let entry = slots[slot].entry
                if entry == 0 { break }
                if slots[slot].key == key { return entry &- 1 }
                slot = (slot &+ 1) & (capacity &- 1)
            }
            slots[slot] = Slot(key: key, entry: next &+ 1)
            count += 1
            if count * 2 > capacity { grow() }
            return next
        }

        private mutating func grow() {
            let old = slots
            let oldCapacity = capacity
            let entries = count
            self = Table(expected: capacity)
            count = entries
            for index in 0..<oldCapacity where old[index].entry != 0 {
                var slot = Int(truncatingIfNeeded: (old[index].key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
                while slots[slot].entry != 0 { slot = (slot &+ 1) & (capacity &- 1) }
                slots[slot] = old[index]
            }
            old.deallocate()
        }

        func release() {
            slots.deallocate()
        }
    }
}
