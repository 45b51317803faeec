/// The general path of `CSVChunk`: any field (quoted, escaped, padded with spaces, a null token, a
/// value of another type), ragged records, errors, and the changes of a column's kind.
extension CSVChunk {
    /// Scans the field of `column` at `p` with `CSVScanner` (the reference rules), stores it, and
    /// returns where the next field starts.
    mutating func generalField(
        _ state: UnsafeMutablePointer<CSVChunkColumn>, column: Int, at p: Int, row: Int, recordStart: Int
    ) throws(FrameError) -> Int {
        var scanner = CSVScanner(base: base, count: end, start: p, delimiter: delimiter)
        let field = try scan(&scanner, from: p)
        let last = column == width - 1
        if !last && field.endsRecord {
            throw raggedRecord(at: recordStart, found: column + 1)
        }
        if last && !field.endsRecord {
            var found = width
            var next: CSVScanner.Field
            repeat {
                next = try scan(&scanner, from: p)
                found += 1
            } while !next.endsRecord
            throw raggedRecord(at: recordStart, found: found)
        }
        try store(field, into: state, column: column, row: row)
        return scanner.position
    }

    /// The next field, with the line of any error counted from the start of the input.
    private func scan(_ scanner: inout CSVScanner, from p: Int) throws(FrameError) -> CSVScanner.Field {
        do {
            return try scanner.nextField()
        } catch {
            // The scanner counted lines from `p`; the message must count them from the input's start.
            let line = CSVScanner.line(of: p, in: base) + (error.line ?? 1) - 1
            var rebased = error
            if let old = error.line, error.message.hasPrefix("line \(old):") {
                rebased.message = "line \(line):" + String(error.message.dropFirst("line \(old):".count))
            }
            rebased.line = line
            throw rebased
        }
    }

    func raggedRecord(at recordStart: Int, found: Int) -> FrameError {
        let line = CSVScanner.line(of: recordStart, in: base)
        return FrameError(.parse, "line \(line): expected \(width) fields, found \(found)", line: line)
    }

    /// Stores one scanned field, changing the column's kind when inference requires it.
    mutating func store(
        _ field: CSVScanner.Field, into state: UnsafeMutablePointer<CSVChunkColumn>, column: Int, row: Int
    ) throws(FrameError) {
        let isToken = !field.quoted && (field.length == 0 || tokens.matches(base, field.start, field.length))
        var kind = state.pointee.kind
        if kind == .rescan { return }
        if kind == .string {
            if isToken {
                CSVChunk.storeNullString(state, row: row, capacity: rowCapacity)
            } else {
                appendString(field, to: state, row: row)
            }
            return
        }
        if isToken || (field.quoted && field.length == 0) {
            if field.quoted { state.pointee.sawQuotedEmpty = true }
            CSVChunk.setNull(state, row: row, capacity: rowCapacity)
            state.pointee.slots[row] = 0
            if kind == .undetermined {
                state.pointee.offsets[row] = 0
                if state.pointee.hasCodes { state.pointee.codes[row] = 0 }
            }
            return
        }
        let (p, n) = trimmed(field)
        if kind == .undetermined {
            kind = field.escaped ? .string : CSVChunk.firstKind(p, n)
            if kind == .string {
                if state.pointee.sawQuotedEmpty {
                    state.pointee.kind = .rescan
                } else {
                    state.pointee.kind = .string
                    beginStrings(state)
                    appendString(field, to: state, row: row)
                }
                return
            }
            state.pointee.kind = kind
        }
        switch kind {
        case .int:
            if let value = NumberParsing.int64(p, n) {
                if value == 0 && p[0] == UInt8(ascii: "-") { state.pointee.sawNegativeZero = true }
                state.pointee.slots[row] = UInt64(bitPattern: value)
                return
            }
            if !state.pointee.isFixed, let value = NumberParsing.double(p, n) {
                if state.pointee.sawNegativeZero {
                    state.pointee.kind = .rescan
                    return
                }
                CSVChunk.widenToFloat(state.pointee.slots, count: row)
                state.pointee.kind = .float
                state.pointee.slots[row] = value.bitPattern
                return
            }
        case .float:
            if let value = NumberParsing.double(p, n) {
                state.pointee.slots[row] = value.bitPattern
                return
            }
        case .bool:
            if let value = NumberParsing.bool(p, n) {
                state.pointee.slots[row] = value ? 1 : 0
                return
            }
        case .timestamp:
            if let value = TimestampParsing.parse(p, n) {
                state.pointee.slots[row] = UInt64(bitPattern: value)
                return
            }
        case .undetermined, .string, .rescan:
            return
        }
        if state.pointee.isFixed { throw unparsable(field, as: kind.dataType, column: column) }
        state.pointee.kind = .rescan
    }

    /// The kind of a column whose first value this is (the order inference tries types in).
    static func firstKind(_ p: UnsafePointer<UInt8>, _ n: Int) -> CSVKind {
        if NumberParsing.bool(p, n) != nil { return .bool }
        if NumberParsing.int64(p, n) != nil { return .int }
        if NumberParsing.double(p, n) != nil { return .float }
        if TimestampParsing.parse(p, n) != nil { return .timestamp }
        return .string
    }

    /// Rewrites the first `count` slots from Int64 to Double, in place (0 stays 0 for null rows).
    static func widenToFloat(_ slots: UnsafeMutablePointer<UInt64>, count: Int) {
        for index in 0..<count {
            slots[index] = Double(Int64(bitPattern: slots[index])).bitPattern
        }
    }

    /// The field's text without surrounding spaces and tabs (typed values only).
    func trimmed(_ field: CSVScanner.Field) -> (UnsafePointer<UInt8>, Int) {
        var start = field.start
        var stop = field.start + field.length
        while start < stop && (base[start] == 0x20 || base[start] == 0x09) { start += 1 }
        while stop > start && (base[stop - 1] == 0x20 || base[stop - 1] == 0x09) { stop -= 1 }
        return (base + start, stop - start)
    }

    /// Stores a string field (`""` pairs collapsed) as the column's row `row`.
    mutating func appendString(_ field: CSVScanner.Field, to state: UnsafeMutablePointer<CSVChunkColumn>, row: Int) {
        if !state.pointee.isDictionary && state.pointee.bytesUsed + field.length > state.pointee.bytesCapacity {
            overflowed = true
            return
        }
        guard field.escaped else {
            storeString(state, base + field.start, field.length, row: row)
            return
        }
        // Unescaped into a scratch copy (8 bytes of padding for word reads), then stored.
        var text = [UInt8](repeating: 0, count: field.length + 8)
        var length = 0
        var index = field.start
        while index < field.start + field.length {
            let byte = base[index]
            text[length] = byte
            length += 1
            index += byte == CSVChunk.quote ? 2 : 1
        }
        text.withUnsafeBufferPointer { text in
            if let start = text.baseAddress { storeString(state, start, length, row: row) }
        }
    }

    /// The error for a value that does not parse as a column's given type.
    func unparsable(_ field: CSVScanner.Field, as type: DataType, column: Int) -> FrameError {
        let line = CSVScanner.line(of: field.start, in: base)
        let bytes = CSVScanner.unescapedBytes(base, start: field.start, length: min(field.length, 200), escaped: field.escaped)
        var text = String(decoding: bytes, as: UTF8.self)
        if text.count > 40 || field.length > 200 { text = String(text.prefix(40)) + "…" }
        // Control bytes (a NUL, an escape that would restyle the terminal) are shown by their code.
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            text = text.unicodeScalars.map { scalar in
                guard scalar.value < 0x20 || scalar.value == 0x7F else { return String(scalar) }
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "\\u{" + hex + "}"
            }.joined()
        }
        let name = columnNames.isEmpty ? "column_\(column + 1)" : columnNames[column]
        return FrameError(
            .parse, "line \(line): cannot read \"\(text)\" as \(type.name) in column '\(name)'", column: name, line: line)
    }
}
