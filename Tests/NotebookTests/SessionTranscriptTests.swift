import Foundation
import Testing
@testable import Notebook

/// `SessionTranscript`: a REPL session written as a notebook whose records are what a replay produces.
@Suite("Session transcript")
struct SessionTranscriptTests {
    private func render(_ transcript: SessionTranscript, folder: String = "/work") throws -> SavedNotebook {
        let saved = try transcript.notebook(
            title: "fti session", notebookFolder: folder, runner: ScriptRunner(directory: folder), isCancelled: { false })
        return try #require(saved)
    }

    @Test("cells, outputs and errors are written as replay --update writes them")
    func exactText() throws {
        var transcript = SessionTranscript()
        transcript.record(.code("print a\nprint b"), failed: false)
        transcript.record(.code("fail oops"), failed: true)
        transcript.record(.code("quiet"), failed: false)
        transcript.record(.code("count"), failed: false)
        let saved = try render(transcript)
        #expect(saved.cellCount == 4)
        #expect(saved.divergentCells == [])
        #expect(saved.text == """
            # fti session

            ```fti
            print a
            print b
            ```

            ```output
            a
            b
            ```

            ```fti expect-error
            fail oops
            ```

            ```error
            error: oops
             --> cell 2, line 1
            ```

            ```fti
            quiet
            ```

            ```fti
            count
            ```

            ```output
            1
            ```

            """)
    }

    @Test("a saved notebook replays clean and --update leaves it byte for byte")
    func replaysClean() throws {
        var transcript = SessionTranscript()
        transcript.record(.code("print ```fenced```\ncount"), failed: false)
        transcript.record(.code("fail nope"), failed: true)
        transcript.record(.code("count\ncount"), failed: false)
        let folder = try TemporaryFolder()
        let saved = try render(transcript, folder: folder.path)
        #expect(saved.text.contains("````fti\nprint ```fenced```\ncount\n````\n\n````output\n```fenced```\n1\n````\n"))
        try folder.write("s.md", saved.text)
        let run = replay(["s.md"], in: folder)
        #expect(run.report == "3 passed, 0 failed\n")
        let update = replay(["s.md"], in: folder, update: true)
        #expect(update.summary.failed == 0)
        #expect(try folder.read("s.md") == saved.text)
    }

    @Test("an input that fails only in the replay, or only in the session, is reported")
    func divergence() throws {
        var transcript = SessionTranscript()
        transcript.record(.code("fail here"), failed: false)
        transcript.record(.code("print fine"), failed: true)
        transcript.record(.code("print same"), failed: false)
        let saved = try render(transcript)
        #expect(saved.divergentCells == [1, 2])
        #expect(saved.text.contains("```fti expect-error\nfail here\n```"))
    }

    @Test("a loaded script becomes a use cell with a path relative to the notebook")
    func scripts() {
        #expect(SessionTranscript.cellSource(of: .script(path: "/a/b/lib.fti"), notebookFolder: "/a/b") == "use \"lib.fti\"")
        #expect(SessionTranscript.cellSource(of: .script(path: "/a/b/c/lib.fti"), notebookFolder: "/a/b") == "use \"c/lib.fti\"")
        #expect(SessionTranscript.cellSource(of: .script(path: "/a/x/lib.fti"), notebookFolder: "/a/b/") == "use \"../x/lib.fti\"")
        #expect(SessionTranscript.cellSource(of: .script(path: "/x/lib.fti"), notebookFolder: "/a/b") == "use \"/x/lib.fti\"")
        #expect(SessionTranscript.cellSource(of: .script(path: "/a/say \"hi\".fti"), notebookFolder: "/a") == "use \"say \\\"hi\\\".fti\"")
        #expect(SessionTranscript.cellSource(of: .code("1 + 1"), notebookFolder: "/a") == "1 + 1")
    }

    @Test("cancelling stops after the current cell and yields nothing")
    func cancel() throws {
        var transcript = SessionTranscript()
        transcript.record(.code("count"), failed: false)
        transcript.record(.code("count"), failed: false)
        let runner = ScriptRunner(directory: "/work")
        let saved = try transcript.notebook(title: "t", notebookFolder: "/work", runner: runner, isCancelled: { true })
        #expect(saved == nil)
        #expect(runner.ran.count == 1)
    }

    @Test("removeAll forgets every entry")
    func removeAll() {
        var transcript = SessionTranscript()
        transcript.record(.code("x"), failed: false)
        #expect(!transcript.isEmpty)
        transcript.removeAll()
        #expect(transcript.isEmpty)
    }
}
