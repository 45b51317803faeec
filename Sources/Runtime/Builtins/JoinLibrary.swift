import Frame
import Lang

/// `join`: the hash join of two frames, sharing its name with the list-to-string join of the
/// strings library (a list as first argument goes there).
enum JoinLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "join", parameters: ["left", "right", "on", "how", "suffix", "left_on", "right_on", "separator"],
                required: 1,
                signature: "join(left, right, on: [.k], how: \"inner\", suffix: \"_right\") or join(list, separator: \"\")",
                summary: "Joins two frames on key columns (how: inner, left, right, outer, semi, anti; null keys never match), or a list's elements into one string",
                group: "frames") { args, vm throws(Diagnostic) in
            guard let first = args.value(0) else { return .null }
            if case .host(_ as FrameValue) = first { return try joinFrames(args) }
            // Anything else is the list form (with its errors), unless frame-only arguments say otherwise.
            let frameArguments = [2, 3, 4, 5, 6].contains { args.slots[$0] != nil }
            var isList = false
            if case .list = first { isList = true }
            if frameArguments && !isList {
                throw args.error(0, "join expects 'left' to be a frame, found \(first.typeName)")
            }
            return try joinList(args, vm)
        },
    ]

    /// The valid values of `how`, for messages.
    static let hows = JoinKind.allCases.map(\.rawValue)

    /// `join(list, separator)`: handed to the strings library's join.
    static func joinList(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        for index in [2, 3, 4, 5, 6] where args.slots[index] != nil {
            throw args.error(index, "join of a list takes only a separator", hint: "join(list, separator: \", \")")
        }
        if args.slots[1] != nil && args.slots[7] != nil {
            throw args.error(7, "join's separator is given twice")
        }
        guard let listJoin = StringLibrary.builtins.first(where: { $0.name == "join" }) else {
            throw Diagnostic("join of a list is not available", at: args.callSpan)
        }
        var forwarded = Arguments(
            callSpan: args.callSpan, callee: "join", slots: [args.slots[0], args.slots[1] ?? args.slots[7]],
            rest: [], options: [])
        return try listJoin.body(&forwarded, vm)
    }

    /// `join(left, right, on: …, how: …, suffix: …)`.
    static func joinFrames(_ args: Arguments) throws(Diagnostic) -> Value {
        let left = try args.frame(0, "left")
        guard args.slots[1] != nil else {
            throw Diagnostic("join needs a right frame, e.g. join(left, right, on: [.id])", at: args.callSpan)
        }
        let right = try args.frame(1, "right")
        if args.slots[7] != nil { throw args.error(7, "separator applies to joining a list, not frames") }
        let how = try joinKind(args)
        let suffix = try args.string(4, "suffix", default: "_right")
        let leftOn: [String]
        let rightOn: [String]
        if args.slots[2] != nil {
            if args.slots[5] != nil || args.slots[6] != nil {
                throw args.error(args.slots[5] != nil ? 5 : 6, "join takes either on: or left_on:/right_on:, not both")
            }
            let keys = try keyNames(args, 2, "on")
            for key in keys { try checkKey(key, in: left, side: "left") }
            for key in keys { try checkKey(key, in: right, side: "right") }
            leftOn = keys.map(\.name)
            rightOn = leftOn
        } else if args.slots[5] != nil || args.slots[6] != nil {
            guard args.slots[5] != nil, args.slots[6] != nil else {
                throw Diagnostic("join needs both left_on: and right_on:", at: args.span(args.slots[5] != nil ? 5 : 6))
            }
            let leftKeys = try keyNames(args, 5, "left_on")
            let rightKeys = try keyNames(args, 6, "right_on")
            guard leftKeys.count == rightKeys.count else {
                throw args.error(6, "join needs as many right_on keys as left_on keys, found \(leftKeys.count) and \(rightKeys.count)")
            }
            for key in leftKeys { try checkKey(key, in: left, side: "left") }
            for key in rightKeys { try checkKey(key, in: right, side: "right") }
            leftOn = leftKeys.map(\.name)
            rightOn = rightKeys.map(\.name)
        } else {
            throw Diagnostic("join needs key columns, e.g. join(left, right, on: [.id])", at: args.callSpan,
                             hint: "or left_on: [.a], right_on: [.b] when the names differ")
        }
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in
            try left.join(right, leftOn: leftOn, rightOn: rightOn, how: how, suffix: suffix)
        })
    }

    /// `how:`, checked against the six kinds ("full" is accepted for outer, as Polars names it).
    static func joinKind(_ args: Arguments) throws(Diagnostic) -> JoinKind {
        let text = try args.string(3, "how", default: "inner")
        if text == "full" { return .outer }
        guard let kind = JoinKind(rawValue: text) else {
            let hint = Lang.closestName(to: text, among: hows).map { "did you mean \"\($0)\"?" }
            throw args.error(3, "unknown join how \"\(text)\"; expected one of \(hows.map { "\"\($0)\"" }.joined(separator: ", "))",
                             hint: hint)
        }
        return kind
    }

    /// Key columns given as `[.a, .b]`, `.a`, `"a"` or `["a", "b"]`, each with the span of its reference.
    static func keyNames(_ args: Arguments, _ index: Int, _ parameter: String) throws(Diagnostic) -> [(name: String, span: SourceSpan)] {
        let value = try args.required(index, parameter)
        let items: [Value]
        if case .list(let list) = value {
            try checkMaterializable(list, args)
            items = list.items
        } else {
            items = [value]
        }
        if items.isEmpty { throw args.error(index, "join's \(parameter) needs at least one column") }
        var keys: [(name: String, span: SourceSpan)] = []
        for item in items {
            switch item {
            case .column(.column(let name, let span)): keys.append((name, span))
            case .string(let name): keys.append((name, args.span(index)))
            default:
                let found = item.typeName == "column expression" ? "an expression" : item.typeName
                throw args.error(index, "join's \(parameter) expects column names such as [.id], found \(found)")
            }
        }
        return keys
    }

    /// An unknown key column, with a caret under the reference and the side it is missing from.
    static func checkKey(_ key: (name: String, span: SourceSpan), in frame: DataFrame, side: String) throws(Diagnostic) {
        guard frame.column(named: key.name) == nil else { return }
        let hint = Lang.closestName(to: key.name, among: frame.columnNames).map { "did you mean \(columnReference($0))?" }
            ?? "the \(side) frame's columns are \(frame.columnNames.map(columnReference).joined(separator: ", "))"
        throw Diagnostic("unknown column \(columnReference(key.name)) in the \(side) frame", at: key.span, hint: hint)
    }
}
