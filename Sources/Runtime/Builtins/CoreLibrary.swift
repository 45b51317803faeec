import Lang

/// Builtins about values themselves: printing, types, errors.
enum CoreLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "print", parameters: ["value"], required: 0, acceptsRest: true,
                signature: "print(value, …)", summary: "Prints values separated by spaces; strings print without quotes",
                group: "core") { args, vm throws(Diagnostic) in
            let values = args.slots.compactMap { $0?.value } + args.rest.map(\.value)
            let renderer = ValueRenderer(style: vm.session?.tableStyle ?? .init())
            let parts = values.map { value -> String in
                if case .string(let s) = value { return s }
                return renderer.render(value)
            }
            vm.output(parts.joined(separator: " ") + "\n")
            return .null
        },
        Builtin(name: "type_of", parameters: ["value"], signature: "type_of(value)",
                summary: "The type name of a value: int, float, string, list, frame, …", group: "core") { args, _ throws(Diagnostic) in
            .string(try args.required(0, "value").typeName)
        },
        Builtin(name: "error", parameters: ["message"], signature: "error(message)",
                summary: "Stops with an error; try … catch e => … receives the message", group: "core") { args, _ throws(Diagnostic) in
            let value = try args.required(0, "message")
            let message: String
            if case .string(let s) = value { message = s } else { message = value.debugDescription }
            throw Diagnostic(message, at: args.callSpan, payload: value)
        },
    ]
}
