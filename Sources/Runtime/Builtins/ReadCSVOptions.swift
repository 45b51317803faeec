import Frame
import Lang

/// The named arguments of `read_csv` turned into engine options, each error pointing at its argument.
enum ReadCSVOptions {
    /// The type names `types:` accepts, in the order messages list them.
    static let typeNames: [(String, DataType)] = [
        ("int", .int), ("float", .float), ("bool", .bool), ("string", .string), ("timestamp", .timestamp),
    ]

    /// Options from `read_csv(path, types:, nulls:, delimiter:, header:, limit:)` (parameters 1 to 5).
    static func options(_ args: Arguments) throws(Diagnostic) -> CSVOptions {
        var options = CSVOptions()
        if let value = args.value(1) {
            guard case .record(let record) = value else {
                throw args.error(1, "read_csv expects 'types' to be a record such as {id: \"int\"}, found \(value.typeName)")
            }
            for (name, typeValue) in zip(record.keys, record.values) {
                guard case .string(let typeName) = typeValue, let type = typeNames.first(where: { $0.0 == typeName })?.1 else {
                    var shown = typeValue.typeName
                    if case .string(let text) = typeValue { shown = "\"\(text)\"" }
                    throw args.error(1, "read_csv cannot give column '\(name)' the type \(shown)",
                                     hint: "the types are " + typeNames.map { "\"\($0.0)\"" }.joined(separator: ", "))
                }
                options.columnTypes.append(CSVColumnType(name, type))
            }
        }
        if let value = args.value(2) {
            guard case .list(let list) = value else {
                throw args.error(2, "read_csv expects 'nulls' to be a list of strings such as [\"NA\", \"-\"], found \(value.typeName)")
            }
            var tokens: [String] = []
            try checkMaterializable(list, args)
            for item in list.items {
                guard case .string(let token) = item else {
                    throw args.error(2, "read_csv expects 'nulls' to hold strings, found \(item.typeName)")
                }
                tokens.append(token)
            }
            options.nullTokens = tokens
        }
        if args.value(3) != nil {
            let text = try args.string(3, "delimiter")
            let bytes = Array(text.utf8)
            guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != 0x22, bytes[0] != 0x0A, bytes[0] != 0x0D, bytes[0] != 0 else {
                throw args.error(3, "read_csv needs a delimiter of one ASCII character other than a quote or a line break, found \"\(text)\"")
            }
            options.delimiter = bytes[0]
        }
        options.hasHeader = try args.bool(4, "header", default: true)
        if args.value(5) != nil {
            let limit = try args.int(5, "limit")
            guard limit >= 0 else { throw args.error(5, "read_csv needs a limit of 0 or more rows, found \(limit)") }
            options.rowLimit = Int(clamping: limit)
        }
        return options
    }
}
