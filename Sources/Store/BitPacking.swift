/// Frame-of-reference bit packing, the integer encoding of columnar training datasets: a chunk
/// of integers (ints, timestamps, bools, dictionary codes) is stored as its smallest valid value
/// (`base`) and each row's distance from it in `bits` bits, packed back to back from the least
/// significant bit (field `i` is bits `i·bits ..< (i+1)·bits` of the little-endian byte stream).
/// Entity ids, times within a few months, labels and codes need 1–32 bits instead of 64, so a
/// dataset writes a fraction of the bytes. Null rows are stored as distance 0 (they read back as
/// `base`, under a null).
enum BitPacking {
    /// How a chunk was packed: its base, bits per row, and the bytes written.
    struct Packed {
        var base: Int64
        var bits: Int
        var byteCount: Int
    }

    /// The bits needed for distances up to `span`.
    @inline(__always) static func width(_ span: UInt64) -> Int { 64 - span.leadingZeroBitCount }

    /// Bytes of `count` fields of `bits` bits.
    static func byteCount(count: Int, bits: Int) -> Int { (count * bits + 7) >> 3 }

    /// Packs `values` onto the end of `words` (from a new word); rows whose bit in `validity`
    /// (starting at bit 0) is 0 are nulls.
    static func pack<Value: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Value>, validity: UnsafePointer<UInt64>?, appendingTo words: inout [UInt64]
    ) -> Packed {
        let count = values.count
        var low = Int64.max
        var high = Int64.min
        var any = false
        for row in 0..<count where isValid(validity, row) {
            let value = Int64(truncatingIfNeeded: values[row])
            if value < low { low = value }
            if value > high { high = value }
            any = true
        }
        if !any { return Packed(base: 0, bits: 0, byteCount: 0) }
        let bits = width(UInt64(bitPattern: high &- low))
        let byteCount = byteCount(count: count, bits: bits)
        if bits == 0 { return Packed(base: low, bits: 0, byteCount: 0) }
        let first = words.count
        words.append(contentsOf: repeatElement(0, count: (byteCount + 7) >> 3))
        words.withUnsafeMutableBufferPointer { all in
            guard let out = all.baseAddress.map({ $0 + first }) else { return }
            // Fields gather in a 64-bit accumulator written out a word at a time: sequential
            // stores, no read-modify-write of memory.
            var accumulator: UInt64 = 0
            var filled = 0
            var word = 0
            for row in 0..<count {
                var distance = UInt64(bitPattern: Int64(truncatingIfNeeded: values[row]) &- low)
                if let validity, (validity[row &>> 6] &>> UInt64(row & 63)) & 1 == 0 { distance = 0 }
                accumulator |= distance &<< UInt64(filled)
                filled &+= bits
                if filled >= 64 {
                    out[word] = accumulator
                    word &+= 1
                    filled &-= 64
                    // The bits of this field that did not fit (none when it ended on the boundary).
                    accumulator = filled == 0 ? 0 : distance &>> UInt64(bits &- filled)
                }
            }
            if filled > 0 { out[word] = accumulator }
        }
        return Packed(base: low, bits: bits, byteCount: byteCount)
    }

    @inline(__always) static func isValid(_ validity: UnsafePointer<UInt64>?, _ row: Int) -> Bool {
        guard let validity else { return true }
        return (validity[row &>> 6] &>> UInt64(row & 63)) & 1 == 1
    }

    /// Unpacks `count` fields of `bits` bits from `bytes` (exactly `byteCount(count:bits:)` of
    /// them) as `base + field` into `target`.
    static func unpack<Value: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, count: Int, base: Int64, bits: Int, into target: UnsafeMutablePointer<Value>
    ) {
        if bits == 0 {
            target.initialize(repeating: Value(truncatingIfNeeded: base), count: count)
            return
        }
        if bits == 64 && base == 0 && MemoryLayout<Value>.stride == 8 {
            if let source = bytes.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * 8) }
            return
        }
        // A copy padded by a word, so every field is read with two aligned loads at most.
        let wordCount = (bytes.count + 7) >> 3 + 1
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { words.deallocate() }
        words.initialize(repeating: 0, count: wordCount)
        if let source = bytes.baseAddress { UnsafeMutableRawPointer(words).copyMemory(from: source, byteCount: bytes.count) }
        let mask: UInt64 = bits == 64 ? ~0 : (1 &<< UInt64(bits)) &- 1
        let start = UInt64(bitPattern: base)
        var position = 0
        for row in 0..<count {
            let word = position &>> 6
            let shift = position & 63
            var field = words[word] &>> UInt64(shift)
            if shift &+ bits > 64 { field |= words[word &+ 1] &<< UInt64(64 &- shift) }
            target[row] = Value(truncatingIfNeeded: start &+ (field & mask))
            position &+= bits
        }
    }
}
