extension NotebookDocument {
    /// A replacement of the bytes `start..<end` (empty for an insertion) by `text`.
    private struct Splice {
        var start: Int
        var end: Int
        var text: String
    }

    /// The file's text with the given records written and `changedCells` counting the cells whose
    /// record changed. Only output/error fences (and blank lines leading into a deleted one) change;
    /// a record equal to the recorded one after normalising is left byte for byte. New fences use
    /// the file's own line ending, the indentation of the fence they replace (or of the cell), and
    /// a backtick fence longer than any backtick run in their content.
    public func applying(_ updates: [RecordUpdate]) -> (text: String, changedCells: Int) {
        let bytes = lineTable.bytes
        let ending = lineTable.lineEnding
        var splices: [Splice] = []
        var changedCells = 0
        for update in updates.sorted(by: { $0.cellNumber < $1.cellNumber }) {
            guard update.cellNumber >= 1, update.cellNumber <= cells.count else { continue }
            let cell = cells[update.cellNumber - 1]
            let before = splices.count
            let cellEnd = cell.recordInsertionOffset
            let cellEndHasBreak = cellEnd > 0 && bytes[cellEnd - 1] == UInt8(ascii: "\n")
            // Removing a record would let a fence tagged output or error that follows it (after
            // blank lines) become the cell's record on the next read: such a record is emptied instead.
            let keepsFences = recordIsFollowedByTaggedFence(cell)
            // Whether an error fence inserted after the (possibly new) output must first end a line.
            var breakBeforeError: Bool
            if let fence = cell.outputFence {
                breakBeforeError = !fence.endsWithLineBreak
            } else {
                breakBeforeError = !cellEndHasBreak
            }

            if let new = update.output.map(RecordText.normalize) {
                if let fence = cell.outputFence {
                    if new.isEmpty && !keepsFences {
                        splices.append(Splice(start: cellEnd, end: fence.end, text: ""))
                        breakBeforeError = false
                    } else if RecordText.normalize(cell.recordedOutput ?? "") != new {
                        let text = Self.fenceText(
                            new, tag: "output", indentation: fence.indentation, lineEnding: ending,
                            finalBreak: fence.endsWithLineBreak)
                        splices.append(Splice(start: fence.start, end: fence.end, text: text))
                    }
                } else if !new.isEmpty {
                    let text = Self.fenceText(
                        new, tag: "output", indentation: cell.indentation, lineEnding: ending, finalBreak: true)
                    splices.append(
                        Splice(start: cellEnd, end: cellEnd, text: (cellEndHasBreak ? "" : ending) + ending + text))
                    breakBeforeError = false
                }
            }

            if let new = update.error.map(RecordText.normalize) {
                let anchor = cell.outputFence?.end ?? cellEnd
                if let fence = cell.errorFence {
                    if new.isEmpty && !keepsFences {
                        splices.append(Splice(start: anchor, end: fence.end, text: ""))
                    } else if RecordText.normalize(cell.recordedError ?? "") != new {
                        let text = Self.fenceText(
                            new, tag: "error", indentation: fence.indentation, lineEnding: ending,
                            finalBreak: fence.endsWithLineBreak)
                        splices.append(Splice(start: fence.start, end: fence.end, text: text))
                    }
                } else if !new.isEmpty {
                    let text = Self.fenceText(
                        new, tag: "error", indentation: cell.indentation, lineEnding: ending, finalBreak: true)
                    splices.append(
                        Splice(start: anchor, end: anchor, text: (breakBeforeError ? ending : "") + ending + text))
                }
            }
            if splices.count > before { changedCells += 1 }
        }
        guard !splices.isEmpty else { return (text, 0) }

        // Splices never overlap; an insertion sorts before a deletion starting at the same byte
        // because it was appended first (the sort is stable on the index).
        let ordered = splices.indices.sorted {
            (splices[$0].start, $0) < (splices[$1].start, $1)
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var cursor = 0
        for index in ordered {
            let splice = splices[index]
            result += bytes[cursor..<splice.start]
            result += Array(splice.text.utf8)
            cursor = splice.end
        }
        result += bytes[cursor...]
        return (String(decoding: result, as: UTF8.self), changedCells)
    }

    /// Whether the first fence after the cell's record (with only blank lines between) is tagged
    /// `output` or `error`: it is prose now, but would be read as the record were the record gone.
    func recordIsFollowedByTaggedFence(_ cell: Cell) -> Bool {
        let end = cell.errorFence?.end ?? cell.outputFence?.end ?? cell.recordInsertionOffset
        guard var index = lineTable.lines.firstIndex(where: { $0.start >= end }) else { return false }
        while index < lineTable.lines.count, lineTable.isBlank(index) { index += 1 }
        guard index < lineTable.lines.count, let tag = FenceOpening(lineTable.content(index))?.words.first else { return false }
        return tag == "output" || tag == "error"
    }

    /// A fence holding `content`, made of more backticks than any run inside it (at least three).
    static func fenceText(
        _ content: String, tag: String, indentation: Int, lineEnding: String, finalBreak: Bool
    ) -> String {
        var longest = 0
        var run = 0
        for byte in content.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let indent = String(repeating: " ", count: indentation)
        let fence = indent + String(repeating: "`", count: max(3, longest + 1))
        var text = fence + tag + lineEnding
        for line in RecordText.lines(content) {
            text += (line.isEmpty ? "" : indent + line) + lineEnding
        }
        return text + fence + (finalBreak ? lineEnding : "")
    }
}
