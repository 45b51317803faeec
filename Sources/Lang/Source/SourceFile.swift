/// A named piece of source text (a script, a REPL entry, a notebook cell) with a line-start table.
///
/// Spans are byte offsets into `bytes`; line and column are computed only when a diagnostic is rendered.
public final class SourceFile: Sendable {
    /// How the location of a span in this source is written in a diagnostic.
    public enum Kind: Sendable, Equatable {
        /// A file or the REPL: `--> name:line:column`.
        case file
        /// A notebook cell: `--> cell N, line L, column C`.
        case cell(Int)
    }

    /// The name shown in diagnostics (a path, `<repl>`, `<stdin>`).
    public let name: String
    /// The text, exactly as given.
    public let text: String
    /// The UTF-8 bytes of `text`.
    public let bytes: [UInt8]
    /// How locations are written.
    public let kind: Kind
    private let lineStarts: [Int]

    /// Creates a source; `name` is what diagnostics show.
    public init(name: String, text: String, kind: Kind = .file) {
        self.name = name
        self.text = text
        self.kind = kind
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The 1-based line and column (counted in Unicode scalars) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        return (low + 1, scalarCount(from: start, to: clamped) + 1)
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The number of lines in the source.
    public var lineCount: Int { lineStarts.count }

    /// The number of Unicode scalars between two byte offsets (continuation bytes are not counted).
    func scalarCount(from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }
}

/// A byte range in a source, the anchor of every diagnostic.
public struct SourceSpan: Sendable {
    /// The source the offsets point into.
    public let source: SourceFile
    /// First byte of the span.
    public let start: Int
    /// One past the last byte of the span.
    public let end: Int

    /// Creates a span; `end` is clamped to be at least `start`.
    public init(source: SourceFile, start: Int, end: Int) {
        self.source = source
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(source: source, start: min(start, other.start), end: max(end, other.end))
    }

    /// The source text the span covers.
    public var text: String {
        String(decoding: source.bytes[start..<min(end, source.bytes.count)], as: UTF8.self)
    }
}
