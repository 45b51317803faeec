import Frame
import Lang

/// Grouping and aggregates: `group_by`, `agg`, and the aggregates that have no list form elsewhere
/// (`count std var median quantile n_unique`). Given a column expression every aggregate (also
/// `sum mean min max first last` from the list library) builds a column expression call, which
/// `agg` computes per group and `with`/`filter` compute over the whole frame and broadcast.
enum AggregateLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "group_by", parameters: ["df"], acceptsRest: true, signature: "group_by(df, .key, …)",
                summary: "Groups rows by key columns for agg (a null key is a group of its own; groups in order of first appearance)",
                group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            guard !args.rest.isEmpty else {
                throw Diagnostic("group_by needs at least one key column, e.g. group_by(df, .k)", at: args.callSpan,
                                 hint: "for one row over the whole frame, call agg(df, …) directly")
            }
            var keys: [String] = []
            for argument in args.rest {
                let name = try FrameLibrary.columnName(argument.value, at: argument.span, in: frame, verb: "group_by")
                if keys.contains(name) { throw Diagnostic("group key .\(name) is given twice", at: argument.span) }
                keys.append(name)
            }
            let grouped = try engine(at: args.callSpan) { () throws(FrameError) in try frame.groupBy(keys) }
            return .host(GroupedFrameValue(grouped))
        },
        Builtin(name: "agg", parameters: ["data"], acceptsRest: true, acceptsOptions: true,
                signature: "agg(grouped, name: aggregate, …)",
                summary: "One row per group of named aggregates, e.g. agg(n: count(), m: mean(.x)); on a frame, one row",
                group: "frames") { args, _ throws(Diagnostic) in
            try aggregate(args)
        },
        Builtin(name: "count", parameters: ["x"], required: 0, signature: "count() or count(x)",
                summary: "Rows per group, or the non-null values of a column (or list)", group: "aggregates") { args, _ throws(Diagnostic) in
            guard let slot = args.slots.first ?? nil else { return .column(.call("count", [], args.callSpan)) }
            if let call = columnCall(args) { return call }
            if case .null = slot.value { return .null }
            return .int(Int64(try args.list(0, "x").filter { !$0.isNull }.count))
        },
        statistic("std", "Sample standard deviation (ddof 1) of a column or list; null for fewer than two values", .std),
        statistic("var", "Sample variance (ddof 1) of a column or list; null for fewer than two values", .variance),
        statistic("median", "Median of a column or list (the mean of the two middle values for an even count)", .median),
        Builtin(name: "quantile", parameters: ["x", "q"], signature: "quantile(x, q)",
                summary: "The q-quantile (0 ≤ q ≤ 1) of a column or list, interpolating linearly", group: "aggregates") { args, _ throws(Diagnostic) in
            let q = try args.double(1, "q")
            guard q >= 0 && q <= 1 else { throw args.error(1, "quantile expects q between 0 and 1, found \(q)") }
            if let call = columnCall(args) { return call }
            return try listAggregate(args, .quantile(.column(listColumn), q))
        },
        Builtin(name: "n_unique", parameters: ["x"], signature: "n_unique(x)",
                summary: "Number of distinct values of a column or list (null counts as one)", group: "aggregates") { args, _ throws(Diagnostic) in
            if let call = columnCall(args) { return call }
            return .int(Int64(ListLibrary.distinct(try args.list(0, "x")).count))
        },
    ]

    /// The name of the one column of the frame a list is aggregated through.
    static let listColumn = "list"

    /// An aggregate of one column or list of numbers.
    static func statistic(_ name: String, _ summary: String, _ function: Aggregation.Function) -> Builtin {
        Builtin(name: name, parameters: ["x"], signature: "\(name)(x)", summary: summary, group: "aggregates") { args, _ throws(Diagnostic) in
            if let call = columnCall(args) { return call }
            return try listAggregate(args, Aggregation(function, .column(listColumn)))
        }
    }

    /// When an argument is a column expression, the call itself as a column expression
    /// (`sum(.x)` → `.call("sum", [.x])`), with omitted trailing arguments left out.
    static func columnCall(_ args: Arguments) -> Value? {
        let all = args.slots.map { $0?.value } + args.rest.map { Optional($0.value) }
        guard all.contains(where: { if case .column? = $0 { return true } else { return false } }) else { return nil }
        var count = all.count
        while count > 0, all[count - 1] == nil { count -= 1 }
        let operands = all[..<count].map { $0.map(ColumnExpr.operand) ?? .literal(.null) }
        return .column(.call(args.callee, operands, args.callSpan))
    }

    /// A numeric aggregate of a list, computed by the engine so lists and columns agree.
    static func listAggregate(_ args: Arguments, _ aggregation: Aggregation) throws(Diagnostic) -> Value {
        var values: [Scalar] = []
        for item in try args.list(0, "x") {
            switch item {
            case .int(let value): values.append(.int(value))
            case .float(let value): values.append(.float(value))
            case .null: values.append(.null)
            default: throw args.error(0, "\(args.callee) expects a list of numbers, found a \(item.typeName) in it")
            }
        }
        let result = try engine(at: args.callSpan) { () throws(FrameError) -> Scalar in
            let frame = try DataFrame(columns: [try Column(name: listColumn, scalars: values)])
            return try frame.aggregate([(name: "value", aggregation: aggregation)]).columns[0].scalar(at: 0)
        }
        return Value(scalar: result)
    }

    /// `agg(grouped or frame, name: aggregate, …)`.
    static func aggregate(_ args: Arguments) throws(Diagnostic) -> Value {
        let data = try args.required(0, "data")
        let grouped: GroupedFrame
        switch data {
        case .host(let object as GroupedFrameValue):
            grouped = object.grouped
        case .host(let object as FrameValue):
            grouped = try engine(at: args.span(0)) { () throws(FrameError) in try object.frame.groupBy([]) }
        default:
            throw args.error(0, "agg expects a grouped frame (from group_by) or a frame, found \(data.typeName)")
        }
        if let unnamed = args.rest.first {
            throw Diagnostic("agg needs a name for each aggregate, e.g. agg(n: count(), m: mean(.x))", at: unnamed.span)
        }
        guard !args.options.isEmpty else {
            throw Diagnostic("agg needs at least one named aggregate, e.g. agg(n: count(), m: mean(.x))", at: args.callSpan)
        }
        var expressions: [(name: String, expr: Expr)] = []
        var spans: [SourceSpan] = []
        for option in args.options {
            if grouped.keys.contains(option.label) {
                throw Diagnostic("agg cannot name a result .\(option.label): that is a group key", at: option.span)
            }
            if expressions.contains(where: { $0.name == option.label }) {
                throw Diagnostic("agg names .\(option.label) twice", at: option.span)
            }
            let expr = try ColumnExprTranslation.translate(option.value, at: option.span, for: grouped.frame)
            expressions.append((option.label, expr))
            spans.append(valueSpan(option.value) ?? option.span)
        }
        do throws(FrameError) {
            return .frame(try grouped.aggregate(expressions: expressions))
        } catch {
            // Find the aggregate at fault so the caret points at it; all are computed together
            // above so that aggregates of one column share their pass over it.
            for (expression, span) in zip(expressions, spans) {
                _ = try engine(at: span) { () throws(FrameError) in try grouped.aggregate(expressions: [expression]) }
            }
            throw Diagnostic(error, at: args.callSpan)
        }
    }

    /// The span of a column expression's outermost node, when it has one.
    static func valueSpan(_ value: Value) -> SourceSpan? {
        guard case .column(let expr) = value else { return nil }
        switch expr {
        case .column(_, let span), .unary(_, _, let span), .binary(_, _, _, let span), .call(_, _, let span): return span
        case .literal: return nil
        }
    }
}
