/// The output of an ASOF join: which columns, under which names, and the rows they take.
struct AsofJoinLayout {
    /// Right columns carried over (indices into the right frame) and their output names, in right order.
    let payload: [(index: Int, name: String)]
    /// The index of the right time column and the name of the matched-time column (always last).
    let time: (index: Int, name: String)

    /// Left columns keep their names; the right's columns other than its `by` keys and its time
    /// follow in right order, then the matched time; a right name the left already has gets `suffix`,
    /// and a name that still clashes is an error.
    init(left: DataFrame, right: DataFrame, rightOn: String, rightBy: [String], suffix: String) throws(FrameError) {
        var names = left.columnNames
        func claim(_ original: String) throws(FrameError) -> String {
            var name = original
            if names.contains(name) { name += suffix }
            if names.contains(name) || (name != original && right.columnNames.contains(name)) {
                throw FrameError(
                    .duplicateColumn, "asof join output would have two columns named \(columnReference(name))",
                    column: name, hint: "rename a column first, or pass another suffix")
            }
            names.append(name)
            return name
        }
        var payload: [(index: Int, name: String)] = []
        for (index, column) in right.columns.enumerated() where column.name != rightOn && !rightBy.contains(column.name) {
            payload.append((index, try claim(column.name)))
        }
        guard let timeIndex = right.columnIndex(named: rightOn) else {
            throw FrameError.columnNotFound(rightOn, among: right.columnNames)
        }
        time = (timeIndex, try claim(rightOn))
        self.payload = payload
    }

    /// The joined frame from `matched` (per left row, its right row or -1).
    func assemble(plan: AsofJoinPlan, matched: ColumnBuffer<Int32>) -> DataFrame {
        let left = plan.left
        let right = plan.right
        let n = left.height
        // Left rows that stay: all of them, or the matched ones, or those with a usable time.
        var leftRows: ColumnBuffer<Int32>? = nil
        var rightRows = matched
        var count = n
        let dropNullTimes = plan.nullLeftTime == .drop && AsofJoinPlan.firstInvalidTime(plan.leftTime) != nil
        if plan.how == .inner || dropNullTimes {
            let validTime = AsofMatching.usableTimes(plan.leftTime)
            var kept = 0
            for row in 0..<n where Self.keeps(row, matched, validTime, inner: plan.how == .inner) { kept &+= 1 }
            if kept < n {
                let keptLeft = ColumnBuffer<Int32>(uninitializedCount: kept)
                let keptRight = ColumnBuffer<Int32>(uninitializedCount: kept)
                var out = 0
                for row in 0..<n where Self.keeps(row, matched, validTime, inner: plan.how == .inner) {
                    keptLeft.base[out] = Int32(truncatingIfNeeded: row)
                    keptRight.base[out] = matched.base[row]
                    out &+= 1
                }
                leftRows = keptLeft
                rightRows = keptRight
                count = kept
            }
        }
        var hasNegative = false
        for row in 0..<count where rightRows.base[row] < 0 {
            hasNegative = true
            break
        }
        var output: [Column] = []
        output.reserveCapacity(left.width + payload.count + 1)
        for column in left.columns {
            if let leftRows {
                output.append(column.gather(rows: leftRows, hasNegative: false))
            } else {
                output.append(column)
            }
        }
        for (index, name) in payload {
            output.append(right.columns[index].gather(rows: rightRows, hasNegative: hasNegative).renamed(name))
        }
        output.append(right.columns[time.index].gather(rows: rightRows, hasNegative: hasNegative).renamed(time.name))
        return DataFrame(unchecked: output, height: count)
    }

    @inline(__always) private static func keeps(_ row: Int, _ matched: ColumnBuffer<Int32>, _ validTime: Bitmap?, inner: Bool) -> Bool {
        if inner { return matched.base[row] >= 0 }
        return validTime?.isValid(row) ?? true
    }
}
