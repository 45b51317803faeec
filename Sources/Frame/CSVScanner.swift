/// Splits CSV bytes into fields without copying: RFC 4180 quoting (`""` inside quotes is a quote,
/// delimiters and newlines inside quotes are data), LF or CRLF line ends, blank lines skipped.
/// Tracks the physical line number for error messages.
struct CSVScanner {
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")

    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Next byte to read.
    var position: Int
    /// 1-based physical line of `position`.
    var line = 1

    /// One field: where its content starts, how long it is (quotes excluded, `""` pairs still doubled),
    /// whether it was quoted, whether it holds `""` pairs, and whether it ended its record.
    struct Field {
        var start: Int
        var length: Int
        var quoted: Bool
        var escaped: Bool
        var endsRecord: Bool
    }

    init(base: UnsafePointer<UInt8>, count: Int, start: Int, delimiter: UInt8) {
        self.base = base
        self.end = count
        self.position = start
        self.delimiter = delimiter
    }

    /// Skips blank lines; false at the end of the input.
    mutating func startRecord() -> Bool {
        while position < end {
            let byte = base[position]
            if byte == CSVScanner.lineFeed {
                position += 1
                line += 1
            } else if byte == CSVScanner.carriageReturn && (position + 1 == end || base[position + 1] == CSVScanner.lineFeed) {
                position = min(end, position + 2)
                line += 1
            } else {
                return true
            }
        }
        return false
    }

    /// Scans the field at `position` and moves past its delimiter or line end.
    @inline(__always) mutating func nextField() throws(FrameError) -> Field {
        if position < end && base[position] == CSVScanner.quote {
            return try quotedField()
        }
        let start = position
        var index = position
        while index < end {
            let byte = base[index]
            if byte == delimiter || byte == CSVScanner.lineFeed { break }
            index += 1
        }
        var length = index - start
        if index < end && base[index] == delimiter {
            position = index + 1
            return Field(start: start, length: length, quoted: false, escaped: false, endsRecord: false)
        }
        if length > 0 && base[index - 1] == CSVScanner.carriageReturn { length -= 1 }
        if index < end {
            line += 1
            position = index + 1
        } else {
            position = index
        }
        return Field(start: start, length: length, quoted: false, escaped: false, endsRecord: true)
    }

    mutating func quotedField() throws(FrameError) -> Field {
        let openLine = line
        let start = position + 1
        var index = start
        var escaped = false
        while true {
            guard index < end else {
                throw FrameError(.parse, "line \(openLine): unclosed quote", line: openLine)
            }
            let byte = base[index]
            if byte == CSVScanner.quote {
                if index + 1 < end && base[index + 1] == CSVScanner.quote {
                    escaped = true
                    index += 2
                    continue
                }
                break
            }
            if byte == CSVScanner.lineFeed { line += 1 }
            index += 1
        }
        let length = index - start
        index += 1
        var field = Field(start: start, length: length, quoted: true, escaped: escaped, endsRecord: true)
        if index >= end {
            position = index
            return field
        }
        let byte = base[index]
        if byte == delimiter {
            position = index + 1
            field.endsRecord = false
            return field
        }
        if byte == CSVScanner.lineFeed {
            position = index + 1
            line += 1
            return field
        }
        if byte == CSVScanner.carriageReturn && (index + 1 == end || base[index + 1] == CSVScanner.lineFeed) {
            position = min(end, index + 2)
            line += 1
            return field
        }
        throw FrameError(.parse, "line \(line): unexpected character after closing quote", line: line)
    }

    /// The 1-based line on which byte `offset` lies (for errors found after scanning).
    static func line(of offset: Int, in base: UnsafePointer<UInt8>) -> Int {
        var line = 1
        for index in 0..<offset where base[index] == lineFeed { line += 1 }
        return line
    }

    /// A field's text with `""` pairs collapsed (header names and rare escaped fields).
    static func unescapedBytes(_ base: UnsafePointer<UInt8>, start: Int, length: Int, escaped: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var index = start
        while index < start + length {
            out.append(base[index])
            index += (escaped && base[index] == quote) ? 2 : 1
        }
        return out
    }
}
