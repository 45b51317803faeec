/// Collects one result column row by row, remembering each value's storage class, and decides the
/// column's type only at the end (SQLite lets a column mix classes, so the first row cannot decide).
///
/// Per row it keeps one class byte and one 64-bit word (the integer, or the float's bits); text goes
/// to one byte buffer with offsets. No boxed values, no per-row strings.
struct SQLiteColumnBuilder {
    static let null: UInt8 = 0
    static let integer: UInt8 = 1
    static let float: UInt8 = 2
    static let text: UInt8 = 3
    static let blob: UInt8 = 4

    let name: String
    let family: SQLiteTypeMapping.Family
    var classes: [UInt8] = []
    var words: [Int64] = []
    var textBytes: [UInt8] = []
    /// `rows + 1` offsets into `textBytes` (non-text rows add no bytes).
    var textOffsets: [Int64] = [0]
    /// Bit `class` is set when some row holds that class.
    var seen: UInt8 = 0
    /// The first row (0-based) holding a blob or invalid UTF-8, for the error.
    var firstBlobRow: Int? = nil
    var firstInvalidTextRow: Int? = nil

    init(name: String, declaredType: String?) {
        self.name = name
        self.family = SQLiteTypeMapping.family(of: declaredType)
    }

    var count: Int { classes.count }

    /// Appends column `index` of the statement's current row.
    @inline(__always) mutating func append(from statement: SQLiteStatement, column index: Int) {
        let row = classes.count
        var kind = SQLiteColumnBuilder.null
        var word: Int64 = 0
        switch statement.columnType(index) {
        case .null: break
        case .integer:
            kind = SQLiteColumnBuilder.integer
            word = statement.int64(at: index)
        case .float:
            kind = SQLiteColumnBuilder.float
            word = Int64(bitPattern: statement.double(at: index).bitPattern)
        case .text:
            kind = SQLiteColumnBuilder.text
            let valid = statement.withText(at: index) { (text: UnsafeBufferPointer<UInt8>) -> Bool in
                guard let base = text.baseAddress, text.count > 0 else { return true }
                textBytes.append(contentsOf: text)
                return UTF8Validation.isValid(base, text.count)
            }
            if !valid && firstInvalidTextRow == nil { firstInvalidTextRow = row }
        case .blob:
            kind = SQLiteColumnBuilder.blob
            if firstBlobRow == nil { firstBlobRow = row }
        }
        seen |= 1 &<< kind
        classes.append(kind)
        words.append(word)
        textOffsets.append(Int64(textBytes.count))
    }

    /// True when every non-null row holds one of `classes` (given as a bit mask).
    func holdsOnly(_ mask: UInt8) -> Bool { seen & ~(1 | mask) == 0 }

    static func bit(_ kind: UInt8) -> UInt8 { 1 &<< kind }

    /// The finished column. `file` names the database in errors.
    func finish(file: String) throws(FrameError) -> Column {
        if let row = firstBlobRow {
            throw FrameError(
                .typeMismatch, "cannot read '\(file)': column '\(name)' holds binary data (BLOB) in row \(row + 1)",
                column: name, hint: "convert it in SQL, e.g. hex(\(name)) or CAST(\(name) AS TEXT)")
        }
        if let row = firstInvalidTextRow {
            throw FrameError(
                .parse, "cannot read '\(file)': column '\(name)' holds invalid UTF-8 in row \(row + 1)", column: name)
        }
        let integer = Self.bit(Self.integer)
        let float = Self.bit(Self.float)
        let text = Self.bit(Self.text)
        if seen & ~1 == 0 {
            return Column(name: name, nullsOf: SQLiteTypeMapping.typeWithoutValues(family), count: count)
        }
        switch family {
        case .bool where holdsOnly(integer) && allIntegersAreBits():
            return boolColumn()
        case .timestamp where holdsOnly(integer | text):
            if let column = timestampColumn() { return column }
        case .duration where holdsOnly(integer):
            return int64Column(.duration)
        default: break
        }
        if holdsOnly(integer) { return int64Column(.int) }
        if holdsOnly(integer | float) { return floatColumn() }
        return stringColumn()
    }

    func allIntegersAreBits() -> Bool {
        for row in 0..<count where classes[row] == Self.integer && words[row] != 0 && words[row] != 1 { return false }
        return true
    }

    /// Validity from the class bytes; nil when no row is null.
    func validity() -> Bitmap? {
        guard seen & 1 != 0 else { return nil }
        var builder = BitmapBuilder(count: count)
        for row in 0..<count where classes[row] == Self.null { builder.setNull(row) }
        return builder.finish()
    }

    func int64Column(_ type: DataType) -> Column {
        Column(name: name, type: type, count: count, storage: .int64(ColumnBuffer(words)), validity: validity())
    }

    func boolColumn() -> Column {
        let values = ColumnBuffer<UInt8>(uninitializedCount: count)
        for row in 0..<count { values.base[row] = words[row] == 1 ? 1 : 0 }
        return Column(name: name, type: .bool, count: count, storage: .bool(values), validity: validity())
    }

    func floatColumn() -> Column {
        let values = ColumnBuffer<Double>(uninitializedCount: count)
        for row in 0..<count {
            let word = words[row]
            values.base[row] = classes[row] == Self.float ? Double(bitPattern: UInt64(bitPattern: word)) : Double(word)
        }
        return Column(name: name, type: .float, count: count, storage: .float64(values), validity: validity())
    }

    /// Integers are microseconds; text is parsed as ISO 8601. Nil when some text is not a timestamp.
    func timestampColumn() -> Column? {
        let values = ColumnBuffer<Int64>(uninitializedCount: count)
        let parsed = textBytes.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            for row in 0..<count {
                switch classes[row] {
                case Self.integer: values.base[row] = words[row]
                case Self.text:
                    let start = Int(textOffsets[row])
                    let length = Int(textOffsets[row + 1]) - start
                    guard let base = bytes.baseAddress, let micros = TimestampParsing.parse(base + start, length) else {
                        return false
                    }
                    values.base[row] = micros
                default: values.base[row] = 0
                }
            }
            return true
        }
        guard parsed else { return nil }
        return Column(name: name, type: .timestamp, count: count, storage: .int64(values), validity: validity())
    }

    /// Text as stored; numbers in a column that also holds text are written in their shortest form.
    func stringColumn() -> Column {
        if holdsOnly(Self.bit(Self.text)) {
            let storage = StringStorage(offsets: ColumnBuffer(textOffsets), bytes: ColumnBuffer(textBytes))
            return Column(name: name, type: .string, count: count, storage: .utf8(storage), validity: validity())
        }
        var builder = StringColumnBuilder(expectedCount: count, expectedBytes: textBytes.count)
        textBytes.withUnsafeBufferPointer { bytes in
            for row in 0..<count {
                switch classes[row] {
                case Self.integer: builder.append(String(words[row]))
                case Self.float: builder.append(NumberFormatting.shortest(Double(bitPattern: UInt64(bitPattern: words[row]))))
                case Self.text:
                    let start = Int(textOffsets[row])
                    let end = Int(textOffsets[row + 1])
                    builder.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                default: builder.appendNull()
                }
            }
        }
        return builder.finish(name: name)
    }
}
