/// Strict UTF-8 validation over raw bytes (rejects overlong forms, surrogates and values past U+10FFFF),
/// with an 8-bytes-at-a-time ASCII fast path.
public enum UTF8Validation {
    /// True when `p[0..<n]` is well-formed UTF-8.
    public static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var index = 0
        while index < n {
            if index + 8 <= n {
                let word = UnsafeRawPointer(p + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = p[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            if index + length > n { return false }
            let second = p[index + 1]
            if second < low || second > high { return false }
            for offset in 2..<max(2, length) where p[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// True when `bytes` is well-formed UTF-8.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            return isValid(base, buffer.count)
        }
    }
}
