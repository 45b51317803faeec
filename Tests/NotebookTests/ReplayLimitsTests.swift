import Foundation
import Runtime
import Testing
import Notebook

/// What the replayer adds for limits: the default cell timeout (a cell's own `timeout=` wins),
/// `finish()` once per notebook, and the notebook session's pinned output cap and sandbox.
@Suite struct ReplayLimitsTests {
    /// Records the options each cell ran with and how often `finish` was called.
    final class RecordingRunner: CellRunner {
        var timeouts: [Double?] = []
        var finished = 0

        func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome {
            timeouts.append(options.timeout)
            return CellOutcome(output: "", error: nil)
        }

        func finish() {
            finished += 1
        }
    }

    private let notebook = """
        ```fti
        one
        ```

        ```fti timeout=5s
        two
        ```

        """

    private func replay(_ options: ReplayOptions, in folder: TemporaryFolder) -> [RecordingRunner] {
        final class Box: @unchecked Sendable { var runners: [RecordingRunner] = [] }
        let box = Box()
        let replayer = Replayer(
            options: options,
            makeRunner: { _ in
                let runner = RecordingRunner()
                box.runners.append(runner)
                return runner
            },
            write: { _ in })
        _ = replayer.replay(paths: ["a.md", "b.md"])
        return box.runners
    }

    @Test func theDefaultTimeoutFillsInForCellsWithoutTheirOwn() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.md", notebook)
        try folder.write("b.md", notebook)
        let runners = replay(ReplayOptions(workingDirectory: folder.path, cellTimeout: 60), in: folder)
        #expect(runners.map(\.timeouts) == [[60, 5], [60, 5]])
        #expect(runners.map(\.finished) == [1, 1])
        let none = replay(ReplayOptions(workingDirectory: folder.path), in: folder)
        #expect(none.map(\.timeouts) == [[nil, 5], [nil, 5]])
    }

    @Test func durationsParseAsForTimeoutOptions() {
        #expect(ReplayOptions.seconds(in: "60s") == 60)
        #expect(ReplayOptions.seconds(in: "500ms") == 0.5)
        #expect(ReplayOptions.seconds(in: "2m") == 120)
        #expect(ReplayOptions.seconds(in: "60") == nil)
        #expect(ReplayOptions.seconds(in: "-1s") == nil)
    }

    @Test func notebookSessionsCutLongOutputAndTakeASandbox() throws {
        let folder = try TemporaryFolder()
        try folder.write("data.csv", "a\n1\n")
        let runner = SessionCellRunner(directory: folder.path, standardLibrary: nil) { options in
            options.fileAccess = FileAccessPolicy(roots: [folder.path], explanation: "only here")
        }
        defer { runner.finish() }
        let chatty = runner.run(source: "let xs = map(range(0, 2500), x => print(x))", cellNumber: 1, options: CellOptions())
        let lines = chatty.output.split(separator: "\n")
        #expect(lines.count == SessionCellRunner.outputLineLimit + 1)
        #expect(lines.last == "… 500 more lines not shown (output is cut at 2000 lines)")
        let inside = runner.run(source: "read_csv(\"data.csv\") |> shape", cellNumber: 2, options: CellOptions())
        #expect(inside.output == "[1, 1]\n")
        let outside = runner.run(source: "read_csv(\"/etc/passwd\")", cellNumber: 3, options: CellOptions())
        #expect(outside.error?.hasPrefix("error: sandbox: \"/etc/passwd\" is outside ") == true)
        #expect(outside.error?.contains("(only here)") == true)
    }
}
