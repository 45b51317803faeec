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

/// The configured null tokens, with a bitmask of their lengths so most fields are rejected by one test.
struct NullTokens {
    let tokens: [[UInt8]]
    let lengthMask: UInt64

    init(_ strings: [String]) {
        tokens = strings.map { Array($0.utf8) }.filter { !$0.isEmpty }
        var mask: UInt64 = 0
        for token in tokens where token.count < 64 { mask |= 1 << UInt64(token.count) }
        lengthMask = mask
    }

    @inline(__always) func matches(_ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        guard length < 64, (lengthMask >> UInt64(length)) & 1 == 1 else { return false }
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
