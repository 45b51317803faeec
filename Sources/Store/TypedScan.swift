import Frame

/// Reads the rows of a query whose result columns have known types (a feature group's schema)
/// straight into column buffers: per value one storage-class test and one typed read, no boxing,
/// no per-row class bytes. Frame's general reader decides each column's type from the values it
/// meets; a group's types are known, so the scan only has to confirm them. A value that does not
/// fit its type (a file edited by hand) makes the scan give up (nil), and the caller falls back
/// to the general reader, so the result never differs from it.
///
/// Several scans (parts of one table read on different connections at once) join into one frame
/// with `frame(_:schema:)`, in the order given.
final class TypedScan: @unchecked Sendable {
    /// The storage read for a column.
    enum Kind {
        case integer, real, boolean, text
    }

    /// Rows read so far, and the row capacity every column buffer has.
    private(set) var rows = 0
    private var capacity: Int
    private var columns: [ScanColumn]

    private init(_ schema: [FeatureColumn], capacity: Int) {
        self.capacity = capacity
        columns = schema.map { ScanColumn(name: $0.name, type: $0.type, capacity: capacity) }
    }

    deinit {
        for column in columns { column.release() }
    }

    /// The statement's rows (stepped to the end) as columns of `schema`'s types, or nil when a
    /// stored value does not fit its column's type. `expectedRows` sizes the buffers (they grow
    /// by doubling past it).
    static func frame(_ statement: SQLiteStatement, schema: [FeatureColumn], expectedRows: Int = 0) throws -> DataFrame? {
        guard let scan = try scan(statement, schema: schema, expectedRows: expectedRows) else { return nil }
        return try frame([scan], schema: schema)
    }

    /// The statement's rows, kept for `frame(_:schema:)`, or nil when a value does not fit its type.
    static func scan(_ statement: SQLiteStatement, schema: [FeatureColumn], expectedRows: Int) throws -> TypedScan? {
        let scan = TypedScan(schema, capacity: Swift.max(1 << 14, (expectedRows + 63) & ~63))
        let width = schema.count
        while try statement.step() {
            if scan.rows == scan.capacity { scan.grow() }
            let row = scan.rows
            let fits = scan.columns.withUnsafeMutableBufferPointer { columns -> Bool in
                for index in 0..<width where !columns[index].append(from: statement, at: index, row: row) { return false }
                return true
            }
            if !fits { return nil }
            scan.rows += 1
        }
        return scan
    }

    /// The rows of `scans` (of one schema), one after the other, as one frame.
    static func frame(_ scans: [TypedScan], schema: [FeatureColumn]) throws -> DataFrame {
        var result: [Column] = []
        result.reserveCapacity(schema.count)
        for index in schema.indices { result.append(try ScanColumn.finish(scans.map { ($0.columns[index], $0.rows) })) }
        return try DataFrame(columns: result)
    }

    private func grow() {
        let larger = capacity * 2
        for index in columns.indices { columns[index].grow(from: capacity, to: larger) }
        capacity = larger
    }
}

/// One column of a `TypedScan`: values (Int64, Double, a 0/1 byte, or a string's end offset) and
/// validity bits in memory it owns, grown by doubling; strings also collect their bytes.
private struct ScanColumn {
    let name: String
    let type: DataType
    let kind: TypedScan.Kind
    let width: Int
    var values: UnsafeMutableRawPointer
    /// One bit per row (1 = value), zeroed as it grows.
    var words: UnsafeMutablePointer<UInt64>
    var text: UnsafeMutablePointer<UInt8>
    var textCount = 0
    var textCapacity: Int

    init(name: String, type: DataType, capacity: Int) {
        self.name = name
        self.type = type
        switch type {
        case .int, .timestamp, .duration: kind = .integer
        case .float: kind = .real
        case .bool: kind = .boolean
        case .string: kind = .text
        }
        width = kind == .boolean ? 1 : 8
        values = UnsafeMutableRawPointer.allocate(byteCount: capacity * width, alignment: 64)
        words = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity >> 6)
        words.initialize(repeating: 0, count: capacity >> 6)
        textCapacity = kind == .text ? capacity * 8 : 1
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: textCapacity)
    }

    /// Reads column `index` of the statement's current row into row `row`; false when it does not fit.
    @inline(__always) mutating func append(from statement: SQLiteStatement, at index: Int, row: Int) -> Bool {
        let stored = statement.columnType(index)
        if stored == .null {
            if kind == .boolean {
                values.storeBytes(of: 0, toByteOffset: row, as: UInt8.self)
            } else if kind == .text {
                values.storeBytes(of: Int64(textCount), toByteOffset: row &* 8, as: Int64.self)
            } else {
                values.storeBytes(of: 0, toByteOffset: row &* 8, as: Int64.self)
            }
            return true
        }
        switch kind {
        case .integer:
            guard stored == .integer else { return false }
            values.storeBytes(of: statement.int64(at: index), toByteOffset: row &* 8, as: Int64.self)
        case .real:
            guard stored == .float || stored == .integer else { return false }
            values.storeBytes(of: statement.double(at: index), toByteOffset: row &* 8, as: Double.self)
        case .boolean:
            guard stored == .integer else { return false }
            let value = statement.int64(at: index)
            guard value == 0 || value == 1 else { return false }
            values.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: row, as: UInt8.self)
        case .text:
            guard stored == .text else { return false }
            let fits = statement.withText(at: index) { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
                guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
                guard UTF8Validation.isValid(base, bytes.count) else { return false }
                if textCount + bytes.count > textCapacity { growText(atLeast: textCount + bytes.count) }
                (text + textCount).update(from: base, count: bytes.count)
                textCount += bytes.count
                return true
            }
            guard fits else { return false }
            values.storeBytes(of: Int64(textCount), toByteOffset: row &* 8, as: Int64.self)
        }
        words[row &>> 6] |= 1 &<< UInt64(row & 63)
        return true
    }

    mutating func grow(from capacity: Int, to larger: Int) {
        let grown = UnsafeMutableRawPointer.allocate(byteCount: larger * width, alignment: 64)
        grown.copyMemory(from: values, byteCount: capacity * width)
        values.deallocate()
        values = grown
        let grownWords = UnsafeMutablePointer<UInt64>.allocate(capacity: larger >> 6)
        grownWords.initialize(repeating: 0, count: larger >> 6)
        grownWords.update(from: words, count: capacity >> 6)
        words.deallocate()
        words = grownWords
    }

    mutating func growText(atLeast needed: Int) {
        let larger = Swift.max(needed, textCapacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.update(from: text, count: textCount)
        text.deallocate()
        text = grown
        textCapacity = larger
    }

    func release() {
        values.deallocate()
        words.deallocate()
        text.deallocate()
    }

    /// One column from the same column of several scans (each with its row count), in order.
    static func finish(_ parts: [(column: ScanColumn, rows: Int)]) throws -> Column {
        guard let first = parts.first?.column else { throw StoreError(.database, "a scan without parts") }
        let total = parts.reduce(0) { $0 + $1.rows }
        let bits = ColumnBuffer<UInt64>.filled(count: (total + 63) >> 6) { out in
            guard let target = out.baseAddress else { return }
            target.initialize(repeating: 0, count: out.count)
            var offset = 0
            for (column, rows) in parts {
                // Bits past a part's rows are zero, so whole words can be shifted in.
                for word in 0..<((rows + 63) >> 6) where column.words[word] != 0 {
                    let bit = offset &+ word &* 64
                    let shift = UInt64(bit & 63)
                    target[bit >> 6] |= column.words[word] &<< shift
                    if shift != 0 && (bit >> 6) + 1 < out.count { target[(bit >> 6) + 1] |= column.words[word] &>> (64 &- shift) }
                }
                offset += rows
            }
        }
        let validity = try Bitmap.fromWords(bits, count: total)
        switch first.kind {
        case .integer:
            return try Column(name: first.name, type: first.type, int64s: concatenated(parts, total), validity: validity)
        case .real:
            return try Column(name: first.name, floats: concatenated(parts, total), validity: validity)
        case .boolean:
            return try Column(name: first.name, boolBytes: concatenated(parts, total), validity: validity)
        case .text:
            var base: Int64 = 0
            let offsets = ColumnBuffer<Int64>.filled(count: total + 1) { out in
                out[0] = 0
                var row = 1
                for (column, rows) in parts {
                    for index in 0..<rows {
                        out[row] = base &+ column.values.load(fromByteOffset: index &* 8, as: Int64.self)
                        row &+= 1
                    }
                    base &+= Int64(column.textCount)
                }
            }
            let bytes = ColumnBuffer<UInt8>.filled(count: Int(base)) { out in
                guard var target = out.baseAddress else { return }
                for (column, _) in parts {
                    target.update(from: column.text, count: column.textCount)
                    target += column.textCount
                }
            }
            return try Column(name: first.name, offsets: offsets, bytes: bytes, validity: validity)
        }
    }

    /// The parts' fixed-width values back to back in one buffer.
    private static func concatenated<Element: BitwiseCopyable>(_ parts: [(column: ScanColumn, rows: Int)], _ total: Int)
        -> ColumnBuffer<Element>
    {
        ColumnBuffer<Element>.filled(count: total) { out in
            guard var target = out.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            for (column, rows) in parts {
                let byteCount = rows * MemoryLayout<Element>.stride
                target.copyMemory(from: column.values, byteCount: byteCount)
                target += byteCount
            }
        }
    }
}
