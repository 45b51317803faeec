/// Row selection on columns: contiguous slices and gathers by row index (for filter, sort, head, tail).
extension Column {
    /// Rows `range` copied into a new column; the range must lie within `0...count`.
    public func slice(_ range: Range<Int>) -> Column {
        let lower = max(0, min(range.lowerBound, count))
        let upper = max(lower, min(range.upperBound, count))
        let n = upper - lower
        if lower == 0 && n == count { return self }
        let newValidity = validity.map { old -> Bitmap? in
            var builder = BitmapBuilder(count: n)
            for row in 0..<n where !old.isValid(lower + row) { builder.setNull(row) }
            return builder.finish()
        } ?? nil
        let newStorage: ColumnStorage
        switch storage {
        case .int64(let values): newStorage = .int64(Column.copyRange(values, lower, n))
        case .float64(let values): newStorage = .float64(Column.copyRange(values, lower, n))
        case .bool(let values): newStorage = .bool(Column.copyRange(values, lower, n))
        case .utf8(let strings):
            let start = Int(strings.offsets[lower])
            let end = Int(strings.offsets[upper])
            let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
            for row in 0...n { offsets.base[row] = strings.offsets.base[lower + row] - Int64(start) }
            newStorage = .utf8(StringStorage(offsets: offsets, bytes: Column.copyRange(strings.bytes, start, end - start)))
        case .dictionary(let strings):
            // Only the codes are copied; the table is shared.
            newStorage = .dictionary(DictionaryStrings(codes: Column.copyRange(strings.codes, lower, n), values: strings.values))
        }
        return Column(name: name, type: type, count: n, storage: newStorage, validity: newValidity)
    }

    /// The rows at `indices`, in that order; every index must be in `0..<count`.
    public func gather(_ indices: [Int]) -> Column {
        indices.withUnsafeBufferPointer { gather($0) }
    }

    /// The rows at `indices`, in that order; every index must be in `0..<count`.
    public func gather(_ indices: UnsafeBufferPointer<Int>) -> Column {
        let n = indices.count
        let newValidity = validity.map { old -> Bitmap? in
            var builder = BitmapBuilder(count: n)
            for row in 0..<n where !old.isValid(indices[row]) { builder.setNull(row) }
            return builder.finish()
        } ?? nil
        let newStorage: ColumnStorage
        switch storage {
        case .int64(let values): newStorage = .int64(Column.gatherValues(values, indices))
        case .float64(let values): newStorage = .float64(Column.gatherValues(values, indices))
        case .bool(let values): newStorage = .bool(Column.gatherValues(values, indices))
        case .utf8(let strings): newStorage = .utf8(Column.gatherStrings(strings, indices))
        case .dictionary(let strings):
            newStorage = .dictionary(DictionaryStrings(codes: Column.gatherValues(strings.codes, indices), values: strings.values))
        }
        return Column(name: name, type: type, count: n, storage: newStorage, validity: newValidity)
    }

    static func copyRange<T>(_ source: ColumnBuffer<T>, _ start: Int, _ n: Int) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: n)
        out.base.update(from: source.base + start, count: n)
        return out
    }

    static func gatherValues<T>(_ source: ColumnBuffer<T>, _ indices: UnsafeBufferPointer<Int>) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: indices.count)
        let input = source.base
        let output = out.base
        for row in 0..<indices.count { output[row] = input[indices[row]] }
        return out
    }

    static func gatherStrings(_ strings: StringStorage, _ indices: UnsafeBufferPointer<Int>) -> StringStorage {
        let n = indices.count
        let sourceOffsets = strings.offsets.base
        let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
        var total: Int64 = 0
        offsets.base[0] = 0
        for row in 0..<n {
            let index = indices[row]
            total += sourceOffsets[index + 1] - sourceOffsets[index]
            offsets.base[row + 1] = total
        }
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: Int(total))
        let sourceBytes = strings.bytes.base
        for row in 0..<n {
            let index = indices[row]
            let start = Int(sourceOffsets[index])
            let length = Int(sourceOffsets[index + 1]) - start
            (bytes.base + Int(offsets.base[row])).update(from: sourceBytes + start, count: length)
        }
        return StringStorage(offsets: offsets, bytes: bytes)
    }
}
