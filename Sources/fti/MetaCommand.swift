import Lang
import Runtime

/// The REPL's `:` commands.
enum MetaCommand {
    /// Runs a meta command; returns false when the REPL should exit.
    static func run(_ text: String, session: Session, write: (String) -> Void) -> Bool {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch words.first ?? "" {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            if words.count > 1 {
                write(Help.describe(words[1], in: session.interpreter) + "\n")
            } else {
                write(Help.overview(session.interpreter))
            }
        default:
            write("error: unknown command \(words.first ?? text)\n  = hint: :help lists the commands\n")
        }
        return true
    }
}

/// Text for `:help`.
enum Help {
    static func overview(_ interpreter: Interpreter) -> String {
        var out = """
        Type an expression and press Enter; a line that begins with |> continues the previous value.
        Commands:
          :help [name]   this text, or the signature and summary of a builtin
          :quit          leave (Ctrl-D works too)
        Builtins:

        """
        var groups: [String] = []
        for name in interpreter.builtinNames {
            guard let builtin = interpreter.builtins[name], !groups.contains(builtin.group) else { continue }
            groups.append(builtin.group)
        }
        for group in groups {
            let names = interpreter.builtinNames.filter { interpreter.builtins[$0]?.group == group }
            out += "  \(group): \(names.joined(separator: " "))\n"
        }
        return out
    }

    static func describe(_ name: String, in interpreter: Interpreter) -> String {
        guard let builtin = interpreter.builtins[name] else {
            let hint = closestName(to: name, among: interpreter.builtinNames).map { " (did you mean \($0)?)" } ?? ""
            return "no builtin named '\(name)'\(hint)"
        }
        return "\(builtin.signature)\n  \(builtin.summary)"
    }
}

/// Tab completion: builtins, bindings and keywords; after `.`, the columns of the frames in scope.
enum Completion {
    static func candidates(for word: String, in session: Session) -> [String] {
        let interpreter = session.interpreter
        if word.hasPrefix(".") {
            let prefix = String(word.dropFirst())
            var names: [String] = []
            for (_, value) in interpreter.globals.bindings {
                guard case .host(let object) = value else { continue }
                for column in object.memberNames where column.hasPrefix(prefix) && !names.contains(column) {
                    names.append(column)
                }
            }
            return names.sorted().map { "." + $0 }
        }
        let pool = interpreter.globals.names + interpreter.builtinNames + Keyword.allCases.map(\.rawValue)
        var seen: [String] = []
        for name in pool where name.hasPrefix(word) && !seen.contains(name) && name != "_" { seen.append(name) }
        return seen.sorted()
    }
}
