import Frame
import Lang

/// Grouping and aggregates: `group_by`, `agg`, and the aggregates that have no list form elsewhere
/// (`count std var median quantile n_unique`). Given a column expression every aggregate (also
/// `sum mean min max first last` from the list library) builds a column expression call, which
/// `agg` computes per group and `with`/`filter` compute over the whole frame and broadcast.
enum AggregateLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "group_by", parameters: ["df"], acceptsRest: true, acceptsOptions: true,
                signature: "group_by(df, .key, expression, …, name: expression, …)",
                summary: "Groups rows by key columns or computed keys for agg (unnamed keys take the expression's first column's name; a null key is a group of its own; groups in order of first appearance)",
                group: "frames") { args, _ throws(Diagnostic) in
            try groupBy(args)
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
        Builtin(name: "corr", parameters: ["x", "y"], required: 1, acceptsRest: true,
                signature: "corr(x, y) or corr(df) or corr(df, .a, .b, …)",
                summary: "Pearson correlation of two columns or lists (a row with a null in either is skipped; fewer than two rows give null); of a frame, the correlation matrix of its numeric (or the named) columns",
                group: "aggregates") { args, _ throws(Diagnostic) in
            try correlation(args)
        },
        Builtin(name: "n_unique", parameters: ["x"], signature: "n_unique(x)",
                summary: "Number of distinct values of a column or list (null counts as one)", group: "aggregates") { args, _ throws(Diagnostic) in
            if let call = columnCall(args) { return call }
            return .int(Int64(ListLibrary.distinct(try args.list(0, "x")).count))
        },
    ]

    /// `corr(x, y)` of columns (a column expression) or lists, or `corr(df, …)`, the matrix.
    static func correlation(_ args: Arguments) throws(Diagnostic) -> Value {
        let first = try args.required(0, "x")
        let frame = try engine(at: args.span(0)) { () throws(FrameError) in try first.frameContents() }
        if let frame {
            var names: [String] = []
            let named = args.slots.count > 1 ? args.slots[1] : nil
            let given = (named.map { [$0] } ?? []) + args.rest
            for argument in given {
                names.append(try FrameLibrary.columnName(argument.value, at: argument.span, in: frame, verb: "corr"))
            }
            if names.count == 1 {
                throw Diagnostic("corr of a frame needs no column or at least two", at: given[0].span,
                                 hint: "corr(df) correlates every numeric column; corr(df, .a, .b) those named")
            }
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.correlationMatrix(names) })
        }
        if let extra = args.rest.first {
            throw Diagnostic("corr takes two columns or lists; more columns go with a frame: corr(df, .a, .b, .c)", at: extra.span)
        }
        guard args.slots.count > 1, args.slots[1] != nil else {
            throw Diagnostic("corr needs two columns, e.g. corr(.x, .y), or a frame: corr(df)", at: args.callSpan)
        }
        if let call = columnCall(args) { return call }
        var columns: [Column] = []
        for (index, name) in [(0, "x"), (1, "y")] {
            var values: [Scalar] = []
            for item in try args.list(index, name) {
                switch item {
                case .int(let value): values.append(.int(value))
                case .float(let value): values.append(.float(value))
                case .bool(let value): values.append(.bool(value))
                case .null: values.append(.null)
                default: throw args.error(index, "corr expects lists of numbers, found a \(item.typeName) in \(name)")
                }
            }
            columns.append(try engine(at: args.span(index)) { () throws(FrameError) in try Column(name: name, scalars: values) })
        }
        guard columns[0].count == columns[1].count else {
            throw args.error(1, "corr needs lists of equal length, found \(columns[0].count) and \(columns[1].count)")
        }
        let result = try engine(at: args.callSpan) { () throws(FrameError) -> Scalar in
            let frame = try DataFrame(columns: columns)
            return try frame.aggregate([(name: "corr", aggregation: .correlation(.column("x"), .column("y")))]).columns[0].scalar(at: 0)
        }
        return Value(scalar: result)
    }

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

    /// `group_by(df, .k, month(.day), m: month(.day), …)`: plain columns keep the engine's direct
    /// path; computed keys are evaluated as `with` evaluates, named by their label or, unlabelled,
    /// by the expression's output name (its leftmost column, as Polars names `pl.col("day").dt.month()`).
    static func groupBy(_ args: Arguments) throws(Diagnostic) -> Value {
        let frame = try args.frame(0, "df")
        guard !args.rest.isEmpty || !args.options.isEmpty else {
            throw Diagnostic("group_by needs at least one key column, e.g. group_by(df, .k)", at: args.callSpan,
                             hint: "for one row over the whole frame, call agg(df, …) directly")
        }
        var keys: [(name: String, expr: Expr)] = []
        var spans: [SourceSpan] = []
        for argument in args.rest {
            let key: (name: String, expr: Expr)
            switch argument.value {
            case .column(.column), .string:
                let name = try FrameLibrary.columnName(argument.value, at: argument.span, in: frame, verb: "group_by")
                key = (name, .column(name))
            case .column(let expr):
                let translated = try ColumnExprTranslation.translate(expr, for: frame)
                key = (translated.outputName, translated)
            default:
                throw Diagnostic("group_by expects key columns such as .k or expressions such as month(.day), found \(argument.value.typeName)",
                                 at: argument.span)
            }
            keys.append(key)
            spans.append(argument.span)
        }
        for option in args.options {
            keys.append((option.label, try ColumnExprTranslation.translate(option.value, at: option.span, for: frame)))
            spans.append(option.span)
        }
        for (position, key) in keys.enumerated() where keys[..<position].contains(where: { $0.name == key.name }) {
            let hint = args.rest.indices.contains(position) && key.expr != .column(key.name)
                ? "an unnamed key is named after its first column; name it: group_by(df, m: …)" : nil
            throw Diagnostic("group key \(columnReference(key.name)) is given twice", at: spans[position], hint: hint)
        }
        let plain = keys.allSatisfy { $0.expr == .column($0.name) }
        let grouped: GroupedFrame
        if plain {
            grouped = try engine(at: args.callSpan) { () throws(FrameError) in try frame.groupBy(keys.map(\.name)) }
        } else {
            do throws(FrameError) {
                grouped = try frame.groupBy(expressions: keys)
            } catch {
                // Evaluate the keys one by one so the caret points at the one at fault.
                for (key, span) in zip(keys, spans) {
                    _ = try engine(at: span) { () throws(FrameError) in try frame.groupBy(expressions: [key]) }
                }
                throw Diagnostic(error, at: args.callSpan)
            }
        }
        return .host(GroupedFrameValue(grouped))
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
        case .host(let object as any FrameConvertible):
            grouped = try engine(at: args.span(0)) { () throws(FrameError) in try object.frame().groupBy([]) }
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
