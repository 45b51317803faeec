/// What one evaluation prints, optionally cut after a number of lines or bytes, so that a cell
/// printing a million lines records a bounded output (and does not hold it all in memory).
///
/// Once cut, later text is only counted; `text` ends with one line saying how much was left out.
struct OutputBuffer {
    /// Lines kept before the rest is cut; nil means no limit.
    var lineLimit: Int?
    /// Bytes (UTF-8) kept before the rest is cut; nil means no limit.
    var byteLimit: Int?

    private var kept = ""
    private var keptLines = 0
    private var keptBytes = 0
    private var isCut = false
    private var cutByBytes = false
    private var droppedBreaks = 0
    private var droppedBytes = 0
    private var droppedEndsLine = true

    /// An empty buffer with the given limits.
    init(lineLimit: Int? = nil, byteLimit: Int? = nil) {
        self.lineLimit = lineLimit
        self.byteLimit = byteLimit
    }

    /// Appends printed text, cutting it once a limit is reached.
    mutating func append(_ piece: String) {
        if piece.isEmpty { return }
        if isCut {
            drop(Substring(piece))
            return
        }
        if lineLimit == nil && byteLimit == nil {
            kept += piece
            return
        }
        // Walk the piece by scalars, so a cut never splits a character's bytes.
        let scalars = piece.unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let size = UTF8.width(scalar)
            if let byteLimit, keptBytes + size > byteLimit {
                cutByBytes = true
                cut(piece, at: index)
                return
            }
            keptBytes += size
            index = scalars.index(after: index)
            if scalar == "\n" {
                keptLines += 1
                if let lineLimit, keptLines >= lineLimit, index != scalars.endIndex {
                    cut(piece, at: index)
                    return
                }
            }
        }
        kept += piece
        if let lineLimit, keptLines >= lineLimit { isCut = true }
    }

    /// Keeps `piece` up to `index` and counts the rest as dropped.
    private mutating func cut(_ piece: String, at index: String.Index) {
        kept += piece[..<index]
        isCut = true
        drop(piece[index...])
    }

    /// Counts text that was cut.
    private mutating func drop(_ text: Substring) {
        guard !text.isEmpty else { return }
        for byte in text.utf8 where byte == UInt8(ascii: "\n") { droppedBreaks += 1 }
        droppedBytes += text.utf8.count
        droppedEndsLine = text.utf8.last == UInt8(ascii: "\n")
    }

    /// Whether anything was cut.
    var wasCut: Bool { droppedBytes > 0 }

    /// The kept text, and when something was cut, a final line saying what.
    var text: String {
        guard wasCut else { return kept }
        var out = kept
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        if cutByBytes, let byteLimit {
            out += "… \(droppedBytes) more bytes not shown (output is cut at \(byteLimit) bytes)\n"
        } else if let lineLimit {
            let lines = droppedBreaks + (droppedEndsLine ? 0 : 1)
            out += "… \(lines) more \(lines == 1 ? "line" : "lines") not shown (output is cut at \(lineLimit) \(lineLimit == 1 ? "line" : "lines"))\n"
        }
        return out
    }
}
