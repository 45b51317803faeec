/// How `rank` numbers tied values.
public enum RankMethod: String, Sendable, CaseIterable {
    /// Ties share the mean of their positions (1, 2.5, 2.5, 4); the result is float. The default, as in Polars.
    case average
    /// Ties numbered in window order (1, 2, 3, 4).
    case ordinal
    /// Ties share their lowest position (1, 2, 2, 4).
    case min
    /// Ties share their highest position (1, 3, 3, 4).
    case max
    /// Ties share a number and the next value gets the next number (1, 2, 2, 3).
    case dense
}

/// A function computed over the rows of a window (a partition in a given order) whose result has
/// one value per row, written back in the frame's row order.
public enum WindowFunction: Sendable, Equatable {
    /// The value `by` rows earlier in the window (later when negative); null past the window's edge.
    case shift(Expr, by: Int)
    /// The value minus the value `by` rows earlier (timestamps give durations).
    case diff(Expr, by: Int)
    /// The running sum; a null row gives null and leaves the sum unchanged. Ints stay exact.
    case cumulativeSum(Expr)
    /// The rank of the value among the window's non-null values, ascending; null for null.
    case rank(Expr, RankMethod)
    /// The 1-based position in the window.
    case rowNumber

    /// The default name of the result: the input's name, or "row_number".
    public var outputName: String {
        switch self {
        case .shift(let input, _), .diff(let input, _), .cumulativeSum(let input), .rank(let input, _):
            return input.outputName
        case .rowNumber:
            return "row_number"
        }
    }
}

/// The rows of a frame arranged window by window: `rows[offsets[w]..<offsets[w + 1]]` is window w
/// in window order (stable by the order keys, so ties keep input order).
struct WindowLayout {
    var rows: [Int]
    var offsets: [Int]
    /// The group index of the partitions, when there are partition keys.
    var index: GroupIndex?
}

extension DataFrame {
    /// Computes a window function over partitions of the rows (all rows when `partitionBy` is empty),
    /// each ordered by `orderBy` (current row order when empty); the result is in this frame's row order.
    public func window(
        _ function: WindowFunction, partitionBy: [String] = [], orderBy: [SortKey] = []
    ) throws(FrameError) -> Column {
        let name = function.outputName
        switch function {
        case .rowNumber:
            let layout = try windowLayout(partitionBy: partitionBy, order: try windowOrder(orderBy))
            return WindowKernels.rowNumbers(layout, count: height, name: name)
        case .shift(let input, let offset):
            let column = try evaluate(input)
            let layout = try windowLayout(partitionBy: partitionBy, order: try windowOrder(orderBy))
            return WindowKernels.shift(column, by: offset, layout, name: name)
        case .diff(let input, let offset):
            let column = try evaluate(input)
            let layout = try windowLayout(partitionBy: partitionBy, order: try windowOrder(orderBy))
            let previous = WindowKernels.shift(column, by: offset, layout, name: name)
            return try BinaryEvaluation.apply(.subtract, .column(column), .column(previous), count: height, name: name)
        case .cumulativeSum(let input):
            let column = try evaluate(input)
            let layout = try windowLayout(partitionBy: partitionBy, order: try windowOrder(orderBy))
            return try WindowKernels.cumulativeSum(column, layout, name: name)
        case .rank(let input, let method):
            let column = try evaluate(input).renamed(name)
            var order = try windowOrder(orderBy) ?? Array(0..<height)
            if height > 1 { Sorting.stableSort(&order, by: column, descending: false) }
            let layout = try windowLayout(partitionBy: partitionBy, order: order)
            return WindowKernels.rank(column, method, layout, name: name)
        }
    }

    /// An aggregate over each partition, repeated on every row of it (`mean(.x) |> over(by: [.k])`).
    /// The order matters only for `first`, `last` and the rounding of float sums.
    public func window(
        _ aggregation: Aggregation, partitionBy: [String] = [], orderBy: [SortKey] = []
    ) throws(FrameError) -> Column {
        let name = aggregation.outputName
        var columns: [Column] = []
        for key in partitionBy { columns.append(try requireColumn(key)) }
        let valueName = "\u{0}value"
        var rewritten = aggregation
        if let input = aggregation.input {
            let partitioned = partitionBy.isEmpty ? input : WindowExpressions.partitioned(input, by: partitionBy, order: orderBy)
            columns.append(try evaluate(partitioned).renamed(valueName))
            rewritten.input = .column(valueName)
        }
        if case .correlation(let other) = aggregation.function {
            // The second input of corr comes along the same way as the first.
            let otherName = "\u{0}other"
            let partitioned = partitionBy.isEmpty ? other : WindowExpressions.partitioned(other, by: partitionBy, order: orderBy)
            columns.append(try evaluate(partitioned).renamed(otherName))
            rewritten.function = .correlation(.column(otherName))
        }
        let order = try windowOrder(orderBy)
        if let order { columns = columns.map { $0.gather(order) } }
        let scratch = DataFrame(unchecked: columns, height: height)
        let grouped = try scratch.groupBy(partitionBy)
        let perGroup = try grouped.aggregate([(name: name, aggregation: rewritten)]).columns[partitionBy.count]
        // Row i of the scratch frame is row order[i] of this one.
        var groupOfRow = [Int](repeating: 0, count: height)
        let ids = grouped.index.ids.base
        withExtendedLifetime(grouped.index.ids) {
            for position in 0..<height {
                groupOfRow[order?[position] ?? position] = Int(ids[position])
            }
        }
        if height == 0 { return Column(name: name, nullsOf: perGroup.type, count: 0) }
        return perGroup.gather(groupOfRow)
    }

    /// The row order the order keys give (nil when there are none).
    func windowOrder(_ orderBy: [SortKey]) throws(FrameError) -> [Int]? {
        if orderBy.isEmpty { return nil }
        return try sortOrder(by: orderBy)
    }

    /// Rows grouped by partition (partitions in order of first appearance), each in `order`.
    func windowLayout(partitionBy: [String], order: [Int]?) throws(FrameError) -> WindowLayout {
        if partitionBy.isEmpty {
            return WindowLayout(rows: order ?? Array(0..<height), offsets: [0, height], index: nil)
        }
        let index = try groupBy(partitionBy).index
        let (rows, offsets) = index.rowsByGroup(order: order)
        return WindowLayout(rows: rows, offsets: offsets, index: index)
    }
}
