import Foundation
import Lang
import Notebook
import Runtime

/// The state of one interactive session and what happens to each entry, apart from the terminal:
/// the loop reads lines, this evaluates them, runs `:` commands and keeps the transcript for
/// `:save`. Tests drive it directly, without a terminal.
final class ReplController {
    /// The runtime session; `:reset` replaces it.
    private(set) var session: Session
    /// The accepted inputs since the start or the last `:reset`, for `:save`.
    var transcript = SessionTranscript()
    /// Whether errors are shown in colour.
    let color: Bool
    /// Where everything the REPL shows goes.
    let write: (String) -> Void
    /// The bindings the standard library made, so `:vars` shows only the user's own.
    private var standardBindings: [(name: String, value: Value)]

    /// A controller over `session` writing to `write`.
    init(session: Session, color: Bool, write: @escaping (String) -> Void) {
        self.session = session
        self.color = color
        self.write = write
        self.standardBindings = session.interpreter.globals.bindings
    }

    /// Handles one complete entry: a `:` command or code. Returns false when the REPL should end.
    func handle(_ entry: String) -> Bool {
        let text = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return true }
        if text.hasPrefix(":") { return MetaCommand.run(text, in: self) }
        let source = Self.continuingPreviousValue(text)
        let result = evaluate(source)
        if !result.wasInterrupted {
            transcript.record(.code(source), failed: result.error != nil)
        }
        return true
    }

    /// A line that begins with `|>` continues the previous value: it is run as `_ |> …` (and
    /// saved that way, so a replay sees the same code).
    static func continuingPreviousValue(_ text: String) -> String {
        text.hasPrefix("|>") ? "_ " + text : text
    }

    /// Evaluates code typed at the prompt, showing what it printed and displayed, or its error.
    @discardableResult
    func evaluate(_ source: String) -> EvaluationResult {
        Interrupt.clear()
        let result = session.evaluate(source, sourceName: "<repl>")
        show(result)
        return result
    }

    /// Writes an evaluation's output and, when it failed, its diagnostic (red on a colour terminal).
    func show(_ result: EvaluationResult) {
        write(result.output)
        if let error = result.error { showDiagnostic(error) }
    }

    /// Writes a rendered diagnostic or a one-line error.
    func showDiagnostic(_ text: String) {
        write((color ? "\u{1B}[31m" + text + "\u{1B}[0m" : text) + "\n")
    }

    /// Writes a one-line error about a command: `error: ` and the message.
    func showError(_ message: String) {
        showDiagnostic("error: " + message)
    }

    /// The user's bindings in definition order: neither `_` nor what the standard library defined
    /// (unless the user rebound it).
    var userBindings: [(name: String, value: Value)] {
        session.interpreter.globals.bindings.filter { binding in
            if binding.name == "_" { return false }
            guard let standard = standardBindings.first(where: { $0.name == binding.name }) else { return true }
            return !standard.value.isEqual(to: binding.value)
        }
    }

    /// Starts over with a fresh session (same options, the standard library loaded again) and an
    /// empty transcript.
    func reset() {
        session.close()
        session = Session(options: session.options)
        transcript.removeAll()
        standardBindings = session.interpreter.globals.bindings
        if let problem = session.startupError { showDiagnostic(problem) }
    }

    /// Runs `body` with the session working in `folder`, then restores the working directory.
    func withWorkingDirectory<T>(_ folder: String, _ body: () -> T) -> T {
        let saved = session.options.workingDirectory
        session.options.workingDirectory = folder
        defer { session.options.workingDirectory = saved }
        return body()
    }
}
