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

/// Builds group indexes from key columns of any type; a null key is a group of its own
/// (as Polars and pandas with dropna=False), NaN keys form one group and -0.0 joins 0.0.
///
/// Each key column is first reduced to dense ids; several keys are then combined pairwise by
/// indexing the packed pair `(idA, idB)`, so every path ends in the same integer-key loops: a
/// direct table when the key range is small, else an open-addressing hash table.
enum GroupKeys {
    /// The index of the rows of `columns` (all `rowCount` long); no columns means one group.
    static func index(_ columns: [Column], rowCount: Int) -> GroupIndex {
        guard let first = columns.first else { return .single(rowCount: rowCount) }
        var index = index(first)
        for column in columns.dropFirst() {
            index = combine(index, self.index(column))
        }
        return index
    }

    /// The index of one key column.
    static func index(_ column: Column) -> GroupIndex {
        switch column.storage {
        case .int64(let values):
            return withExtendedLifetime(values) { integerIndex(values.base, count: column.count, validity: column.validity) }
        case .float64(let values):
            let keys = ColumnBuffer<Int64>(uninitializedCount: column.count)
            for row in 0..<column.count { keys.base[row] = Int64(bitPattern: canonicalBits(values.base[row])) }
            return hashIndex(IntegerKeys(pointer: keys.base, offset: 0), count: column.count, validity: column.validity)
        case .bool(let values):
            return denseIndex(ByteKeys(pointer: values.base), range: 2, count: column.count, validity: column.validity)
        case .utf8(let strings):
            return StringKeyTable.index(strings, count: column.count, validity: column.validity)
        }
    }

    /// The bits a float key is grouped by: all NaNs alike, -0.0 as 0.0.
    @inline(__always) static func canonicalBits(_ value: Double) -> UInt64 {
        if value.isNaN { return Double.nan.bitPattern }
        return (value == 0 ? 0.0 : value).bitPattern
    }

    /// Int64 keys: a direct table when max − min is small, else hashing.
    static func integerIndex(_ values: UnsafePointer<Int64>, count: Int, validity: Bitmap?) -> GroupIndex {
        var low = Int64.max
        var high = Int64.min
        if let validity {
            for row in 0..<count where validity.isValid(row) {
                low = min(low, values[row])
                high = max(high, values[row])
            }
        } else {
            for row in 0..<count {
                low = min(low, values[row])
                high = max(high, values[row])
            }
        }
        if low <= high {
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if !overflow && span < Int64(denseLimit(rowCount: count)) {
                return denseIndex(IntegerKeys(pointer: values, offset: low), range: Int(span) + 1, count: count, validity: validity)
            }
        }
        return hashIndex(IntegerKeys(pointer: values, offset: 0), count: count, validity: validity)
    }

    /// The largest key range indexed by a direct table: small enough to stay in cache, and never
    /// much larger than the input.
    static func denseLimit(rowCount: Int) -> Int {
        max(1 << 16, min(rowCount, 1 << 22))
    }

    /// Combines two indexes over the same rows into the index of their key pairs.
    static func combine(_ a: GroupIndex, _ b: GroupIndex) -> GroupIndex {
        let count = a.rowCount
        let (range, overflow) = a.groupCount.multipliedReportingOverflow(by: b.groupCount)
        let keys = PairKeys(a: a.ids.base, b: b.ids.base, width: UInt64(b.groupCount))
        return withExtendedLifetime((a.ids, b.ids)) {
            if !overflow && range <= denseLimit(rowCount: count) {
                return denseIndex(keys, range: range, count: count, validity: nil)
            }
            return hashIndex(PackedPairKeys(a: a.ids.base, b: b.ids.base), count: count, validity: nil)
        }
    }

    /// Groups keys that lie in `0..<range` through a table of `range` group ids.
    static func denseIndex<Keys: GroupKeySource>(_ keys: Keys, range: Int, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let out = ids.base
        let table = UnsafeMutablePointer<Int32>.allocate(capacity: max(range, 1))
        defer { table.deallocate() }
        table.initialize(repeating: -1, count: range)
        var firstRows: [Int] = []
        var next: Int32 = 0
        var nullGroup: Int32 = -1
        if let validity {
            for row in 0..<count {
                if !validity.isValid(row) {
                    if nullGroup < 0 {
                        nullGroup = next
                        next &+= 1
                        firstRows.append(row)
                    }
                    out[row] = nullGroup
                    continue
                }
                let slot = Int(truncatingIfNeeded: keys[row])
                var group = table[slot]
                if group < 0 {
                    group = next
                    next &+= 1
                    table[slot] = group
                    firstRows.append(row)
                }
                out[row] = group
            }
        } else {
            for row in 0..<count {
                let slot = Int(truncatingIfNeeded: keys[row])
                var group = table[slot]
                if group < 0 {
                    group = next
                    next &+= 1
                    table[slot] = group
                    firstRows.append(row)
                }
                out[row] = group
            }
        }
        return GroupIndex(ids: ids, groupCount: Int(next), firstRows: firstRows)
    }

    /// Groups arbitrary 64-bit keys through an open-addressing table.
    static func hashIndex<Keys: GroupKeySource>(_ keys: Keys, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let out = ids.base
        var table = IntegerKeyTable()
        defer { table.deallocate() }
        var firstRows: [Int] = []
        var nullGroup: Int32 = -1
        for row in 0..<count {
            if let validity, !validity.isValid(row) {
                if nullGroup < 0 {
                    nullGroup = Int32(truncatingIfNeeded: firstRows.count)
                    firstRows.append(row)
                    table.reserveGroup()
                }
                out[row] = nullGroup
                continue
            }
            let (group, inserted) = table.findOrInsert(keys[row])
            if inserted { firstRows.append(row) }
            out[row] = group
        }
        return GroupIndex(ids: ids, groupCount: firstRows.count, firstRows: firstRows)
    }
}

/// Where the index loops read row `i`'s key, as a UInt64.
protocol GroupKeySource {
    subscript(_ row: Int) -> UInt64 { get }
}

/// Int64 keys minus an offset (the minimum for direct tables, 0 for hashing).
struct IntegerKeys: GroupKeySource {
    let pointer: UnsafePointer<Int64>
    let offset: Int64
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(bitPattern: pointer[row] &- offset) }
}

/// Bool keys (0 or 1).
struct ByteKeys: GroupKeySource {
    let pointer: UnsafePointer<UInt8>
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(pointer[row]) }
}

/// Two dense ids as one number `a * width + b`, for a direct table of pairs.
struct PairKeys: GroupKeySource {
    let a: UnsafePointer<Int32>
    let b: UnsafePointer<Int32>
    let width: UInt64
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(a[row]) &* width &+ UInt64(b[row]) }
}

/// Two dense ids packed into the high and low halves of one key, for hashing.
struct PackedPairKeys: GroupKeySource {
    let a: UnsafePointer<Int32>
    let b: UnsafePointer<Int32>
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(a[row]) &<< 32 | UInt64(b[row]) }
}
