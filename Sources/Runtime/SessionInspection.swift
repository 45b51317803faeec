import Frame
import Lang

/// What `Session.inspect` found: the value of the input's last expression and what evaluating it printed.
public struct Inspection: Sendable {
    /// The last statement's value, or nil when the input ended with a binding or failed.
    public var value: Value?
    /// What the code printed (values are not displayed).
    public var output: String
    /// The rendered diagnostic, when evaluation failed.
    public var error: String?
    /// Whether the failure was an interrupt rather than an error in the code.
    public var wasInterrupted: Bool
}

extension Session {
    /// Evaluates `text` for its value without displaying it or rebinding `_` (the REPL's `:type`).
    ///
    /// Bindings the text makes are kept, as with any evaluation; printed text is returned, not lost.
    public func inspect(_ text: String, sourceName: String) -> Inspection {
        let source = SourceFile(name: sourceName, text: text)
        return onLargeStack { self.inspectHere(source) }
    }

    private func inspectHere(_ source: SourceFile) -> Inspection {
        // Printing normally feeds the session's own buffer; capture it here and put the sink back after.
        let previousSink = interpreter.output
        var printed = ""
        interpreter.output = { text in printed += text }
        defer { interpreter.output = previousSink }
        var last: Value?
        do {
            let statements = try Parser.parse(source)
            let lastIndex = statements.count - 1
            try interpreter.run(statements) { value, index in
                if index == lastIndex { last = value }
            }
            return Inspection(value: last, output: printed, error: nil, wasInterrupted: false)
        } catch {
            return Inspection(value: nil, output: printed, error: error.rendered(), wasInterrupted: error.kind == .interrupted)
        }
    }

    /// The type of a value in one line of at most about `width` characters, for `:type` and `:vars`:
    /// `int`, `list of 3 int`, `record {a: int, b: string}`, `function load(df, days)`,
    /// `frame (1461 rows × 6 columns: date timestamp, precipitation float, …)`.
    public func typeDescription(of value: Value, width: Int = 100) -> String {
        switch value {
        case .list(let list):
            return Self.describeList(list)
        case .record(let record):
            let fields = zip(record.keys, record.values).map { "\($0): \($1.typeName)" }
            return Self.fitted(prefix: "record {", items: fields, suffix: "}", width: width)
        case .closure(let closure):
            return "function " + closure.proto.signature
        case .builtin(let builtin):
            return "builtin " + builtin.signature
        case .column(let expression):
            return "column expression " + expression.sourceDescription
        case .host(let object as FrameValue):
            let frame = object.frame
            let rows = frame.height == 1 ? "1 row" : "\(frame.height) rows"
            let columns = frame.width == 1 ? "1 column" : "\(frame.width) columns"
            let items = frame.columns.map { "\($0.name) \($0.type.name)" }
            if items.isEmpty { return "frame (\(rows) × \(columns))" }
            return Self.fitted(prefix: "frame (\(rows) × \(columns): ", items: items, suffix: ")", width: width)
        default:
            return value.typeName
        }
    }

    /// `list of 3 int` when the elements share a type, `list of 3 values: int, string` otherwise.
    /// The types come from at most the first 100,000 elements, read in place: a lazy range can
    /// be longer than memory could hold or time allows to read.
    private static func describeList(_ items: ListValue) -> String {
        guard items.count > 0 else { return "list (empty)" }
        var names = [items[0].typeName]
        for index in 1..<min(items.count, 100_000) {
            let name = items[index].typeName
            if name != names[names.count - 1], !names.contains(name) {
                names.append(name)
                if names.count > 4 { break }
            }
        }
        let count = items.count
        if names.count == 1 { return "list of \(count) \(names[0])" }
        let shown = names.prefix(4).joined(separator: ", ")
        return "list of \(count) values: \(shown)\(names.count > 4 ? ", …" : "")"
    }

    /// `prefix` + as many comma-separated `items` as fit in `width` characters + `suffix`,
    /// with `…` standing for the rest; at least one item is always shown.
    private static func fitted(prefix: String, items: [String], suffix: String, width: Int) -> String {
        var text = prefix
        for (index, item) in items.enumerated() {
            let separator = index == 0 ? "" : ", "
            let isLast = index == items.count - 1
            // Room for the item, the suffix and, unless this is the last item, a ", …".
            let needed = text.count + separator.count + item.count + suffix.count + (isLast ? 0 : 3)
            if index > 0 && needed > width {
                return text + ", …" + suffix
            }
            text += separator + item
        }
        return text + suffix
    }
}
