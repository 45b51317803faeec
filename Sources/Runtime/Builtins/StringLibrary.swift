import Frame
import Lang

/// Builtins over text. The element-wise ones share their byte-level semantics with the engine's
/// column kernels (`TextSearch`), so a function gives the same answer on a string and on a column.
enum StringLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "upper", parameters: ["text"], elementwise: true, signature: "upper(text)",
                summary: "The text in upper case (full Unicode case mapping)", group: "strings") { args, _ throws(Diagnostic) in
            guard let text = try optionalText(args, 0, "text") else { return .null }
            return .string(text.uppercased())
        },
        Builtin(name: "lower", parameters: ["text"], elementwise: true, signature: "lower(text)",
                summary: "The text in lower case (full Unicode case mapping)", group: "strings") { args, _ throws(Diagnostic) in
            guard let text = try optionalText(args, 0, "text") else { return .null }
            return .string(text.lowercased())
        },
        Builtin(name: "trim", parameters: ["text"], elementwise: true, signature: "trim(text)",
                summary: "The text without leading and trailing whitespace (Unicode White_Space)",
                group: "strings") { args, _ throws(Diagnostic) in
            guard let text = try optionalText(args, 0, "text") else { return .null }
            return .string(TextSearch.trimmed(text))
        },
        Builtin(name: "contains", parameters: ["value", "item"], elementwise: true, signature: "contains(value, item)",
                summary: "Whether a string contains a substring (exact, by code points), or a list an element",
                group: "strings") { args, _ throws(Diagnostic) in
            guard let value = args.value(0) else { return .null }
            switch value {
            case .list(let list):
                let item = try args.required(1, "item")
                try checkMaterializable(list, args)
                return .bool(list.items.contains { $0.isEqual(to: item) })
            case .string(let text):
                guard let part = try optionalText(args, 1, "item") else { return .null }
                return .bool(TextSearch.contains(text, part))
            default:
                throw args.error(0, "contains expects a string or a list, found \(value.typeName)")
            }
        },
        Builtin(name: "starts_with", parameters: ["text", "prefix"], elementwise: true, signature: "starts_with(text, prefix)",
                summary: "Whether the text begins with prefix", group: "strings") { args, _ throws(Diagnostic) in
            let text = try optionalText(args, 0, "text")
            let prefix = try optionalText(args, 1, "prefix")
            guard let text, let prefix else { return .null }
            return .bool(TextSearch.hasPrefix(text, prefix))
        },
        Builtin(name: "ends_with", parameters: ["text", "suffix"], elementwise: true, signature: "ends_with(text, suffix)",
                summary: "Whether the text ends with suffix", group: "strings") { args, _ throws(Diagnostic) in
            let text = try optionalText(args, 0, "text")
            let suffix = try optionalText(args, 1, "suffix")
            guard let text, let suffix else { return .null }
            return .bool(TextSearch.hasSuffix(text, suffix))
        },
        Builtin(name: "replace", parameters: ["text", "old", "new"], elementwise: true, signature: "replace(text, old, new)",
                summary: "The text with every occurrence of old replaced by new, left to right",
                group: "strings") { args, _ throws(Diagnostic) in
            let text = try optionalText(args, 0, "text")
            let old = try optionalText(args, 1, "old")
            let new = try optionalText(args, 2, "new")
            guard let text, let old, let new else { return .null }
            if old.isEmpty { throw args.error(1, "replace needs a non-empty text to find") }
            return .string(TextSearch.replacing(text, old, with: new))
        },
        Builtin(name: "split", parameters: ["text", "separator"], required: 1, signature: "split(text, separator)",
                summary: "The pieces between separators; without one, the words between runs of whitespace",
                group: "strings") { args, _ throws(Diagnostic) in
            guard let text = try optionalText(args, 0, "text") else { return .null }
            guard let separator = try optionalText(args, 1, "separator") else {
                return .list(TextSearch.splitOnWhitespace(text).map(Value.string))
            }
            if separator.isEmpty { return .list(text.unicodeScalars.map { .string(String($0)) }) }
            return .list(TextSearch.split(text, by: separator).map(Value.string))
        },
        Builtin(name: "join", parameters: ["list", "separator"], required: 1, signature: "join(list, separator: \"\")",
                summary: "The elements as one string with separator between them (non-strings shown as format shows them)",
                group: "strings") { args, _ throws(Diagnostic) in
            if args.value(0) == nil { return .null }
            let items = try args.list(0, "list")
            let separator = try args.string(1, "separator", default: "")
            return .string(items.map(plainText).joined(separator: separator))
        },
        Builtin(name: "format", parameters: ["template"], acceptsRest: true, acceptsOptions: true,
                signature: "format(template, value, …, name: value, …)",
                summary: "Fills {} with the values in order and {name} with named values; {{ and }} are literal braces",
                group: "strings") { args, _ throws(Diagnostic) in
            guard args.value(0) != nil else { return .null }
            return .string(try format(try args.string(0, "template"), args))
        },
    ]

    /// Parameter `index` as a string, nil when it is null or omitted, or a type error.
    static func optionalText(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> String? {
        guard let value = args.value(index) else { return nil }
        guard case .string(let text) = value else {
            throw args.error(index, "\(args.callee) expects '\(name)' to be a string, found \(value.typeName)")
        }
        return text
    }

    /// A value as `format` and `join` write it: strings as they are, anything else as the REPL shows nested values.
    static func plainText(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return ValueRenderer(style: TableStyle()).inline(value)
    }

    // MARK: - format

    /// Expands a template: `{}` takes the next positional value, `{name}` the named value `name`.
    ///
    /// Every positional and named value must be used, so a miscounted template is an error rather
    /// than silently wrong text.
    static func format(_ template: String, _ args: Arguments) throws(Diagnostic) -> String {
        let scalars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var nextPositional = 0
        var usedNames: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "}" {
                guard index + 1 < scalars.count, scalars[index + 1] == "}" else {
                    throw args.error(0, "format: unmatched '}' in the template", hint: "write }} for a literal brace")
                }
                out.append("}")
                index += 2
                continue
            }
            guard scalar == "{" else {
                out.append(scalar)
                index += 1
                continue
            }
            if index + 1 < scalars.count, scalars[index + 1] == "{" {
                out.append("{")
                index += 2
                continue
            }
            guard let close = scalars[(index + 1)...].firstIndex(of: "}") else {
                throw args.error(0, "format: '{' is never closed in the template", hint: "write {{ for a literal brace")
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            let text: String
            if name.isEmpty {
                guard nextPositional < args.rest.count else {
                    let wanted = placeholderCount(scalars)
                    throw Diagnostic("format: the template has \(wanted) {} placeholder\(wanted == 1 ? "" : "s") but \(args.rest.count) value\(args.rest.count == 1 ? " was" : "s were") given",
                                     at: args.callSpan)
                }
                text = plainText(args.rest[nextPositional].value)
                nextPositional += 1
            } else {
                try checkPlaceholder(name, args)
                guard let option = args.options.first(where: { $0.label == name }) else {
                    let given = args.options.map(\.label)
                    throw args.error(0, "format: no value for {\(name)}",
                                     hint: given.isEmpty ? "pass it by name, e.g. format(\"{\(name)}\", \(name): 1)"
                                         : "the named values are \(given.joined(separator: ", "))")
                }
                if !usedNames.contains(name) { usedNames.append(name) }
                text = plainText(option.value)
            }
            out.append(contentsOf: text.unicodeScalars)
            index = close + 1
        }
        if nextPositional < args.rest.count {
            let wanted = placeholderCount(scalars)
            throw Diagnostic("format: the template has \(wanted) {} placeholder\(wanted == 1 ? "" : "s") but \(args.rest.count) value\(args.rest.count == 1 ? " was" : "s were") given",
                             at: args.rest[nextPositional].span)
        }
        if let unused = args.options.first(where: { !usedNames.contains($0.label) }) {
            throw Diagnostic("format: the named value '\(unused.label)' is not used by the template", at: unused.span,
                             hint: "refer to it as {\(unused.label)}")
        }
        return String(out)
    }

    /// Rejects placeholders other than `{}` and `{identifier}`, with a hint for the usual mistakes.
    private static func checkPlaceholder(_ name: String, _ args: Arguments) throws(Diagnostic) {
        let bytes = Array(name.utf8)
        let isIdentifier = bytes.enumerated().allSatisfy { position, byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
                || (position > 0 && byte >= 0x30 && byte <= 0x39)
        }
        if isIdentifier { return }
        if name.contains(":") {
            throw args.error(0, "format: format specs such as {\(name)} are not supported",
                             hint: "round the value first, e.g. format(\"{}\", round(x, digits: 2))")
        }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw args.error(0, "format: numbered placeholders such as {\(name)} are not supported",
                             hint: "use {} for the values in order, or {name} with name: value")
        }
        throw args.error(0, "format: {\(name)} is not a placeholder; use {} or {name}", hint: "write {{ and }} for literal braces")
    }

    /// How many `{}` placeholders a template has (escaped braces excluded), for messages.
    private static func placeholderCount(_ scalars: [Unicode.Scalar]) -> Int {
        var count = 0
        var index = 0
        while index < scalars.count {
            if index + 1 < scalars.count, scalars[index] == scalars[index + 1], scalars[index] == "{" || scalars[index] == "}" {
                index += 2
                continue
            }
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "}" { count += 1 }
            index += 1
        }
        return count
    }
}
