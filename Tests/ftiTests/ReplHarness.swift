import Foundation
import Testing
@testable import fti

/// A REPL driven through `ReplController`, the code the terminal loop uses, with its output
/// collected instead of written to a terminal.
final class ReplHarness {
    let folder: String
    let repl: ReplController
    private let sink = Sink()

    private final class Sink {
        var text = ""
    }

    /// A REPL over a fresh session working in `folder`.
    init(folder: String) {
        self.folder = folder
        let sink = self.sink
        repl = ReplController(session: makeSession(workingDirectory: folder), color: false) { sink.text += $0 }
    }

    /// Handles one entry and returns what the REPL showed for it.
    @discardableResult
    func type(_ entry: String) -> String {
        sink.text = ""
        #expect(repl.handle(entry))
        return sink.text
    }
}

/// A new folder under the temporary directory holding `files` (relative path → text).
func temporaryFolder(_ files: [String: String] = [:]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fti-repl-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return path
}

/// Runs the fti executable in `folder`; returns its exit status and its merged stdout and stderr.
func runFti(_ arguments: [String], in folder: String) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = CommandLineTests.executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
