/// Options for writing CSV.
public struct CSVWriteOptions: Sendable, Equatable {
    /// Field separator byte.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first line names the columns.
    public var includeHeader = true

    /// The defaults: comma, header line.
    public init() {}
}

/// Writes frames as CSV that `CSVReader` reads back to an equal frame.
///
/// - Lines end with LF; fields are quoted (RFC 4180, `"` doubled) only when they hold the delimiter,
///   a quote, CR or LF, and strings also when empty or spelled like a null token (`NA`, `null`),
///   so that they stay strings.
/// - A null is an empty field; in a frame of one column, where an empty line would be skipped by
///   readers, it is `NA`.
/// - Floats in their shortest round-trip form (`0.30000000000000004`, `1e-05`, `inf`, `nan`); bools
///   `true`/`false`; timestamps ISO 8601 in UTC, `2024-05-01` when every value of the column is a
///   midnight, else `2024-05-01T06:30:00`, with `.ffffff` when some value has a fraction of a second.
/// - Durations are integer microseconds (CSV has no duration type; they read back as int).
///
/// What does not survive a round trip: a duration column (int), an all-null column or an empty
/// frame (every column reads back as string), a string column whose every value looks like a number,
/// bool or timestamp (it is inferred as that type), and timestamps before year 0 or after 9999.
public enum CSVWriter {
    /// Writes `frame` to `path` atomically (a temporary file in the same folder, then a rename).
    public static func write(_ frame: DataFrame, path: String, options: CSVWriteOptions = .init()) throws(FrameError) {
        var encoder = CSVEncoder(frame, options: options)
        let file = try AtomicFileWriter(path: path)
        do throws(FrameError) {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(CSVEncoder.chunkBytes + 4096)
            encoder.encodeHeader(into: &buffer)
            var row = 0
            while row < frame.height {
                row = encoder.encodeRows(from: row, into: &buffer)
                try file.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            try file.write(buffer)
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// The CSV text of `frame` as bytes (for tests and small outputs).
    public static func bytes(_ frame: DataFrame, options: CSVWriteOptions = .init()) -> [UInt8] {
        var encoder = CSVEncoder(frame, options: options)
        var buffer: [UInt8] = []
        encoder.encodeHeader(into: &buffer)
        var row = 0
        while row < frame.height { row = encoder.encodeRows(from: row, into: &buffer) }
        return buffer
    }
}

extension DataFrame {
    /// Writes the frame as CSV to `path`, atomically; see `CSVWriter` for the format.
    public func writeCSV(path: String, options: CSVWriteOptions = .init()) throws(FrameError) {
        try CSVWriter.write(self, path: path, options: options)
    }

    /// The frame as CSV bytes; see `CSVWriter` for the format.
    public func csvBytes(options: CSVWriteOptions = .init()) -> [UInt8] {
        CSVWriter.bytes(self, options: options)
    }
}

/// Turns rows into CSV bytes, a chunk at a time, from the columns' raw buffers.
struct CSVEncoder {
    /// Bytes encoded before the writer flushes to the file.
    static let chunkBytes = 1 << 20

    let frame: DataFrame
    let delimiter: UInt8
    let includeHeader: Bool
    let raw: [RowMajorColumn]
    /// Per timestamp column: the style every value of it is written in.
    let timestampStyles: [TimestampStyle]
    /// What a null is written as: nothing, or `NA` when an empty line would stand for the row.
    let nullText: [UInt8]

    init(_ frame: DataFrame, options: CSVWriteOptions) {
        self.frame = frame
        delimiter = options.delimiter
        includeHeader = options.includeHeader
        raw = frame.columns.map(RowMajorColumn.init)
        timestampStyles = frame.columns.map(CSVEncoder.timestampStyle)
        nullText = frame.width == 1 ? Array("NA".utf8) : []
    }

    /// The coarsest style that shows every value of a timestamp column exactly.
    static func timestampStyle(_ column: Column) -> TimestampStyle {
        guard column.type == .timestamp, let values = column.int64Values else { return .date }
        var style = TimestampStyle.date
        for row in 0..<column.count where !column.isNull(row) {
            let microsOfDay = CivilTime.split(values[row]).microsOfDay
            if microsOfDay % 1_000_000 != 0 { return .microseconds }
            if microsOfDay != 0 { style = .seconds }
        }
        return style
    }

    func encodeHeader(into buffer: inout [UInt8]) {
        guard includeHeader, frame.width > 0 else { return }
        for (index, column) in frame.columns.enumerated() {
            if index > 0 { buffer.append(delimiter) }
            var name = column.name
            name.withUTF8 { appendText($0, isString: true, into: &buffer) }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Encodes rows from `start` until the buffer holds about `chunkBytes`; returns the next row.
    mutating func encodeRows(from start: Int, into buffer: inout [UInt8]) -> Int {
        var row = start
        withExtendedLifetime(frame) {
            while row < frame.height && buffer.count < CSVEncoder.chunkBytes {
                for index in 0..<raw.count {
                    if index > 0 { buffer.append(delimiter) }
                    appendCell(raw[index], row: row, style: timestampStyles[index], into: &buffer)
                }
                buffer.append(UInt8(ascii: "\n"))
                row += 1
            }
        }
        return row
    }

    @inline(__always) func appendCell(_ column: RowMajorColumn, row: Int, style: TimestampStyle, into buffer: inout [UInt8]) {
        if column.isNull(row) {
            buffer.append(contentsOf: nullText)
            return
        }
        switch column.layout {
        case .int64:
            if column.type == .timestamp {
                CSVEncoder.appendTimestamp(column.int64(row), style: style, into: &buffer)
            } else {
                CSVEncoder.appendInteger(column.int64(row), into: &buffer)
            }
        case .float64:
            var text = NumberFormatting.shortest(column.double(row))
            text.withUTF8 { buffer.append(contentsOf: $0) }
        case .bool:
            buffer.append(contentsOf: column.bool(row) ? CSVEncoder.trueText : CSVEncoder.falseText)
        case .utf8, .dictionary:
            appendText(column.text(row), isString: true, into: &buffer)
        }
    }

    static let trueText: [UInt8] = Array("true".utf8)
    static let falseText: [UInt8] = Array("false".utf8)

    /// Appends text, quoted when it must be.
    func appendText(_ text: UnsafeBufferPointer<UInt8>, isString: Bool, into buffer: inout [UInt8]) {
        if !needsQuotes(text) {
            buffer.append(contentsOf: text)
            return
        }
        buffer.append(CSVScanner.quote)
        for byte in text {
            if byte == CSVScanner.quote { buffer.append(CSVScanner.quote) }
            buffer.append(byte)
        }
        buffer.append(CSVScanner.quote)
    }

    /// Quotes for the delimiter, quotes, CR and LF; and for empty text and the null tokens, which
    /// unquoted would read back as null.
    func needsQuotes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if text.isEmpty { return true }
        for byte in text
        where byte == delimiter || byte == CSVScanner.quote || byte == CSVScanner.lineFeed
            || byte == CSVScanner.carriageReturn
        {
            return true
        }
        if text.count == 2 && text[0] == UInt8(ascii: "N") && text[1] == UInt8(ascii: "A") { return true }
        if text.count == 4 && text.elementsEqual("null".utf8) { return true }
        return false
    }

    /// Decimal digits of an integer, without allocating.
    @inline(__always) static func appendInteger(_ value: Int64, into buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[23 - count] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }

    /// Zero-padded decimal digits.
    @inline(__always) static func appendPadded(_ value: Int64, width: Int, into buffer: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `YYYY-MM-DD`, then `THH:MM:SS` and `.ffffff` as the column's style asks.
    static func appendTimestamp(_ micros: Int64, style: TimestampStyle, into buffer: inout [UInt8]) {
        let (days, microsOfDay) = CivilTime.split(micros)
        let (year, month, day) = CivilTime.date(days: days)
        if year < 0 || year > 9999 {
            appendInteger(year, into: &buffer)
        } else {
            appendPadded(year, width: 4, into: &buffer)
        }
        buffer.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, into: &buffer)
        if style == .date { return }
        let seconds = microsOfDay / 1_000_000
        buffer.append(UInt8(ascii: "T"))
        appendPadded(seconds / 3600, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(seconds / 60 % 60, width: 2, into: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(seconds % 60, width: 2, into: &buffer)
        if style == .microseconds {
            buffer.append(UInt8(ascii: "."))
            appendPadded(microsOfDay % 1_000_000, width: 6, into: &buffer)
        }
    }
}
