/// Finds the right row of every left row of an ASOF join: `by` keys to dense group ids (the join's
/// key tables, built on the right), the rows that can match sorted by (group, time) on both sides,
/// then one merge (`AsofMerge`).
enum AsofMatching {
    /// Inputs from which the sorts and the merge split over cores.
    static let parallelRows = 1 << 18

    /// Per left row, the matched right row or -1.
    static func match(_ plan: AsofJoinPlan, threads: Int) throws(FrameError) -> ColumnBuffer<Int32> {
        let leftCount = plan.left.height
        let rightCount = plan.right.height
        let matched = ColumnBuffer<Int32>(repeating: -1, count: leftCount)
        if leftCount == 0 || rightCount == 0 { return matched }

        // Group ids: the right side defines them; left keys the right lacks get -1 (no match).
        var leftGroups: ColumnBuffer<Int32>? = nil
        var rightGroups: ColumnBuffer<Int32>? = nil
        var groupCount = 1
        if !plan.leftBy.isEmpty {
            let keys = KeyEncoding.join(build: plan.rightBy, probe: plan.leftBy)
            let assignment = withExtendedLifetime(keys) {
                KeyEncoding.assignGroups(build: keys.build, probe: keys.probe)
            }
            guard let probe = assignment.probe, assignment.matchedProbeRows > 0 else { return matched }
            leftGroups = probe
            rightGroups = assignment.build
            groupCount = assignment.groupCount
        }

        // Times as both sides compare them, and the rows whose time (and required values) are usable.
        let isFloat = plan.leftTime.type == .float || plan.rightTime.type == .float
        let leftValues = TimeBuffer(plan.leftTime, asFloat: isFloat)
        let rightValues = TimeBuffer(plan.rightTime, asFloat: isFloat)
        var rightUsable = usableTimes(plan.rightTime)
        for column in plan.requireNonNull { rightUsable = Bitmap.and(rightUsable, column.validity) }

        // Tie order: right rows visited in row order, or in the order of the tie-break keys.
        var order: [Int]? = nil
        if case .sortKeys(let keys) = plan.tieBreak {
            order = try plan.right.sortOrder(by: keys)
        }

        return try withExtendedLifetime((leftGroups, rightGroups, leftValues, rightValues)) { () throws(FrameError) in
            try (order ?? []).withUnsafeBufferPointer { orderBuffer throws(FrameError) in
                let left = AsofSideRows(
                    height: leftCount, groups: leftGroups.map { UnsafePointer($0.base) },
                    usable: usableTimes(plan.leftTime), order: nil)
                let right = AsofSideRows(
                    height: rightCount, groups: rightGroups.map { UnsafePointer($0.base) },
                    usable: rightUsable, order: order == nil ? nil : orderBuffer.baseAddress)
                try sortAndMerge(
                    plan, left: left, right: right, leftValues: leftValues, rightValues: rightValues,
                    groupCount: groupCount, threads: threads, matched: matched.base)
            }
            return matched
        }
    }

    /// Sorts both sides in the packed layout when group, time and row bits fit in 64, else in the
    /// columnar one, and merges.
    private static func sortAndMerge(
        _ plan: AsofJoinPlan, left: AsofSideRows, right: AsofSideRows, leftValues: TimeBuffer, rightValues: TimeBuffer,
        groupCount: Int, threads: Int, matched: UnsafeMutablePointer<Int32>
    ) throws(FrameError) {
        switch (leftValues.values, rightValues.values) {
        case (.integer(let leftTimes), .integer(let rightTimes)):
            try sortAndMerge(
                plan, left: left, right: right, leftTimes: IntegerTimeKeys(values: leftTimes),
                rightTimes: IntegerTimeKeys(values: rightTimes), isFloat: false, groupCount: groupCount, threads: threads,
                matched: matched)
        case (.float(let leftTimes), .float(let rightTimes)):
            try sortAndMerge(
                plan, left: left, right: right, leftTimes: FloatTimeKeys(values: leftTimes),
                rightTimes: FloatTimeKeys(values: rightTimes), isFloat: true, groupCount: groupCount, threads: threads,
                matched: matched)
        default:
            // `TimeBuffer` converts both sides alike; nothing else can reach here.
            return
        }
    }

    private static func sortAndMerge<Keys: AsofTimeKeys>(
        _ plan: AsofJoinPlan, left: AsofSideRows, right: AsofSideRows, leftTimes: Keys, rightTimes: Keys, isFloat: Bool,
        groupCount: Int, threads: Int, matched: UnsafeMutablePointer<Int32>
    ) throws(FrameError) {
        let mergeParts = threads > 1 && left.height >= parallelRows ? 2 * threads : 1
        let leftParts = mergeParts
        let rightParts = threads > 1 && right.height >= parallelRows ? 2 * threads : 1
        let leftCensus = AsofSorting.census(left, times: leftTimes, parts: leftParts)
        let rightCensus = AsofSorting.census(right, times: rightTimes, parts: rightParts)
        if leftCensus.allSatisfy({ $0.count == 0 }) || rightCensus.allSatisfy({ $0.count == 0 }) { return }
        try EngineInterrupt.check()
        let leftRowBits = AsofPackedLayout.width(UInt64(left.height - 1))
        let rightRowBits = AsofPackedLayout.width(UInt64(right.height - 1))
        let groupBits = AsofPackedLayout.width(UInt64(max(groupCount - 1, 0)))
        if let layout = AsofSorting.layout(
            leftCensus + rightCensus, sides: [(left, leftTimes), (right, rightTimes)], groupBits: groupBits,
            rowBits: max(leftRowBits, rightRowBits), threads: threads)
        {
            // Both sorts are parallel inside; the right one first, it is usually the larger.
            let sortedRight = AsofSorting.packed(
                right, times: rightTimes, layout: layout, rowBits: rightRowBits, census: rightCensus, parts: rightParts)
            defer { Memory.release(sortedRight.block) }
            try checkTies(plan, sortedRight.rows)
            try EngineInterrupt.check()
            let sortedLeft = AsofSorting.packed(
                left, times: leftTimes, layout: layout, rowBits: leftRowBits, census: leftCensus, parts: leftParts)
            defer { Memory.release(sortedLeft.block) }
            try EngineInterrupt.check()
            if isFloat {
                AsofMerge.run(
                    left: sortedLeft.rows, right: sortedRight.rows, metric: PackedFloatAsofMetric(layout: layout, limit: floatLimit(plan.tolerance)),
                    strategy: plan.strategy, allowExactMatches: plan.allowExactMatches, matched: matched, parts: mergeParts)
            } else {
                AsofMerge.run(
                    left: sortedLeft.rows, right: sortedRight.rows, metric: IntegerAsofMetric(limit: layout.limit(integerLimit(plan.tolerance))),
                    strategy: plan.strategy, allowExactMatches: plan.allowExactMatches, matched: matched, parts: mergeParts)
            }
            return
        }
        let sortedRight = AsofSorting.columnar(right, groupCount: groupCount, times: rightTimes)
        try checkTies(plan, sortedRight.view)
        try EngineInterrupt.check()
        let sortedLeft = AsofSorting.columnar(left, groupCount: groupCount, times: leftTimes)
        try EngineInterrupt.check()
        withExtendedLifetime((sortedLeft, sortedRight)) {
            if isFloat {
                AsofMerge.run(
                    left: sortedLeft.view, right: sortedRight.view, metric: FloatAsofMetric(limit: floatLimit(plan.tolerance)),
                    strategy: plan.strategy, allowExactMatches: plan.allowExactMatches, matched: matched, parts: mergeParts)
            } else {
                AsofMerge.run(
                    left: sortedLeft.view, right: sortedRight.view, metric: IntegerAsofMetric(limit: integerLimit(plan.tolerance)),
                    strategy: plan.strategy, allowExactMatches: plan.allowExactMatches, matched: matched, parts: mergeParts)
            }
        }
    }

    /// The tolerance of integer times as a distance between keys (which is the distance of the times).
    private static func integerLimit(_ tolerance: AsofTolerance) -> UInt64 {
        switch tolerance {
        case .integer(let value): return value
        case .float, .unlimited: return .max
        }
    }

    /// The tolerance of float times.
    private static func floatLimit(_ tolerance: AsofTolerance) -> Double {
        switch tolerance {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        case .unlimited: return .infinity
        }
    }

    /// With `tieBreak: .error`, the first two sorted right rows that share group and time are an error.
    private static func checkTies<R: AsofRows>(_ plan: AsofJoinPlan, _ rows: R) throws(FrameError) {
        guard plan.tieBreak == .error, rows.count > 1 else { return }
        for index in 1..<rows.count where rows.key(index) == rows.key(index - 1) {
            let row = Int(rows.row(index))
            var parts: [String] = []
            for column in plan.rightBy { parts.append("\(columnReference(column.name)) = \(describe(column.scalar(at: row)))") }
            parts.append("\(columnReference(plan.rightTime.name)) = \(describe(plan.rightTime.scalar(at: row)))")
            throw FrameError(
                .invalidArgument,
                "right rows \(rows.row(index - 1)) and \(row) share \(parts.joined(separator: ", ")) (tie_break: \"error\")",
                column: plan.rightTime.name, hint: "remove the duplicates first, or choose another tie_break")
        }
    }

    /// A cell as an error message shows it.
    static func describe(_ value: Scalar) -> String {
        switch value {
        case .null: return "null"
        case .int(let number): return String(number)
        case .float(let number): return NumberFormatting.shortest(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return "\"" + text + "\""
        case .timestamp(let micros): return NumberFormatting.timestamp(micros)
        case .duration(let micros): return NumberFormatting.duration(micros)
        }
    }

    /// Rows whose time is not null and not NaN; nil when every row is usable.
    static func usableTimes(_ column: Column) -> Bitmap? {
        guard let values = column.float64Values else { return column.validity }
        var builder = BitmapBuilder(count: column.count)
        var any = false
        for row in 0..<column.count where values[row].isNaN {
            builder.setNull(row)
            any = true
        }
        return any ? Bitmap.and(column.validity, builder.finish()) : column.validity
    }
}

/// One side's time values, as Int64 or (when either side is float) as Double.
final class TimeBuffer {
    enum Values {
        case integer(UnsafePointer<Int64>)
        case float(UnsafePointer<Double>)
    }

    let values: Values
    /// Keeps the column's buffer (or the converted copy) alive.
    private let owner: AnyObject

    init(_ column: Column, asFloat: Bool) {
        switch column.storage {
        case .float64(let buffer):
            values = .float(UnsafePointer(buffer.base))
            owner = buffer
        case .int64(let buffer) where asFloat:
            let converted = ColumnBuffer<Double>(uninitializedCount: buffer.count)
            for row in 0..<buffer.count { converted.base[row] = Double(buffer.base[row]) }
            values = .float(UnsafePointer(converted.base))
            owner = converted
        case .int64(let buffer):
            values = .integer(UnsafePointer(buffer.base))
            owner = buffer
        case .bool, .utf8, .dictionary:
            // Rejected by the plan; kept total so that no input can crash here.
            let zeros = ColumnBuffer<Int64>(repeating: 0, count: column.count)
            values = .integer(UnsafePointer(zeros.base))
            owner = zeros
        }
    }
}
