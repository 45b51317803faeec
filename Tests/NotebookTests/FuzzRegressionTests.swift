import Testing
import Notebook

/// Notebooks that FuzzNotebook (fuzz/, `make fuzz`) found to break the `--update` round trip:
/// the rewritten file must read back with the same cells holding exactly the records written,
/// and a second update must change nothing.
@Suite struct NotebookFuzzRegressionTests {
    /// Writes `records` (output, error) into every cell, then checks the round trip.
    func roundTrip(_ text: String, _ records: [(String, String)]) throws -> String {
        let document = try NotebookDocument.parse(text, path: "n.md")
        let updates = records.enumerated().map { RecordUpdate(cellNumber: $0.offset + 1, output: $0.element.0, error: $0.element.1) }
        let (updated, _) = document.applying(updates)
        let again = try NotebookDocument.parse(updated, path: "n.md")
        #expect(again.cells.map(\.source) == document.cells.map(\.source))
        for (cell, record) in zip(again.cells, records) {
            #expect(RecordText.normalize(cell.recordedOutput ?? "") == RecordText.normalize(record.0), "cell \(cell.number)")
            #expect(RecordText.normalize(cell.recordedError ?? "") == RecordText.normalize(record.1), "cell \(cell.number)")
        }
        let (second, changed) = again.applying(updates)
        #expect(second == updated)
        #expect(changed == 0)
        return updated
    }

    /// Deleting a cell's output record used to pull the next `output` fence (prose, since a cell
    /// has one) into the record's place, so the next update deleted that too (found by FuzzNotebook).
    @Test func deletingARecordDoesNotAdoptTheNextTaggedFence() throws {
        let minimal = "```fti\n```\n```output\n```\n```output\n```"
        #expect(try roundTrip(minimal, [("", "")]) == minimal)
        let prose = """
            ```fti
            print gone
            ```

            ```output
            gone
            ```

            ```output
            an example of output, kept as prose
            ```

            """
        let updated = try roundTrip(prose, [("", "")])
        #expect(updated.contains("```output\nan example of output, kept as prose\n```"))
        #expect(!updated.contains("gone\n```\n\n```output\nan"))
    }

    /// The same for an error record followed by an `error` fence written as prose.
    @Test func deletingAnErrorRecordDoesNotAdoptTheNextTaggedFence() throws {
        let text = "```fti\nfail x\n```\n\n```error\nerror: x\n```\n\n```error\nprose\n```\n"
        _ = try roundTrip(text, [("printed", "")])
    }

    /// Without a tagged fence after it, a record that becomes empty is still removed.
    @Test func emptyRecordsAreStillRemoved() throws {
        let text = "```fti\nprint a\n```\n\n```output\na\n```\n\nProse.\n"
        #expect(try roundTrip(text, [("", "")]) == "```fti\nprint a\n```\n\nProse.\n")
    }
}
