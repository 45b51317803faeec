/// Where each field lies in the input, row-major (field `column` of row `row` is at
/// `row * width + column`): its start offset and a packed word of length (low 29 bits) and flags,
/// so a scan stores 12 bytes per field and copies no text. Used by `CSVRescan`, the reference path.
struct FieldSpans {
    static let nullFlag: UInt32 = 1 << 29
    static let quotedFlag: UInt32 = 1 << 30
    static let escapedFlag: UInt32 = 1 << 31
    static let lengthMask: UInt32 = (1 << 29) - 1

    var starts: [Int] = []
    var meta: [UInt32] = []

    /// Records one field's span, marking unquoted empty fields and null tokens as null.
    mutating func append(
        _ field: CSVScanner.Field, base: UnsafePointer<UInt8>, tokens: NullTokens, sourceName: String
    ) throws(FrameError) {
        guard field.length <= Int(FieldSpans.lengthMask) else {
            throw FrameError(.parse, "\(sourceName): a field is longer than 512 MiB")
        }
        var meta = UInt32(field.length)
        if field.quoted {
            meta |= FieldSpans.quotedFlag
            if field.escaped { meta |= FieldSpans.escapedFlag }
        } else if field.length == 0 || tokens.matches(base, field.start, field.length) {
            meta |= FieldSpans.nullFlag
        }
        starts.append(field.start)
        self.meta.append(meta)
    }
}

/// The configured null tokens, with a bitmask of their lengths so most fields are rejected by one
/// test, and the first two tokens of up to 8 bytes packed into words so the usual check is one
/// masked load and compare (the input is padded, so an 8-byte load never runs past it).
struct NullTokens {
    let tokens: [[UInt8]]
    let lengthMask: UInt64
    /// Up to two short tokens as (packed bytes, byte mask, length); length 0 marks an empty slot.
    let first: (word: UInt64, mask: UInt64, length: Int)
    let second: (word: UInt64, mask: UInt64, length: Int)
    /// True when every token is in `first`/`second`, so `matches` never needs the arrays.
    let allPacked: Bool

    init(_ strings: [String]) {
        tokens = strings.map { Array($0.utf8) }.filter { !$0.isEmpty }
        var mask: UInt64 = 0
        for token in tokens where token.count < 64 { mask |= 1 << UInt64(token.count) }
        lengthMask = mask
        let short = tokens.filter { $0.count <= 8 }
        func packed(_ index: Int) -> (UInt64, UInt64, Int) {
            guard index < short.count else { return (0, 0, 0) }
            var word: UInt64 = 0
            for (offset, byte) in short[index].enumerated() { word |= UInt64(byte) << UInt64(8 * offset) }
            let count = short[index].count
            return (word, count == 8 ? ~0 : (1 << UInt64(8 * count)) - 1, count)
        }
        first = packed(0)
        second = packed(1)
        allPacked = short.count == tokens.count && tokens.count <= 2
    }

    @inline(__always) func matches(_ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        guard length < 64, (lengthMask >> UInt64(length)) & 1 == 1 else { return false }
        if length <= 8 {
            let word = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
            if length == first.length && word & first.mask == first.word { return true }
            if length == second.length && word & second.mask == second.word { return true }
            if allPacked { return false }
        }
        for token in tokens where token.count == length {
            var same = true
            for offset in 0..<length where base[start + offset] != token[offset] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }
}
