import Frame
import Lang

/// Reading column names and named options out of builtin arguments, shared by the verbs that
/// take `on:`/`by:` columns (asof_join, rolling, window_join, ewm_mean).
enum ColumnArguments {
    /// A column name with the span of its reference, for carets.
    typealias Named = (name: String, span: SourceSpan)

    /// One column given as `.a` or `"a"`.
    static func column(_ args: Arguments, _ index: Int, _ parameter: String) throws(Diagnostic) -> Named {
        let value = try args.required(index, parameter)
        switch value {
        case .column(.column(let name, let span)): return (name, span)
        case .string(let name): return (name, args.span(index))
        case .list:
            throw args.error(index, "\(args.callee)'s \(parameter) takes one column such as .ts, found a list",
                             hint: "key columns go in by: [.k]")
        default:
            let found = value.typeName == "column expression" ? "an expression" : value.typeName
            throw args.error(index, "\(args.callee)'s \(parameter) expects a column such as .ts, found \(found)")
        }
    }

    /// Columns given as `[.a, .b]`, `.a`, `"a"` or `["a", "b"]`; a column given twice is an error.
    static func columns(_ args: Arguments, _ index: Int, _ parameter: String) throws(Diagnostic) -> [Named] {
        let value = try args.required(index, parameter)
        let items: [Value]
        if case .list(let list) = value {
            try checkMaterializable(list, args)
            items = list.items
        } else {
            items = [value]
        }
        var names: [Named] = []
        for item in items {
            let named: Named
            switch item {
            case .column(.column(let name, let span)): named = (name, span)
            case .string(let name): named = (name, args.span(index))
            default:
                let found = item.typeName == "column expression" ? "an expression" : item.typeName
                throw args.error(index, "\(args.callee)'s \(parameter) expects column names such as [.k], found \(found)")
            }
            if names.contains(where: { $0.name == named.name }) {
                throw Diagnostic("\(args.callee)'s \(parameter) names \(columnReference(named.name)) twice", at: named.span)
            }
            names.append(named)
        }
        return names
    }

    /// A string option that must be one of an enum's raw values.
    static func choice<Option: RawRepresentable & CaseIterable>(
        _ args: Arguments, _ index: Int, _ parameter: String, default fallback: Option
    ) throws(Diagnostic) -> Option where Option.RawValue == String {
        let text = try args.string(index, parameter, default: fallback.rawValue)
        if let option = Option(rawValue: text) { return option }
        let names = Option.allCases.map(\.rawValue)
        let hint = Lang.closestName(to: text, among: names).map { "did you mean \"\($0)\"?" }
        throw args.error(
            index, "unknown \(args.callee) \(parameter) \"\(text)\"; expected one of \(names.map { "\"\($0)\"" }.joined(separator: ", "))",
            hint: hint)
    }
}
