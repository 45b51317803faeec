/// Hand-written open-addressing tables that give keys dense group ids 0, 1, 2, … in the order the
/// keys are first inserted (so results never depend on a per-process hash seed), used by joins and
/// unique. Keys are UInt64 (packed or bit-cast values) or string bytes.

/// Mixes a 64-bit key so that nearby integers spread over the table (the top bits are used).
@inline(__always) func mixKey(_ key: UInt64) -> UInt64 {
    var h = key ^ (key &>> 32)
    h = h &* 0x9E37_79B9_7F4A_7C15
    return h ^ (h &>> 29)
}

/// A 64-bit hash of a byte string: 8-byte words folded with a multiply, then a final avalanche.
@inline(__always) func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let n = bytes.count
    var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
    guard let base = bytes.baseAddress, n > 0 else { return finalMix(h) }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    while offset + 8 <= n {
        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        h ^= h &>> 31
        offset += 8
    }
    if offset < n {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        while offset < n {
            word |= UInt64(base[offset]) &<< shift
            shift += 8
            offset += 1
        }
        h = (h ^ word) &* 0x94D0_49BB_1331_11EB
    }
    return finalMix(h)
}

/// The 64-bit finaliser of MurmurHash3 (public-domain constants), so every input bit affects the top bits.
@inline(__always) func finalMix(_ value: UInt64) -> UInt64 {
    var h = value
    h ^= h &>> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h &>> 33
    h = h &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h &>> 33)
}

/// 1 for a group id (not negative), 0 for -1 (no group), by arithmetic so that counting loops
/// over half-matching rows do not stall on mispredicted branches.
@inline(__always) func presence(_ group: Int32) -> Int {
    Int(truncatingIfNeeded: UInt32(bitPattern: ~group) >> 31)
}

/// Power-of-two capacity with a load factor of at most 1/2.
@inline(__always) func tableCapacity(for count: Int) -> Int {
    var capacity = 16
    while capacity < count * 2 { capacity <<= 1 }
    return capacity
}

/// Open-addressing (linear probing) map from UInt64 keys to dense group ids.
///
/// Each slot is two words, the key and group id + 1 (0 marks an empty slot), so a probe touches one
/// cache line. The table never grows: it is sized for the number of keys it may receive.
final class UInt64GroupTable {
    let mask: Int
    let slots: UnsafeMutablePointer<UInt64>
    /// Number of distinct keys inserted so far.
    private(set) var groupCount = 0

    /// A table for at most `maximumKeys` distinct keys.
    init(maximumKeys: Int) {
        let capacity = tableCapacity(for: maximumKeys)
        mask = capacity - 1
        slots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
        slots.initialize(repeating: 0, count: capacity * 2)
    }

    deinit { slots.deallocate() }

    /// The group of `key`, creating the next one if the key is new.
    @inline(__always) func insert(_ key: UInt64) -> Int32 {
        var index = Int(truncatingIfNeeded: mixKey(key)) & mask
        while true {
            let stored = slots[2 &* index &+ 1]
            if stored == 0 {
                slots[2 &* index] = key
                groupCount &+= 1
                slots[2 &* index &+ 1] = UInt64(groupCount)
                return Int32(truncatingIfNeeded: groupCount &- 1)
            }
            if slots[2 &* index] == key { return Int32(truncatingIfNeeded: stored &- 1) }
            index = (index &+ 1) & mask
        }
    }

    /// The group of `key`, or -1 when it was never inserted.
    @inline(__always) func find(_ key: UInt64) -> Int32 {
        var index = Int(truncatingIfNeeded: mixKey(key)) & mask
        while true {
            let stored = slots[2 &* index &+ 1]
            if stored == 0 { return -1 }
            if slots[2 &* index] == key { return Int32(truncatingIfNeeded: stored &- 1) }
            index = (index &+ 1) & mask
        }
    }
}

/// A direct-address table for keys in a small range `minimum ..< minimum + range`: one array load
/// per lookup instead of a hash probe. Chosen when the keys are dense enough (ids, small codes).
final class DenseGroupTable {
    let minimum: UInt64
    let range: Int
    let groups: UnsafeMutablePointer<Int32>
    private(set) var groupCount: Int32 = 0

    /// A table for keys `minimum ... minimum + range - 1` (compared as wrapping UInt64 offsets).
    /// One extra slot past the range stays -1, so a miss reads it instead of taking a branch.
    init(minimum: UInt64, range: Int) {
        self.minimum = minimum
        self.range = range
        groups = UnsafeMutablePointer<Int32>.allocate(capacity: range + 1)
        groups.initialize(repeating: -1, count: range + 1)
    }

    deinit { groups.deallocate() }

    /// The group of `key` (which must lie in the range), creating the next one if it is new.
    @inline(__always) func insert(_ key: UInt64) -> Int32 {
        let slot = Int(truncatingIfNeeded: key &- minimum)
        let stored = groups[slot]
        if stored >= 0 { return stored }
        groups[slot] = groupCount
        groupCount &+= 1
        return groupCount &- 1
    }

    /// The group of `key`, or -1 when it is outside the range or was never inserted.
    @inline(__always) func find(_ key: UInt64) -> Int32 {
        let offset = key &- minimum
        let slot = offset < UInt64(range) ? Int(truncatingIfNeeded: offset) : range
        return groups[slot]
    }
}

/// Open-addressing map from the strings of one column to dense group ids; each slot holds the
/// string's hash and group id + 1, and a group remembers one row holding its string for comparison.
final class StringGroupTable {
    let mask: Int
    let slots: UnsafeMutablePointer<UInt64>
    /// For each group, a row of the build column holding its string.
    private(set) var representatives: [Int] = []
    let strings: ColumnStrings
    /// Keeps the build column's bytes alive for `strings`.
    let owner: StringStorage

    /// A table over the strings of `storage`, sized for at most `maximumKeys` distinct strings.
    init(_ storage: StringStorage, maximumKeys: Int) {
        owner = storage
        strings = ColumnStrings(storage)
        let capacity = tableCapacity(for: maximumKeys)
        mask = capacity - 1
        slots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
        slots.initialize(repeating: 0, count: capacity * 2)
        representatives.reserveCapacity(min(maximumKeys, 1 << 20))
    }

    deinit { slots.deallocate() }

    var groupCount: Int { representatives.count }

    /// The group of the build column's row `row`, creating the next one if its string is new.
    @inline(__always) func insert(row: Int) -> Int32 {
        let bytes = strings.bytes(row)
        let hash = hashBytes(bytes)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[2 &* index &+ 1]
            if stored == 0 {
                slots[2 &* index] = hash
                representatives.append(row)
                slots[2 &* index &+ 1] = UInt64(representatives.count)
                return Int32(truncatingIfNeeded: representatives.count &- 1)
            }
            if slots[2 &* index] == hash {
                let group = Int(truncatingIfNeeded: stored &- 1)
                if compareBytes(strings.bytes(representatives[group]), bytes) == 0 {
                    return Int32(truncatingIfNeeded: group)
                }
            }
            index = (index &+ 1) & mask
        }
    }

    /// The group of `bytes`, or -1 when no build row holds that string.
    @inline(__always) func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = hashBytes(bytes)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[2 &* index &+ 1]
            if stored == 0 { return -1 }
            if slots[2 &* index] == hash {
                let group = Int(truncatingIfNeeded: stored &- 1)
                if compareBytes(strings.bytes(representatives[group]), bytes) == 0 {
                    return Int32(truncatingIfNeeded: group)
                }
            }
            index = (index &+ 1) & mask
        }
    }
}
