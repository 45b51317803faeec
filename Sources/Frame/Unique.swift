/// Which row of a set of duplicates `unique` keeps.
public enum UniqueKeep: String, Sendable, CaseIterable {
    /// The first occurrence.
    case first
    /// The last occurrence.
    case last
    /// No row of a key that occurs more than once.
    case none
}

extension DataFrame {
    /// Rows with distinct values in `subset` (every column when empty), keeping the first (or last)
    /// occurrence of each; kept rows stay in their original order. Null equals null here, NaN equals
    /// NaN and -0.0 equals 0.0.
    public func unique(subset: [String] = [], keep: UniqueKeep = .first) throws(FrameError) -> DataFrame {
        var keyColumns: [Column] = []
        for (position, name) in subset.enumerated() {
            if subset[..<position].contains(name) {
                throw FrameError(.duplicateColumn, "column \(columnReference(name)) is given twice", column: name)
            }
            keyColumns.append(try requireColumn(name))
        }
        if keyColumns.isEmpty { keyColumns = columns }
        if keyColumns.isEmpty || height == 0 { return self }
        let groups = KeyEncoding.assignGroups(build: KeyEncoding.distinct(keyColumns), probe: nil)
        let rows = Self.keptRows(groups.build, groupCount: groups.groupCount, keep: keep)
        return rows.count == height ? self : gather(rows)
    }

    /// Distinct rows over all columns, first occurrence kept, in order.
    public func distinct() -> DataFrame {
        (try? unique()) ?? self
    }

    /// The rows `unique` keeps, ascending.
    private static func keptRows(_ groups: ColumnBuffer<Int32>, groupCount: Int, keep: UniqueKeep) -> [Int] {
        let n = groups.count
        let ids = groups.base
        var rows: [Int] = []
        rows.reserveCapacity(groupCount)
        switch keep {
        case .first:
            // Group ids are handed out in order of first appearance, so a row is a first
            // occurrence exactly when its id is one more than any seen before.
            var next: Int32 = 0
            for row in 0..<n where ids[row] == next {
                rows.append(row)
                next &+= 1
            }
        case .last:
            var last = [Int](repeating: -1, count: groupCount)
            for row in 0..<n { last[Int(ids[row])] = row }
            for row in 0..<n where last[Int(ids[row])] == row { rows.append(row) }
        case .none:
            var counts = [Int32](repeating: 0, count: groupCount)
            for row in 0..<n { counts[Int(ids[row])] &+= 1 }
            for row in 0..<n where counts[Int(ids[row])] == 1 { rows.append(row) }
        }
        return rows
    }
}
