/// One chunk's dictionary of one string column while it is parsed: an open-addressing table
/// keyed on the string bytes, whose entries' bytes live back to back in the chunk's byte region
/// (entry `e` is `region[starts[e] ..< starts[e + 1]]`), numbered in order of first appearance.
///
/// A slot holds the first eight bytes of its string (zero padded) and the length, so a string of
/// up to eight bytes — most category labels — is matched without touching the region. The table
/// holds at most `maximumEntries`, and gives up early on a column whose strings are nearly all
/// distinct (checked as the entry count passes each power of two from `firstCheck`); either way
/// the chunk turns its rows into plain bytes (`CSVChunk.dictionaryToPlain`), which costs little
/// that early.
struct CSVChunkDictionary {
    struct Slot {
        var word: UInt64
        var length: UInt32
        /// Entry + 1; 0 marks an empty slot.
        var entry: UInt32
    }

    /// Most distinct strings a chunk (and a whole column) keeps as a dictionary.
    static let maximumEntries = 1 << 16
    /// From this many entries on, a chunk whose entries pass 90% of its rows so far gives up.
    static let firstCheck = 1 << 12
    /// `code` results that are not codes.
    static let full = -1
    static let overflow = -2

    private(set) var slots: UnsafeMutablePointer<Slot>? = nil
    private var mask = 0
    private var shift: UInt64 = 64
    /// `count + 1` region offsets: where each entry starts, then where the last one ends.
    private(set) var starts: UnsafeMutablePointer<Int64>? = nil
    private var startsCapacity = 0
    /// Number of entries.
    private(set) var count = 0

    /// Allocates an empty table (entries start at `regionStart`, usually 0).
    mutating func allocate() {
        if slots != nil { return }
        let capacity = 256
        let table = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        table.initialize(repeating: Slot(word: 0, length: 0, entry: 0), count: capacity)
        slots = table
        mask = capacity - 1
        shift = 64 - 8
        startsCapacity = 256
        let offsets = UnsafeMutablePointer<Int64>.allocate(capacity: startsCapacity + 1)
        offsets[0] = 0
        starts = offsets
        count = 0
    }

    /// Frees the table (it may be allocated again).
    mutating func deallocate() {
        slots?.deallocate()
        starts?.deallocate()
        slots = nil
        starts = nil
        count = 0
    }

    /// The first `length` (≤ 8) bytes at `source` as one little-endian word, zero padded; the
    /// source must be readable for 8 bytes (the input and the region are padded).
    @inline(__always) static func word(_ source: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let word = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
        return length >= 8 ? word : word & ((1 &<< UInt64(length &* 8)) &- 1)
    }

    @inline(__always) static func hash(_ source: UnsafePointer<UInt8>, _ length: Int, _ word: UInt64) -> UInt64 {
        if length > 8 { return StringKeyTable.hashBytes(source, length) }
        return (word ^ (UInt64(truncatingIfNeeded: length) &<< 59)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The entry holding the `length` bytes at `source`, or -1 (the common case of a string seen
    /// before, kept small enough to inline into the parse loop).
    @inline(__always)
    func find(_ source: UnsafePointer<UInt8>, _ length: Int, region: UnsafePointer<UInt8>) -> Int {
        guard let slots, let starts else { return -1 }
        let word = CSVChunkDictionary.word(source, length)
        let hash = CSVChunkDictionary.hash(source, length, word)
        var index = Int(truncatingIfNeeded: hash &>> shift)
        let length32 = UInt32(truncatingIfNeeded: length)
        while true {
            let slot = slots[index]
            if slot.entry == 0 { return -1 }
            if slot.word == word && slot.length == length32 {
                let entry = Int(slot.entry &- 1)
                if length <= 8 || StringKeyTable.equalBytes(source, region + Int(starts[entry]), length) { return entry }
            }
            index = (index &+ 1) & mask
        }
    }

    /// The code of the `length` bytes at `source` in chunk row `row`; a new string is copied to
    /// `region + used` (advancing `used`). `full` when a new string would pass `maximumEntries` or
    /// the strings so far are nearly all distinct, `overflow` when the region has no room for it.
    @inline(__always)
    mutating func code(
        _ source: UnsafePointer<UInt8>, _ length: Int, row: Int, region: UnsafeMutablePointer<UInt8>, used: inout Int,
        capacity: Int
    ) -> Int {
        guard let slots, let starts else { return CSVChunkDictionary.full }
        let word = CSVChunkDictionary.word(source, length)
        let hash = CSVChunkDictionary.hash(source, length, word)
        var index = Int(truncatingIfNeeded: hash &>> shift)
        let length32 = UInt32(truncatingIfNeeded: length)
        while true {
            let slot = slots[index]
            if slot.entry == 0 { break }
            if slot.word == word && slot.length == length32 {
                let entry = Int(slot.entry &- 1)
                if length <= 8 || StringKeyTable.equalBytes(source, region + Int(starts[entry]), length) { return entry }
            }
            index = (index &+ 1) & mask
        }
        if count == CSVChunkDictionary.maximumEntries { return CSVChunkDictionary.full }
        if count >= CSVChunkDictionary.firstCheck && count & (count &- 1) == 0 && count &* 10 > (row &+ 1) &* 9 {
            return CSVChunkDictionary.full
        }
        if used &+ length > capacity { return CSVChunkDictionary.overflow }
        CSVChunk.copyShort(from: source, to: region + used, count: length)
        used &+= length
        let entry = count
        slots[index] = Slot(word: word, length: length32, entry: UInt32(truncatingIfNeeded: entry &+ 1))
        if count == startsCapacity { growStarts() }
        self.starts?[entry &+ 1] = Int64(used)
        count &+= 1
        if count &* 2 > mask { grow(region) }
        return entry
    }

    /// Where entry `entry`'s bytes start in the region, and its length.
    @inline(__always) func entry(_ entry: Int) -> (start: Int, length: Int) {
        guard let starts else { return (0, 0) }
        let start = Int(starts[entry])
        return (start, Int(starts[entry &+ 1]) &- start)
    }

    private mutating func growStarts() {
        guard let old = starts else { return }
        let capacity = startsCapacity * 2
        let grown = UnsafeMutablePointer<Int64>.allocate(capacity: capacity + 1)
        grown.update(from: old, count: count + 1)
        old.deallocate()
        starts = grown
        startsCapacity = capacity
    }

    /// Doubles the slots and reinserts every entry (hashes recomputed from the region).
    private mutating func grow(_ region: UnsafeMutablePointer<UInt8>) {
        guard let old = slots else { return }
        let oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        let table = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        table.initialize(repeating: Slot(word: 0, length: 0, entry: 0), count: capacity)
        mask = capacity - 1
        shift -= 1
        for index in 0..<oldCapacity where old[index].entry != 0 {
            let slot = old[index]
            let (start, length) = entry(Int(slot.entry) - 1)
            let hash = CSVChunkDictionary.hash(region + start, length, slot.word)
            var target = Int(truncatingIfNeeded: hash &>> shift)
            while table[target].entry != 0 { target = (target &+ 1) & mask }
            table[target] = slot
        }
        old.deallocate()
        slots = table
    }
}

extension CSVChunk {
    /// Bytes of the first entry region; it doubles as entries arrive.
    static let dictionaryRegionBytes = 16 << 10

    /// Gives a column that turns out to hold strings its byte region: a small one for the
    /// entries of a dictionary when the column can hold codes, else one as large as the chunk.
    mutating func beginStrings(_ state: UnsafeMutablePointer<CSVChunkColumn>) {
        guard state.pointee.bytesBlock == nil else { return }
        guard state.pointee.hasCodes else {
            allocateBytes(state)
            return
        }
        let block = Memory.allocate(byteCount: CSVChunk.dictionaryRegionBytes + 16)
        state.pointee.bytesBlock = block
        state.pointee.bytes = block.address.assumingMemoryBound(to: UInt8.self)
        state.pointee.bytesCapacity = CSVChunk.dictionaryRegionBytes
        state.pointee.dictionary.allocate()
        state.pointee.isDictionary = true
    }

    /// Doubles (at least) a dictionary's entry region so that `needed` more bytes fit, up to the
    /// chunk's own size; false when even that is too small.
    mutating func growDictionaryRegion(_ state: UnsafeMutablePointer<CSVChunkColumn>, needed: Int) -> Bool {
        let limit = stop - start + 16
        let used = state.pointee.bytesUsed
        guard used + needed <= limit, let old = state.pointee.bytesBlock else { return false }
        let capacity = min(limit, max(2 * state.pointee.bytesCapacity, used + needed))
        let block = Memory.allocate(byteCount: capacity + 16)
        block.address.copyMemory(from: state.pointee.bytes, byteCount: used)
        Memory.release(old)
        state.pointee.bytesBlock = block
        state.pointee.bytes = block.address.assumingMemoryBound(to: UInt8.self)
        state.pointee.bytesCapacity = capacity
        return true
    }

    /// Stores the string of row `row`, `length` bytes at `source` (readable for 8 bytes past its
    /// end): as a code while the column is a dictionary, else as bytes. Sets `overflowed` when the
    /// chunk's byte region is full.
    @inline(__always)
    mutating func storeString(_ state: UnsafeMutablePointer<CSVChunkColumn>, _ source: UnsafePointer<UInt8>, _ length: Int, row: Int) {
        if state.pointee.isDictionary {
            let entry = state.pointee.dictionary.find(source, length, region: state.pointee.bytes)
            if entry >= 0 {
                state.pointee.codes[row] = UInt32(truncatingIfNeeded: entry)
                return
            }
            storeNewString(state, source, length, row: row)
            return
        }
        let used = state.pointee.bytesUsed
        if used &+ length > state.pointee.bytesCapacity {
            overflowed = true
            return
        }
        CSVChunk.copyShort(from: source, to: state.pointee.bytes + used, count: length)
        state.pointee.bytesUsed = used &+ length
        state.pointee.offsets[row] = Int64(used &+ length)
    }

    /// `storeString` for a string the dictionary has not seen: a new entry (the region grown if
    /// needed), or, past the entry limit, the column turned into plain bytes from here on.
    @inline(never)
    mutating func storeNewString(_ state: UnsafeMutablePointer<CSVChunkColumn>, _ source: UnsafePointer<UInt8>, _ length: Int, row: Int) {
        if state.pointee.isDictionary {
            while true {
                var used = state.pointee.bytesUsed
                let code = state.pointee.dictionary.code(
                    source, length, row: row, region: state.pointee.bytes, used: &used, capacity: state.pointee.bytesCapacity)
                if code >= 0 {
                    state.pointee.bytesUsed = used
                    state.pointee.codes[row] = UInt32(truncatingIfNeeded: code)
                    return
                }
                if code == CSVChunkDictionary.full { break }
                if !growDictionaryRegion(state, needed: length) {
                    overflowed = true
                    return
                }
            }
            dictionaryToPlain(state, rows: row)
        }
        let used = state.pointee.bytesUsed
        if used &+ length > state.pointee.bytesCapacity {
            overflowed = true
            return
        }
        CSVChunk.copyShort(from: source, to: state.pointee.bytes + used, count: length)
        state.pointee.bytesUsed = used &+ length
        state.pointee.offsets[row] = Int64(used &+ length)
    }

    /// Stores a null in row `row` of a string column.
    @inline(__always)
    static func storeNullString(_ state: UnsafeMutablePointer<CSVChunkColumn>, row: Int, capacity: Int) {
        setNull(state, row: row, capacity: capacity)
        if state.pointee.isDictionary {
            state.pointee.codes[row] = 0
        } else {
            state.pointee.offsets[row] = Int64(state.pointee.bytesUsed)
        }
    }

    /// Turns the first `rows` rows of a dictionary column into plain offsets and bytes, in a new
    /// region large enough for them and (while parsing) for the rest of the chunk; drops the table.
    mutating func dictionaryToPlain(_ state: UnsafeMutablePointer<CSVChunkColumn>, rows: Int) {
        guard state.pointee.isDictionary else { return }
        let dictionary = state.pointee.dictionary
        let codes = state.pointee.codes
        let nulls = state.pointee.nulls.map { $0.address.assumingMemoryBound(to: UInt64.self) }
        @inline(__always) func isNull(_ row: Int) -> Bool {
            guard let nulls else { return false }
            return (nulls[row &>> 6] &>> UInt64(row & 63)) & 1 == 1
        }
        var total = 0
        for row in 0..<rows where !isNull(row) { total &+= dictionary.entry(Int(codes[row])).length }
        let capacity = max(total, stop - start) + 16
        let block = Memory.allocateFresh(byteCount: capacity + 16, hugePages: capacity >= 16 << 20)
        let target = block.address.assumingMemoryBound(to: UInt8.self)
        let entries = UnsafePointer(state.pointee.bytes)
        var used = 0
        for row in 0..<rows {
            if !isNull(row) {
                let (from, length) = dictionary.entry(Int(codes[row]))
                (target + used).update(from: entries + from, count: length)
                used &+= length
            }
            state.pointee.offsets[row] = Int64(used)
        }
        if let old = state.pointee.bytesBlock { Memory.releaseUnused(old) }
        state.pointee.bytesBlock = block
        state.pointee.bytes = target
        state.pointee.bytesCapacity = capacity
        state.pointee.bytesUsed = used
        state.pointee.dictionary.deallocate()
        state.pointee.isDictionary = false
    }
}
