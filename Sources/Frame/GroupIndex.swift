/// Which group every row belongs to: dense ids `0..<groupCount` numbered in order of first
/// appearance, so group `g`'s first row is `firstRows[g]` and `firstRows` is increasing.
///
/// Built once by `group_by` (and by windows over partitions) and read by every aggregate, so
/// kernels index accumulator arrays with `ids[row]` and never hash a key twice.
struct GroupIndex: Sendable {
    /// The group id of each row (Int32 halves the memory traffic of the aggregate passes).
    let ids: ColumnBuffer<Int32>
    /// Number of groups.
    let groupCount: Int
    /// The first row of each group, increasing; -1 for the one group of an empty whole-frame index.
    let firstRows: [Int]

    /// Number of rows indexed.
    var rowCount: Int { ids.count }

    /// Every row in one group (whole-frame aggregates); an empty frame still has that one group.
    static func single(rowCount: Int) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: rowCount)
        ids.base.initialize(repeating: 0, count: rowCount)
        return GroupIndex(ids: ids, groupCount: 1, firstRows: [rowCount == 0 ? -1 : 0])
    }

    /// Rows per group, in one pass over the ids.
    func sizes() -> [Int] {
        var sizes = [Int](repeating: 0, count: groupCount)
        let count = rowCount
        let ids = self.ids.base
        sizes.withUnsafeMutableBufferPointer { sizes in
            for row in 0..<count { sizes[Int(ids[row])] &+= 1 }
        }
        return sizes
    }

    /// The last row of each group (-1 for an empty group).
    func lastRows() -> [Int] {
        var last = [Int](repeating: -1, count: groupCount)
        let count = rowCount
        let ids = self.ids.base
        last.withUnsafeMutableBufferPointer { last in
            for row in 0..<count { last[Int(ids[row])] = row }
        }
        return last
    }

    /// Rows listed group by group (groups in id order), with `offsets[g]..<offsets[g + 1]` the
    /// slice of group `g`: a stable counting sort by id of `order` (all rows ascending when nil).
    func rowsByGroup(order: [Int]?) -> (rows: [Int], offsets: [Int]) {
        let sizes = self.sizes()
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for group in 0..<groupCount { offsets[group + 1] = offsets[group] + sizes[group] }
        var next = Array(offsets.dropLast())
        var rows = [Int](repeating: 0, count: rowCount)
        let ids = self.ids.base
        rows.withUnsafeMutableBufferPointer { rows in
            next.withUnsafeMutableBufferPointer { next in
                if let order {
                    for row in order {
                        let group = Int(ids[row])
                        rows[next[group]] = row
                        next[group] &+= 1
                    }
                } else {
                    for row in 0..<rowCount {
                        let group = Int(ids[row])
                        rows[next[group]] = row
                        next[group] &+= 1
                    }
                }
            }
        }
        return (rows, offsets)
    }
}
