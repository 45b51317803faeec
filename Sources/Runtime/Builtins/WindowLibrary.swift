import Frame
import Lang

/// Window functions over columns: each builds a column expression that `with` and `filter`
/// compute over the whole frame in its row order, or per partition and order with `over`.
enum WindowLibrary {
    static let builtins: [Builtin] = [
        offsetFunction("shift", "The value n rows earlier (later for negative n) in the window; null past its edge"),
        offsetFunction("lag", "The value n rows earlier in the window; null before its start"),
        offsetFunction("lead", "The value n rows later in the window; null after its end"),
        offsetFunction("diff", "The value minus the one n rows earlier in the window (timestamps give durations)"),
        Builtin(name: "cum_sum", parameters: ["x"], signature: "cum_sum(x)",
                summary: "Running sum in window order; a null row stays null and is skipped", group: "windows") { args, _ throws(Diagnostic) in
            _ = try columnArgument(args)
            return try call(args)
        },
        Builtin(name: "rank", parameters: ["x", "method"], required: 1, signature: "rank(x, method: \"average\")",
                summary: "Rank in the window, ascending, nulls null; ties by method: average (float), min, max, dense or ordinal",
                group: "windows") { args, _ throws(Diagnostic) in
            _ = try columnArgument(args)
            let method = try args.string(1, "method", default: "average")
            guard RankMethod(rawValue: method) != nil else {
                let names = RankMethod.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw args.error(1, "rank method must be one of \(names), found \"\(method)\"")
            }
            return try call(args)
        },
        Builtin(name: "row_number", parameters: [], signature: "row_number()",
                summary: "The 1-based position of each row in its window", group: "windows") { args, _ throws(Diagnostic) in
            .column(.call("row_number", [], args.callSpan))
        },
        Builtin(name: "over", parameters: ["expr", "by", "order"], required: 1,
                signature: "over(expr, by: [.k, …], order: .t)",
                summary: "Computes windows and aggregates in expr per partition of by, ordered by order (desc(.t) allowed)",
                group: "windows") { args, _ throws(Diagnostic) in
            try over(args)
        },
    ]

    /// `shift`, `lag`, `lead` and `diff`: a column and an optional integer n (default 1).
    static func offsetFunction(_ name: String, _ summary: String) -> Builtin {
        Builtin(name: name, parameters: ["x", "n"], required: 1, signature: "\(name)(x, n: 1)", summary: summary,
                group: "windows") { args, _ throws(Diagnostic) in
            _ = try columnArgument(args)
            _ = try args.int(1, "n", default: 1)
            return try call(args)
        }
    }

    /// Parameter 0, which must be a column expression.
    static func columnArgument(_ args: Arguments) throws(Diagnostic) -> ColumnExpr {
        let value = try args.required(0, "x")
        guard case .column(let expr) = value else {
            throw args.error(0, "\(args.callee) works on columns, e.g. with(df, y: \(args.callee)(.x)); found \(value.typeName)")
        }
        return expr
    }

    /// The call as a column expression.
    static func call(_ args: Arguments) throws(Diagnostic) -> Value {
        guard let value = AggregateLibrary.columnCall(args) else {
            throw Diagnostic("\(args.callee) expects a column expression", at: args.callSpan)
        }
        return value
    }

    /// `over(expr, by:, order:)` as `over(expr, partition_by(…), order_by(…))`.
    static func over(_ args: Arguments) throws(Diagnostic) -> Value {
        let value = try args.required(0, "expr")
        guard case .column(let inner) = value else {
            throw args.error(0, "over expects a column expression such as cum_sum(.x) or mean(.x), found \(value.typeName)")
        }
        var keys: [ColumnExpr] = []
        if let slot = args.slots[1], args.value(1) != nil {
            for (item, span) in items(slot.value, slot.span) {
                switch item {
                case .column(.column(let name, let span)): keys.append(.column(name, span))
                case .string(let name): keys.append(.column(name, span))
                default:
                    throw Diagnostic("over's by expects columns such as [.k], found \(describe(item))", at: span)
                }
            }
        }
        var order: [ColumnExpr] = []
        if let slot = args.slots[2], args.value(2) != nil {
            for (item, span) in items(slot.value, slot.span) {
                switch item {
                case .column(.column(let name, let span)): order.append(.column(name, span))
                case .string(let name): order.append(.column(name, span))
                case .column(.call("desc", let inner, let span)) where inner.count == 1:
                    guard case .column = inner[0] else {
                        throw Diagnostic("over's order expects columns such as .t or desc(.t), found an expression", at: span)
                    }
                    order.append(.call("desc", inner, span))
                default:
                    throw Diagnostic("over's order expects columns such as .t or desc(.t), found \(describe(item))", at: span)
                }
            }
        }
        return .column(.call("over", [inner, .call("partition_by", keys, args.span(1)), .call("order_by", order, args.span(2))], args.callSpan))
    }

    /// A list's elements (each with the list's span), or the value itself; lazily, so a huge
    /// (lazy) range is refused at its first element instead of being built.
    private static func items(_ value: Value, _ span: SourceSpan) -> LazyMapSequence<Range<Int>, (Value, SourceSpan)> {
        let list: ListValue
        if case .list(let given) = value { list = given } else { list = ListValue([value]) }
        return (0..<list.count).lazy.map { (list[$0], span) }
    }

    private static func describe(_ value: Value) -> String {
        value.typeName == "column expression" ? "an expression" : value.typeName
    }
}
