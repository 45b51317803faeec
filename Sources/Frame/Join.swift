/// How a join combines the rows of two frames.
public enum JoinKind: String, Sendable, CaseIterable {
    /// Pairs of matching rows only.
    case inner
    /// Every left row; right columns are null where nothing matched.
    case left
    /// Every right row; left columns are null where nothing matched.
    case right
    /// Every row of both sides (a full outer join), matched where possible.
    case outer
    /// Left rows that have a match (left columns only, each row once).
    case semi
    /// Left rows that have no match (left columns only).
    case anti
}

extension DataFrame {
    /// Joins on equally named key columns; see `join(_:leftOn:rightOn:how:suffix:)`.
    public func join(
        _ right: DataFrame, on keys: [String], how: JoinKind = .inner, suffix: String = "_right"
    ) throws(FrameError) -> DataFrame {
        try join(right, leftOn: keys, rightOn: keys, how: how, suffix: suffix)
    }

    /// A hash join on one or more key columns of any type (pairs must have the same type: int and
    /// float keys are an error, not a silent cast). Null keys never match (SQL and Polars' default);
    /// -0.0 equals 0.0 and NaN equals NaN; strings compare by bytes.
    ///
    /// Columns: the left columns in order (key columns once, under their left names), then the
    /// right's non-key columns, a name the left already has getting `suffix`. Semi and anti joins
    /// return left columns only. A right join takes its key values from the right rows; an outer
    /// join from the left row where there is one, else from the right row (coalesced).
    ///
    /// Rows: inner and left follow the left order, each left row repeated once per match with the
    /// matches in right order (a left join keeps an unmatched row once, with nulls); right is the
    /// mirror image (right order, matches in left order); outer is the left join's rows followed by
    /// the right rows that matched nothing, in right order; semi and anti keep left order.
    public func join(
        _ right: DataFrame, leftOn: [String], rightOn: [String], how: JoinKind = .inner, suffix: String = "_right"
    ) throws(FrameError) -> DataFrame {
        let (leftKeys, rightKeys) = try checkJoinKeys(right, leftOn: leftOn, rightOn: rightOn)
        guard height < Int(Int32.max), right.height < Int(Int32.max) else {
            throw FrameError(.invalidArgument, "join supports inputs of fewer than 2,147,483,647 rows")
        }
        let layout = try JoinLayout(left: self, right: right, leftOn: leftOn, rightOn: rightOn, how: how, suffix: suffix)

        // Build the table on the smaller side; the matching below is symmetric in the group ids.
        let buildOnLeft = height < right.height
        let keys = buildOnLeft
            ? KeyEncoding.join(build: leftKeys, probe: rightKeys)
            : KeyEncoding.join(build: rightKeys, probe: leftKeys)
        let assignment = KeyEncoding.assignGroups(build: keys.build, probe: keys.probe)
        let probeGroups = assignment.probe ?? ColumnBuffer<Int32>(uninitializedCount: 0)
        let leftGroups = buildOnLeft ? assignment.build : probeGroups
        let rightGroups = buildOnLeft ? probeGroups : assignment.build
        let groupCount = assignment.groupCount

        let leftRows: RowSource
        var rightRows: RowSource? = nil
        let count: Int
        switch how {
        case .inner, .left:
            let members = GroupMembers(rightGroups, groupCount: groupCount)
            // With the table on the right, every group has a right row: matched left rows are known.
            let rows = try JoinMatching.driven(
                by: leftGroups, members: members, keepUnmatched: how == .left,
                knownMatched: buildOnLeft ? nil : assignment.matchedProbeRows)
            (leftRows, rightRows, count) = (rows.driving, rows.other, rows.count)
        case .right:
            let members = GroupMembers(leftGroups, groupCount: groupCount)
            let rows = try JoinMatching.driven(by: rightGroups, members: members, keepUnmatched: true)
            (leftRows, rightRows, count) = (rows.other, rows.driving, rows.count)
        case .outer:
            let rows = try JoinMatching.outer(leftGroups: leftGroups, rightGroups: rightGroups, groupCount: groupCount)
            (leftRows, rightRows, count) = (rows.left, rows.right, rows.count)
        case .semi, .anti:
            let members = GroupMembers(rightGroups, groupCount: groupCount)
            (leftRows, count) = JoinMatching.filtered(by: leftGroups, members: members, keepMatched: how == .semi)
        }
        return try layout.assemble(left: self, right: right, leftRows: leftRows, rightRows: rightRows, count: count)
    }

    /// The key columns of both sides, checked: known names, no repeats, equal counts, equal types.
    private func checkJoinKeys(
        _ right: DataFrame, leftOn: [String], rightOn: [String]
    ) throws(FrameError) -> ([Column], [Column]) {
        guard !leftOn.isEmpty else { throw FrameError(.invalidArgument, "join needs at least one key column") }
        guard leftOn.count == rightOn.count else {
            throw FrameError(
                .invalidArgument,
                "join needs as many right keys as left keys, found \(leftOn.count) left and \(rightOn.count) right")
        }
        var leftKeys: [Column] = []
        var rightKeys: [Column] = []
        for (position, (leftName, rightName)) in zip(leftOn, rightOn).enumerated() {
            if leftOn[..<position].contains(leftName) || rightOn[..<position].contains(rightName) {
                let name = leftOn[..<position].contains(leftName) ? leftName : rightName
                throw FrameError(.duplicateColumn, "join key \(columnReference(name)) is given twice", column: name)
            }
        }
        for (leftName, rightName) in zip(leftOn, rightOn) {
            guard let leftColumn = column(named: leftName) else {
                throw Self.missingKey(leftName, side: "left", among: columnNames)
            }
            guard let rightColumn = right.column(named: rightName) else {
                throw Self.missingKey(rightName, side: "right", among: right.columnNames)
            }
            if leftColumn.type != rightColumn.type {
                let message = leftName == rightName
                    ? "join key \(columnReference(leftName)) is \(leftColumn.type.name) on the left and \(rightColumn.type.name) on the right"
                    : "join keys differ in type: \(columnReference(leftName)) is \(leftColumn.type.name) on the left, \(columnReference(rightName)) is \(rightColumn.type.name) on the right"
                throw FrameError(
                    .typeMismatch, message, column: leftName,
                    hint: "cast one side first, e.g. cast(df, \(rightName): \"\(leftColumn.type.name)\")")
            }
            leftKeys.append(leftColumn)
            rightKeys.append(rightColumn)
        }
        return (leftKeys, rightKeys)
    }

    private static func missingKey(_ name: String, side: String, among names: [String]) -> FrameError {
        var error = FrameError.columnNotFound(name, among: names)
        error.message = "unknown column \(columnReference(name)) in the \(side) frame"
        return error
    }
}

/// The output columns of a join: where each comes from and what it is called.
struct JoinLayout {
    enum Source {
        /// A left column; `rightKey` is its partner key column for right and outer joins.
        case left(Int, rightKey: Int?)
        case right(Int)
    }

    let columns: [(source: Source, name: String)]
    let how: JoinKind

    init(
        left: DataFrame, right: DataFrame, leftOn: [String], rightOn: [String], how: JoinKind, suffix: String
    ) throws(FrameError) {
        var columns: [(source: Source, name: String)] = []
        var names: [String] = []
        for (index, column) in left.columns.enumerated() {
            var partner: Int? = nil
            if how == .right || how == .outer, let position = leftOn.firstIndex(of: column.name) {
                partner = right.columnIndex(named: rightOn[position])
            }
            columns.append((.left(index, rightKey: partner), column.name))
            names.append(column.name)
        }
        if how != .semi && how != .anti {
            for (index, column) in right.columns.enumerated() where !rightOn.contains(column.name) {
                var name = column.name
                if names.contains(name) { name += suffix }
                if names.contains(name) || right.columnNames.contains(name) && name != column.name {
                    throw FrameError(
                        .duplicateColumn,
                        "join output would have two columns named \(columnReference(name))", column: name,
                        hint: "rename a column first, or pass another suffix")
                }
                columns.append((.right(index), name))
                names.append(name)
            }
        }
        self.columns = columns
        self.how = how
    }

    /// The joined frame from the row sources of both sides.
    func assemble(
        left: DataFrame, right: DataFrame, leftRows: RowSource, rightRows: RowSource?, count: Int
    ) throws(FrameError) -> DataFrame {
        var output: [Column] = []
        output.reserveCapacity(columns.count)
        for (source, name) in columns {
            try EngineInterrupt.check()
            switch source {
            case .left(let index, let rightKey):
                let column = left.columns[index]
                guard let rightKey, let rightRows else {
                    output.append(Self.take(column, leftRows, count))
                    continue
                }
                let rightColumn = right.columns[rightKey]
                if how == .right {
                    // Every output row has a right row: the key is the right's.
                    output.append(Self.take(rightColumn, rightRows, count).renamed(name))
                } else if case .identity = leftRows {
                    output.append(column)
                } else {
                    output.append(column.coalescingGather(
                        leftRows.materialized(count: count), other: rightColumn, rightRows.materialized(count: count)))
                }
            case .right(let index):
                output.append(Self.take(right.columns[index], rightRows ?? .identity, count).renamed(name))
            }
        }
        return DataFrame(unchecked: output, height: count)
    }

    static func take(_ column: Column, _ rows: RowSource, _ count: Int) -> Column {
        switch rows {
        case .identity: return column
        case .rows(let indices, let hasNegative): return column.gather(rows: indices, hasNegative: hasNegative)
        }
    }
}
