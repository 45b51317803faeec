#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A column whose type is given instead of inferred.
public struct CSVColumnType: Sendable, Equatable {
    /// The column's name (after header de-duplication; `column_N` without a header).
    public var column: String
    /// int, float, bool, string or timestamp.
    public var type: DataType

    /// The given type for one column.
    public init(_ column: String, _ type: DataType) {
        self.column = column
        self.type = type
    }
}

/// Options for reading CSV.
public struct CSVOptions: Sendable, Equatable {
    /// Field separator byte (not a quote, line break or NUL).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first record names the columns (otherwise they are column_1, column_2, ...).
    public var hasHeader = true
    /// Unquoted fields spelled exactly like one of these are null, in addition to the empty unquoted
    /// field, which is always null. `NaN` is not here: it parses as a float NaN. Quoted fields are never
    /// null tokens (`""` is an empty string, or null in a column that infers a non-string type).
    public var nullTokens: [String] = ["NA", "null"]
    /// Types given for some columns; a value that does not parse as its column's type is an error
    /// naming the line, the column and the value. Other columns are inferred.
    public var columnTypes: [CSVColumnType] = []
    /// Read at most this many data rows (nil: all).
    public var rowLimit: Int? = nil
    /// At most this many threads parse (nil: one per core, up to 8); the result never depends on it.
    public var maximumThreads: Int? = nil
    /// Each thread gets at least this many bytes of input, so small files are parsed by one thread.
    public var minimumBytesPerThread = 4 << 20

    /// The defaults: comma, header row, nulls `""` (unquoted), `NA`, `null`, all types inferred.
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
///
/// Large files are parsed by one thread per core (`CSVChunkedParse`) straight into column buffers
/// on huge pages, from a mapping of the file whose parsed pages are dropped as the parse moves on,
/// so reading holds little more memory than the columns themselves.
public enum CSVReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: CSVOptions = .init()) throws(FrameError) -> DataFrame {
        let input = try CSVInput.open(path)
        return try CSVParse(input: input, sourceName: path, options: options).run()
    }

    /// Parses CSV bytes; `sourceName` names the input in errors not tied to one line.
    public static func read(bytes: [UInt8], sourceName: String, options: CSVOptions = .init()) throws(FrameError)
        -> DataFrame
    {
        let input = bytes.withUnsafeBufferPointer { CSVInput.copy($0) }
        return try CSVParse(input: input, sourceName: sourceName, options: options).run()
    }

    static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

/// One read of one input: options checked, the header record, then the data (`CSVChunkedParse`).
struct CSVParse {
    let input: CSVInput
    let sourceName: String
    let options: CSVOptions

    func run() throws(FrameError) -> DataFrame {
        try checkOptions()
        let base = input.base
        var start = 0
        if input.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        var scanner = CSVScanner(base: base, count: input.count, start: start, delimiter: options.delimiter)
        guard scanner.startRecord() else { return DataFrame() }
        let recordStart = scanner.position

        // The first record: names, or the first data row.
        var first: [CSVScanner.Field] = []
        while true {
            let field = try scanner.nextField()
            first.append(field)
            if field.endsRecord { break }
        }
        let names = options.hasHeader ? try headerNames(first) : (1...first.count).map { "column_\($0)" }
        let dataStart = options.hasHeader ? scanner.position : recordStart
        let fixed = try fixedKinds(names)
        let columns = try CSVChunkedParse(
            input: input, sourceName: sourceName, dataStart: dataStart, names: names, fixed: fixed, options: options,
            tokens: NullTokens(options.nullTokens)
        ).columns()
        return DataFrame(unchecked: columns, height: columns.first?.count ?? 0)
    }

    func checkOptions() throws(FrameError) {
        let delimiter = options.delimiter
        if delimiter == CSVScanner.quote || delimiter == CSVScanner.lineFeed || delimiter == CSVScanner.carriageReturn
            || delimiter == 0 || delimiter >= 0x80
        {
            throw FrameError(.invalidArgument, "the delimiter must be one ASCII character other than a quote or a line break")
        }
        if let limit = options.rowLimit, limit < 0 {
            throw FrameError(.invalidArgument, "the row limit must be 0 or more, found \(limit)")
        }
    }

    /// The kind each column is fixed to by `columnTypes`; unknown names are errors.
    func fixedKinds(_ names: [String]) throws(FrameError) -> [CSVKind?] {
        var fixed = [CSVKind?](repeating: nil, count: names.count)
        for given in options.columnTypes {
            guard let index = names.firstIndex(of: given.column) else {
                var error = FrameError.columnNotFound(given.column, among: names)
                error.message = "\(sourceName) has no column '\(given.column)' to give a type"
                throw error
            }
            guard let kind = CSVKind.parsing(given.type) else {
                throw FrameError(
                    .invalidArgument, "CSV cannot hold \(given.type.name) values (column '\(given.column)')",
                    column: given.column)
            }
            fixed[index] = kind
        }
        return fixed
    }

    /// Decoded, validated, unique header names.
    func headerNames(_ fields: [CSVScanner.Field]) throws(FrameError) -> [String] {
        let base = input.base
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
