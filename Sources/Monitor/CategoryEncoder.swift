import Frame

/// Maps the values of a categorical column to dense integer codes with a hand-written
/// open-addressing hash table (string bytes, or the bits of a number), no Dictionary per element.
///
/// After `fitReference` the reference categories hold codes `0..<referenceCount` in NumPy's sorted
/// order (byte order for strings, numeric for numbers, false before true); values first seen
/// later get the next codes, in order of appearance. Nulls (and NaN) get -1.
struct CategoryEncoder: Sendable {
    /// Whether keys are string bytes or the bit pattern of a number.
    let usesStrings: Bool
    /// Open-addressing slots holding a category code, or -1 when empty.
    private var slots: [Int32]
    /// Per category: the number's bits (numbers) or the start of its bytes in `stringBytes`.
    private var keys: [UInt64] = []
    /// Per category: the end of its bytes in `stringBytes` (strings only).
    private var ends: [Int] = []
    /// The bytes of every string category, back to back.
    private var stringBytes: [UInt8] = []
    /// Number of categories the reference had.
    private(set) var referenceCount = 0

    /// An empty encoder for a column of `type`.
    init(type: DataType) {
        usesStrings = type == .string
        slots = [Int32](repeating: -1, count: 16)
    }

    /// Number of categories seen so far.
    var count: Int { keys.count }

    /// Whether `type` can be encoded by an encoder fitted on `other` (strings only with strings).
    static func compatible(_ type: DataType, _ other: DataType) -> Bool {
        (type == .string) == (other == .string)
    }

    /// Learns the reference categories from `column` (rows in `order`) and returns its codes.
    mutating func fitReference(_ column: Column, order: [Int]?) -> [Int32] {
        let provisional = encode(column, order: order)
        // Renumber the categories into sorted order.
        let sortedCodes = (0..<count).sorted { lhs, rhs in isOrdered(lhs, before: rhs) }
        var renumber = [Int32](repeating: 0, count: count)
        for (newCode, oldCode) in sortedCodes.enumerated() { renumber[oldCode] = Int32(newCode) }
        if usesStrings {
            var bytes: [UInt8] = []
            var newKeys: [UInt64] = []
            var newEnds: [Int] = []
            for oldCode in sortedCodes {
                newKeys.append(UInt64(bytes.count))
                bytes.append(contentsOf: stringBytes[Int(keys[oldCode])..<ends[oldCode]])
                newEnds.append(bytes.count)
            }
            stringBytes = bytes
            keys = newKeys
            ends = newEnds
        } else {
            keys = sortedCodes.map { keys[$0] }
        }
        rebuildSlots()
        referenceCount = count
        return provisional.map { $0 < 0 ? -1 : renumber[Int($0)] }
    }

    /// The codes of `column`'s rows in `order`, adding categories not seen before.
    mutating func encode(_ column: Column, order: [Int]?) -> [Int32] {
        let n = column.count
        var codes = [Int32](repeating: -1, count: n)
        let validity = column.validity
        switch column.storage {
        case .dictionary(let dictionary):
            // Each table entry is hashed once, when a row first uses it, so new categories still
            // get codes in order of appearance.
            var known = [Int32](repeating: -2, count: dictionary.values.count)
            dictionary.codes.withUnsafeBufferPointer { entries in
                dictionary.values.offsets.withUnsafeBufferPointer { offsets in
                    dictionary.values.bytes.withUnsafeBufferPointer { bytes in
                        for i in 0..<n {
                            let row = order?[i] ?? i
                            if let validity, !validity.isValid(row) { continue }
                            let entry = Int(entries[row])
                            var code = known[entry]
                            if code == -2 {
                                let start = Int(offsets[entry])
                                code = self.code(forBytes: UnsafeBufferPointer(rebasing: bytes[start..<Int(offsets[entry + 1])]))
                                known[entry] = code
                            }
                            codes[i] = code
                        }
                    }
                }
            }
        case .utf8(let strings):
            strings.offsets.withUnsafeBufferPointer { offsets in
                strings.bytes.withUnsafeBufferPointer { bytes in
                    for i in 0..<n {
                        let row = order?[i] ?? i
                        if let validity, !validity.isValid(row) { continue }
                        let start = Int(offsets[row])
                        let slice = UnsafeBufferPointer(rebasing: bytes[start..<Int(offsets[row + 1])])
                        codes[i] = code(forBytes: slice)
                    }
                }
            }
        case .float64(let buffer):
            buffer.withUnsafeBufferPointer { values in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    let value = values[row]
                    if value.isNaN { continue }
                    codes[i] = code(forNumber: value == 0 ? 0 : value)
                }
            }
        case .int64(let buffer):
            buffer.withUnsafeBufferPointer { values in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    codes[i] = code(forNumber: Double(values[row]))
                }
            }
        case .bool(let buffer):
            buffer.withUnsafeBufferPointer { values in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    codes[i] = code(forNumber: values[row] == 0 ? 0 : 1)
                }
            }
        }
        return codes
    }

    /// FNV-1a over the bytes.
    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return h
    }

    /// A 64-bit mix of a number's bits (splitmix64's finaliser).
    @inline(__always) private static func hash(_ bits: UInt64) -> UInt64 {
        var z = bits &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Whether `stored[start...]` begins with `bytes` (the caller checked the lengths).
    @inline(__always) private static func equal(_ stored: [UInt8], from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.withUnsafeBufferPointer { stored in
            for k in 0..<bytes.count where stored[start + k] != bytes[k] { return false }
            return true
        }
    }

    private mutating func code(forBytes bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: CategoryEncoder.hash(bytes)) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            let start = Int(keys[Int(existing)])
            let end = ends[Int(existing)]
            if end - start == bytes.count && Self.equal(stringBytes, from: start, bytes) { return existing }
            slot = (slot + 1) & mask
        }
        let code = Int32(keys.count)
        keys.append(UInt64(stringBytes.count))
        stringBytes.append(contentsOf: bytes)
        ends.append(stringBytes.count)
        slots[slot] = code
        if keys.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func code(forNumber value: Double) -> Int32 {
        let bits = value.bitPattern
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: CategoryEncoder.hash(bits)) & mask
        while true {
            let existing = slots[slot]
            if existing < 0 { break }
            if keys[Int(existing)] == bits { return existing }
            slot = (slot + 1) & mask
        }
        let code = Int32(keys.count)
        keys.append(bits)
        slots[slot] = code
        if keys.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        rebuildSlots()
    }

    /// Re-inserts every category into `slots` (after growing or renumbering).
    private mutating func rebuildSlots() {
        while keys.count * 2 > slots.count { slots = [Int32](repeating: -1, count: slots.count * 2) }
        for i in 0..<slots.count { slots[i] = -1 }
        let mask = slots.count - 1
        for code in 0..<keys.count {
            let hash: UInt64
            if usesStrings {
                let start = Int(keys[code])
                hash = stringBytes.withUnsafeBufferPointer {
                    CategoryEncoder.hash(UnsafeBufferPointer(rebasing: $0[start..<ends[code]]))
                }
            } else {
                hash = CategoryEncoder.hash(keys[code])
            }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code)
        }
    }

    /// Sort order of two categories by their first-assigned codes: byte order for strings,
    /// numeric order for numbers.
    private func isOrdered(_ lhs: Int, before rhs: Int) -> Bool {
        if usesStrings {
            let a = stringBytes[Int(keys[lhs])..<ends[lhs]]
            let b = stringBytes[Int(keys[rhs])..<ends[rhs]]
            return a.lexicographicallyPrecedes(b)
        }
        return Double(bitPattern: keys[lhs]) < Double(bitPattern: keys[rhs])
    }
}
