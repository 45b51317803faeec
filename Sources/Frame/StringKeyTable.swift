/// Groups the rows of a string column by their bytes: an open-addressing table of (hash, group)
/// slots, where a hash match is confirmed by comparing the bytes with the group's first row.
///
/// No `String` is built per row; hashing and comparing read eight bytes at a time.
enum StringKeyTable {
    /// A stored key: its hash, its group, and where a copy of its bytes starts in the key arena
    /// (one compact buffer of every distinct key, which stays in cache where the rows would not).
    struct Slot {
        var hash: UInt64
        var offset: Int
        var length: Int32
        var group: Int32
    }

    static let empty = Slot(hash: 0, offset: 0, length: 0, group: -1)

    /// The group index of a string column.
    static func index(_ strings: StringStorage, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let out = ids.base
        var capacity = 1 << 10
        var slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: empty, count: capacity)
        defer { slots.deallocate() }
        var firstRows: [Int] = []
        var stored = 0
        var nullGroup: Int32 = -1
        var arenaCapacity = 1 << 12
        var arena = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
        var arenaCount = 0
        defer { arena.deallocate() }
        withExtendedLifetime(strings) {
            let offsets = strings.offsets.base
            let base = UnsafePointer(strings.bytes.base)
            for row in 0..<count {
                if let validity, !validity.isValid(row) {
                    if nullGroup < 0 {
                        nullGroup = Int32(truncatingIfNeeded: firstRows.count)
                        firstRows.append(row)
                    }
                    out[row] = nullGroup
                    continue
                }
                let start = Int(offsets[row])
                let length = Int(offsets[row &+ 1]) &- start
                let hash = hashBytes(base + start, length)
                var mask = capacity &- 1
                var position = Int(truncatingIfNeeded: hash) & mask
                var found: Int32 = -1
                while true {
                    let slot = slots[position]
                    if slot.group < 0 { break }
                    if slot.hash == hash && Int(slot.length) == length && equalBytes(base + start, arena + slot.offset, length) {
                        found = slot.group
                        break
                    }
                    position = (position &+ 1) & mask
                }
                if found < 0 {
                    found = Int32(truncatingIfNeeded: firstRows.count)
                    firstRows.append(row)
                    if arenaCount &+ length > arenaCapacity {
                        arenaCapacity = max(arenaCapacity * 2, arenaCount + length)
                        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
                        grown.update(from: arena, count: arenaCount)
                        arena.deallocate()
                        arena = grown
                    }
                    (arena + arenaCount).update(from: base + start, count: length)
                    slots[position] = Slot(hash: hash, offset: arenaCount, length: Int32(truncatingIfNeeded: length), group: found)
                    arenaCount &+= length
                    stored += 1
                    if stored * 2 > capacity {
                        let old = slots
                        let oldCapacity = capacity
                        capacity *= 2
                        mask = capacity &- 1
                        slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
                        slots.initialize(repeating: empty, count: capacity)
                        for index in 0..<oldCapacity where old[index].group >= 0 {
                            var target = Int(truncatingIfNeeded: old[index].hash) & mask
                            while slots[target].group >= 0 { target = (target &+ 1) & mask }
                            slots[target] = old[index]
                        }
                        old.deallocate()
                    }
                }
                out[row] = found
            }
        }
        return GroupIndex(ids: ids, groupCount: firstRows.count, firstRows: firstRows)
    }

    /// True when two byte strings are equal (for callers holding buffers).
    @inline(__always) static func equalBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress else { return true }
        return equalBytes(left, right, a.count)
    }

    /// True when the `count` bytes at `a` and `b` are equal: eight bytes at a time, then the tail.
    @inline(__always) static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index &+ 8 <= count {
            if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
            index &+= 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index &+= 1
        }
        return true
    }

    /// A 64-bit hash of `count` bytes: eight bytes per multiply (the last word overlapping the one
    /// before it, so no byte loop for strings of eight bytes or more), then a final avalanche so the
    /// low bits, which pick the slot, depend on every byte.
    @inline(__always) static func hashBytes(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var hash: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count)
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            var index = 0
            while index &+ 8 < count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash &>> 29
                index &+= 8
            }
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        } else {
            var word: UInt64 = 0
            var index = 0
            while index < count {
                word |= UInt64(base[index]) &<< UInt64(index &* 8)
                index &+= 1
            }
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash &>> 32
        hash &*= 0xD6E8_FEB8_6659_FD93
        hash ^= hash &>> 32
        return hash
    }
}
