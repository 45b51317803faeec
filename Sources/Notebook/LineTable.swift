/// The lines of a UTF-8 text as byte ranges, so the updater can splice records and keep every
/// other byte (including CRLF endings) exactly as it was.
struct LineTable: Sendable {
    /// One line: `start..<contentEnd` is its text without the line ending; `end` is past the ending.
    struct Line: Sendable, Equatable {
        var start: Int
        var contentEnd: Int
        var end: Int
        /// True when the line is terminated (by "\n" or "\r\n"); false only for an unterminated last line.
        var hasLineBreak: Bool { end > contentEnd }
    }

    let bytes: [UInt8]
    let lines: [Line]

    /// Splits on "\n", treating "\r\n" as one ending.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Line] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                let contentEnd = index > start && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                lines.append(Line(start: start, contentEnd: contentEnd, end: index + 1))
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            lines.append(Line(start: start, contentEnd: bytes.count, end: bytes.count))
        }
        self.lines = lines
    }

    /// The ending used by the first terminated line ("\r\n" or "\n"); "\n" when there is none.
    var lineEnding: String {
        for line in lines where line.hasLineBreak {
            return line.end - line.contentEnd == 2 ? "\r\n" : "\n"
        }
        return "\n"
    }

    /// The text of a line without its ending.
    func content(_ index: Int) -> ArraySlice<UInt8> {
        bytes[lines[index].start..<lines[index].contentEnd]
    }

    /// Whether a line holds only spaces and tabs (or nothing).
    func isBlank(_ index: Int) -> Bool {
        content(index).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// A line's text with up to `indentation` leading spaces removed, as fenced code content is read.
    func content(_ index: Int, removingIndentation indentation: Int) -> String {
        var slice = content(index)
        var removed = 0
        while removed < indentation, slice.first == UInt8(ascii: " ") {
            slice = slice.dropFirst()
            removed += 1
        }
        return String(decoding: slice, as: UTF8.self)
    }
}
