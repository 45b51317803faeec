/// An open-addressing hash table from 64-bit keys to dense group ids, with linear probing and
/// Fibonacci hashing, kept at most half full.
///
/// Hand-written because `Dictionary` hashes with a per-process seed through generic code and
/// costs about 5× as much per row (research/swift-performance.md §3). The table is only probed,
/// never iterated, so output order never depends on hashing.
struct IntegerKeyTable {
    /// One slot: a key and its group id (-1 when empty), 16 bytes so a probe touches one line.
    struct Slot {
        var key: UInt64
        var group: Int32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var capacity: Int
    private var shift: UInt64
    /// Number of ids handed out (keys stored plus ids reserved by the caller).
    private(set) var groupCount = 0
    private var stored = 0

    /// An empty table with room for a few thousand keys before it grows.
    init() {
        capacity = 1 << 12
        shift = UInt64(64 - 12)
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: 0, group: -1), count: capacity)
    }

    /// Frees the slots; the table must not be used afterwards.
    func deallocate() {
        slots.deallocate()
    }

    /// Takes the next group id without storing a key (for the null group).
    mutating func reserveGroup() {
        groupCount += 1
    }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The group of `key`, adding it with the next id when new.
    @inline(__always) mutating func findOrInsert(_ key: UInt64) -> (group: Int32, inserted: Bool) {
        let mask = capacity &- 1
        var position = home(key)
        while true {
            let slot = slots[position]
            if slot.group < 0 { break }
            if slot.key == key { return (slot.group, false) }
            position = (position &+ 1) & mask
        }
        let group = Int32(truncatingIfNeeded: groupCount)
        slots[position] = Slot(key: key, group: group)
        groupCount += 1
        stored += 1
        if stored &* 2 > capacity { grow() }
        return (group, true)
    }

    /// The group of `key`, or -1 when absent.
    @inline(__always) func find(_ key: UInt64) -> Int32 {
        let mask = capacity &- 1
        var position = home(key)
        while true {
            let slot = slots[position]
            if slot.group < 0 { return -1 }
            if slot.key == key { return slot.group }
            position = (position &+ 1) & mask
        }
    }

    /// Doubles the capacity and reinserts every stored key.
    private mutating func grow() {
        let oldSlots = slots
        let oldCapacity = capacity
        capacity = oldCapacity * 2
        shift -= 1
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: 0, group: -1), count: capacity)
        let mask = capacity &- 1
        for index in 0..<oldCapacity where oldSlots[index].group >= 0 {
            var position = home(oldSlots[index].key)
            while slots[position].group >= 0 { position = (position &+ 1) & mask }
            slots[position] = oldSlots[index]
        }
        oldSlots.deallocate()
    }
}
