/// Aggregates and window functions inside column expressions, as calls:
///
/// - aggregates (`Aggregation.names`): `sum(x)` … `quantile(x, q)`, `count()`. In `with` and
///   `filter` an aggregate is computed over the whole frame and broadcast (`.x > mean(.x)`).
/// - windows: `shift(x, n)`, `lag(x, n = 1)`, `lead(x, n = 1)`, `diff(x, n = 1)`, `cum_sum(x)`,
///   `rank(x, method = "average")`, `row_number()`; plain, they run over the whole frame in its
///   current order.
/// - `over(e, partition_by(.k, …), order_by(.t, desc(.u), …))`: evaluates `e` per partition, in
///   the given order. Every aggregate and window inside `e` (at any depth) uses the partitions, so
///   `over(.x - mean(.x), partition_by(.k))` centres x within each k. Either spec may be left out.
enum WindowExpressions {
    /// Names of the window functions.
    static let windowNames = ["shift", "lag", "lead", "diff", "cum_sum", "rank", "row_number"]

    static func isWindowFunction(_ name: String) -> Bool { windowNames.contains(name) }

    /// True for a call that is an aggregate or window with a valid arity (the calls `over` binds).
    static func isPartitioned(_ name: String, _ arguments: [Expr]) -> Bool {
        if isWindowFunction(name) { return true }
        switch (name, arguments.count) {
        case ("count", 0...1), ("quantile", 2): return true
        case ("min", 1), ("max", 1): return true
        case ("min", _), ("max", _): return false
        default: return Aggregation.names.contains(name)
        }
    }

    /// The window function a call spells, nil when `name` is not one; bad arguments throw.
    static func windowFunction(_ name: String, _ arguments: [Expr]) throws(FrameError) -> WindowFunction? {
        guard isWindowFunction(name) else { return nil }
        func offset(default fallback: Int) throws(FrameError) -> Int {
            guard arguments.count > 1 else { return fallback }
            switch arguments[1] {
            case .literal(.null): return fallback
            case .literal(.int(let value)): return Int(clamping: value)
            default: throw FrameError(.invalidArgument, "\(name) expects n to be an integer constant")
            }
        }
        func input(_ allowed: ClosedRange<Int>) throws(FrameError) -> Expr {
            guard allowed.contains(arguments.count) else {
                let expected = allowed.lowerBound == allowed.upperBound
                    ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) or \(allowed.upperBound)"
                throw FrameError(.invalidArgument, "\(name) expects \(expected) arguments, found \(arguments.count)")
            }
            return arguments[0]
        }
        switch name {
        case "shift": return .shift(try input(1...2), by: try offset(default: 1))
        case "lag": return .shift(try input(1...2), by: try offset(default: 1))
        case "lead": return .shift(try input(1...2), by: 0 &- (try offset(default: 1)))
        case "diff": return .diff(try input(1...2), by: try offset(default: 1))
        case "cum_sum": return .cumulativeSum(try input(1...1))
        case "rank":
            let value = try input(1...2)
            var method = RankMethod.average
            if arguments.count == 2 {
                switch arguments[1] {
                case .literal(.null): break
                case .literal(.string(let text)):
                    guard let parsed = RankMethod(rawValue: text) else {
                        throw FrameError(
                            .invalidArgument,
                            "rank method must be one of \(RankMethod.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(text)\"")
                    }
                    method = parsed
                default:
                    throw FrameError(.invalidArgument, "rank expects method to be a string such as \"dense\"")
                }
            }
            return .rank(value, method)
        default:
            guard arguments.isEmpty else {
                throw FrameError(.invalidArgument, "row_number takes no arguments, found \(arguments.count)")
            }
            return .rowNumber
        }
    }

    /// The `over` call for `inner` with these partition keys and order.
    static func over(_ inner: Expr, by keys: [String], order: [SortKey]) -> Expr {
        let partition = Expr.call("partition_by", keys.map { .column($0) })
        let ordering = Expr.call("order_by", order.map { $0.descending ? .call("desc", [.column($0.column)]) : .column($0.column) })
        return .call("over", [inner, partition, ordering])
    }

    /// `expr` with every aggregate and window in it bound to the partitions (pushing `over` down to
    /// them); an `over` already present keeps its own specification.
    static func partitioned(_ expr: Expr, by keys: [String], order: [SortKey]) -> Expr {
        switch expr {
        case .column, .literal:
            return expr
        case .unary(let op, let operand):
            return .unary(op, partitioned(operand, by: keys, order: order))
        case .binary(let op, let lhs, let rhs):
            return .binary(op, partitioned(lhs, by: keys, order: order), partitioned(rhs, by: keys, order: order))
        case .call(let name, let arguments):
            if name == "over" { return expr }
            let inner = Expr.call(name, arguments.map { partitioned($0, by: keys, order: order) })
            return isPartitioned(name, arguments) ? over(inner, by: keys, order: order) : inner
        }
    }

    /// The parts of an `over` call: the expression, the partition keys and the order.
    static func specification(_ arguments: [Expr]) throws(FrameError) -> (inner: Expr, keys: [String], order: [SortKey]) {
        guard let inner = arguments.first else {
            throw FrameError(.invalidArgument, "over expects an expression such as cum_sum(.x)")
        }
        var keys: [String] = []
        var order: [SortKey] = []
        for argument in arguments.dropFirst() {
            switch argument {
            case .call("partition_by", let columns):
                for column in columns {
                    guard case .column(let name) = column else {
                        throw FrameError(.invalidArgument, "over's by expects columns such as [.k], found an expression")
                    }
                    keys.append(name)
                }
            case .call("order_by", let columns):
                for column in columns {
                    switch column {
                    case .column(let name): order.append(SortKey(name))
                    case .call("desc", let inner) where inner.count == 1:
                        guard case .column(let name) = inner[0] else {
                            throw FrameError(.invalidArgument, "over's order expects columns such as .t or desc(.t)")
                        }
                        order.append(SortKey(name, descending: true))
                    default:
                        throw FrameError(.invalidArgument, "over's order expects columns such as .t or desc(.t)")
                    }
                }
            case .literal(.null):
                continue
            default:
                throw FrameError(.invalidArgument, "over expects partition_by(…) and order_by(…) after the expression")
            }
        }
        return (inner, keys, order)
    }
}

extension Evaluator {
    /// Evaluates aggregates, windows and `over`; nil for every other call (left to `ColumnFunctions`).
    func evaluateWindowOrAggregate(_ function: String, _ arguments: [Expr]) throws(FrameError) -> Operand? {
        if function == "over" {
            let (inner, keys, order) = try WindowExpressions.specification(arguments)
            guard case .call(let name, let innerArguments) = inner, WindowExpressions.isPartitioned(name, innerArguments) else {
                return try evaluate(WindowExpressions.partitioned(inner, by: keys, order: order))
            }
            let bound = innerArguments.map { WindowExpressions.partitioned($0, by: keys, order: order) }
            if let aggregation = try Aggregation(call: name, bound) {
                return .column(try frame.window(aggregation, partitionBy: keys, orderBy: order))
            }
            if let window = try WindowExpressions.windowFunction(name, bound) {
                return .column(try frame.window(window, partitionBy: keys, orderBy: order))
            }
            return nil
        }
        if let window = try WindowExpressions.windowFunction(function, arguments) {
            return .column(try frame.window(window))
        }
        if let aggregation = try Aggregation(call: function, arguments) {
            let column = try frame.aggregate([(name: aggregation.outputName, aggregation: aggregation)]).columns[0]
            let value = column.scalar(at: 0)
            // A null keeps its type by broadcasting the one-row column.
            if value.isNull { return .column(column.gather([Int](repeating: 0, count: count))) }
            return .scalar(value)
        }
        return nil
    }
}
