import Frame

/// Typed, per-row access to a column for the store's checks and transformations, over the raw
/// buffers (no boxing per row). Floats that are NaN count as null, as everywhere in the store.
struct ColumnAccess {
    let column: Column
    let ints: ColumnBuffer<Int64>?
    let floats: ColumnBuffer<Double>?
    let bools: ColumnBuffer<UInt8>?
    let strings: StringStorage?

    init(_ column: Column) {
        self.column = column
        ints = column.int64Values
        floats = column.float64Values
        bools = column.boolValues
        if column.type == .string {
            // Any string layout other than plain offsets + bytes is materialised once here.
            strings = column.stringValues ?? Column(name: column.name, strings: column.scalars.map { $0.stringValue }).stringValues
        } else {
            strings = nil
        }
    }

    var count: Int { column.count }

    /// True when row `row` is null (or a NaN float).
    @inline(__always) func isNull(_ row: Int) -> Bool {
        if column.isNull(row) { return true }
        if let floats { return floats[row].isNaN }
        return false
    }

    /// The value as a number: ints, timestamps and durations as their integer, floats, bools as 0/1.
    @inline(__always) func double(_ row: Int) -> Double {
        if let ints { return Double(ints[row]) }
        if let floats { return floats[row] }
        if let bools { return Double(bools[row]) }
        return .nan
    }

    /// The raw integer of an int, timestamp or duration column (0 for other layouts).
    @inline(__always) func int64(_ row: Int) -> Int64 { ints?[row] ?? 0 }

    /// Calls `body` with the UTF-8 bytes of row `row` of a string column.
    @inline(__always) func withBytes<T>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard let strings else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = Int(strings.offsets[row])
        let end = Int(strings.offsets[row + 1])
        return strings.bytes.withUnsafeBufferPointer { bytes in
            body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// Whether rows `a` and `b` hold equal values (both non-null).
    @inline(__always) func equal(_ a: Int, _ b: Int) -> Bool {
        if let ints { return ints[a] == ints[b] }
        if let floats { return floats[a] == floats[b] }
        if let bools { return bools[a] == bools[b] }
        return withBytes(a) { x in withBytes(b) { y in ByteOrder.compare(x, y) == 0 } }
    }

    /// The value in row `row`, as reports print it.
    func rendered(_ row: Int) -> String {
        if isNull(row) { return "null" }
        var text = ValueText.render(column.scalar(at: row))
        if text.count > 40 { text = String(text.prefix(39)) + "…" }
        return text.replacingAll("\u{1F}", with: " ")
    }
}

/// Byte-wise ordering of UTF-8 strings (the order SQLite's BINARY collation and Frame's sort use).
enum ByteOrder {
    /// -1, 0 or 1.
    @inline(__always) static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = min(a.count, b.count)
        for index in 0..<shared where a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// The position of `value` in `sorted` (ascending byte order), or nil.
    static func find(_ value: UnsafeBufferPointer<UInt8>, in sorted: [[UInt8]]) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            let order = sorted[middle].withUnsafeBufferPointer { compare($0, value) }
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Byte strings sorted and without repeats.
    static func sortedUnique(_ values: [[UInt8]]) -> [[UInt8]] {
        let sorted = values.sorted { a, b in
            a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in compare(x, y) < 0 } }
        }
        var unique: [[UInt8]] = []
        for value in sorted where unique.last != value { unique.append(value) }
        return unique
    }
}
