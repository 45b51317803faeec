import ArgumentParser
import Foundation
import Lang
import Runtime

/// `fti` with no subcommand: the interactive REPL on a terminal, a script from standard input otherwise.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the REPL (the default); reads a script from standard input when it is not a terminal.")

    @OptionGroup var limits: SessionLimitArguments

    func run() throws {
        let session = makeSession(workingDirectory: FileManager.default.currentDirectoryPath) {
            limits.apply(to: &$0, command: "fti --sandbox")
        }
        defer { session.close() }
        if let problem = session.startupError { printError(problem) }
        guard isatty(0) != 0, isatty(1) != 0 else {
            try runStandardInput(session)
            return
        }
        InteractiveLoop(session: session).run()
    }

    /// Reads all of standard input and runs it as one script, like `fti run`.
    private func runStandardInput(_ session: Session) throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            printError("error: standard input is not valid UTF-8 text")
            throw ExitCode(1)
        }
        let result = session.evaluate(text, sourceName: "<stdin>")
        FileHandle.standardOutput.write(Data(result.output.utf8))
        if let error = result.error {
            printError(error)
            throw ExitCode(1)
        }
    }
}

/// The read-evaluate-print loop over libedit: reads entries and hands them to a `ReplController`.
struct InteractiveLoop {
    let session: Session

    func run() {
        Interrupt.install()
        let environment = ProcessInfo.processInfo.environment
        let color = TerminalColor.isEnabled(stdoutIsTTY: true, environment: environment)
        let repl = ReplController(session: session, color: color, write: write)
        // `:reset` replaces the session; close whichever is current at the end.
        defer { repl.session.close() }
        let editor = LineEditor(historyPath: HistoryFile.defaultPath(environment: environment)) { line, start, word in
            Completion.candidates(for: word, line: line, wordStart: start, in: repl.session)
        }
        write("fti \(ftiVersion) · :help for help · :quit to leave\n")
        let prompt = color ? TerminalColor.prompt("fti>", style: "1;36") + " " : "fti> "
        while true {
            repl.session.options.displayWidth = terminalWidth()
            switch editor.readEntry(prompt: prompt, continuationPrompt: "...> ", isIncomplete: Session.isIncomplete) {
            case .endOfInput:
                return
            case .interrupted:
                continue
            case .line(let entry):
                if !repl.handle(entry) { return }
            }
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The terminal's width in characters (100 when it cannot be read).
    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 100
    }
}
