/// Turns one column's field spans into a typed column, inferring the type from every value.
///
/// The first non-null value picks the first candidate (bool, int, float, timestamp, string); a value
/// that does not parse demotes the candidate (int → float → string, bool or timestamp → string) and
/// the column is rebuilt from the spans, so each column is parsed at most three times and usually once.
struct CSVColumnBuilder {
    let base: UnsafePointer<UInt8>
    let spans: FieldSpans
    /// Which field of each record this column is, and how many fields a record has.
    let column: Int
    let width: Int
    let rowCount: Int
    let name: String
    let checkUTF8: Bool

    func build() throws(FrameError) -> Column {
        var candidate = firstCandidate()
        while true {
            switch candidate {
            case .bool:
                if let column = buildBools() { return column }
                candidate = .string
            case .int:
                if let column = buildInt64s(type: .int, parse: .int) { return column }
                candidate = .float
            case .float:
                if let column = buildDoubles() { return column }
                candidate = .string
            case .timestamp:
                if let column = buildInt64s(type: .timestamp, parse: .timestamp) { return column }
                candidate = .string
            case .string, .duration:
                return try buildStrings()
            }
        }
    }

    @inline(__always) func meta(_ row: Int) -> UInt32 { spans.meta[row &* width &+ column] }
    @inline(__always) func start(_ row: Int) -> Int { spans.starts[row &* width &+ column] }

    /// A typed value is null when flagged null or when quoted and empty.
    @inline(__always) func isTypedNull(_ meta: UInt32) -> Bool {
        meta & FieldSpans.nullFlag != 0 || (meta & FieldSpans.quotedFlag != 0 && meta & FieldSpans.lengthMask == 0)
    }

    /// The span of row `row` with surrounding spaces and tabs removed.
    @inline(__always) func trimmed(_ row: Int) -> (UnsafePointer<UInt8>, Int) {
        var start = start(row)
        var end = start + Int(meta(row) & FieldSpans.lengthMask)
        while start < end && (base[start] == 0x20 || base[start] == 0x09) { start += 1 }
        while end > start && (base[end - 1] == 0x20 || base[end - 1] == 0x09) { end -= 1 }
        return (base + start, end - start)
    }

    func firstCandidate() -> DataType {
        for row in 0..<rowCount where !isTypedNull(meta(row)) {
            if meta(row) & FieldSpans.escapedFlag != 0 { return .string }
            let (p, n) = trimmed(row)
            if NumberParsing.bool(p, n) != nil { return .bool }
            if NumberParsing.int64(p, n) != nil { return .int }
            if NumberParsing.double(p, n) != nil { return .float }
            if TimestampParsing.parse(p, n) != nil { return .timestamp }
            return .string
        }
        return .string
    }

    enum Int64Parse { case int, timestamp }

    func buildInt64s(type: DataType, parse: Int64Parse) -> Column? {
        let out = ColumnBuffer<Int64>(uninitializedCount: rowCount)
        var validity: BitmapBuilder? = nil
        for row in 0..<rowCount {
            if isTypedNull(meta(row)) {
                if validity == nil { validity = BitmapBuilder(count: rowCount) }
                validity?.setNull(row)
                out.base[row] = 0
                continue
            }
            let (p, n) = trimmed(row)
            let parsed = parse == .int ? NumberParsing.int64(p, n) : TimestampParsing.parse(p, n)
            guard let value = parsed else { return nil }
            out.base[row] = value
        }
        return Column(name: name, type: type, count: rowCount, storage: .int64(out), validity: validity?.finish())
    }

    func buildDoubles() -> Column? {
        let out = ColumnBuffer<Double>(uninitializedCount: rowCount)
        var validity: BitmapBuilder? = nil
        for row in 0..<rowCount {
            if isTypedNull(meta(row)) {
                if validity == nil { validity = BitmapBuilder(count: rowCount) }
                validity?.setNull(row)
                out.base[row] = 0
                continue
            }
            let (p, n) = trimmed(row)
            guard let value = NumberParsing.double(p, n) else { return nil }
            out.base[row] = value
        }
        return Column(name: name, type: .float, count: rowCount, storage: .float64(out), validity: validity?.finish())
    }

    func buildBools() -> Column? {
        let out = ColumnBuffer<UInt8>(uninitializedCount: rowCount)
        var validity: BitmapBuilder? = nil
        for row in 0..<rowCount {
            if isTypedNull(meta(row)) {
                if validity == nil { validity = BitmapBuilder(count: rowCount) }
                validity?.setNull(row)
                out.base[row] = 0
                continue
            }
            let (p, n) = trimmed(row)
            guard let value = NumberParsing.bool(p, n) else { return nil }
            out.base[row] = value ? 1 : 0
        }
        return Column(name: name, type: .bool, count: rowCount, storage: .bool(out), validity: validity?.finish())
    }

    /// Strings keep their bytes exactly (no trimming); `""` pairs collapse; only unquoted empty
    /// fields and null tokens are null.
    func buildStrings() throws(FrameError) -> Column {
        var total = 0
        for row in 0..<rowCount { total += Int(meta(row) & FieldSpans.lengthMask) }
        var bytes = ColumnBuffer<UInt8>(uninitializedCount: total)
        let offsets = ColumnBuffer<Int64>(uninitializedCount: rowCount + 1)
        var validity: BitmapBuilder? = nil
        var used = 0
        offsets.base[0] = 0
        for row in 0..<rowCount {
            let meta = meta(row)
            let start = start(row)
            let length = Int(meta & FieldSpans.lengthMask)
            if meta & FieldSpans.nullFlag != 0 {
                if validity == nil { validity = BitmapBuilder(count: rowCount) }
                validity?.setNull(row)
            } else {
                if checkUTF8 && !UTF8Validation.isValid(base + start, length) {
                    let line = CSVScanner.line(of: start, in: base)
                    throw FrameError(.parse, "line \(line): invalid UTF-8 in column '\(name)'", column: name, line: line)
                }
                if meta & FieldSpans.escapedFlag != 0 {
                    var index = start
                    while index < start + length {
                        let byte = base[index]
                        bytes.base[used] = byte
                        used += 1
                        index += byte == CSVScanner.quote ? 2 : 1
                    }
                } else {
                    (bytes.base + used).update(from: base + start, count: length)
                    used += length
                }
            }
            offsets.base[row + 1] = Int64(used)
        }
        if used != total { bytes = Column.copyRange(bytes, 0, used) }
        return Column(
            name: name, type: .string, count: rowCount,
            storage: .utf8(StringStorage(offsets: offsets, bytes: bytes)), validity: validity?.finish())
    }
}
