import Foundation
import Testing
import Notebook

@Suite("Replay with --update")
struct UpdateTests {
    @Test func recordsOutcomesThenIsIdempotent() throws {
        let folder = try TemporaryFolder()
        let original = """
            # Intro

            ```fti id=a
            print new
            ```

            ```output
            old
            ```

            Prose stays.

            ```fti
            print printed
            fail bad
            ```

            ```fti skip
            print skipped
            ```

            ```output
            kept as is
            ```

            ```fti ignore-output
            print fresh
            ```

            ```output
            recorded volatile
            ```

            ```fti expect-error
            print no error any more
            ```

            ```error
            error: stale
            ```

            """
        try folder.write("nb.md", original)
        let first = replay(["nb.md"], in: folder, update: true)
        #expect(
            first.report == """
                FAIL nb.md:13  cell 2
                  | print printed
                  | fail bad
                  unexpected error (mark the cell expect-error if it is meant to fail)
                  error: bad
                   --> cell 2, line 1
                  2 later cells not run
                updated nb.md (2 cells)
                1 passed, 1 failed, 1 skipped, 2 not run

                """)
        #expect(first.summary.updatedFiles == 1)
        let updated = try folder.read("nb.md")
        let expected = original
            .replacingOccurrences(of: "```output\nold\n```", with: "```output\nnew\n```")
            .replacingOccurrences(
                of: "print printed\nfail bad\n```\n",
                with: "print printed\nfail bad\n```\n\n```output\nprinted\n```\n\n```error\nerror: bad\n --> cell 2, line 1\n```\n")
        #expect(updated == expected)

        // Fix the failing cell: now every runnable cell records, and the stale records go.
        try folder.write("nb.md", updated.replacingOccurrences(of: "fail bad\n```", with: "```"))
        let second = replay(["nb.md"], in: folder, update: true)
        #expect(
            second.report == """
                FAIL nb.md:42  cell 5
                  | print no error any more
                  expected an error, but the cell succeeded
                updated nb.md (2 cells)
                3 passed, 1 failed, 1 skipped

                """)
        let fixed = try folder.read("nb.md")
        #expect(!fixed.contains("error: bad"))
        #expect(!fixed.contains("error: stale"))
        #expect(fixed.contains("```output\nno error any more\n```"))
        #expect(fixed.contains("```output\nkept as is\n```"))
        #expect(fixed.contains("```output\nrecorded volatile\n```"))

        // A third update changes nothing and writes nothing.
        let third = replay(["nb.md"], in: folder, update: true)
        #expect(!third.report.contains("updated"))
        #expect(third.summary.updatedFiles == 0)
        #expect(try folder.read("nb.md") == fixed)
    }

    @Test func updatedFilePassesAPlainReplay() throws {
        let folder = try TemporaryFolder()
        try folder.write("n/x.md", "```fti\nprint a ```` b\ncount\n```\n\nText.\n\n```fti\ncount\n```\n\n```output\n99\n```\n")
        let update = replay(["n"], in: folder, update: true)
        #expect(update.report == "updated n/x.md (2 cells)\n2 passed, 0 failed\n")
        let check = replay(["n"], in: folder)
        #expect(check.report == "2 passed, 0 failed\n")
        #expect(try folder.read("n/x.md").contains("`````output\na ```` b\n1\n`````"))
    }

    @Test func refusesMergeConflicts() throws {
        let folder = try TemporaryFolder()
        let text = "```fti\nprint a\n```\n\n<<<<<<< HEAD\n```output\nb\n```\n=======\n```output\nc\n```\n>>>>>>> main\n"
        try folder.write("c.md", text)
        let run = replay(["c.md"], in: folder, update: true)
        #expect(
            run.report
                == "error: c.md:5: merge-conflict marker; resolve the conflict before --update\n0 passed, 1 failed\n")
        #expect(run.runners.isEmpty)
        #expect(try folder.read("c.md") == text)
    }

    @Test func leavesNoTemporaryFilesAndKeepsPermissions() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("p.md", "```fti\nprint a\n```\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        _ = replay(["p.md"], in: folder, update: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["p.md"])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        #expect(try folder.read("p.md") == "```fti\nprint a\n```\n\n```output\na\n```\n")
    }
}
