extension DataFrame {
    /// For every row of this (left) frame, aggregates of the `right` rows with the same `by` key
    /// whose `on` time lies in `[t − window, t]` (both ends included by default, as kdb+'s `wj`;
    /// `closed` as in `rolling`), appended as columns (a name that exists is replaced); one output
    /// row per left row, in left order.
    ///
    /// Both frames are arranged by (key, time) and merged key by key, so the cost is that of the two
    /// sorts plus one pass. A left row with no right row in its window gets count 0, sum 0 and null
    /// for the other aggregates; null keys and null or NaN times never match. The aggregate inputs
    /// are expressions over the right frame: `count()`, `count(x)`, `sum`, `mean`, `min`, `max`,
    /// `std`, `var`, `n_unique` (distinct non-null values).
    public func windowJoin(
        _ right: DataFrame, on: String, by: [String] = [], window: Scalar, closed: RollingClosed = .both,
        aggregates: [(name: String, aggregation: Aggregation)]
    ) throws(FrameError) -> DataFrame {
        guard !aggregates.isEmpty else {
            throw FrameError(.invalidArgument, "window_join needs at least one named aggregate, e.g. n: count()")
        }
        for (index, aggregate) in aggregates.enumerated() where aggregates[..<index].contains(where: { $0.name == aggregate.name }) {
            throw FrameError(.duplicateColumn, "window_join names \(columnReference(aggregate.name)) twice", column: aggregate.name)
        }
        let leftTime = try requireColumn(on)
        let rightTime = try right.requireColumn(on)
        try KeyedTimeOrder.checkTimeType(leftTime, argument: "window_join's on")
        try KeyedTimeOrder.checkTimeType(rightTime, argument: "window_join's on")
        guard leftTime.type == rightTime.type else {
            throw FrameError(
                .typeMismatch,
                "window_join's on column \(columnReference(on)) is \(leftTime.type.name) on the left and \(rightTime.type.name) on the right",
                column: on)
        }
        let span = try Self.joinSpan(window, time: leftTime)
        var leftKeys: [Column] = []
        var rightKeys: [Column] = []
        for (position, name) in by.enumerated() {
            if by[..<position].contains(name) {
                throw FrameError(.duplicateColumn, "window_join key \(columnReference(name)) is given twice", column: name)
            }
            let leftKey = try requireColumn(name)
            let rightKey = try right.requireColumn(name)
            guard leftKey.type == rightKey.type else {
                throw FrameError(
                    .typeMismatch,
                    "window_join key \(columnReference(name)) is \(leftKey.type.name) on the left and \(rightKey.type.name) on the right",
                    column: name)
            }
            leftKeys.append(leftKey)
            rightKeys.append(rightKey)
        }
        guard height <= KeyedTimeOrder.maximumRows, right.height <= KeyedTimeOrder.maximumRows else {
            throw FrameError(.invalidArgument, "window_join supports frames of up to \(KeyedTimeOrder.maximumRows) rows")
        }
        var inputs: [(kind: SlidingAggregation.Kind, column: Column?)] = []
        for aggregate in aggregates {
            let column = try aggregate.aggregation.input.map { (input) throws(FrameError) in try right.evaluate(input) }
            inputs.append((try SlidingAggregation.kind(of: aggregate.aggregation, input: column, verb: "window_join"), column))
        }
        try EngineInterrupt.check()

        let (leftOrder, rightOrder) = arrangeForWindowJoin(
            right, leftKeys: leftKeys, rightKeys: rightKeys, leftTime: leftTime, rightTime: rightTime, span: span)
        try EngineInterrupt.check()
        let parts = SegmentParts.split(leftOrder.offsets, count: leftOrder.count)
        let plan = WindowPlan.join(queries: leftOrder, inputs: rightOrder, span, closed)
        var frame = self
        for (aggregate, input) in zip(aggregates, inputs) {
            try EngineInterrupt.check()
            let column = try SlidingAggregation.compute(
                input.kind, input: input.column, name: aggregate.name, plan: plan, parts: parts, height: height,
                zeroWhenEmpty: true, verb: "window_join")
            frame = try frame.setting(column)
        }
        return frame
    }

    /// Both sides arranged by shared group ids (the right side's keys define the groups; a left key
    /// the right lacks, and every null key, takes no part), then by time.
    private func arrangeForWindowJoin(
        _ right: DataFrame, leftKeys: [Column], rightKeys: [Column], leftTime: Column, rightTime: Column, span: ResolvedSpan
    ) -> (left: KeyedTimeOrder, right: KeyedTimeOrder) {
        var leftOrder: KeyedTimeOrder
        var rightOrder: KeyedTimeOrder
        if leftKeys.isEmpty {
            let leftIds = ColumnBuffer<Int32>(repeating: 0, count: height)
            let rightIds = ColumnBuffer<Int32>(repeating: 0, count: right.height)
            leftOrder = KeyedTimeOrder.sorted(ids: leftIds.base, groupCount: 1, time: leftTime, count: height)
            rightOrder = KeyedTimeOrder.sorted(ids: rightIds.base, groupCount: 1, time: rightTime, count: right.height)
            withExtendedLifetime((leftIds, rightIds)) {}
        } else {
            let keys = KeyEncoding.join(build: rightKeys, probe: leftKeys)
            let assignment = KeyEncoding.assignGroups(build: keys.build, probe: keys.probe)
            let probe = assignment.probe ?? ColumnBuffer<Int32>(repeating: -1, count: height)
            leftOrder = KeyedTimeOrder.sorted(ids: probe.base, groupCount: assignment.groupCount, time: leftTime, count: height)
            rightOrder = KeyedTimeOrder.sorted(
                ids: assignment.build.base, groupCount: assignment.groupCount, time: rightTime, count: right.height)
            withExtendedLifetime((keys.build, keys.probe, assignment.build, probe)) {}
        }
        if case .real = span {
            leftOrder = leftOrder.withRealTimes()
            rightOrder = rightOrder.withRealTimes()
        }
        return (leftOrder, rightOrder)
    }

    /// The window of a window join: like a rolling span, but 0 is allowed (exact time matches).
    static func joinSpan(_ window: Scalar, time: Column) throws(FrameError) -> ResolvedSpan {
        let span: ResolvedSpan
        switch (time.type, window) {
        case (.timestamp, .duration(let micros)), (.duration, .duration(let micros)): span = .integer(micros)
        case (.int, .int(let length)): span = .integer(length)
        case (.int, .float(let length)), (.float, .float(let length)): span = .real(length)
        case (.float, .int(let length)): span = .real(Double(length))
        default:
            let expected = time.type == .timestamp || time.type == .duration ? "a duration such as 1h" : "a number"
            throw FrameError(
                .typeMismatch,
                "window_join window must be \(expected) for the \(time.type.name) column \(columnReference(time.name)), found \(describe(window))",
                column: time.name)
        }
        switch span {
        case .integer(let length) where length < 0:
            throw FrameError(.invalidArgument, "window_join window must not be negative, found \(describe(window))")
        case .real(let length) where !(length >= 0) || !length.isFinite:
            throw FrameError(.invalidArgument, "window_join window must be a finite number ≥ 0, found \(describe(window))")
        default:
            return span
        }
    }
}

extension KeyedTimeOrder {
    /// The same arrangement with Int64 times converted to Double (for a fractional span on int times).
    func withRealTimes() -> KeyedTimeOrder {
        guard case .integer(let times)? = times else { return self }
        let converted = ColumnBuffer<Double>(uninitializedCount: count)
        for position in 0..<count { converted.base[position] = Double(times.base[position]) }
        return KeyedTimeOrder(count: count, rows: rows, offsets: offsets, times: .real(converted))
    }
}
