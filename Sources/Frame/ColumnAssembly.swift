/// Columns assembled from buffers that a reader filled itself (the store's columnar training
/// datasets, typed SQLite scans): the reader decodes straight into the column's final buffer, with
/// no per-row boxing and no intermediate arrays. Every assembly checks what kernels rely on, so a
/// damaged file gives an error, never a broken column.
extension ColumnBuffer {
    /// A buffer of `count` elements that `body` initialises; `body` must write every element.
    public static func filled<Failure: Error>(
        count: Int, _ body: (UnsafeMutableBufferPointer<Element>) throws(Failure) -> Void
    ) throws(Failure) -> ColumnBuffer<Element> {
        let buffer = ColumnBuffer<Element>(uninitializedCount: max(0, count))
        try body(UnsafeMutableBufferPointer(start: buffer.base, count: buffer.count))
        return buffer
    }
}

extension Bitmap {
    /// A validity bitmap over packed words (bit `i & 63` of word `i >> 6` is 1 when row `i` holds
    /// a value), or nil when every row does. The words become the bitmap's (bits past `count` are
    /// cleared here), so pass a buffer nothing else uses.
    public static func fromWords(_ words: ColumnBuffer<UInt64>, count: Int) throws(FrameError) -> Bitmap? {
        let wordCount = wordCount(for: count)
        guard count >= 0, words.count >= wordCount else {
            throw FrameError(.invalidArgument, "a validity bitmap of \(count) rows needs \(wordCount) words, not \(words.count)")
        }
        if count & 63 != 0 { words.base[wordCount - 1] &= (1 &<< UInt64(count & 63)) &- 1 }
        var valid = 0
        for word in 0..<wordCount { valid &+= words.base[word].nonzeroBitCount }
        if valid == count { return nil }
        return Bitmap(count: count, nullCount: count - valid, words: words)
    }

    /// Calls `body` with the packed words (layout as in `fromWords`), for writers that store the
    /// bits as they are.
    public func withWords<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt64>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        defer { withExtendedLifetime(words) {} }
        return try body(UnsafeBufferPointer(start: words.base, count: Bitmap.wordCount(for: count)))
    }
}

extension Column {
    /// An int, timestamp or duration column over `values`.
    public init(name: String, type: DataType, int64s values: ColumnBuffer<Int64>, validity: Bitmap?) throws(FrameError) {
        guard type == .int || type == .timestamp || type == .duration else {
            throw FrameError(.typeMismatch, "column '\(name)': 64-bit integers cannot hold \(type.name) values", column: name)
        }
        try Column.checkValidity(validity, count: values.count, name)
        self.init(name: name, type: type, count: values.count, storage: .int64(values), validity: validity)
    }

    /// A float column over `values`.
    public init(name: String, floats values: ColumnBuffer<Double>, validity: Bitmap?) throws(FrameError) {
        try Column.checkValidity(validity, count: values.count, name)
        self.init(name: name, type: .float, count: values.count, storage: .float64(values), validity: validity)
    }

    /// A bool column over one byte per row, each 0 or 1 (anything else is refused).
    public init(name: String, boolBytes values: ColumnBuffer<UInt8>, validity: Bitmap?) throws(FrameError) {
        try Column.checkValidity(validity, count: values.count, name)
        for row in 0..<values.count where values.base[row] > 1 {
            throw FrameError(.invalidArgument, "row \(row) of bool column '\(name)' holds \(values.base[row]), not 0 or 1", column: name)
        }
        self.init(name: name, type: .bool, count: values.count, storage: .bool(values), validity: validity)
    }

    /// A string column over `count + 1` offsets (from 0, never decreasing, ending at the byte
    /// count) into UTF-8 `bytes`; every row must be well-formed UTF-8.
    public init(name: String, offsets: ColumnBuffer<Int64>, bytes: ColumnBuffer<UInt8>, validity: Bitmap?) throws(FrameError) {
        let strings = try Column.checkedStrings(offsets: offsets, bytes: bytes, name)
        try Column.checkValidity(validity, count: strings.count, name)
        self.init(name: name, type: .string, count: strings.count, storage: .utf8(strings), validity: validity)
    }

    /// A dictionary-encoded string column: one code per row into a table of distinct strings given
    /// as offsets + bytes (checked like `init(name:offsets:bytes:validity:)`); every code, null rows
    /// included, must be below the table's size.
    public init(
        name: String, codes: ColumnBuffer<UInt32>, dictionaryOffsets: ColumnBuffer<Int64>,
        dictionaryBytes: ColumnBuffer<UInt8>, validity: Bitmap?
    ) throws(FrameError) {
        let table = try Column.checkedStrings(offsets: dictionaryOffsets, bytes: dictionaryBytes, name)
        try Column.checkValidity(validity, count: codes.count, name)
        if codes.count > 0 && table.count == 0 {
            throw FrameError(.invalidArgument, "dictionary column '\(name)' has rows but no values", column: name)
        }
        if table.count > 1 && StringKeyTable.index(table, count: table.count, validity: nil).groupCount != table.count {
            throw FrameError(.invalidArgument, "dictionary values of column '\(name)' must be distinct", column: name)
        }
        let limit = UInt32(truncatingIfNeeded: table.count)
        for row in 0..<codes.count where codes.base[row] >= limit {
            throw FrameError(
                .invalidArgument, "code \(codes.base[row]) in row \(row) of column '\(name)' is outside its \(table.count) values",
                column: name)
        }
        self.init(
            name: name, type: .string, count: codes.count, storage: .dictionary(DictionaryStrings(codes: codes, values: table)),
            validity: validity)
    }

    static func checkValidity(_ validity: Bitmap?, count: Int, _ name: String) throws(FrameError) {
        if let validity, validity.count != count {
            throw FrameError(
                .invalidArgument, "column '\(name)' has \(count) values but a validity bitmap of \(validity.count) rows", column: name)
        }
    }

    static func checkedStrings(offsets: ColumnBuffer<Int64>, bytes: ColumnBuffer<UInt8>, _ name: String) throws(FrameError)
        -> StringStorage
    {
        guard offsets.count >= 1, offsets.base[0] == 0, offsets.base[offsets.count - 1] == Int64(bytes.count) else {
            throw FrameError(.invalidArgument, "the offsets of string column '\(name)' do not span its bytes", column: name)
        }
        for row in 0..<(offsets.count - 1) {
            let start = offsets.base[row]
            let end = offsets.base[row + 1]
            guard start <= end else {
                throw FrameError(.invalidArgument, "the offsets of string column '\(name)' decrease at row \(row)", column: name)
            }
            guard UTF8Validation.isValid(bytes.base + Int(start), Int(end - start)) else {
                throw FrameError(.parse, "row \(row) of string column '\(name)' is not valid UTF-8", column: name)
            }
        }
        return StringStorage(offsets: offsets, bytes: bytes)
    }
}
