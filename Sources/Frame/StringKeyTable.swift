/// An open-addressing hash table from strings (as bytes) to dense group ids: slots of (hash,
/// group, where the key's bytes are), and an arena holding one copy of every distinct key, compact
/// enough to stay in cache where the column's rows would not. A hash match is confirmed by
/// comparing bytes. No `String` is built per row; hashing and comparing read eight bytes at a time.
struct StringKeyTable {
    /// A stored key: its hash, its group, and where its bytes start in the arena.
    struct Slot {
        var hash: UInt64
        var offset: Int
        var length: Int32
        var group: Int32
    }

    static let empty = Slot(hash: 0, offset: 0, length: 0, group: -1)

    private var slots: UnsafeMutablePointer<Slot>
    private var capacity = 1 << 10
    private var stored = 0
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 12
    private var arenaCount = 0
    /// Number of ids handed out (keys stored plus ids reserved by the caller).
    private(set) var groupCount = 0

    /// An empty table.
    init() {
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Self.empty, count: capacity)
        arena = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
    }

    /// Frees the table; it must not be used afterwards.
    func deallocate() {
        slots.deallocate()
        arena.deallocate()
    }

    /// Takes the next group id without storing a key (for the null group).
    mutating func reserveGroup() {
        groupCount += 1
    }

    /// The group of the `length` bytes at `bytes`, adding them with the next id when new.
    @inline(__always) mutating func findOrInsert(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> (group: Int32, inserted: Bool) {
        let hash = Self.hashBytes(bytes, length)
        let mask = capacity &- 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[position]
            if slot.group < 0 { break }
            if slot.hash == hash && Int(slot.length) == length && Self.equalBytes(bytes, arena + slot.offset, length) {
                return (slot.group, false)
            }
            position = (position &+ 1) & mask
        }
        if arenaCount &+ length > arenaCapacity {
            arenaCapacity = max(arenaCapacity * 2, arenaCount + length)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            grown.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = grown
        }
        (arena + arenaCount).update(from: bytes, count: length)
        let group = Int32(truncatingIfNeeded: groupCount)
        slots[position] = Slot(hash: hash, offset: arenaCount, length: Int32(truncatingIfNeeded: length), group: group)
        arenaCount &+= length
        groupCount += 1
        stored += 1
        if stored * 2 > capacity { grow() }
        return (group, true)
    }

    /// The group of the `length` bytes at `bytes`, or -1 when absent.
    func find(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        let hash = Self.hashBytes(bytes, length)
        let mask = capacity &- 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[position]
            if slot.group < 0 { return -1 }
            if slot.hash == hash && Int(slot.length) == length && Self.equalBytes(bytes, arena + slot.offset, length) {
                return slot.group
            }
            position = (position &+ 1) & mask
        }
    }

    /// Doubles the slots and reinserts every stored key.
    private mutating func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity *= 2
        let mask = capacity &- 1
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Self.empty, count: capacity)
        for index in 0..<oldCapacity where old[index].group >= 0 {
            var target = Int(truncatingIfNeeded: old[index].hash) & mask
            while slots[target].group >= 0 { target = (target &+ 1) & mask }
            slots[target] = old[index]
        }
        old.deallocate()
    }

    /// The group index of a string column; above a million rows, two chunks on two threads whose
    /// ids are then merged as `GroupKeys.merge` describes.
    static func index(_ strings: StringStorage, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let chunks = MomentKernels.chunks(count)
        let tables = UnsafeMutablePointer<StringKeyTable>.allocate(capacity: chunks.count)
        for chunk in chunks.indices { (tables + chunk).initialize(to: StringKeyTable()) }
        defer {
            for chunk in chunks.indices { tables[chunk].deallocate() }
            tables.deinitialize(count: chunks.count).deallocate()
        }
        let found = UnsafeMutablePointer<GroupKeys.ChunkGroups>.allocate(capacity: chunks.count)
        found.initialize(repeating: GroupKeys.ChunkGroups(), count: chunks.count)
        defer { found.deinitialize(count: chunks.count).deallocate() }
        let offsets = UnsafePointer(strings.offsets.base)
        let base = UnsafePointer(strings.bytes.base)
        return withExtendedLifetime((strings, ids)) {
            let shared = UncheckedSendable((tables, found, ids.base, offsets, base))
            ParallelWork.run(chunks.count) { chunk in
                let (tables, found, out, offsets, base) = shared.value
                var groups = GroupKeys.ChunkGroups()
                for row in chunks[chunk] {
                    if let validity, !validity.isValid(row) {
                        if groups.nullGroup < 0 {
                            groups.nullGroup = Int32(truncatingIfNeeded: groups.firstRows.count)
                            groups.firstRows.append(row)
                            tables[chunk].reserveGroup()
                        }
                        out[row] = groups.nullGroup
                        continue
                    }
                    let start = Int(offsets[row])
                    let (group, inserted) = tables[chunk].findOrInsert(base + start, Int(offsets[row &+ 1]) &- start)
                    if inserted { groups.firstRows.append(row) }
                    out[row] = group
                }
                found[chunk] = groups
            }
            let firstRows = GroupKeys.merge(found, chunks, validity: validity, ids: ids.base) { row in
                let start = Int(offsets[row])
                return tables[0].find(base + start, Int(offsets[row &+ 1]) &- start)
            }
            return GroupIndex(ids: ids, groupCount: firstRows.count, firstRows: firstRows)
        }
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
