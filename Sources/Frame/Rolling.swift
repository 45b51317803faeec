/// Which ends of a rolling time window `[t − window, t]` belong to it.
public enum RollingClosed: String, Sendable, CaseIterable {
    /// `(t − window, t]`: the default, as Polars and DuckDB's `RANGE … PRECEDING AND CURRENT ROW`.
    case right
    /// `[t − window, t)`: the rows strictly before the current time.
    case left
    /// `[t − window, t]`.
    case both
    /// `(t − window, t)`.
    case none
}

/// How long a rolling window is.
public enum RollingWindow: Sendable, Equatable {
    /// A span of the `on` column: a duration for timestamp and duration columns, an int or a float
    /// for int and float columns; must be positive.
    case span(Scalar)
    /// The current row and the `n − 1` rows before it, in `on` order within the key (n ≥ 1).
    case rows(Int)
}

extension DataFrame {
    /// For every row, aggregates of the rows with the same key whose time lies in its window,
    /// appended as columns (a name that exists is replaced), in this frame's row order.
    ///
    /// Rows with the same key and time share one window (Polars and DuckDB `RANGE` semantics;
    /// pandas' `rolling("7D")` instead ends the window at the current row). Null keys form a key of
    /// their own; rows with a null (or NaN) time take part in no window and get null results. The
    /// input need not be sorted. Aggregates: `count()`, `count(x)`, `sum`, `mean`, `min`, `max`,
    /// `std`, `var`, skipping nulls as `agg` does (a sum of nothing is 0, the rest null).
    public func rolling(
        on: String?, by: [String] = [], window: RollingWindow, closed: RollingClosed = .right,
        aggregates: [(name: String, aggregation: Aggregation)]
    ) throws(FrameError) -> DataFrame {
        guard !aggregates.isEmpty else {
            throw FrameError(.invalidArgument, "rolling needs at least one named aggregate, e.g. mean(.x)")
        }
        for (index, aggregate) in aggregates.enumerated() where aggregates[..<index].contains(where: { $0.name == aggregate.name }) {
            throw FrameError(.duplicateColumn, "rolling names \(columnReference(aggregate.name)) twice", column: aggregate.name)
        }
        let keyColumns = try by.map { (name) throws(FrameError) in try requireColumn(name) }
        let time = try on.map { (name) throws(FrameError) in try requireColumn(name) }
        let span = try Self.resolveSpan(window, time: time)
        guard height <= KeyedTimeOrder.maximumRows else {
            throw FrameError(.invalidArgument, "rolling supports frames of up to \(KeyedTimeOrder.maximumRows) rows")
        }
        var inputs: [(kind: SlidingAggregation.Kind, column: Column?)] = []
        for aggregate in aggregates {
            let column = try aggregate.aggregation.input.map { (input) throws(FrameError) in try evaluate(input) }
            inputs.append((try SlidingAggregation.kind(of: aggregate.aggregation, input: column, verb: "rolling"), column))
        }
        try EngineInterrupt.check()

        var order: KeyedTimeOrder
        if let presorted = KeyedTimeOrder.presorted(keys: keyColumns, time: time, count: height) {
            order = presorted
        } else {
            let index = GroupKeys.index(keyColumns, rowCount: height)
            order = withExtendedLifetime(index.ids) {
                KeyedTimeOrder.sorted(ids: index.ids.base, groupCount: index.groupCount, time: time, count: height)
            }
        }
        // An int time column with a fractional span compares in Double.
        if case .real = span { order = order.withRealTimes() }
        try EngineInterrupt.check()

        let parts = SegmentParts.split(order.offsets, count: order.count)
        let plan = WindowPlan.rolling(order, span, closed)
        var frame = self
        for (aggregate, input) in zip(aggregates, inputs) {
            try EngineInterrupt.check()
            let column = try SlidingAggregation.compute(
                input.kind, input: input.column, name: aggregate.name, plan: plan, parts: parts, height: height,
                zeroWhenEmpty: false, verb: "rolling")
            frame = try frame.setting(column)
        }
        return frame
    }

    /// The window in the time column's arithmetic, checked against the column's type.
    static func resolveSpan(_ window: RollingWindow, time: Column?) throws(FrameError) -> ResolvedSpan {
        switch window {
        case .rows(let count):
            guard count >= 1 else {
                throw FrameError(.invalidArgument, "rolling window must be at least 1 row, found \(count)")
            }
            return .rows(count)
        case .span(let value):
            guard let time else {
                throw FrameError(.invalidArgument, "rolling needs on: (a time column) for a window of \(describe(value))")
            }
            try KeyedTimeOrder.checkTimeType(time, argument: "rolling's on")
            let span: ResolvedSpan
            switch (time.type, value) {
            case (.timestamp, .duration(let micros)), (.duration, .duration(let micros)):
                span = .integer(micros)
            case (.int, .int(let length)):
                span = .integer(length)
            case (.int, .float(let length)), (.float, .float(let length)):
                span = .real(length)
            case (.float, .int(let length)):
                span = .real(Double(length))
            default:
                let expected = time.type == .timestamp || time.type == .duration ? "a duration such as 7d" : "a number"
                throw FrameError(
                    .typeMismatch,
                    "rolling window must be \(expected) for the \(time.type.name) column \(columnReference(time.name)), found \(describe(value))",
                    column: time.name)
            }
            switch span {
            case .integer(let length) where length <= 0:
                throw FrameError(.invalidArgument, "rolling window must be positive, found \(describe(value))")
            case .real(let length) where !(length > 0) || !length.isFinite:
                throw FrameError(.invalidArgument, "rolling window must be a positive finite number, found \(describe(value))")
            default:
                return span
            }
        }
    }

    /// A scalar as a message shows it: its type and, for numbers, its value.
    static func describe(_ value: Scalar) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return "the int \(v)"
        case .float(let v): return "the float \(v)"
        case .bool(let v): return "the bool \(v)"
        case .string(let v): return "the string \"\(v)\""
        case .timestamp: return "a timestamp"
        case .duration(let micros): return "the duration \(NumberFormatting.duration(micros))"
        }
    }
}
