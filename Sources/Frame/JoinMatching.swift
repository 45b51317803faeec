/// Turns per-row group ids of both join inputs into the source rows of every output row, in the
/// documented order (see `DataFrame.join`).

/// Where the rows of one side of a join's output come from.
enum RowSource {
    /// Output row i is source row i, for every source row.
    case identity
    /// Output row i is source row `rows[i]`; -1 gives a null row (only if `hasNegative`).
    case rows(ColumnBuffer<Int32>, hasNegative: Bool)

    /// The explicit row list (materialising the identity over `count` rows).
    func materialized(count: Int) -> ColumnBuffer<Int32> {
        switch self {
        case .rows(let rows, _): return rows
        case .identity:
            let rows = ColumnBuffer<Int32>(uninitializedCount: count)
            for row in 0..<count { rows.base[row] = Int32(truncatingIfNeeded: row) }
            return rows
        }
    }

    var hasNegative: Bool {
        if case .rows(_, let negative) = self { return negative }
        return false
    }
}

/// The rows of one side that belong to each group, in row order (a stable counting sort).
struct GroupMembers {
    /// `start[g] ..< start[g + 1]` indexes `rows` for group g.
    let start: [Int]
    let rows: [Int32]
    /// Every group has at most one member.
    let unique: Bool
    /// Group g is exactly row g, for every row (unique keys, no excluded rows, first-occurrence ids).
    let identity: Bool

    init(_ groups: ColumnBuffer<Int32>, groupCount: Int) {
        let n = groups.count
        var start = [Int](repeating: 0, count: groupCount + 1)
        for row in 0..<n {
            let group = Int(groups.base[row])
            if group >= 0 { start[group + 1] &+= 1 }
        }
        var unique = true
        for group in 0..<groupCount {
            if start[group + 1] > 1 { unique = false }
            start[group + 1] &+= start[group]
        }
        var next = Array(start.dropLast())
        var rows = [Int32](repeating: 0, count: start[groupCount])
        for row in 0..<n {
            let group = Int(groups.base[row])
            if group >= 0 {
                rows[next[group]] = Int32(truncatingIfNeeded: row)
                next[group] &+= 1
            }
        }
        var identity = unique && groupCount == n
        if identity {
            for row in 0..<n where groups.base[row] != Int32(truncatingIfNeeded: row) {
                identity = false
                break
            }
        }
        self.start = start
        self.rows = rows
        self.unique = unique
        self.identity = identity
    }

    @inline(__always) func count(_ group: Int32) -> Int {
        group < 0 ? 0 : start[Int(group) + 1] &- start[Int(group)]
    }

    /// Each group's first member row, or -1 for a group without members; one extra slot at the
    /// end holds -1 for "no group", so `firstRows[group >= 0 ? group : groupCount]` needs no branch.
    func firstRows() -> ColumnBuffer<Int32> {
        let groupCount = start.count - 1
        let table = ColumnBuffer<Int32>(uninitializedCount: groupCount + 1)
        for group in 0..<groupCount {
            table.base[group] = start[group + 1] > start[group] ? rows[start[group]] : -1
        }
        table.base[groupCount] = -1
        return table
    }
}

enum JoinMatching {
    /// Output rows driven by one side in its row order: each driving row once per match, with the
    /// matches in the other side's row order; with `keepUnmatched`, a driving row without a match
    /// appears once with -1 for the other side.
    /// `knownMatched`, when given, is the number of driving rows with a match (saves a pass).
    static func driven(
        by groups: ColumnBuffer<Int32>, members: GroupMembers, keepUnmatched: Bool, knownMatched: Int? = nil
    ) throws(FrameError) -> (driving: RowSource, other: RowSource, count: Int) {
        let n = groups.count
        let g = groups.base
        if members.unique {
            let firstRows = members.firstRows()
            let none = Int32(truncatingIfNeeded: firstRows.count - 1)
            if keepUnmatched || knownMatched == n {
                // Every driving row appears exactly once, in order.
                if members.identity {
                    let matched = knownMatched ?? countMatched(g, n, firstRows, none)
                    return (.identity, .rows(groups, hasNegative: matched < n), n)
                }
                let other = ColumnBuffer<Int32>(uninitializedCount: n)
                let table = firstRows.base
                var matched = 0
                for row in 0..<n {
                    let group = g[row]
                    let member = table[Int(group >= 0 ? group : none)]
                    other.base[row] = member
                    matched &+= presence(member)
                }
                if matched < n && !keepUnmatched {
                    return compacted(groups, firstRows, keepMatched: true, withMembers: true)
                }
                return (.identity, .rows(other, hasNegative: matched < n), n)
            }
            return compacted(groups, firstRows, keepMatched: true, withMembers: true)
        }
        var total = 0
        var unmatched = false
        for row in 0..<n {
            let count = members.count(g[row])
            if count == 0 {
                if keepUnmatched { total &+= 1 }
                unmatched = true
            } else {
                total &+= count
            }
        }
        try checkSize(total)
        try EngineInterrupt.check()
        let driving = ColumnBuffer<Int32>(uninitializedCount: total)
        let other = ColumnBuffer<Int32>(uninitializedCount: total)
        var out = 0
        var stopped = false
        members.rows.withUnsafeBufferPointer { memberRows in
            for row in 0..<n {
                // Many-to-many joins can write billions of pairs: poll now and then.
                if row & 4095 == 0 && EngineInterrupt.flag.load(ordering: .relaxed) {
                    stopped = true
                    return
                }
                let group = g[row]
                let count = members.count(group)
                if count == 0 {
                    if keepUnmatched {
                        driving.base[out] = Int32(truncatingIfNeeded: row)
                        other.base[out] = -1
                        out &+= 1
                    }
                    continue
                }
                let first = members.start[Int(group)]
                for member in first..<(first + count) {
                    driving.base[out] = Int32(truncatingIfNeeded: row)
                    other.base[out] = memberRows[member]
                    out &+= 1
                }
            }
        }
        if stopped { try EngineInterrupt.check() }
        return (.rows(driving, hasNegative: false), .rows(other, hasNegative: keepUnmatched && unmatched), total)
    }

    /// The most rows a join may produce: beyond this, duplicate keys on both sides have almost
    /// certainly multiplied by mistake, and the output would not fit in memory anyway.
    static let maximumRows = 1 << 31

    static func checkSize(_ total: Int) throws(FrameError) {
        guard total <= maximumRows else {
            throw FrameError(
                .invalidArgument, "join would produce \(total) rows (more than 2^31)",
                hint: "keys repeat on both sides; check them with unique(df, .key) first")
        }
    }

    /// Rows of the driving side that have (semi) or lack (anti) a match, in order.
    static func filtered(by groups: ColumnBuffer<Int32>, members: GroupMembers, keepMatched: Bool) -> (RowSource, Int) {
        let result = compacted(groups, members.firstRows(), keepMatched: keepMatched, withMembers: false)
        return (result.driving, result.count)
    }

    /// Number of rows whose group has a member.
    static func countMatched(_ g: UnsafeMutablePointer<Int32>, _ n: Int, _ firstRows: ColumnBuffer<Int32>, _ none: Int32) -> Int {
        var matched = 0
        for row in 0..<n { matched &+= presence(firstRows.base[Int(g[row] >= 0 ? g[row] : none)]) }
        return matched
    }

    /// The driving rows whose group has a member (or has none, when `keepMatched` is false), in
    /// order, with the first member of each (when `withMembers`). Rows are counted per range, then
    /// each range writes at its offset through a small staging area, so no row takes a branch.
    static func compacted(
        _ groups: ColumnBuffer<Int32>, _ firstRows: ColumnBuffer<Int32>, keepMatched: Bool, withMembers: Bool
    ) -> (driving: RowSource, other: RowSource, count: Int) {
        let n = groups.count
        let g = UnsafePointer(groups.base)
        let table = UnsafePointer(firstRows.base)
        let none = Int32(truncatingIfNeeded: firstRows.count - 1)
        let keepNone = keepMatched ? 0 : 1  // presence(member) ^ keepNone is 1 for a kept row
        let ranges = RowRanges.count(for: n)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: ranges + 1)
        defer { offsets.deallocate() }
        ParallelWork.run(ranges) { part in
            var kept = 0
            for row in RowRanges.range(part, of: ranges, rows: n) {
                let group = g[row]
                let member = table[Int(group >= 0 ? group : none)]
                kept &+= presence(member) ^ keepNone
            }
            offsets[part + 1] = kept
        }
        offsets[0] = 0
        for part in 0..<ranges { offsets[part + 1] &+= offsets[part] }
        let total = offsets[ranges]
        if total == n && (!withMembers || !keepMatched) {
            return (.identity, .identity, n)
        }
        let driving = ColumnBuffer<Int32>(uninitializedCount: total)
        let other = ColumnBuffer<Int32>(uninitializedCount: withMembers ? total : 0)
        let drivingOut = driving.base
        let otherOut = other.base
        ParallelWork.run(ranges) { part in
            let stageSize = 256
            let stage = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * (stageSize + 1))
            defer { stage.deallocate() }
            var staged = 0
            var out = offsets[part]
            for row in RowRanges.range(part, of: ranges, rows: n) {
                let group = g[row]
                let member = table[Int(group >= 0 ? group : none)]
                stage[staged] = Int32(truncatingIfNeeded: row)
                stage[stageSize + 1 + staged] = member
                staged &+= presence(member) ^ keepNone
                if staged == stageSize {
                    (drivingOut + out).update(from: stage, count: staged)
                    if withMembers { (otherOut + out).update(from: stage + stageSize + 1, count: staged) }
                    out &+= staged
                    staged = 0
                }
            }
            (drivingOut + out).update(from: stage, count: staged)
            if withMembers { (otherOut + out).update(from: stage + stageSize + 1, count: staged) }
        }
        return (.rows(driving, hasNegative: false), .rows(other, hasNegative: false), total)
    }

    /// The full outer join: the left join's rows, then the right rows that matched no left row, in right order.
    static func outer(
        leftGroups: ColumnBuffer<Int32>, rightGroups: ColumnBuffer<Int32>, groupCount: Int
    ) throws(FrameError) -> (left: RowSource, right: RowSource, count: Int) {
        let rightMembers = GroupMembers(rightGroups, groupCount: groupCount)
        let leftMembers = GroupMembers(leftGroups, groupCount: groupCount)
        let head = try driven(by: leftGroups, members: rightMembers, keepUnmatched: true)
        var extra: [Int32] = []
        for row in 0..<rightGroups.count where leftMembers.count(rightGroups.base[row]) == 0 {
            extra.append(Int32(truncatingIfNeeded: row))
        }
        if extra.isEmpty { return (head.driving, head.other, head.count) }
        let total = head.count + extra.count
        let left = ColumnBuffer<Int32>(uninitializedCount: total)
        let right = ColumnBuffer<Int32>(uninitializedCount: total)
        let headLeft = head.driving.materialized(count: head.count)
        let headRight = head.other.materialized(count: head.count)
        left.base.update(from: headLeft.base, count: head.count)
        right.base.update(from: headRight.base, count: head.count)
        for (offset, row) in extra.enumerated() {
            left.base[head.count + offset] = -1
            right.base[head.count + offset] = row
        }
        return (.rows(left, hasNegative: true), .rows(right, hasNegative: head.other.hasNegative), total)
    }
}
