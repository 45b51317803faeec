import Testing
import Notebook

@Suite("Notebook parsing")
struct ParserTests {
    @Test func findsCellsAndTheirRecords() throws {
        let text = """
            # Title

            Some prose.

            ```fti id=load
            let x = 1
            x
            ```


            ```output
            1
            ```

            ```error
            error: boom
            ```

            ```python
            not a cell
            ```

            ```fti skip
            print hi
            ```
            """
        let document = try parse(text)
        #expect(document.cells.count == 2)
        let first = try #require(document.cells.first)
        #expect(first.number == 1)
        #expect(first.line == 5)
        #expect(first.source == "let x = 1\nx")
        #expect(first.options == CellOptions(id: "load"))
        #expect(first.recordedOutput == "1")
        #expect(first.outputLine == 11)
        #expect(first.recordedError == "error: boom")
        #expect(first.errorLine == 15)
        let second = document.cells[1]
        #expect(second.number == 2)
        #expect(second.line == 23)
        #expect(second.options.skip)
        #expect(second.recordedOutput == nil)
        #expect(second.recordedError == nil)
    }

    @Test func parsesEveryOption() throws {
        let document = try parse(
            """
            ```fti id=a-1 skip expect-error ignore-output quiet timeout=30s
            ```
            ```fti timeout=500ms id="quoted"
            ```
            ```fti timeout=2m
            ```
            ```fti timeout=1.5s
            ```
            """)
        #expect(
            document.cells[0].options
                == CellOptions(id: "a-1", skip: true, expectError: true, ignoreOutput: true, quiet: true, timeout: 30))
        #expect(document.cells[1].options == CellOptions(id: "quoted", timeout: 0.5))
        #expect(document.cells[2].options.timeout == 120)
        #expect(document.cells[3].options.timeout == 1.5)
        #expect(document.cells[0].source == "")
    }

    @Test(arguments: [
        ("```fti verbose\n```\n", "unknown cell option 'verbose'"),
        ("```fti id=Load\n```\n", "bad cell id 'Load'"),
        ("```fti id=-x\n```\n", "bad cell id '-x'"),
        ("```fti id=\n```\n", "cell option 'id' needs a value"),
        ("```fti timeout=30\n```\n", "bad timeout '30'"),
        ("```fti timeout=-1s\n```\n", "bad timeout '-1s'"),
        ("```fti timeout=nans\n```\n", "bad timeout 'nans'"),
        ("```fti quiet=yes\n```\n", "cell option 'quiet' takes no value"),
        ("```fti skip skip\n```\n", "cell option 'skip' given twice"),
    ])
    func rejectsBadOptions(text: String, message: String) throws {
        let error = try #require(parseError("prose\n\n" + text, path: "docs/a.md"))
        #expect(error.path == "docs/a.md")
        #expect(error.line == 3)
        #expect(error.message.hasPrefix(message))
        #expect(error.description.hasPrefix("docs/a.md:3: \(message)"))
    }

    @Test func rejectsDuplicateIds() throws {
        let error = try #require(parseError("```fti id=a\n```\n\n```fti id=a\n```\n"))
        #expect(error.description == "nb.md:4: duplicate cell id 'a' (first used on line 1)")
    }

    @Test func reportsAnUnclosedFenceWhereItOpened() throws {
        let cell = try #require(parseError("# T\n\n```fti\nx\n"))
        #expect(cell.description == "nb.md:3: code fence ``` opened here is never closed")
        // A prose fence too, and a shorter closing fence does not close a longer one.
        let prose = try #require(parseError("```fti\n```\n\n~~~~text\nabc\n~~~\n"))
        #expect(prose.line == 4)
        #expect(prose.message == "code fence ~~~~ opened here is never closed")
    }

    @Test func longerOuterFencesShowCellsAsText() throws {
        let document = try parse(
            """
            ````markdown
            ```fti
            print inside
            ```

            ```output
            inside
            ```
            ````

            ~~~text
            ```fti
            ~~~

            ```fti
            print real
            ```
            """)
        #expect(document.cells.count == 1)
        #expect(document.cells[0].source == "print real")
        #expect(document.cells[0].line == 15)
    }

    @Test func tildeFencesAndLongerClosingFences() throws {
        let document = try parse(
            """
            ~~~fti id=t
            print ```
            ~~~~

            ~~~output
            ```
            ~~~
            """)
        #expect(document.cells.count == 1)
        #expect(document.cells[0].source == "print ```")
        #expect(document.cells[0].recordedOutput == "```")
    }

    @Test func recordEndsAtProseOrAnotherFence() throws {
        let document = try parse(
            """
            ```fti
            ```
            text
            ```output
            not a record
            ```

            ```fti
            ```
            ```error
            only an error
            ```
            ```output
            after the error: prose
            ```

            ```fti
            ```

            ```text
            ```
            ```output
            after another fence: prose
            ```
            """)
        #expect(document.cells.count == 3)
        #expect(document.cells[0].recordedOutput == nil)
        #expect(document.cells[1].recordedOutput == nil)
        #expect(document.cells[1].recordedError == "only an error")
        #expect(document.cells[2].recordedOutput == nil)
    }

    @Test func onlyTheFirstWordCountsAndCaseMatters() throws {
        let document = try parse("```ftix\n```\n```FTI\n```\n``` fti quiet\n```\n```output extra words\nok\n```\n")
        #expect(document.cells.count == 1)
        #expect(document.cells[0].options.quiet)
        #expect(document.cells[0].recordedOutput == "ok")
    }

    @Test func readsCRLFFiles() throws {
        let document = try parse("# T\r\n\r\n```fti id=a\r\nprint 1\r\nprint 2\r\n```\r\n\r\n```output\r\n1\r\n2\r\n```\r\n")
        let cell = try #require(document.cells.first)
        #expect(cell.line == 3)
        #expect(cell.options.id == "a")
        #expect(cell.source == "print 1\nprint 2")
        #expect(cell.recordedOutput == "1\n2")
    }

    @Test func indentedFencesUpToThreeSpaces() throws {
        let document = try parse(
            """
            - item

               ```fti
               print a
                 print b
              ```

                ```fti
                not a fence: indented code
                ```
            """)
        #expect(document.cells.count == 1)
        #expect(document.cells[0].source == "print a\n  print b")
    }

    @Test func backtickInInfoStringIsNotAFence() throws {
        #expect(try parse("```fti `x`\n").cells.isEmpty)
    }

    @Test func conflictMarkers() {
        #expect(NotebookDocument.conflictMarkerLine(in: "Title\n=======\n\ntext\n") == nil)
        #expect(NotebookDocument.conflictMarkerLine(in: "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n") == 2)
        #expect(NotebookDocument.conflictMarkerLine(in: "a\n>>>>>>> theirs\n") == 2)
        #expect(NotebookDocument.conflictMarkerLine(in: "<<<<<<<<<< not a marker\n") == nil)
    }
}
