import Foundation
import Testing

/// The REPL driven through a real pseudo-terminal, keys and all: evaluation, Tab completion of
/// columns, Ctrl-C during a long evaluation, and history across two runs.
@Suite("REPL on a pseudo-terminal", .serialized)
struct ReplTerminalTests {
    /// A small CSV whose columns share the prefix `te`, so Tab has something to list.
    static let weatherCSV = """
        date,precipitation,temp_max,temp_min,weather
        2012-01-01,0.0,12.8,5.0,drizzle
        2012-01-02,10.9,10.6,2.8,rain
        2012-01-03,0.8,11.7,7.2,rain

        """

    /// Starts fti on a terminal in `folder`, with its history in that folder.
    private func startFti(in folder: String) throws -> PseudoTerminal {
        let executable = CommandLineTests.executable.path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build fti first (make test runs swift build)")
        var environment = ["NO_COLOR": "1", "TERM": "xterm", "HOME": folder, "FTI_HISTORY": folder + "/history"]
        for name in ["PATH", "FTI_STDLIB"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        let terminal = try PseudoTerminal(executable: executable, environment: environment, directory: folder)
        try prompt(terminal, timeout: 10)
        return terminal
    }

    /// Waits for the prompt and for the line editor to be reading keys.
    private func prompt(_ terminal: PseudoTerminal, timeout: Double = 5) throws {
        try terminal.expect("fti> ", timeout: timeout)
        try terminal.waitUntilRaw()
    }

    @Test("evaluates, completes columns, survives Ctrl-C and recalls history after a restart")
    func session() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-pty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(Self.weatherCSV.utf8).write(to: URL(fileURLWithPath: folder + "/weather.csv"))

        let first = try startFti(in: folder)
        first.send("6 * 7000\r")
        try first.expect("42000")
        try prompt(first)

        first.send("let w = read_csv(\"weather.csv\")\r")
        try prompt(first)

        // `.` then Tab Tab: the first Tab inserts the common prefix, the second lists the columns.
        first.send(".te\t\t")
        try first.expect(".temp_max")
        try first.expect(".temp_min")
        first.send("\u{15}")  // Ctrl-U: clear the line.

        // `name.` completes that frame's columns.
        first.send("w.te\t\t")
        try first.expect("w.temp_max")
        try first.expect("w.temp_min")
        first.send("\u{15}")

        // A computation that runs for many seconds; Ctrl-C must bring the prompt back quickly.
        first.send("range(1, 100000000) |> map(x => x * 2) |> sum\r")
        try first.expect("|> sum")
        try first.waitUntilCooked()
        usleep(200_000)
        let pressed = Date()
        first.send("\u{3}")
        try first.expect("interrupted", timeout: 5)
        try prompt(first)
        let elapsed = Date().timeIntervalSince(pressed)
        #expect(elapsed < 2, "the prompt came back \(elapsed) s after Ctrl-C")

        // The bindings made before the interrupt are still there.
        first.send("w |> shape\r")
        try first.expect("[3, 5]")
        try prompt(first)

        first.send("6 * 7000 + 1\r")
        try first.expect("42001")
        try prompt(first)
        first.send("\u{4}")  // Ctrl-D on an empty line ends the session.
        #expect(first.waitForExit() == 0, "screen: \(first.screen.debugDescription)")

        // A new process finds the previous session's last entry one Up-arrow away.
        let second = try startFti(in: folder)
        second.send("\u{1B}[A")
        try second.expect("6 * 7000 + 1")
        second.send("\r")
        try second.expect("42001")
        try prompt(second)
        second.send(":quit\r")
        #expect(second.waitForExit() == 0)
    }
}
