import Foundation
import Notebook

/// A stand-in for the interpreter: each source line is a tiny command, so tests choose outcomes.
/// `print TEXT` prints a line, `fail TEXT` fails with `error: TEXT`, `count` prints a counter
/// that lives as long as the session (to see that every notebook gets a fresh one).
final class ScriptRunner: CellRunner {
    let directory: String
    private(set) var ran: [(cellNumber: Int, options: CellOptions)] = []
    private var counter = 0

    init(directory: String) {
        self.directory = directory
    }

    func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome {
        ran.append((cellNumber, options))
        var output = ""
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("print ") {
                output += line.dropFirst(6) + "\n"
            } else if line.hasPrefix("fail ") {
                return CellOutcome(output: output, error: "error: \(line.dropFirst(5))\n --> cell \(cellNumber), line 1")
            } else if line == "count" {
                counter += 1
                output += "\(counter)\n"
            }
        }
        return CellOutcome(output: output, error: nil)
    }
}

/// A folder under the system temporary directory, unique per test, removed when released.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fti-notebook-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `relative` (creating folders) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The text of the file at `relative`.
    func read(_ relative: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent(relative))
        return String(decoding: data, as: UTF8.self)
    }
}

/// The result of one replay: its summary, everything written, and the runners it made.
struct ReplayRun {
    var summary: ReplaySummary
    var report: String
    var runners: [ScriptRunner]
}

/// Replays `paths` (relative to `folder`) with the script runner.
func replay(_ paths: [String], in folder: TemporaryFolder, update: Bool = false) -> ReplayRun {
    final class Box {
        var report = ""
        var runners: [ScriptRunner] = []
    }
    let box = Box()
    let replayer = Replayer(
        options: ReplayOptions(update: update, workingDirectory: folder.path),
        makeRunner: { directory in
            let runner = ScriptRunner(directory: directory)
            box.runners.append(runner)
            return runner
        },
        write: { box.report += $0 })
    let summary = replayer.replay(paths: paths)
    return ReplayRun(summary: summary, report: box.report, runners: box.runners)
}

/// Parses `text`, failing the test with the error's description if it does not parse.
func parse(_ text: String, path: String = "nb.md") throws -> NotebookDocument {
    try NotebookDocument.parse(text, path: path)
}

/// The error `text` fails to parse with, or nil when it parses.
func parseError(_ text: String, path: String = "nb.md") -> NotebookError? {
    do {
        _ = try NotebookDocument.parse(text, path: path)
        return nil
    } catch {
        return error
    }
}
