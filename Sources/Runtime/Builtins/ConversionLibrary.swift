import Frame
import Lang

/// `int(x)`, `float(x)`, `string(x)` and the element-wise `cast(x, "type")`: conversions of single
/// values and of columns by one rule (the engine's `Column.converted(to:)` / `cast(to:)`), so a
/// value converts the same whether it stands alone or in a column.
enum ConversionLibrary {
    static let builtins: [Builtin] = [
        conversion("int", .int, "An int: a float truncated toward zero (NaN, ±inf or beyond 2^63 is an error), a string parsed, a bool as 0/1, a timestamp or duration in microseconds"),
        conversion("float", .float, "A float: an int or bool as a number, a string parsed (whole text, no spaces)"),
        conversion("string", .string, "A string: numbers in the shortest text that reads back the same, timestamps as 2024-05-01 06:30:00, lists and records as they display"),
    ]

    /// One conversion builtin; a column argument lifts it into a column expression.
    static func conversion(_ name: String, _ target: DataType, _ summary: String) -> Builtin {
        Builtin(name: name, parameters: ["x"], elementwise: true, signature: "\(name)(x)", summary: summary,
                group: "core") { args, _ throws(Diagnostic) in
            guard let value = args.value(0) else { return .null }
            return try convert(value, to: target, args, strict: false)
        }
    }

    /// A single value converted; `strict` is `cast`'s rule (a float must be a whole number to become an int).
    static func convert(_ value: Value, to target: DataType, _ args: Arguments, strict: Bool) throws(Diagnostic) -> Value {
        guard let scalar = value.scalar else {
            if target == .string { return .string(value.debugDescription) }
            throw args.error(0, "\(args.callee) cannot convert a \(value.typeName) to \(target.name)")
        }
        if case .float(let number) = scalar, target == .int,
           !(number >= -9_223_372_036_854_775_808.0 && number < 9_223_372_036_854_775_808.0) {
            throw args.error(0, "\(args.callee) cannot convert \(value.debugDescription) to int",
                             hint: "an int holds whole numbers below 2^63 in size; NaN and infinity have no int value")
        }
        do throws(FrameError) {
            let column = try Column(name: "x", scalars: [scalar])
            let converted = strict ? try column.cast(to: target) : try column.converted(to: target)
            return Value(scalar: converted.scalar(at: 0))
        } catch {
            throw args.error(0, "\(args.callee) cannot convert \(value.debugDescription) to \(target.name)", hint: error.hint)
        }
    }

    /// `cast(x, "type")` on a column expression or a single value; nil when the first argument is
    /// a frame (the verb `cast(df, column: "type")` handles it).
    static func elementwiseCast(_ args: Arguments) throws(Diagnostic) -> Value? {
        if case .host? = args.value(0) {
            if let extra = args.rest.first {
                throw Diagnostic("cast of a frame takes column: \"type\" pairs, e.g. cast(df, x: \"float\")", at: extra.span)
            }
            return nil
        }
        guard args.rest.count == 1, args.options.isEmpty else {
            throw Diagnostic("cast of a value or column takes one type name, e.g. cast(.a, \"int\")", at: args.callSpan)
        }
        let typeArgument = args.rest[0]
        guard case .string(let typeName) = typeArgument.value else {
            throw Diagnostic("cast expects a type name such as \"float\", found \(typeArgument.value.typeName)", at: typeArgument.span)
        }
        let typeNames = DataType.allTypes.map(\.name)
        guard let target = DataType.named(typeName) else {
            let hint = Lang.closestName(to: typeName, among: typeNames).map { "did you mean \"\($0)\"?" }
            throw Diagnostic("unknown type \"\(typeName)\"; expected one of \(typeNames.map { "\"\($0)\"" }.joined(separator: ", "))",
                             at: typeArgument.span, hint: hint)
        }
        guard let value = args.value(0) else { return .null }
        if case .column(let expr) = value {
            return .column(.call("cast", [expr, .literal(.string(typeName))], args.callSpan))
        }
        return try convert(value, to: target, args, strict: true)
    }
}
