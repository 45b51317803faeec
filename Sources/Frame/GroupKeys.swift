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
        case .dictionary(let strings):
            // Codes are small dense integers already: no string is hashed.
            return withExtendedLifetime(strings.codes) {
                let keys = CodeKeys(pointer: strings.codes.base)
                let range = strings.values.count
                if range <= denseLimit(rowCount: column.count) {
                    return denseIndex(keys, range: max(range, 1), count: column.count, validity: column.validity)
                }
                return hashIndex(keys, count: column.count, validity: column.validity)
            }
        }
    }

    /// The bits a float key is grouped by: all NaNs alike, -0.0 as 0.0.
    @inline(__always) static func canonicalBits(_ value: Double) -> UInt64 {
        if value.isNaN { return Double.nan.bitPattern }
        return (value == 0 ? 0.0 : value).bitPattern
    }

    /// Int64 keys: a direct table when max − min is small, else hashing.
    static func integerIndex(_ values: UnsafePointer<Int64>, count: Int, validity: Bitmap?) -> GroupIndex {
        let chunks = MomentKernels.chunks(count)
        let bounds = UnsafeMutablePointer<(low: Int64, high: Int64)>.allocate(capacity: chunks.count)
        defer { bounds.deallocate() }
        let shared = UncheckedSendable((bounds, values))
        ParallelWork.run(chunks.count) { chunk in
            let (bounds, values) = shared.value
            var low = Int64.max
            var high = Int64.min
            if let validity {
                for row in chunks[chunk] where validity.isValid(row) {
                    low = min(low, values[row])
                    high = max(high, values[row])
                }
            } else {
                for row in chunks[chunk] {
                    low = min(low, values[row])
                    high = max(high, values[row])
                }
            }
            bounds[chunk] = (low, high)
        }
        var low = Int64.max
        var high = Int64.min
        for chunk in chunks.indices {
            low = min(low, bounds[chunk].low)
            high = max(high, bounds[chunk].high)
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
}

/// Where the index loops read row `i`'s key, as a UInt64.
protocol GroupKeySource: Sendable {
    subscript(_ row: Int) -> UInt64 { get }
}

/// Int64 keys minus an offset (the minimum for direct tables, 0 for hashing).
struct IntegerKeys: GroupKeySource, @unchecked Sendable {
    let pointer: UnsafePointer<Int64>
    let offset: Int64
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(bitPattern: pointer[row] &- offset) }
}

/// Dictionary codes.
struct CodeKeys: GroupKeySource, @unchecked Sendable {
    let pointer: UnsafePointer<UInt32>
    init(pointer: UnsafeMutablePointer<UInt32>) { self.pointer = UnsafePointer(pointer) }
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(pointer[row]) }
}

/// Bool keys (0 or 1).
struct ByteKeys: GroupKeySource, @unchecked Sendable {
    let pointer: UnsafePointer<UInt8>
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(pointer[row]) }
}

/// Two dense ids as one number `a * width + b`, for a direct table of pairs.
struct PairKeys: GroupKeySource, @unchecked Sendable {
    let a: UnsafePointer<Int32>
    let b: UnsafePointer<Int32>
    let width: UInt64
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(a[row]) &* width &+ UInt64(b[row]) }
}

/// Two dense ids packed into the high and low halves of one key, for hashing.
struct PackedPairKeys: GroupKeySource, @unchecked Sendable {
    let a: UnsafePointer<Int32>
    let b: UnsafePointer<Int32>
    @inline(__always) subscript(_ row: Int) -> UInt64 { UInt64(a[row]) &<< 32 | UInt64(b[row]) }
}
