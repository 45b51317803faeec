/// The opening line of a CommonMark fenced code block: up to three spaces, then three or more
/// backticks or tildes, then an info string.
struct FenceOpening: Sendable, Equatable {
    /// Leading spaces before the fence characters (0...3).
    var indentation: Int
    /// "`" or "~".
    var character: UInt8
    /// Number of fence characters; the closing fence needs at least as many.
    var length: Int
    /// The info string, trimmed.
    var info: String

    /// Whitespace-separated words of the info string; the first names the block's language.
    var words: [Substring] {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// Recognises an opening fence, or returns nil for any other line.
    init?(_ line: ArraySlice<UInt8>) {
        var index = line.startIndex
        var spaces = 0
        while index < line.endIndex, line[index] == UInt8(ascii: " ") {
            spaces += 1
            index += 1
        }
        // Four spaces (or a tab) make an indented code block in CommonMark, not a fence.
        guard spaces <= 3, index < line.endIndex else { return nil }
        let character = line[index]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var length = 0
        while index < line.endIndex, line[index] == character {
            length += 1
            index += 1
        }
        guard length >= 3 else { return nil }
        let rest = line[index...]
        // A backtick fence's info string may not contain backticks (it would be inline code).
        if character == UInt8(ascii: "`"), rest.contains(UInt8(ascii: "`")) { return nil }
        let text = String(decoding: rest, as: UTF8.self)[...]
        self.indentation = spaces
        self.character = character
        self.length = length
        self.info = String(text.trimmingBlanks())
    }

    /// Whether `line` closes this fence: up to three spaces, at least `length` of the same
    /// character, then only blanks.
    func isClosed(by line: ArraySlice<UInt8>) -> Bool {
        var index = line.startIndex
        var spaces = 0
        while index < line.endIndex, line[index] == UInt8(ascii: " ") {
            spaces += 1
            index += 1
        }
        guard spaces <= 3 else { return false }
        var run = 0
        while index < line.endIndex, line[index] == character {
            run += 1
            index += 1
        }
        guard run >= length else { return false }
        return line[index...].allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
