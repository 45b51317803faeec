/// Building dictionaries: encoding plain strings, decoding, merging several tables into one.
///
/// Codes are handed out in order of first appearance (rows in order, tables in order), never by
/// hash order, so the codes of a column depend only on its values.

/// Collects distinct strings and gives each the next code on first sight.
struct DictionaryBuilder {
    private var table = StringKeyTable()
    private var bytes: [UInt8] = []
    private var offsets: [Int64] = [0]

    /// Number of distinct strings so far.
    var count: Int { offsets.count - 1 }

    /// The code of the `length` bytes at `start`, new ones appended.
    @inline(__always) mutating func code(_ start: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        let (group, inserted) = table.findOrInsert(start, length)
        if inserted {
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: length))
            offsets.append(Int64(bytes.count))
        }
        return UInt32(truncatingIfNeeded: group)
    }

    /// The code of `bytes` (possibly empty).
    @inline(__always) mutating func code(_ value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let start = value.baseAddress else { return code(DictionaryBuilder.emptyBytes, 0) }
        return code(start, value.count)
    }

    /// The distinct strings in code order; frees the table.
    func finish() -> StringStorage {
        table.deallocate()
        return StringStorage(offsets: ColumnBuffer(offsets), bytes: ColumnBuffer(bytes))
    }

    /// A valid address for empty strings.
    nonisolated(unsafe) static let emptyBytes = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 8))
}

enum DictionaryMerge {
    /// One table holding every entry of `tables` (first appearance: table by table, entry by
    /// entry) and, per table, the new code of each old entry. A table with no entries maps code
    /// 0 to 0, so that codes under null rows stay in range.
    static func merge(_ tables: [StringStorage]) -> (values: StringStorage, remaps: [[UInt32]]) {
        var builder = DictionaryBuilder()
        var remaps: [[UInt32]] = []
        remaps.reserveCapacity(tables.count)
        for table in tables {
            var remap: [UInt32] = []
            remap.reserveCapacity(max(1, table.count))
            withExtendedLifetime(table) {
                let entries = ColumnStrings(table)
                for entry in 0..<table.count { remap.append(builder.code(entries.bytes(entry))) }
            }
            if remap.isEmpty { remap.append(0) }
            remaps.append(remap)
        }
        if builder.count == 0 { _ = builder.code(DictionaryBuilder.emptyBytes, 0) }
        return (builder.finish(), remaps)
    }

    /// Codes passed through `remap` (which must cover every code), split over the cores.
    static func remapped(_ codes: ColumnBuffer<UInt32>, _ remap: [UInt32]) -> ColumnBuffer<UInt32> {
        let n = codes.count
        let out = ColumnBuffer<UInt32>(uninitializedCount: n)
        remap.withUnsafeBufferPointer { table in
            let shared = UncheckedSendable((UnsafePointer(codes.base), out.base, table.baseAddress))
            let ranges = RowRanges.count(for: n)
            withExtendedLifetime(codes) {
                ParallelWork.run(ranges) { part in
                    let (source, target, table) = shared.value
                    guard let table else { return }
                    for row in RowRanges.range(part, of: ranges, rows: n) { target[row] = table[Int(source[row])] }
                }
            }
        }
        return out
    }

    /// Two dictionary columns' codes over one shared table (the left table first): unchanged when
    /// both already share their table.
    static func unified(_ left: DictionaryStrings, _ right: DictionaryStrings) -> (DictionaryStrings, DictionaryStrings) {
        if left.values.bytes === right.values.bytes && left.values.offsets === right.values.offsets { return (left, right) }
        let (values, remaps) = merge([left.values, right.values])
        return (DictionaryStrings(codes: remapped(left.codes, remaps[0]), values: values),
                DictionaryStrings(codes: remapped(right.codes, remaps[1]), values: values))
    }
}

extension DictionaryStrings {
    /// Plain strings encoded with codes in order of first appearance; null rows take code 0
    /// (the table gets an empty entry when no row has a value).
    static func encode(_ strings: StringStorage, validity: Bitmap?) -> DictionaryStrings {
        let n = strings.count
        let codes = ColumnBuffer<UInt32>(uninitializedCount: n)
        var builder = DictionaryBuilder()
        withExtendedLifetime(strings) {
            let rows = ColumnStrings(strings)
            forEachRow(in: 0..<n, validity: validity, { row in codes.base[row] = builder.code(rows.bytes(row)) },
                       null: { row in codes.base[row] = 0 })
        }
        if builder.count == 0 && n > 0 { _ = builder.code(DictionaryBuilder.emptyBytes, 0) }
        return DictionaryStrings(codes: codes, values: builder.finish())
    }
}

extension Column {
    /// True when the column stores dictionary codes.
    public var isDictionaryEncoded: Bool { dictionaryValues != nil }

    /// This string column dictionary-encoded (codes in order of first appearance); a dictionary
    /// column or a column of another type is returned as it is.
    public func dictionaryEncoded() -> Column {
        guard case .utf8(let strings) = storage else { return self }
        return Column(name: name, type: type, count: count,
                      storage: .dictionary(DictionaryStrings.encode(strings, validity: validity)), validity: validity)
    }

    /// This column with plain offsets + bytes storage if it was dictionary-encoded; values, nulls
    /// and name unchanged.
    public func plainEncoded() -> Column {
        guard case .dictionary(let strings) = storage else { return self }
        return Column(name: name, type: type, count: count, storage: .utf8(strings.decoded(validity: validity)),
                      validity: validity)
    }

    /// A dictionary-encoded string column from codes into `values` (distinct strings); rows where
    /// `validity` is false are null (their codes must still be in range).
    public init(name: String, codes: [UInt32], values: [String], validity: [Bool]? = nil) throws(FrameError) {
        var builder = StringColumnBuilder(expectedCount: values.count)
        for value in values { builder.append(value) }
        guard case .utf8(let table) = builder.finish(name: name).storage else {
            throw FrameError(.invalidArgument, "dictionary values of column '\(name)' must be strings", column: name)
        }
        if values.count > 1 {
            let index = StringKeyTable.index(table, count: values.count, validity: nil)
            if index.groupCount != values.count {
                throw FrameError(.invalidArgument, "dictionary values of column '\(name)' must be distinct", column: name)
            }
        }
        for (row, code) in codes.enumerated() where Int(code) >= values.count {
            throw FrameError(
                .invalidArgument, "code \(code) in row \(row) of column '\(name)' is outside its \(values.count) values",
                column: name)
        }
        self.init(name: name, type: .string, count: codes.count,
                  storage: .dictionary(DictionaryStrings(codes: ColumnBuffer(codes), values: table)),
                  validity: Column.bitmap(validity, count: codes.count))
    }
}
