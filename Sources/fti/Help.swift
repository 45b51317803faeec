import Lang

/// Text for `:help`: the commands, then the builtins by group; or one builtin or command.
enum Help {
    /// The overview `:help` prints.
    static func overview(_ interpreter: Interpreter) -> String {
        var out = """
        Type an expression and press Enter; a line that begins with |> continues the previous value.
        Tab completes names, `.` column names and `name.` fields; Ctrl-C stops a long evaluation.
        Commands:

        """
        let usages = MetaCommand.all.map { command in
            command.argument.isEmpty ? command.name : command.name + " " + command.argument
        }
        let usageWidth = usages.map(\.count).max() ?? 0
        for (command, usage) in zip(MetaCommand.all, usages) {
            out += "  " + usage + String(repeating: " ", count: usageWidth - usage.count + 2) + command.summary + "\n"
        }
        out += "Builtins (:help name for one):\n"
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

    /// The signature and summary of a builtin, or the usage of a `:` command.
    static func describe(_ name: String, in interpreter: Interpreter) -> String {
        if name.hasPrefix(":") {
            guard let command = MetaCommand.all.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
                let hint = closestName(to: name, among: MetaCommand.names).map { " (did you mean \($0)?)" } ?? ""
                return "no command named '\(name)'\(hint)"
            }
            let usage = command.argument.isEmpty ? command.name : command.name + " " + command.argument
            return "\(usage)\n  \(command.summary)"
        }
        guard let builtin = interpreter.builtins[name] else {
            let hint = closestName(to: name, among: interpreter.builtinNames).map { " (did you mean \($0)?)" } ?? ""
            return "no builtin named '\(name)'\(hint)"
        }
        return "\(builtin.signature)\n  \(builtin.summary)"
    }
}
