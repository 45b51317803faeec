#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level text operations shared by the string column kernels and the runtime's scalar builtins,
/// so that `contains("ab", "b")` and `contains(.s, "b")` agree on every input.
///
/// They work on UTF-8 bytes: a valid needle can only match a valid text at code-point boundaries, so
/// byte search is exact code-point matching (no Unicode normalisation, as in Polars and DuckDB).
public enum TextSearch {
    /// The first byte offset at or after `start` where `needle` occurs in `text`; an empty needle matches at `start`.
    public static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int = 0
    ) -> Int? {
        let length = needle.count
        if length == 0 { return start <= text.count ? start : nil }
        guard start >= 0, text.count - start >= length, let haystack = text.baseAddress,
              let pattern = needle.baseAddress else { return nil }
        let last = text.count - length
        var position = start
        while position <= last {
            // memchr finds the next candidate first byte; memcmp checks the rest.
            guard let hit = memchr(haystack + position, Int32(pattern[0]), last - position + 1) else { return nil }
            let index = UnsafeRawPointer(haystack).distance(to: UnsafeRawPointer(hit))
            if length == 1 || memcmp(haystack + index, pattern, length) == 0 { return index }
            position = index + 1
        }
        return nil
    }

    /// Whether `needle` occurs in `text` (always true for an empty needle).
    public static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        firstIndex(of: needle, in: text) != nil
    }

    /// Whether `text` begins with `prefix`.
    public static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard prefix.count <= text.count else { return false }
        guard prefix.count > 0, let a = text.baseAddress, let b = prefix.baseAddress else { return true }
        return memcmp(a, b, prefix.count) == 0
    }

    /// Whether `text` ends with `suffix`.
    public static func hasSuffix(_ text: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard suffix.count <= text.count else { return false }
        guard suffix.count > 0, let a = text.baseAddress, let b = suffix.baseAddress else { return true }
        return memcmp(a + (text.count - suffix.count), b, suffix.count) == 0
    }

    /// Appends `text` with every non-overlapping occurrence of `old` (non-empty) replaced by `new`, left to right.
    public static func appendReplacing(
        _ text: UnsafeBufferPointer<UInt8>, _ old: UnsafeBufferPointer<UInt8>, _ new: UnsafeBufferPointer<UInt8>,
        into output: inout [UInt8]
    ) {
        var position = 0
        if old.count > 0 {
            while let index = firstIndex(of: old, in: text, from: position) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<index]))
                output.append(contentsOf: new)
                position = index + old.count
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<text.count]))
    }

    /// The byte range of `text` without leading and trailing Unicode White_Space (the set Python's
    /// `str.strip` and Rust's `trim` remove: ASCII tab to carriage return and space, U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
    public static func trimmedRange(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = text.count
        while start < end {
            let length = whitespaceLength(text, at: start, end: end)
            if length == 0 { break }
            start += length
        }
        while end > start {
            // Step back to the first byte of the last code point (at most three continuation bytes).
            var lead = end - 1
            while lead > start && lead > end - 4 && text[lead] & 0xC0 == 0x80 { lead -= 1 }
            let length = whitespaceLength(text, at: lead, end: end)
            if length == 0 || lead + length != end { break }
            end = lead
        }
        return start..<end
    }

    /// Byte length of the White_Space code point starting at `index`, or 0 when it is not one.
    @inline(__always) static func whitespaceLength(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int {
        let first = text[index]
        if first < 0x80 { return (first >= 0x09 && first <= 0x0D) || first == 0x20 ? 1 : 0 }
        let available = end - index
        if first == 0xC2, available >= 2 {
            return text[index + 1] == 0x85 || text[index + 1] == 0xA0 ? 2 : 0
        }
        guard available >= 3 else { return 0 }
        let second = text[index + 1]
        let third = text[index + 2]
        switch first {
        case 0xE1: return second == 0x9A && third == 0x80 ? 3 : 0
        case 0xE2:
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) && third >= 0x80 {
                return 3
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3: return second == 0x80 && third == 0x80 ? 3 : 0
        default: return 0
        }
    }

    // MARK: - Swift strings (the runtime's scalar builtins)

    /// Whether `part` occurs in `text`, by bytes.
    public static func contains(_ text: String, _ part: String) -> Bool {
        withBytes(text, part) { contains($0, $1) }
    }

    /// Whether `text` begins with `prefix`, by bytes.
    public static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        withBytes(text, prefix) { hasPrefix($0, $1) }
    }

    /// Whether `text` ends with `suffix`, by bytes.
    public static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        withBytes(text, suffix) { hasSuffix($0, $1) }
    }

    /// `text` with every occurrence of `old` (non-empty) replaced by `new`.
    public static func replacing(_ text: String, _ old: String, with new: String) -> String {
        var replacement = new
        let bytes = withBytes(text, old) { textBytes, oldBytes in
            replacement.withUTF8 { newBytes in
                var output: [UInt8] = []
                output.reserveCapacity(textBytes.count)
                appendReplacing(textBytes, oldBytes, newBytes, into: &output)
                return output
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without leading and trailing White_Space.
    public static func trimmed(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let range = trimmedRange(bytes)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// The pieces of `text` between occurrences of `separator` (non-empty), empty pieces kept.
    public static func split(_ text: String, by separator: String) -> [String] {
        withBytes(text, separator) { bytes, separatorBytes in
            var pieces: [String] = []
            var position = 0
            while separatorBytes.count > 0, let index = firstIndex(of: separatorBytes, in: bytes, from: position) {
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<index]), as: UTF8.self))
                position = index + separatorBytes.count
            }
            pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<bytes.count]), as: UTF8.self))
            return pieces
        }
    }

    /// The pieces of `text` separated by runs of White_Space, without empty pieces.
    public static func splitOnWhitespace(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            var pieces: [String] = []
            var index = 0
            var pieceStart: Int? = nil
            while index < bytes.count {
                let length = whitespaceLength(bytes, at: index, end: bytes.count)
                if length > 0 {
                    if let start = pieceStart {
                        pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        pieceStart = nil
                    }
                    index += length
                } else {
                    if pieceStart == nil { pieceStart = index }
                    index += 1
                }
            }
            if let start = pieceStart {
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
            }
            return pieces
        }
    }

    private static func withBytes<T>(
        _ first: String, _ second: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        var a = first
        var b = second
        return a.withUTF8 { x in b.withUTF8 { y in body(x, y) } }
    }
}
