/// The comparison rules for recorded and actual text: line endings and trailing blanks never
/// count, everything else (including spacing inside a line, which tables depend on) does.
public enum RecordText {
    /// CRLF → LF, trailing spaces/tabs stripped from every line, trailing blank lines dropped.
    public static func normalize(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var lineStart = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                trimLine(&result, from: lineStart)
                result.append(byte)
                lineStart = result.count
            } else {
                result.append(byte)
            }
        }
        trimLine(&result, from: lineStart)
        while let last = result.last, last == UInt8(ascii: "\n") {
            result.removeLast()
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The lines of normalised text; empty text has no lines.
    public static func lines(_ normalized: String) -> [Substring] {
        normalized.isEmpty ? [] : normalized.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Drops spaces, tabs and carriage returns at the end of the line that starts at `start`.
    private static func trimLine(_ bytes: inout [UInt8], from start: Int) {
        while bytes.count > start, let last = bytes.last,
            last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r")
        {
            bytes.removeLast()
        }
    }
}
