/// A frame split into groups by key columns, ready for `aggregate`.
///
/// The groups are found once, when the frame is grouped: every row gets a dense group id, and the
/// groups are numbered in order of first appearance. Aggregating gives one row per group in that
/// order (as Polars' `maintain_order=True`), key columns first. A null key is a group of its own.
public struct GroupedFrame: Sendable {
    /// The frame that was grouped.
    public let frame: DataFrame
    /// The key names the result carries, in the order given.
    public let keys: [String]
    /// The columns of `frame` holding the keys: the keys themselves, or hidden columns that computed
    /// keys were evaluated into (`groupBy(expressions:)`), so aggregates still see the originals.
    let keyColumns: [String]
    let index: GroupIndex

    /// Groups of `frame` by the columns `keyColumns` (default: `keys`), reported under `keys`.
    init(frame: DataFrame, keys: [String], index: GroupIndex, keyColumns: [String]? = nil) {
        self.frame = frame
        self.keys = keys
        self.keyColumns = keyColumns ?? keys
        self.index = index
    }

    /// Number of groups (distinct key combinations).
    public var groupCount: Int { index.groupCount }

    /// One row per group holding its key values, in group order.
    public var keyFrame: DataFrame {
        let columns = zip(keyColumns, keys).compactMap { column, key in
            frame.column(named: column)?.gather(orNull: index.firstRows).renamed(key)
        }
        return DataFrame(unchecked: columns, height: columns.isEmpty ? 0 : index.groupCount)
    }

    /// One row per group: the key columns, then one column per aggregation under its name.
    public func aggregate(_ aggregations: [(name: String, aggregation: Aggregation)]) throws(FrameError) -> DataFrame {
        try aggregate(expressions: aggregations.map { ($0.name, $0.aggregation.expr) })
    }

    /// One row per group from expressions over aggregates, such as `sum(.x) / count()`.
    ///
    /// Each expression is an aggregate call, a literal, or element-wise operations and functions
    /// over those; a column outside an aggregate is an error. Inside an aggregate's input, nested
    /// aggregates and windows work per group, as if written with `over(by: keys)`.
    public func aggregate(expressions: [(name: String, expr: Expr)]) throws(FrameError) -> DataFrame {
        var aggregator = GroupAggregator(index: index)
        var outputs = keyFrame.columns
        let frame = self.frame
        let keys = self.keyColumns
        let evaluate = { (input: Expr) throws(FrameError) -> Column in
            try frame.evaluate(keys.isEmpty ? input : WindowExpressions.partitioned(input, by: keys, order: []))
        }
        var direct: [Aggregation] = []
        for (_, expr) in expressions {
            if case .call(let function, let arguments) = expr, let aggregation = try Aggregation(call: function, arguments) {
                direct.append(aggregation)
            }
        }
        try aggregator.prepare(direct, evaluate: evaluate)
        for (name, expr) in expressions {
            if case .call(let function, let arguments) = expr, let aggregation = try Aggregation(call: function, arguments) {
                outputs.append(try aggregator.aggregate(aggregation, name: name, evaluate: evaluate))
                continue
            }
            var temporaries: [Column] = []
            let rewritten = try replaceAggregates(expr, &temporaries, &aggregator, evaluate)
            let groups = DataFrame(unchecked: temporaries, height: index.groupCount)
            outputs.append(try groups.evaluate(rewritten).renamed(name))
        }
        return try DataFrame(columns: outputs)
    }

    /// `expr` with every aggregate replaced by a reference to its per-group column, appended to `temporaries`.
    private func replaceAggregates(
        _ expr: Expr, _ temporaries: inout [Column], _ aggregator: inout GroupAggregator,
        _ evaluate: (Expr) throws(FrameError) -> Column
    ) throws(FrameError) -> Expr {
        switch expr {
        case .literal:
            return expr
        case .column(let name):
            throw FrameError(
                .invalidArgument,
                "\(columnReference(name)) must be inside an aggregate such as first(\(columnReference(name))) or sum(\(columnReference(name)))",
                column: name, hint: keys.isEmpty ? nil : "the group keys are added to the result by themselves")
        case .unary(let op, let operand):
            return .unary(op, try replaceAggregates(operand, &temporaries, &aggregator, evaluate))
        case .binary(let op, let lhs, let rhs):
            return .binary(
                op, try replaceAggregates(lhs, &temporaries, &aggregator, evaluate),
                try replaceAggregates(rhs, &temporaries, &aggregator, evaluate))
        case .call(let function, let arguments):
            if let aggregation = try Aggregation(call: function, arguments) {
                let name = "\u{0}aggregate\(temporaries.count)"
                temporaries.append(try aggregator.aggregate(aggregation, name: name, evaluate: evaluate))
                return .column(name)
            }
            if function == "over" || WindowExpressions.isWindowFunction(function) {
                throw FrameError(.invalidArgument, "\(function) is a window function; use it in with(...), not in agg(...)")
            }
            var converted: [Expr] = []
            for argument in arguments {
                converted.append(try replaceAggregates(argument, &temporaries, &aggregator, evaluate))
            }
            return .call(function, converted)
        }
    }
}

extension DataFrame {
    /// Groups the rows by the named key columns (any type; nulls form their own group).
    public func groupBy(_ keys: [String]) throws(FrameError) -> GroupedFrame {
        var columns: [Column] = []
        for (position, key) in keys.enumerated() {
            if keys[..<position].contains(key) {
                throw FrameError(.duplicateColumn, "group key \(columnReference(key)) is given twice", column: key)
            }
            columns.append(try requireColumn(key))
        }
        guard height <= Int(Int32.max) else {
            throw FrameError(.invalidArgument, "group_by supports at most \(Int32.max) rows, found \(height)")
        }
        return GroupedFrame(frame: self, keys: keys, index: GroupKeys.index(columns, rowCount: height))
    }

    /// Aggregates over the whole frame: one row, even for an empty frame (count 0, sum 0, others null).
    public func aggregate(_ aggregations: [(name: String, aggregation: Aggregation)]) throws(FrameError) -> DataFrame {
        try groupBy([]).aggregate(aggregations)
    }

    /// Expressions over aggregates of the whole frame: one row.
    public func aggregate(expressions: [(name: String, expr: Expr)]) throws(FrameError) -> DataFrame {
        try groupBy([]).aggregate(expressions: expressions)
    }
}
