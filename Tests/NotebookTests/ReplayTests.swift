import Foundation
import Testing
import Notebook

@Suite("Replaying notebooks")
struct ReplayTests {
    private let passing = """
        # Tour

        ```fti id=first
        print hello
        count
        ```

        ```output
        hello
        1
        ```

        ```fti expect-error
        print before
        fail oops
        ```

        ```output
        before
        ```

        ```error
        error: oops
         --> cell 2, line 1
        ```

        ```fti skip
        print never
        ```

        ```fti ignore-output
        print volatile
        ```

        ```output
        whatever
        ```
        """

    @Test func passingNotebook() throws {
        let folder = try TemporaryFolder()
        try folder.write("tour.md", passing)
        let run = replay(["tour.md"], in: folder)
        #expect(run.report == "3 passed, 0 failed, 1 skipped\n")
        #expect(run.summary == ReplaySummary(passed: 3, failed: 0, skipped: 1))
        #expect(run.summary.succeeded)
        let runner = try #require(run.runners.first)
        #expect(runner.directory == folder.path)
        #expect(runner.ran.map(\.cellNumber) == [1, 2, 4])
        #expect(runner.ran[1].options.expectError)
    }

    @Test func oneCharacterChangeIsShownAsADiff() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "notebooks/00-tour.md",
            "# T\n\n```fti id=bucket\nprint a\nprint b\nprint c\nprint d\n```\n\n```output\na\nb\nX\nd\n```\n")
        let run = replay(["notebooks/00-tour.md"], in: folder)
        #expect(
            run.report == """
                FAIL notebooks/00-tour.md:3  cell 1 (id=bucket)
                  | print a
                  | print b
                  | print c
                --- recorded output (notebooks/00-tour.md:10)
                +++ actual output
                @@ -1,4 +1,4 @@
                 a
                 b
                -X
                +c
                 d
                0 passed, 1 failed

                """)
        #expect(!run.summary.succeeded)
    }

    @Test func unexpectedErrorStopsTheNotebook() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "a.md",
            """
            ```fti
            print ok
            ```

            ```output
            ok
            ```

            ```fti id=boom
            fail broken
            ```

            ```fti
            print later
            ```

            ```fti skip
            ```

            ```fti
            ```
            """)
        try folder.write("b.md", "```fti\ncount\n```\n\n```output\n1\n```\n")
        let run = replay(["a.md", "b.md"], in: folder)
        #expect(
            run.report == """
                FAIL a.md:9  cell 2 (id=boom)
                  | fail broken
                  unexpected error (mark the cell expect-error if it is meant to fail)
                --- recorded error
                +++ actual error
                @@ -0,0 +1,2 @@
                +error: broken
                + --> cell 2, line 1
                  2 later cells not run
                2 passed, 1 failed, 1 skipped, 2 not run

                """)
        #expect(run.summary == ReplaySummary(passed: 2, failed: 1, skipped: 1, notRun: 2))
        // The second notebook got a fresh session: its counter starts again at 1.
        #expect(run.runners.count == 2)
        #expect(run.runners[0].ran.map(\.cellNumber) == [1, 2])
    }

    @Test func expectErrorSemantics() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "e.md",
            """
            ```fti expect-error
            print fine
            ```

            ```output
            fine
            ```

            ```error
            error: was failing
            ```

            ```fti expect-error
            fail now
            ```

            ```error
            error: different
            ```

            ```fti
            print still runs
            ```

            ```output
            still runs
            ```
            """)
        let run = replay(["e.md"], in: folder)
        #expect(
            run.report == """
                FAIL e.md:1  cell 1
                  | print fine
                  expected an error, but the cell succeeded
                FAIL e.md:13  cell 2
                  | fail now
                --- recorded error (e.md:17)
                +++ actual error
                @@ -1,1 +1,2 @@
                -error: different
                +error: now
                + --> cell 2, line 1
                1 passed, 2 failed

                """)
    }

    @Test func missingRecordComparesAsEmptyAndStaleErrorFails() throws {
        let folder = try TemporaryFolder()
        try folder.write("m.md", "```fti\n```\n\n```fti\nprint x\n```\n\n```fti\n```\n\n```error\nerror: old\n```\n")
        let run = replay(["m.md"], in: folder)
        #expect(run.summary == ReplaySummary(passed: 1, failed: 2))
        #expect(run.report.contains("--- recorded output\n+++ actual output\n@@ -0,0 +1,1 @@\n+x\n"))
        #expect(run.report.contains("--- recorded error (m.md:11)\n+++ actual error\n@@ -1,1 +0,0 @@\n-error: old\n"))
    }

    @Test func parseErrorsAndMissingFilesCountAsFailures() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.md", "```fti wat\n```\n")
        try folder.write("good.md", "```fti\nprint 1\n```\n\n```output\n1\n```\n")
        try folder.write("latin1.md", "caf\u{e9}")
        let latin1 = URL(fileURLWithPath: folder.path).appendingPathComponent("latin1.md")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: latin1)
        let run = replay(["bad.md", "nope.md", "latin1.md", "good.md"], in: folder)
        #expect(
            run.report == """
                error: bad.md:1: unknown cell option 'wat' (known: id=, skip, expect-error, ignore-output, quiet, timeout=)
                error: nope.md: no such file or directory
                error: latin1.md: not valid UTF-8
                1 passed, 3 failed

                """)
        #expect(run.summary.errors == 3)
        #expect(run.summary.failed == 3)
    }

    @Test(arguments: [
        (ReplaySummary(passed: 12, failed: 1, skipped: 1, notRun: 3), "12 passed, 1 failed, 1 skipped, 3 not run"),
        (ReplaySummary(), "0 passed, 0 failed"),
        (ReplaySummary(passed: 2, failed: 0, notRun: 1), "2 passed, 0 failed, 1 not run"),
        (ReplaySummary(passed: 2, failed: 0, skipped: 4), "2 passed, 0 failed, 4 skipped"),
    ])
    func summaryLine(summary: ReplaySummary, line: String) {
        #expect(summary.description == line)
    }

    @Test func foldersAreSearchedInByteOrder() throws {
        let folder = try TemporaryFolder()
        let cell = "```fti\ncount\n```\n\n```output\n1\n```\n"
        try folder.write("docs/b.md", cell)
        try folder.write("docs/a-z.md", cell)
        try folder.write("docs/a/z.md", cell)
        try folder.write("docs/B.md", cell)
        try folder.write("docs/plain.md", "# no cells\n")
        try folder.write("docs/broken-prose.md", "```text\nnever closed\n")
        try folder.write("docs/notes.txt", cell)
        try folder.write("docs/.hidden/x.md", cell)
        try folder.write("docs/.build-cache/x.md", cell)
        try folder.write("docs/sub/deeper/c.md", cell)
        #expect(
            NotebookDiscovery.markdownFiles(in: "docs", resolvingAgainst: folder.path) == [
                "docs/B.md", "docs/a-z.md", "docs/a/z.md", "docs/b.md", "docs/broken-prose.md", "docs/plain.md",
                "docs/sub/deeper/c.md",
            ])
        let run = replay(["docs/"], in: folder)
        #expect(run.report == "5 passed, 0 failed\n")
        #expect(run.runners.map(\.directory) == ["docs", "docs", "docs/a", "docs", "docs/sub/deeper"].map {
            folder.path + "/" + $0
        })
        // A notebook named twice (directly and through its folder) runs once; paths print as given.
        try folder.write("docs/b.md", "```fti\nprint changed\n```\n")
        let again = replay(["docs/b.md", "docs"], in: folder)
        #expect(again.summary.passed + again.summary.failed == 5)
        #expect(again.report.hasPrefix("FAIL docs/b.md:1  cell 1\n"))
    }

    @Test func aBrokenNotebookInAFolderIsReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("nb/x.md", "text\n\n```fti\nprint 1\n")
        let run = replay(["nb"], in: folder)
        #expect(run.report == "error: nb/x.md:3: code fence ``` opened here is never closed\n0 passed, 1 failed\n")
    }
}
