/// Dictionary-encoded strings: one 4-byte code per row into a table of distinct strings.
///
/// Invariants every builder keeps: `values` holds no string twice (so equal codes mean equal
/// strings and group-by, unique and joins can key on codes), every code — null rows included —
/// is below `values.count`, and `values` is not empty when there are rows. Entries no row uses
/// are allowed (a filter keeps the whole table), so kernels never read meaning into the table's
/// size or order: order-based kernels go through `ranks()`.
public struct DictionaryStrings: Sendable {
    /// One code per row, each an index into `values`.
    public let codes: ColumnBuffer<UInt32>
    /// The distinct strings.
    public let values: StringStorage

    @usableFromInline init(codes: ColumnBuffer<UInt32>, values: StringStorage) {
        self.codes = codes
        self.values = values
    }

    /// Number of rows.
    @inlinable public var count: Int { codes.count }

    /// The string in row `row` (decoded; for the API edge, not kernels).
    public func string(at row: Int) -> String {
        values.string(at: Int(codes[row]))
    }

    /// The same rows as offsets + bytes, null rows (per `validity`) empty; split over the cores
    /// for large columns: one pass for lengths, one to copy bytes.
    public func decoded(validity: Bitmap?) -> StringStorage {
        let n = count
        let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
        let target = offsets.base
        target[0] = 0
        let ranges = RowRanges.count(for: n)
        let totals = UnsafeMutablePointer<Int64>.allocate(capacity: ranges + 1)
        defer { totals.deallocate() }
        let codes = UnsafePointer(self.codes.base)
        let valueOffsets = UnsafePointer(values.offsets.base)
        let valueBytes = UnsafePointer(values.bytes.base)
        let words = validity.map { UnsafePointer($0.words.base) }
        return withExtendedLifetime((self, validity)) {
            let shared = UncheckedSendable((codes, valueOffsets, valueBytes, words, target, totals))
            ParallelWork.run(ranges) { part in
                let (codes, valueOffsets, _, words, target, totals) = shared.value
                var total: Int64 = 0
                for row in RowRanges.range(part, of: ranges, rows: n) {
                    let code = Int(codes[row])
                    var length = valueOffsets[code &+ 1] &- valueOffsets[code]
                    if let words, (words[row &>> 6] &>> UInt64(row & 63)) & 1 == 0 { length = 0 }
                    total &+= length
                    target[row &+ 1] = total
                }
                totals[part] = total
            }
            var byteCount: Int64 = 0
            for part in 0..<ranges {
                let total = totals[part]
                totals[part] = byteCount
                byteCount &+= total
            }
            totals[ranges] = byteCount
            let bytes = ColumnBuffer<UInt8>(adopting: Memory.allocate(byteCount: Int(byteCount) + 16), count: Int(byteCount))
            let output = UncheckedSendable(bytes.base)
            let sourceCapacity = values.bytes.count
            ParallelWork.run(ranges) { part in
                let (codes, valueOffsets, valueBytes, _, target, totals) = shared.value
                let out = output.value
                let shift = totals[part]
                let limit = Int(totals[part &+ 1])
                var previous: Int64 = 0
                for row in RowRanges.range(part, of: ranges, rows: n) {
                    let end = target[row &+ 1]
                    let length = Int(end &- previous)
                    previous = end
                    target[row &+ 1] = end &+ shift
                    if length == 0 { continue }
                    let start = Int(valueOffsets[Int(codes[row])])
                    let at = Int(end &+ shift) &- length
                    // Word copies may run up to 7 bytes past a string: never past this range's bytes.
                    let rounded = (length &+ 7) & ~7
                    if start &+ rounded <= sourceCapacity && at &+ rounded <= limit {
                        CSVChunk.copyShort(from: valueBytes + start, to: out + at, count: length)
                    } else {
                        (out + at).update(from: valueBytes + start, count: length)
                    }
                }
            }
            return StringStorage(offsets: offsets, bytes: bytes)
        }
    }

    /// Each entry's position in byte order (a permutation of `0..<values.count`, entries being
    /// distinct): order-based kernels compare ranks instead of strings.
    func ranks() -> [UInt32] {
        var order = Array(0..<values.count)
        Sorting.sortStrings(&order, values, flip: 0, descending: false)
        var ranks = [UInt32](repeating: 0, count: values.count)
        for (position, entry) in order.enumerated() { ranks[entry] = UInt32(truncatingIfNeeded: position) }
        return ranks
    }

    /// Which entries some valid row uses (one byte per entry, 1 = used).
    func usedEntries(validity: Bitmap?) -> [UInt8] {
        var used = [UInt8](repeating: 0, count: values.count)
        let codes = self.codes.base
        withExtendedLifetime(self.codes) {
            used.withUnsafeMutableBufferPointer { used in
                forEachValidRow(count: count, validity: validity) { row in used[Int(codes[row])] = 1 }
            }
        }
        return used
    }
}

/// Rows of a dictionary column read through their codes (a `StringSource` for the byte kernels).
struct DictionaryRows: StringSource {
    let codes: UnsafePointer<UInt32>
    let entries: ColumnStrings

    init(_ strings: DictionaryStrings) {
        codes = UnsafePointer(strings.codes.base)
        entries = ColumnStrings(strings.values)
    }

    @inline(__always) func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        entries.bytes(Int(codes[index]))
    }
}
