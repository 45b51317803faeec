/// The options written after `fti` in a cell's info string, e.g. ```` ```fti id=load timeout=30s ````.
public struct CellOptions: Sendable, Equatable {
    /// Stable name for reports (`[a-z0-9][a-z0-9-]*`, unique in the file); never generated.
    public var id: String?
    /// Do not run; the record is kept as it is.
    public var skip: Bool
    /// The cell must fail; its `error` record is compared.
    public var expectError: Bool
    /// Run but do not compare (or rewrite) the output: for volatile cells.
    public var ignoreOutput: Bool
    /// Do not display the value of the last expression.
    public var quiet: Bool
    /// Limit on the cell's run time in seconds, enforced by the runner.
    public var timeout: Double?

    /// Creates options; the defaults are those of a bare ```` ```fti ```` fence.
    public init(
        id: String? = nil, skip: Bool = false, expectError: Bool = false,
        ignoreOutput: Bool = false, quiet: Bool = false, timeout: Double? = nil
    ) {
        self.id = id
        self.skip = skip
        self.expectError = expectError
        self.ignoreOutput = ignoreOutput
        self.quiet = quiet
        self.timeout = timeout
    }

    /// Parses the words after `fti`; an unknown, repeated or malformed option is an error at `path:line`.
    public static func parse(_ words: [Substring], path: String, line: Int) throws(NotebookError) -> CellOptions {
        var options = CellOptions()
        var seen: [Substring] = []
        for word in words {
            let (key, value) = split(word)
            if seen.contains(key) {
                throw NotebookError(path: path, line: line, message: "cell option '\(key)' given twice")
            }
            seen.append(key)
            switch key {
            case "id":
                let id = try required(value, key: key, example: "id=load-data", path: path, line: line)
                guard isSlug(id) else {
                    throw NotebookError(
                        path: path, line: line,
                        message: "bad cell id '\(id)': use lowercase letters, digits and '-', starting with a letter or digit")
                }
                options.id = String(id)
            case "timeout":
                let text = try required(value, key: key, example: "timeout=30s", path: path, line: line)
                guard let seconds = parseDuration(text) else {
                    throw NotebookError(
                        path: path, line: line,
                        message: "bad timeout '\(text)': write a positive number with a unit, e.g. 500ms, 30s or 2m")
                }
                options.timeout = seconds
            case "skip", "expect-error", "ignore-output", "quiet":
                if value != nil {
                    throw NotebookError(path: path, line: line, message: "cell option '\(key)' takes no value")
                }
                switch key {
                case "skip": options.skip = true
                case "expect-error": options.expectError = true
                case "ignore-output": options.ignoreOutput = true
                default: options.quiet = true
                }
            default:
                throw NotebookError(
                    path: path, line: line,
                    message: "unknown cell option '\(word)' (known: id=, skip, expect-error, ignore-output, quiet, timeout=)")
            }
        }
        return options
    }

    /// Splits `key=value`, dropping one pair of double quotes around the value.
    private static func split(_ word: Substring) -> (Substring, Substring?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        var value = word[word.index(after: equals)...]
        if value.count >= 2, value.first == "\"", value.last == "\"" {
            value = value.dropFirst().dropLast()
        }
        return (word[..<equals], value)
    }

    /// The value of a `key=value` option, or an error saying the value is missing.
    private static func required(
        _ value: Substring?, key: Substring, example: String, path: String, line: Int
    ) throws(NotebookError) -> Substring {
        guard let value, !value.isEmpty else {
            throw NotebookError(path: path, line: line, message: "cell option '\(key)' needs a value, e.g. \(example)")
        }
        return value
    }

    /// Whether `text` matches `[a-z0-9][a-z0-9-]*`.
    static func isSlug(_ text: Substring) -> Bool {
        var first = true
        for byte in text.utf8 {
            let alnum = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !(alnum || (!first && byte == UInt8(ascii: "-"))) { return false }
            first = false
        }
        return !first
    }

    /// Seconds in a duration like `500ms`, `30s`, `1.5s` or `2m`; nil when malformed or not positive.
    static func parseDuration(_ text: Substring) -> Double? {
        let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            // Only plain decimals: Double() would also accept "inf", "nan", hex and exponents.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let value = Double(number), value > 0, value.isFinite
            else { return nil }
            return value * unit.scale
        }
        return nil
    }
}
