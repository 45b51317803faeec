import Foundation
import Lang
import Runtime

/// The REPL's `:` commands. Each one's own mistakes (a missing argument, an unreadable file)
/// are one line starting `error:`; errors in the code it runs are diagnostics as usual.
enum MetaCommand {
    /// A command as `:help` lists it.
    struct Entry {
        /// The name, with its colon.
        var name: String
        /// Shorter names that mean the same.
        var aliases: [String] = []
        /// The argument, as shown in help (empty when there is none).
        var argument: String = ""
        /// One line of help.
        var summary: String
    }

    /// Every command, in the order `:help` lists them.
    static let all: [Entry] = [
        Entry(name: ":help", aliases: [":h"], argument: "[name]", summary: "this text, or the signature and summary of a builtin"),
        Entry(name: ":type", aliases: [":t"], argument: "expr", summary: "evaluate and show the type (a frame's size and columns)"),
        Entry(name: ":time", argument: "expr", summary: "evaluate, show the value, then the time it took (never saved)"),
        Entry(name: ":vars", summary: "your bindings with their types, in definition order"),
        Entry(name: ":load", aliases: [":l"], argument: "file", summary: "run a .fti script into the session, or the cells of a notebook .md"),
        Entry(name: ":save", argument: "file.md", summary: "write the session so far as a notebook that fti replay passes"),
        Entry(name: ":reset", summary: "start over: a fresh session, all bindings gone"),
        Entry(name: ":quit", aliases: [":q", ":exit"], summary: "leave (Ctrl-D works too)"),
    ]

    /// All names and aliases, for completion and "did you mean".
    static var names: [String] {
        all.flatMap { [$0.name] + $0.aliases }
    }

    /// Runs a meta command line (starting with `:`); returns false when the REPL should end.
    static func run(_ text: String, in repl: ReplController) -> Bool {
        let (word, argument) = split(text)
        guard let command = all.first(where: { $0.name == word || $0.aliases.contains(word) }) else {
            let suggestion = closestName(to: word, among: names).map { "; did you mean \($0)?" } ?? "; :help lists the commands"
            repl.showError("unknown command \(word)\(suggestion)")
            return true
        }
        if command.argument.isEmpty, !argument.isEmpty {
            repl.showError("\(command.name) takes no argument")
            return true
        }
        if !command.argument.isEmpty, !command.argument.hasPrefix("["), argument.isEmpty {
            repl.showError("\(command.name) needs \(command.argument == "expr" ? "an expression" : "a file name"), e.g. \(command.name) \(example(for: command.name))")
            return true
        }
        switch command.name {
        case ":quit":
            return false
        case ":help":
            repl.write(argument.isEmpty ? Help.overview(repl.session.interpreter) : Help.describe(argument, in: repl.session.interpreter) + "\n")
        case ":type":
            showType(of: argument, in: repl)
        case ":time":
            time(argument, in: repl)
        case ":vars":
            showVariables(in: repl)
        case ":load":
            SessionFiles.load(unquoted(argument), in: repl)
        case ":save":
            SessionFiles.save(unquoted(argument), in: repl)
        case ":reset":
            repl.reset()
            repl.write("session reset: all bindings cleared\n")
        default:
            repl.showError("\(command.name) is not available")
        }
        return true
    }

    /// The command word and the rest of the line (trimmed), e.g. `:type` and `w |> head(3)`.
    static func split(_ text: String) -> (word: String, argument: String) {
        guard let space = text.firstIndex(where: \.isWhitespace) else { return (text, "") }
        let argument = text[space...].trimmingCharacters(in: .whitespacesAndNewlines)
        return (String(text[..<space]), argument)
    }

    /// A path argument without the quotes the user may have put around it.
    static func unquoted(_ argument: String) -> String {
        for quote in ["\"", "'"] where argument.count >= 2 && argument.hasPrefix(quote) && argument.hasSuffix(quote) {
            return String(argument.dropFirst().dropLast())
        }
        return argument
    }

    private static func example(for name: String) -> String {
        switch name {
        case ":load": return "helpers.fti"
        case ":save": return "session.md"
        default: return "w |> head(3)"
        }
    }

    // MARK: - Commands

    /// `:type expr`: evaluates for the value, without displaying it, and shows its type.
    private static func showType(of expression: String, in repl: ReplController) {
        Interrupt.clear()
        let source = ReplController.continuingPreviousValue(expression)
        let inspection = repl.session.inspect(source, sourceName: "<repl>")
        repl.write(inspection.output)
        if let error = inspection.error {
            repl.showDiagnostic(error)
        } else if let value = inspection.value {
            repl.write(repl.session.typeDescription(of: value, width: repl.session.options.displayWidth) + "\n")
        } else {
            repl.showError(":type shows the type of an expression; the input ended with a binding")
        }
    }

    /// `:time expr`: evaluates as at the prompt, then shows the wall time. Never saved.
    private static func time(_ expression: String, in repl: ReplController) {
        let start = monotonicNanoseconds()
        let result = repl.evaluate(ReplController.continuingPreviousValue(expression))
        let elapsed = monotonicNanoseconds() - start
        if !result.wasInterrupted {
            repl.write("time: \(formatElapsed(nanoseconds: elapsed))\n")
        }
    }

    /// `12.3 ms`, `0.042 ms`, `2.35 s`.
    static func formatElapsed(nanoseconds: UInt64) -> String {
        let milliseconds = Double(nanoseconds) / 1e6
        if milliseconds >= 1000 { return String(format: "%.2f s", milliseconds / 1000) }
        if milliseconds >= 1 { return String(format: "%.1f ms", milliseconds) }
        return String(format: "%.3f ms", milliseconds)
    }

    /// `:vars`: one line per user binding, `name  type`, in definition order.
    private static func showVariables(in repl: ReplController) {
        let bindings = repl.userBindings
        guard !bindings.isEmpty else {
            repl.write("no bindings yet\n")
            return
        }
        let nameWidth = min(24, bindings.map(\.name.count).max() ?? 0)
        let width = repl.session.options.displayWidth
        var out = ""
        for (name, value) in bindings {
            let padding = String(repeating: " ", count: max(0, nameWidth - name.count))
            let description = repl.session.typeDescription(of: value, width: max(20, width - nameWidth - 2))
            out += name + padding + "  " + description + "\n"
        }
        repl.write(out)
    }
}
