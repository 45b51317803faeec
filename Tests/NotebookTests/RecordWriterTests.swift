import Testing
import Notebook

@Suite("Rewriting records")
struct RecordWriterTests {
    /// Applies updates, then checks that applying them again to the result changes nothing.
    private func apply(_ text: String, _ updates: [RecordUpdate]) throws -> (text: String, changedCells: Int) {
        let result = try parse(text).applying(updates)
        let again = try parse(result.text).applying(updates)
        #expect(again.text == result.text, "update is not idempotent")
        #expect(again.changedCells == 0)
        return result
    }

    private let recorded = """
        # Tour

        ```fti id=a
        print 1
        ```

        ```output
        1   \("")
        ```

        Prose between.

        ```fti expect-error
        fail x
        ```

        ```output
        partial
        ```

        ```error
        error: x
        ```
        """

    @Test func identicalOutcomesLeaveTheFileByteIdentical() throws {
        let result = try apply(
            recorded + "\n",
            [
                RecordUpdate(cellNumber: 1, output: "1\n", error: nil),
                RecordUpdate(cellNumber: 2, output: "partial\n\n", error: "error: x\r\n"),
            ])
        #expect(result.text == recorded + "\n")
        #expect(result.changedCells == 0)
        // Also without a final newline.
        #expect(try apply(recorded, [RecordUpdate(cellNumber: 2, output: "partial", error: "error: x")]).text == recorded)
    }

    @Test func insertsOutputAfterTheCell() throws {
        let result = try apply("```fti\nprint a\n```\nNext.\n", [RecordUpdate(cellNumber: 1, output: "a\n", error: "")])
        #expect(result.text == "```fti\nprint a\n```\n\n```output\na\n```\nNext.\n")
        #expect(result.changedCells == 1)
    }

    @Test func insertsOutputAndErrorInOrder() throws {
        let result = try apply(
            "```fti\nx\n```\n\n## Next\n", [RecordUpdate(cellNumber: 1, output: "a\nb  \n\n", error: "error: e\n")])
        #expect(result.text == "```fti\nx\n```\n\n```output\na\nb\n```\n\n```error\nerror: e\n```\n\n## Next\n")
    }

    @Test func insertsErrorAfterAKeptOutput() throws {
        let result = try apply(
            "```fti\nx\n```\n\n```output\na\n```\nEnd\n", [RecordUpdate(cellNumber: 1, output: "a", error: "error: e")])
        #expect(result.text == "```fti\nx\n```\n\n```output\na\n```\n\n```error\nerror: e\n```\nEnd\n")
    }

    @Test func replacesOutputKeepingItsSurroundings() throws {
        let text = "```fti\nx\n```\n\n\n~~~~output\nold\n~~~~\n  \nEnd\n"
        let result = try apply(text, [RecordUpdate(cellNumber: 1, output: "new", error: "")])
        #expect(result.text == "```fti\nx\n```\n\n\n```output\nnew\n```\n  \nEnd\n")
    }

    @Test func deletesStaleFences() throws {
        let text = "```fti\nx\n```\n\n```output\nold\n```\n\n```error\nerror: old\n```\n\nEnd\n"
        // Now passing with output: the error fence goes.
        #expect(
            try apply(text, [RecordUpdate(cellNumber: 1, output: "old", error: "")]).text
                == "```fti\nx\n```\n\n```output\nold\n```\n\nEnd\n")
        // Now failing silently: the output fence goes, the error stays.
        #expect(
            try apply(text, [RecordUpdate(cellNumber: 1, output: "", error: "error: old")]).text
                == "```fti\nx\n```\n\n```error\nerror: old\n```\n\nEnd\n")
        // Nothing at all: both go.
        #expect(try apply(text, [RecordUpdate(cellNumber: 1, output: "\n", error: "")]).text == "```fti\nx\n```\n\nEnd\n")
        // New output and the error gone.
        #expect(
            try apply(text, [RecordUpdate(cellNumber: 1, output: "new", error: "")]).text
                == "```fti\nx\n```\n\n```output\nnew\n```\n\nEnd\n")
    }

    @Test func replacesErrorAndInsertsOutputBeforeIt() throws {
        let text = "```fti\nx\n```\n\n```error\nerror: old\n```\n"
        #expect(
            try apply(text, [RecordUpdate(cellNumber: 1, output: "printed", error: "error: new")]).text
                == "```fti\nx\n```\n\n```output\nprinted\n```\n\n```error\nerror: new\n```\n")
        #expect(
            try apply(text, [RecordUpdate(cellNumber: 1, output: "printed", error: "")]).text
                == "```fti\nx\n```\n\n```output\nprinted\n```\n")
    }

    @Test func nilKeepsARecordPart() throws {
        let text = "```fti ignore-output\nx\n```\n\n```output\nvolatile 12ms\n```\n"
        let result = try apply(text, [RecordUpdate(cellNumber: 1, output: nil, error: "error: e")])
        #expect(result.text == text + "\n```error\nerror: e\n```\n")
    }

    @Test func fenceIsLongerThanAnyBacktickRun() throws {
        let result = try apply("```fti\nx\n```\n", [RecordUpdate(cellNumber: 1, output: "a ```` b\n```", error: "")])
        #expect(result.text == "```fti\nx\n```\n\n`````output\na ```` b\n```\n`````\n")
        #expect(try parse(result.text).cells[0].recordedOutput == "a ```` b\n```")
    }

    @Test func keepsCRLFAndUsesItForNewFences() throws {
        let text = "Intro  \r\n\r\n```fti\r\nx\r\n```\r\n\r\n```output\r\nold\r\n```\r\nEnd\r\n"
        let result = try apply(text, [RecordUpdate(cellNumber: 1, output: "new\n", error: "error: e")])
        #expect(
            result.text
                == "Intro  \r\n\r\n```fti\r\nx\r\n```\r\n\r\n```output\r\nnew\r\n```\r\n\r\n```error\r\nerror: e\r\n```\r\nEnd\r\n")
    }

    @Test func handlesAFileWithoutFinalNewline() throws {
        #expect(
            try apply("```fti\nx\n```", [RecordUpdate(cellNumber: 1, output: "a", error: "error: e")]).text
                == "```fti\nx\n```\n\n```output\na\n```\n\n```error\nerror: e\n```\n")
        #expect(
            try apply("```fti\nx\n```\n\n```output\nold\n```", [RecordUpdate(cellNumber: 1, output: "new", error: "")]).text
                == "```fti\nx\n```\n\n```output\nnew\n```")
        #expect(
            try apply("```fti\nx\n```\n\n```output\nold\n```", [RecordUpdate(cellNumber: 1, output: "old", error: "e")]).text
                == "```fti\nx\n```\n\n```output\nold\n```\n\n```error\ne\n```\n")
        #expect(
            try apply("```fti\nx\n```\n\n```output\nold\n```", [RecordUpdate(cellNumber: 1, output: "", error: "")]).text
                == "```fti\nx\n```\n")
    }

    @Test func indentedCellsGetIndentedRecords() throws {
        let text = "- step\n\n  ```fti\n  x\n  ```\n"
        let result = try apply(text, [RecordUpdate(cellNumber: 1, output: "  a\n\nb", error: "")])
        #expect(result.text == text + "\n  ```output\n    a\n\n  b\n  ```\n")
        #expect(try parse(result.text).cells[0].recordedOutput == "  a\n\nb")
    }

    @Test func onlyNamedCellsChange() throws {
        let text = "```fti\na\n```\n\n```fti\nb\n```\n\n```fti\nc\n```\n"
        let result = try apply(
            text,
            [
                RecordUpdate(cellNumber: 3, output: "3", error: ""),
                RecordUpdate(cellNumber: 1, output: "1", error: ""),
                RecordUpdate(cellNumber: 9, output: "ignored", error: ""),
            ])
        #expect(result.changedCells == 2)
        #expect(
            result.text
                == "```fti\na\n```\n\n```output\n1\n```\n\n```fti\nb\n```\n\n```fti\nc\n```\n\n```output\n3\n```\n")
    }
}
