/// Gathers by 32-bit row indices where a negative index stands for a null row: how joins build
/// their output columns (half the index memory of `[Int]`, and unmatched rows need no second pass).
extension Column {
    /// The rows at `indices`; a negative index gives a null row. `hasNegative` says whether any
    /// index may be negative (false lets the loops skip the test).
    func gather(rows indices: ColumnBuffer<Int32>, hasNegative: Bool) -> Column {
        let n = indices.count
        if count == 0 {
            // Only null rows can be taken from an empty column.
            return Column(name: name, nullsOf: type, count: n)
        }
        return withExtendedLifetime(indices) {
            let index = UnsafePointer(indices.base)
            let newValidity = Column.gatheredValidity(validity, index, n, hasNegative: hasNegative)
            let newStorage: ColumnStorage
            switch storage {
            case .int64(let values): newStorage = .int64(Column.gatherClamped(values, index, n))
            case .float64(let values): newStorage = .float64(Column.gatherClamped(values, index, n))
            case .bool(let values): newStorage = .bool(Column.gatherClamped(values, index, n))
            case .utf8(let strings): newStorage = .utf8(Column.gatherStrings(strings, index, n))
            case .dictionary(let strings):
                // A negative index reads row 0's code, which is in range; the row is null anyway.
                newStorage = .dictionary(
                    DictionaryStrings(codes: Column.gatherClamped(strings.codes, index, n), values: strings.values))
            }
            return Column(name: name, type: type, count: n, storage: newStorage, validity: newValidity)
        }
    }

    /// Row i is `self`'s row `primary[i]` when that is not negative, else `other`'s row `secondary[i]`
    /// (null when both are negative). Both columns must have this column's type; the result has this name.
    func coalescingGather(_ primary: ColumnBuffer<Int32>, other: Column, _ secondary: ColumnBuffer<Int32>) -> Column {
        let n = primary.count
        if count == 0 && other.count == 0 { return Column(name: name, nullsOf: type, count: n) }
        if isDictionaryEncoded != other.isDictionaryEncoded {
            // One side plain: the plain path (joins on a string key rarely mix the two).
            return plainEncoded().coalescingGather(primary, other: other.plainEncoded(), secondary)
        }
        var rows = [Int](repeating: 0, count: n)
        var fromOther = [Bool](repeating: false, count: n)
        var builder = BitmapBuilder(count: n)
        for row in 0..<n {
            let first = Int(primary.base[row])
            if first >= 0 {
                rows[row] = first
                if isNull(first) { builder.setNull(row) }
            } else {
                let second = Int(secondary.base[row])
                fromOther[row] = true
                if second >= 0 {
                    rows[row] = second
                    if other.isNull(second) { builder.setNull(row) }
                } else {
                    builder.setNull(row)
                }
            }
        }
        let newStorage: ColumnStorage
        switch (storage, other.storage) {
        case (.int64(let a), .int64(let b)): newStorage = .int64(Column.pick(a, b, rows, fromOther))
        case (.float64(let a), .float64(let b)): newStorage = .float64(Column.pick(a, b, rows, fromOther))
        case (.bool(let a), .bool(let b)): newStorage = .bool(Column.pick(a, b, rows, fromOther))
        case (.dictionary(let a), .dictionary(let b)):
            let (left, right) = DictionaryMerge.unified(a, b)
            newStorage = .dictionary(DictionaryStrings(codes: Column.pick(left.codes, right.codes, rows, fromOther), values: left.values))
        case (.utf8(let a), .utf8(let b)):
            var strings = StringColumnBuilder(expectedCount: n)
            withExtendedLifetime((a, b)) {
                let left = ColumnStrings(a)
                let right = ColumnStrings(b)
                for row in 0..<n {
                    // Null rows keep no bytes, as the storage convention asks.
                    if !builder.isValid(row) {
                        strings.append(UnsafeBufferPointer(start: nil, count: 0))
                    } else {
                        strings.append(fromOther[row] ? right.bytes(rows[row]) : left.bytes(rows[row]))
                    }
                }
            }
            return Column(
                name: name, type: type, count: n, storage: strings.finish(name: name).storage, validity: builder.finish())
        default:
            return Column(name: name, nullsOf: type, count: n)
        }
        return Column(name: name, type: type, count: n, storage: newStorage, validity: builder.finish())
    }

    /// Values at `rows[i]` from `a`, or from `b` where `fromOther[i]`; rows of null outputs may be any index in range or 0.
    private static func pick<T>(_ a: ColumnBuffer<T>, _ b: ColumnBuffer<T>, _ rows: [Int], _ fromOther: [Bool]) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: rows.count)
        for row in 0..<rows.count {
            let source = fromOther[row] ? b : a
            // An empty source only ever stands for null rows; repeat a value we have instead.
            if source.count > 0 {
                out.base[row] = source.base[min(rows[row], source.count - 1)]
            } else {
                out.base[row] = (fromOther[row] ? a : b).base[0]
            }
        }
        return out
    }

    /// Validity of gathered rows: valid where the index is not negative and the source row is valid.
    static func gatheredValidity(
        _ validity: Bitmap?, _ index: UnsafePointer<Int32>, _ n: Int, hasNegative: Bool
    ) -> Bitmap? {
        if validity == nil && !hasNegative { return nil }
        let wordCount = Bitmap.wordCount(for: n)
        let words = ColumnBuffer<UInt64>(uninitializedCount: wordCount)
        var valid = 0
        var row = 0
        for word in 0..<wordCount {
            let end = min(row + 64, n)
            var bits: UInt64 = 0
            var bit: UInt64 = 0
            if let validity {
                while row < end {
                    let source = index[row]
                    let isValid = source >= 0 && validity.isValid(Int(source))
                    bits |= (isValid ? 1 : 0) &<< bit
                    bit &+= 1
                    row &+= 1
                }
            } else {
                while row < end {
                    bits |= (index[row] >= 0 ? 1 : 0) &<< bit
                    bit &+= 1
                    row &+= 1
                }
            }
            words.base[word] = bits
            valid &+= bits.nonzeroBitCount
        }
        return valid == n ? nil : Bitmap(count: n, nullCount: n - valid, words: words)
    }

    /// `out[i] = source[max(index[i], 0)]`: a negative index (a null row) reads row 0, whose value is ignored.
    static func gatherClamped<T>(_ source: ColumnBuffer<T>, _ index: UnsafePointer<Int32>, _ n: Int) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: n)
        let input = source.base
        let output = out.base
        let ranges = RowRanges.count(for: n)
        withExtendedLifetime(source) {
            ParallelWork.run(ranges) { part in
                for row in RowRanges.range(part, of: ranges, rows: n) { output[row] = input[Int(max(index[row], 0))] }
            }
        }
        return out
    }

    /// Strings at `index[i]`; a negative index gives an empty (null) row. Two passes (lengths and
    /// offsets, then bytes), each split over cores for large outputs.
    static func gatherStrings(_ strings: StringStorage, _ index: UnsafePointer<Int32>, _ n: Int) -> StringStorage {
        let sourceOffsets = strings.offsets.base
        let sourceBytes = strings.bytes.base
        let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
        let target = offsets.base
        let ranges = RowRanges.count(for: n)
        // Pass 1: offsets relative to the start of each range, and each range's byte total.
        let totals = UnsafeMutablePointer<Int64>.allocate(capacity: ranges + 1)
        defer { totals.deallocate() }
        ParallelWork.run(ranges) { part in
            var total: Int64 = 0
            for row in RowRanges.range(part, of: ranges, rows: n) {
                let source = Int(index[row])
                if source >= 0 { total &+= sourceOffsets[source + 1] &- sourceOffsets[source] }
                target[row + 1] = total
            }
            totals[part] = total
        }
        var byteCount: Int64 = 0
        for part in 0..<ranges {
            let total = totals[part]
            totals[part] = byteCount
            byteCount &+= total
        }
        target[0] = 0
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: Int(byteCount))
        let output = bytes.base
        totals[ranges] = byteCount
        let sourceCapacity = strings.bytes.count
        // Pass 2: shift offsets by the bytes of earlier ranges and copy the bytes. A short string
        // is copied as two 8-byte words: the bytes past its end land where the next rows of the
        // same range will write, so only the last few bytes of a range need an exact copy.
        ParallelWork.run(ranges) { part in
            let shift = totals[part]
            let limit = output + Int(totals[part + 1])
            for row in RowRanges.range(part, of: ranges, rows: n) {
                let end = target[row + 1] &+ shift
                target[row + 1] = end
                let source = Int(index[row])
                if source < 0 { continue }
                let start = Int(sourceOffsets[source])
                let length = Int(sourceOffsets[source + 1]) &- start
                let from = sourceBytes + start
                let to = output + (Int(end) &- length)
                if length <= 16 && to + 16 <= limit && start + 16 <= sourceCapacity {
                    let words = UnsafeRawPointer(from)
                    let first = words.loadUnaligned(as: UInt64.self)
                    let second = words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    UnsafeMutableRawPointer(to).storeBytes(of: first, as: UInt64.self)
                    UnsafeMutableRawPointer(to).storeBytes(of: second, toByteOffset: 8, as: UInt64.self)
                } else if length > 0 {
                    to.update(from: from, count: length)
                }
            }
        }
        return withExtendedLifetime(strings) { StringStorage(offsets: offsets, bytes: bytes) }
    }
}

extension BitmapBuilder {
    /// Whether row `index` is still valid.
    @inline(__always) func isValid(_ index: Int) -> Bool {
        (words.base[index &>> 6] &>> UInt64(index & 63)) & 1 == 1
    }
}
