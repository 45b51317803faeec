import Foundation
import Testing

/// End-to-end checks of the `fti` executable: exit codes, messages, and the notebook round trip.
@Suite struct CommandLineTests {
    /// The debug executable that `swift build` (run by `make test` before the tests) leaves behind.
    static let executable: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/fti")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs fti with arguments (and optional standard input) in a folder.
    func fti(_ arguments: [String], stdin: String? = nil, in folder: URL? = nil) throws -> Outcome {
        let path = Self.executable.path
        try #require(FileManager.default.isExecutableFile(atPath: path), "build fti first (make test runs swift build)")
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A fresh temporary folder with the given files.
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fti-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    @Test func version() throws {
        let result = try fti(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("0."))
    }

    @Test func runPrintsEachExpression() throws {
        let dir = try folder(["s.fti": "let x = 2\nx + 1\nx * 10;\n\"done\"\n"])
        let result = try fti(["run", "s.fti"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout == "3\n\"done\"\n")
    }

    @Test func runReportsSyntaxErrorWithLocation() throws {
        let dir = try folder(["bad.fti": "let x = 1\nlet y = (x +\n"])
        let result = try fti(["run", "bad.fti"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: unexpected end of input\n --> bad.fti:3:1"))
    }

    @Test func runStopsAtFirstRuntimeError() throws {
        let dir = try folder(["r.fti": "1\nnope + 1\n2\n"])
        let result = try fti(["run", "r.fti"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout == "1\n")
        #expect(result.stderr.contains("unknown name 'nope'"))
        #expect(result.stderr.contains(" --> r.fti:2:1"))
    }

    @Test func missingScript() throws {
        let result = try fti(["run", "/nonexistent/x.fti"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot read '/nonexistent/x.fti': no such file\n")
    }

    @Test func raggedCSVNamesTheLine() throws {
        let dir = try folder(["d.csv": "a,b\n1,2\n3\n", "s.fti": "read_csv(\"d.csv\")\n"])
        let result = try fti(["run", "s.fti"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 3"))
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test func missingCSVIsAnError() throws {
        let dir = try folder(["s.fti": "read_csv(\"absent.csv\")\n"])
        let result = try fti(["run", "s.fti"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("absent.csv"))
        #expect(result.stderr.contains(" --> s.fti:1:10"))
    }

    @Test func standardInputIsAScript() throws {
        let result = try fti([], stdin: "1 + 2\n[1, 2] |> len\n")
        #expect(result.status == 0)
        #expect(result.stdout == "3\n2\n")
    }

    @Test func replayPassesThenFailsThenUpdates() throws {
        let notebook = """
        # Demo

        ```fti
        let x = 20
        x * 2 + 2
        ```

        ```output
        42
        ```

        ```fti expect-error
        x +
        ```

        ```error
        error: unexpected end of input
         --> cell 2, line 1, column 4
          |
        1 | x +
          |    ^
        ```

        """
        let dir = try folder(["n.md": notebook])
        let passing = try fti(["replay", "n.md"], in: dir)
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.hasSuffix("2 passed, 0 failed\n"))

        // One changed character in a record fails the replay with a diff that names the cell.
        let broken = notebook.replacingOccurrences(of: "42\n", with: "43\n")
        try Data(broken.utf8).write(to: dir.appendingPathComponent("n.md"))
        let failing = try fti(["replay", "n.md"], in: dir)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL n.md:3  cell 1"))
        #expect(failing.stdout.contains("-43"))
        #expect(failing.stdout.contains("+42"))
        #expect(failing.stdout.hasSuffix("1 passed, 1 failed\n"))

        // --update restores the file byte for byte, and a second update changes nothing.
        let updated = try fti(["replay", "--update", "n.md"], in: dir)
        #expect(updated.status == 0)
        let restored = try String(contentsOf: dir.appendingPathComponent("n.md"), encoding: .utf8)
        #expect(restored == notebook)
        _ = try fti(["replay", "--update", "n.md"], in: dir)
        #expect(try String(contentsOf: dir.appendingPathComponent("n.md"), encoding: .utf8) == notebook)
    }

    @Test func unclosedFenceIsAnError() throws {
        let dir = try folder(["n.md": "# x\n\n```fti\n1 + 1\n"])
        let result = try fti(["replay", "n.md"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.contains("n.md:3:"))
        #expect(result.stdout.contains("0 passed, 1 failed"))
    }
}
