/// A Markdown file read as a notebook: its text, and the `fti` cells with their records.
/// Any `.md` file with fti cells is a notebook; everything that is not a cell or a record is prose.
public struct NotebookDocument: Sendable {
    /// The file as the user named it, used in errors and reports.
    public let path: String
    /// The full text, exactly as read.
    public let text: String
    /// The fti cells, top to bottom.
    public var cells: [Cell]
    /// The text as lines of bytes, kept so records can be spliced without touching other bytes.
    let lineTable: LineTable

    /// A fenced block found by the scanner: its opening and the line indices of both fences.
    private struct Block {
        var opening: FenceOpening
        var openLine: Int
        var closeLine: Int
    }

    /// Parses `text`; errors (unclosed fence, bad option, duplicate id) name `path` and the line.
    public static func parse(_ text: String, path: String) throws(NotebookError) -> NotebookDocument {
        let table = LineTable(bytes: Array(text.utf8))
        let blocks = try scanBlocks(table, path: path)
        var cells: [Cell] = []
        var ids: [(id: String, line: Int)] = []
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            index += 1
            guard block.opening.words.first == "fti" else { continue }
            let line = block.openLine + 1
            let options = try CellOptions.parse(Array(block.opening.words.dropFirst()), path: path, line: line)
            if let id = options.id {
                if let earlier = ids.first(where: { $0.id == id }) {
                    throw NotebookError(
                        path: path, line: line, message: "duplicate cell id '\(id)' (first used on line \(earlier.line))")
                }
                ids.append((id, line))
            }
            var cell = Cell(
                number: cells.count + 1, line: line,
                source: content(of: block, in: table),
                options: options,
                recordedOutput: nil, recordedError: nil, outputLine: nil, errorLine: nil,
                recordInsertionOffset: table.lines[block.closeLine].end,
                indentation: block.opening.indentation,
                outputFence: nil, errorFence: nil)
            // The record: an `output` fence, then an `error` fence, each after only blank lines.
            var previous = block
            for tag in ["output", "error"] {
                guard index < blocks.count else { break }
                let candidate = blocks[index]
                guard candidate.opening.words.first.map(String.init) == tag,
                    (previous.closeLine + 1..<candidate.openLine).allSatisfy(table.isBlank)
                else { continue }
                let fence = RecordFence(
                    start: table.lines[candidate.openLine].start,
                    end: table.lines[candidate.closeLine].end,
                    endsWithLineBreak: table.lines[candidate.closeLine].hasLineBreak,
                    indentation: candidate.opening.indentation)
                if tag == "output" {
                    cell.recordedOutput = content(of: candidate, in: table)
                    cell.outputLine = candidate.openLine + 1
                    cell.outputFence = fence
                } else {
                    cell.recordedError = content(of: candidate, in: table)
                    cell.errorLine = candidate.openLine + 1
                    cell.errorFence = fence
                }
                previous = candidate
                index += 1
            }
            cells.append(cell)
        }
        return NotebookDocument(path: path, text: text, cells: cells, lineTable: table)
    }

    /// Whether some line of `text` opens an fti fence; used to tell a broken notebook from a
    /// broken Markdown file that has no cells (the latter is not a notebook, so not an error).
    public static func mentionsCells(_ text: String) -> Bool {
        let table = LineTable(bytes: Array(text.utf8))
        return table.lines.indices.contains { FenceOpening(table.content($0))?.words.first == "fti" }
    }

    /// Finds every top-level fenced block; the content of a block is never scanned for fences,
    /// so a longer outer fence can show fti cells as text.
    private static func scanBlocks(_ table: LineTable, path: String) throws(NotebookError) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < table.lines.count {
            guard let opening = FenceOpening(table.content(index)) else {
                index += 1
                continue
            }
            var close = index + 1
            while close < table.lines.count, !opening.isClosed(by: table.content(close)) {
                close += 1
            }
            guard close < table.lines.count else {
                let fence = String(repeating: Character(Unicode.Scalar(opening.character)), count: opening.length)
                throw NotebookError(path: path, line: index + 1, message: "code fence \(fence) opened here is never closed")
            }
            blocks.append(Block(opening: opening, openLine: index, closeLine: close))
            index = close + 1
        }
        return blocks
    }

    /// The lines between a block's fences, its indentation removed, joined by "\n".
    private static func content(of block: Block, in table: LineTable) -> String {
        (block.openLine + 1..<block.closeLine)
            .map { table.content($0, removingIndentation: block.opening.indentation) }
            .joined(separator: "\n")
    }
}
