import Frame
import Lang
import Store

/// Expectation constructors for `expect(fg, [...])` (research/feature-store-asof.md, section C).
/// Each returns an expectation value; its own arguments are checked here, with the caret under the
/// call, and the data on every insert. `unique(.a, …)` is reached through the frame `unique`,
/// which hands over when its first argument is a column.
enum StoreExpectationLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "not_null", parameters: ["column"], signature: "not_null(.x)",
                summary: "Expectation: no value of the column is null (NaN counts as null)", group: "feature store") { args, _ throws(Diagnostic) in
            try make(args, .notNull(try ColumnArguments.column(args, 0, "column").name))
        },
        Builtin(name: "between", parameters: ["column", "min", "max", "strict_min", "strict_max"], required: 1,
                signature: "between(.hr, 30, 230, strict_min: false, strict_max: false)",
                summary: "Expectation: every non-null value lies within the bounds (inclusive unless strict; null leaves a side open)",
                group: "feature store") { args, _ throws(Diagnostic) in
            let column = try ColumnArguments.column(args, 0, "column").name
            return try make(args, .between(
                column, min: try bound(args, 1, "min"), max: try bound(args, 2, "max"),
                strictMin: try args.bool(3, "strict_min", default: false), strictMax: try args.bool(4, "strict_max", default: false)))
        },
        Builtin(name: "in_set", parameters: ["column", "values"], signature: "in_set(.sport, [\"run\", \"ride\"])",
                summary: "Expectation: every non-null value is one of the values", group: "feature store") { args, _ throws(Diagnostic) in
            let column = try ColumnArguments.column(args, 0, "column").name
            var values: [Scalar] = []
            for item in try args.list(1, "values") {
                guard let scalar = item.scalar, scalar != .null else {
                    throw args.error(1, "in_set's values are single values such as \"run\" or 3, found \(item.typeName)")
                }
                values.append(scalar)
            }
            return try make(args, .inSet(column, values))
        },
        Builtin(name: "matches", parameters: ["column", "pattern"], signature: "matches(.email, \"^[^@]+@[^@]+$\")",
                summary: "Expectation: every non-null string contains a match of the POSIX extended regular expression (anchor with ^…$)",
                group: "feature store") { args, _ throws(Diagnostic) in
            try make(args, .matches(try ColumnArguments.column(args, 0, "column").name, pattern: try args.string(1, "pattern")))
        },
        Builtin(name: "row_count_between", parameters: ["min", "max"], required: 1, signature: "row_count_between(1, 10000)",
                summary: "Expectation: the batch has between min and max rows (null leaves a side open)",
                group: "feature store") { args, _ throws(Diagnostic) in
            let low = args.value(0) == nil ? nil : Int(clamping: try args.int(0, "min"))
            let high = args.value(1) == nil ? nil : Int(clamping: try args.int(1, "max"))
            return try make(args, .rowCountBetween(min: low, max: high))
        },
        Builtin(name: "mean_between", parameters: ["column", "min", "max"], required: 2, signature: "mean_between(.hr, 120, 170)",
                summary: "Expectation: the mean of the column's non-null values lies within the bounds",
                group: "feature store") { args, _ throws(Diagnostic) in
            let column = try ColumnArguments.column(args, 0, "column").name
            let low = args.value(1) == nil ? nil : try args.double(1, "min")
            let high = args.value(2) == nil ? nil : try args.double(2, "max")
            return try make(args, .meanBetween(column, min: low, max: high))
        },
        Builtin(name: "max_null_fraction", parameters: ["column", "fraction"], signature: "max_null_fraction(.hr, 0.1)",
                summary: "Expectation: at most this fraction (0 to 1) of the column's values are null",
                group: "feature store") { args, _ throws(Diagnostic) in
            try make(args, .maxNullFraction(try ColumnArguments.column(args, 0, "column").name, try args.double(1, "fraction")))
        },
    ]

    /// The expectation as a value, once its own arguments are checked.
    static func make(_ args: Arguments, _ expectation: FeatureExpectation) throws(Diagnostic) -> Value {
        do throws(StoreError) {
            try expectation.validate()
        } catch {
            throw Diagnostic(error.message, at: args.callSpan)
        }
        return .host(ExpectationValue(expectation))
    }

    /// A bound: a number, timestamp or duration; null or omitted for an open side.
    static func bound(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> Scalar? {
        guard let value = args.value(index) else { return nil }
        switch value {
        case .int, .float, .timestamp, .duration: return value.scalar
        default:
            throw args.error(index, "\(args.callee)'s \(name) is a number, timestamp or duration, found \(value.typeName)")
        }
    }

    /// Whether a `unique` call builds an expectation: its first argument is a column (or a list of columns).
    static func isExpectationCall(_ args: Arguments) -> Bool {
        switch args.value(0) {
        case .column(.column)?: return true
        case .list(let list)?:
            return list.count > 0 && (0..<list.count).allSatisfy { if case .column(.column) = list[$0] { true } else { false } }
        default: return false
        }
    }

    /// `unique(.a, .b)` or `unique([.a, .b])`: no combination of the columns' values occurs twice.
    static func unique(_ args: Arguments) throws(Diagnostic) -> Value {
        if let extra = args.options.first {
            throw Diagnostic("unique as an expectation takes only columns, not '\(extra.label)'", at: extra.span)
        }
        var names = try ColumnArguments.columns(args, 0, "columns").map(\.name)
        for argument in args.rest {
            guard case .column(.column(let name, let span)) = argument.value else {
                throw Diagnostic("unique as an expectation takes columns such as .id, found \(argument.value.typeName)", at: argument.span)
            }
            if names.contains(name) { throw Diagnostic("unique names \(columnReference(name)) twice", at: span) }
            names.append(name)
        }
        return try make(args, .unique(names))
    }
}
