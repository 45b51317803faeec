#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options for reading CSV.
public struct CSVOptions: Sendable, Equatable {
    /// Field separator byte.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first record names the columns (otherwise they are column_1, column_2, ...).
    public var hasHeader = true
    /// Unquoted fields spelled exactly like one of these are null, in addition to the empty unquoted
    /// field, which is always null. `NaN` is not here: it parses as a float NaN. Quoted fields are never
    /// null tokens (`""` is an empty string, or null in a column that infers a non-string type).
    public var nullTokens: [String] = ["NA", "null"]

    /// The defaults: comma, header row, nulls `""` (unquoted), `NA`, `null`.
    public init() {}
}

/// Reads CSV into a frame, inferring one type per column from all its values.
///
/// Inference: bool (true/false, any case) → int (fits Int64) → float (decimal, exponent, inf, nan)
/// → timestamp (see `TimestampParsing`) → string; a column falls back along int → float → string
/// (or bool/timestamp → string) at the first value that does not fit, so ints mixed with floats give
/// float, and an integer too large for Int64 gives float. Surrounding spaces are ignored when parsing
/// typed values. An all-null column is string. Header names: empty ones become `column_N` (1-based
/// position), repeats get `_2`, `_3`, ... appended.
public enum CSVReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: CSVOptions = .init()) throws(FrameError) -> DataFrame {
        let bytes = try loadFile(path)
        return try read(bytes: bytes, sourceName: path, options: options)
    }

    /// Parses CSV bytes; `sourceName` names the input in errors not tied to one line.
    public static func read(bytes: [UInt8], sourceName: String, options: CSVOptions = .init()) throws(FrameError)
        -> DataFrame
    {
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(FrameError) -> DataFrame in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return DataFrame() }
            return try CSVParse(base: base, count: buffer.count, sourceName: sourceName, options: options).run()
        }
    }

    /// The whole file as bytes, or an io error with the system's reason.
    static func loadFile(_ path: String) throws(FrameError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw FrameError(.io, "cannot open '\(path)': \(systemMessage(errno))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) != 0 {
            throw FrameError(.io, "cannot read '\(path)': \(systemMessage(errno))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FrameError(.io, "cannot read '\(path)': Is a directory")
        }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }
            let result = bytes.withUnsafeMutableBufferPointer { target in
                systemRead(descriptor, target.baseAddress.map { $0 + filled }, target.count - filled)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw FrameError(.io, "cannot read '\(path)': \(systemMessage(errno))")
            }
            if result == 0 { break }
            filled += result
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

/// read(2), named apart from `CSVReader.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}

/// Where each field lies in the input, row-major (field `column` of row `row` is at
/// `row * width + column`): its start offset and a packed word of length (low 29 bits) and flags,
/// so the scan stores 12 bytes per field and copies no text.
struct FieldSpans {
    static let nullFlag: UInt32 = 1 << 29
    static let quotedFlag: UInt32 = 1 << 30
    static let escapedFlag: UInt32 = 1 << 31
    static let lengthMask: UInt32 = (1 << 29) - 1

    var starts: [Int] = []
    var meta: [UInt32] = []
}

/// The configured null tokens, with a bitmask of their lengths so most fields are rejected by one test.
struct NullTokens {
    let tokens: [[UInt8]]
    let lengthMask: UInt64

    init(_ strings: [String]) {
        tokens = strings.map { Array($0.utf8) }.filter { !$0.isEmpty }
        var mask: UInt64 = 0
        for token in tokens where token.count < 64 { mask |= 1 << UInt64(token.count) }
        lengthMask = mask
    }

    @inline(__always) func matches(_ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        guard length < 64, (lengthMask >> UInt64(length)) & 1 == 1 else { return false }
        for token in tokens where token.count == length {
            var same = true
            for offset in 0..<length where base[start + offset] != token[offset] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }
}

/// One parse of one input: scan records into spans, then build each column.
struct CSVParse {
    let base: UnsafePointer<UInt8>
    let count: Int
    let sourceName: String
    let options: CSVOptions

    func run() throws(FrameError) -> DataFrame {
        var start = 0
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        var scanner = CSVScanner(base: base, count: count, start: start, delimiter: options.delimiter)
        let tokens = NullTokens(options.nullTokens)
        guard scanner.startRecord() else { return DataFrame() }

        // The first record: names, or the first data row.
        var first: [CSVScanner.Field] = []
        while true {
            let field = try scanner.nextField()
            first.append(field)
            if field.endsRecord { break }
        }
        let width = first.count
        var spans = FieldSpans()
        var names: [String] = []
        if options.hasHeader {
            names = try headerNames(first)
        } else {
            names = (1...width).map { "column_\($0)" }
            for field in first { try append(field, to: &spans, tokens: tokens) }
        }
        let estimate = max(16, (count - scanner.position) / max(1, scanner.position - start))
        // The header's length guesses the row count; capped so a short header cannot over-reserve.
        let reserve = min(estimate * width, count / 8 + 16)
        spans.starts.reserveCapacity(reserve)
        spans.meta.reserveCapacity(reserve)

        var rows = options.hasHeader ? 0 : 1
        while scanner.startRecord() {
            let recordLine = scanner.line
            var fieldIndex = 0
            while true {
                let field = try scanner.nextField()
                if fieldIndex < width { try append(field, to: &spans, tokens: tokens) }
                fieldIndex += 1
                if field.endsRecord { break }
            }
            if fieldIndex != width {
                throw FrameError(
                    .parse, "line \(recordLine): expected \(width) fields, found \(fieldIndex)", line: recordLine)
            }
            rows += 1
        }

        let wholeInputIsUTF8 = UTF8Validation.isValid(base, count)
        var columns: [Column] = []
        columns.reserveCapacity(width)
        for index in 0..<width {
            let builder = CSVColumnBuilder(
                base: base, spans: spans, column: index, width: width, rowCount: rows, name: names[index],
                checkUTF8: !wholeInputIsUTF8)
            columns.append(try builder.build())
        }
        return DataFrame(unchecked: columns, height: rows)
    }

    /// Records one field's span, marking unquoted empty fields and null tokens as null.
    @inline(__always) func append(_ field: CSVScanner.Field, to spans: inout FieldSpans, tokens: NullTokens)
        throws(FrameError)
    {
        guard field.length <= Int(FieldSpans.lengthMask) else {
            throw FrameError(.parse, "\(sourceName): a field is longer than 512 MiB")
        }
        var meta = UInt32(field.length)
        if field.quoted {
            meta |= FieldSpans.quotedFlag
            if field.escaped { meta |= FieldSpans.escapedFlag }
        } else if field.length == 0 || tokens.matches(base, field.start, field.length) {
            meta |= FieldSpans.nullFlag
        }
        spans.starts.append(field.start)
        spans.meta.append(meta)
    }

    /// Decoded, validated, unique header names.
    func headerNames(_ fields: [CSVScanner.Field]) throws(FrameError) -> [String] {
        var names: [String] = []
        for (index, field) in fields.enumerated() {
            let bytes = CSVScanner.unescapedBytes(base, start: field.start, length: field.length, escaped: field.escaped)
            let valid = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { UTF8Validation.isValid($0, buffer.count) } ?? true
            }
            if !valid {
                let line = CSVScanner.line(of: field.start, in: base)
                throw FrameError(.parse, "line \(line): invalid UTF-8 in the name of column \(index + 1)", line: line)
            }
            var name = String(decoding: bytes, as: UTF8.self)
            if name.isEmpty { name = "column_\(index + 1)" }
            names.append(name)
        }
        return CSVParse.uniqued(names)
    }

    /// Makes names unique by appending `_2`, `_3`, ... to later repeats (skipping names already taken).
    static func uniqued(_ names: [String]) -> [String] {
        var result: [String] = []
        var taken = Set(names)
        var seen = Set<String>()
        for name in names {
            if !seen.contains(name) {
                seen.insert(name)
                result.append(name)
                continue
            }
            var suffix = 2
            while taken.contains("\(name)_\(suffix)") { suffix += 1 }
            let unique = "\(name)_\(suffix)"
            taken.insert(unique)
            seen.insert(unique)
            result.append(unique)
        }
        return result
    }
}
