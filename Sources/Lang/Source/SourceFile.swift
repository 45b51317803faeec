import Foundation

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
    /// The registry number spans use to refer to this source without holding a reference.
    public let id: UInt32
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
        self.id = 0
    }

    private init(copying other: SourceFile, id: UInt32) {
        name = other.name
        text = other.text
        kind = other.kind
        bytes = other.bytes
        lineStarts = other.lineStarts
        self.id = id
    }

    /// Registers the source so spans can name it by number; returns the registered copy.
    func registered() -> SourceFile {
        if id != 0 { return self }
        return SourceRegistry.shared.register { id in SourceFile(copying: self, id: id) }
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

/// Every source a span may point into, by number. Sources are small and few (scripts, cells,
/// REPL entries), so they are kept for the life of the process.
package final class SourceRegistry: @unchecked Sendable {
    package static let shared = SourceRegistry()
    private let lock = NSLock()
    private var sources: [SourceFile] = []

    func register(_ make: (UInt32) -> SourceFile) -> SourceFile {
        lock.lock()
        defer { lock.unlock() }
        let file = make(UInt32(sources.count + 1))
        sources.append(file)
        return file
    }

    func source(_ id: UInt32) -> SourceFile? {
        lock.lock()
        defer { lock.unlock() }
        guard id >= 1, Int(id) <= sources.count else { return nil }
        return sources[Int(id) - 1]
    }

    /// How many sources are registered.
    package var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return sources.count
    }

    /// Forgets the sources registered after the first `count`, for a process that parses millions
    /// of throwaway inputs (the fuzz targets) and has dropped every span into them; memory stays flat.
    package func forgetSources(after count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if sources.count > count { sources.removeSubrange(max(0, count)...) }
    }
}

/// A byte range in a source, the anchor of every diagnostic.
///
/// It names its source by registry number rather than by reference, so copying a span (which
/// every node and call does) costs no reference counting.
public struct SourceSpan: Sendable {
    /// Registry number of the source.
    public let sourceID: UInt32
    /// First byte of the span.
    public let start: Int
    /// One past the last byte of the span.
    public let end: Int

    /// Creates a span; `end` is clamped to be at least `start`.
    public init(source: SourceFile, start: Int, end: Int) {
        self.sourceID = source.id
        self.start = start
        self.end = max(start, end)
    }

    private init(sourceID: UInt32, start: Int, end: Int) {
        self.sourceID = sourceID
        self.start = start
        self.end = max(start, end)
    }

    /// The source the offsets point into.
    public var source: SourceFile {
        SourceRegistry.shared.source(sourceID) ?? SourceFile(name: "<unknown>", text: "")
    }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(sourceID: sourceID, start: min(start, other.start), end: max(end, other.end))
    }

    /// The source text the span covers.
    public var text: String {
        let bytes = source.bytes
        let from = min(start, bytes.count)
        return String(decoding: bytes[from..<min(max(end, from), bytes.count)], as: UTF8.self)
    }
}
