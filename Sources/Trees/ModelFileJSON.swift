import Frame

/// A parsed JSON value of a model file. Objects keep their keys in file order; numbers keep
/// their exact integer reading beside the correctly rounded Double.
indirect enum ModelFileJSON {
    case null
    case bool(Bool)
    case number(ModelFileNumber)
    case string(String)
    case array([ModelFileJSON])
    case object([(key: String, value: ModelFileJSON)])

    /// What the value is, for messages ("expected a number, found a string").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON number as the decoder needs it: the Double nearest to the text, and the exact integer
/// when the text is an integer (no fraction, no exponent) that fits.
struct ModelFileNumber {
    let double: Double
    /// The value when the text is an integer within Int64.
    let integer: Int64?
    /// The value when the text is a non-negative integer within UInt64 (seeds).
    let unsigned: UInt64?
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes: no comments, no trailing commas, no NaN
/// literals, duplicate keys rejected, nesting capped so hostile input cannot exhaust the stack.
/// Errors name the line and column (1-based, counted in characters).
struct ModelFileJSONParser {
    /// Deepest nesting of arrays and objects accepted; the format itself needs 4.
    static let maximumNesting = 64

    private let bytes: [UInt8]
    private var position = 0
    private let source: String

    /// Parses one JSON value filling the whole text; `source` names the text in messages.
    static func parse(_ text: String, source: String) throws(TreesError) -> ModelFileJSON {
        var parser = ModelFileJSONParser(bytes: Array(text.utf8), source: source)
        return try parser.document()
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    private mutating func document() throws(TreesError) -> ModelFileJSON {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        if position == bytes.count { throw failure("the file is empty, expected a JSON object") }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if position < bytes.count { throw failure("unexpected text after the end of the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(TreesError) -> ModelFileJSON {
        guard position < bytes.count else { throw failure("unexpected end of file, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected \(describe(bytes[position])), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(TreesError) -> ModelFileJSON {
        if depth > Self.maximumNesting { throw failure("nesting deeper than \(Self.maximumNesting) levels") }
        position += 1
        var members: [(key: String, value: ModelFileJSON)] = []
        var keys = Set<String>()
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of file inside an object") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw failure("unexpected \(describe(bytes[position])), expected a quoted key")
            }
            let keyStart = position
            let key = try parseString()
            if !keys.insert(key).inserted { throw failure("duplicate key \"\(key)\"", at: keyStart) }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "after the key \"\(key)\"")
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of file inside an object") }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            try expect(UInt8(ascii: ","), "or '}' after the value of \"\(key)\"")
        }
    }

    private mutating func parseArray(depth: Int) throws(TreesError) -> ModelFileJSON {
        if depth > Self.maximumNesting { throw failure("nesting deeper than \(Self.maximumNesting) levels") }
        position += 1
        var elements: [ModelFileJSON] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of file inside an array") }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            try expect(UInt8(ascii: ","), "or ']' after an array element")
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, converted with correct rounding.
    private mutating func parseNumber() throws(TreesError) -> ModelFileNumber {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a number needs a digit", at: position) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count && isDigit(bytes[position]) {
                throw failure("a number cannot start with 0 followed by digits", at: start)
            }
        } else {
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        var isInteger = true
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw failure("a number needs a digit after '.'", at: position)
            }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw failure("a number needs a digit in its exponent", at: position)
            }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        let length = position - start
        let parsed = bytes.withUnsafeBufferPointer { buffer -> (Double?, Int64?, UInt64?) in
            guard let base = buffer.baseAddress else { return (nil, nil, nil) }
            let text = base + start
            let double = NumberParsing.double(text, length)
            guard isInteger else { return (double, nil, nil) }
            var unsigned: UInt64? = nil
            if text[0] != UInt8(ascii: "-") {
                var value: UInt64 = 0
                var fits = true
                for index in 0..<length where fits {
                    let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
                    let (sum, carry) = times10.addingReportingOverflow(UInt64(text[index] &- UInt8(ascii: "0")))
                    fits = !overflow && !carry
                    value = sum
                }
                if fits { unsigned = value }
            }
            return (double, NumberParsing.int64(text, length), unsigned)
        }
        guard let double = parsed.0 else { throw failure("malformed number", at: start) }
        return ModelFileNumber(double: double, integer: parsed.1, unsigned: parsed.2)
    }

    private mutating func parseString() throws(TreesError) -> String {
        let start = position
        position += 1
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw failure("unterminated string", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: text, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("a control character must be escaped inside a string") }
            if byte != UInt8(ascii: "\\") {
                text.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { throw failure("unterminated string", at: start) }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw failure("a high surrogate \\u escape must be followed by a low one") }
                    position += 2
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid low surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("a lone low surrogate in \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                text.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw failure("invalid escape \\ followed by \(describe(escape)) in a string", at: position - 2)
            }
        }
    }

    private mutating func hexQuad() throws(TreesError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(TreesError) {
        let length = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<length {
            guard position + offset < bytes.count, bytes[position + offset] == start[offset] else {
                throw failure("unexpected \(describe(bytes[position])), expected a value")
            }
        }
        position += length
    }

    private mutating func expect(_ byte: UInt8, _ context: String) throws(TreesError) {
        guard position < bytes.count else { throw failure("unexpected end of file, expected \(describe(byte)) \(context)") }
        guard bytes[position] == byte else {
            throw failure("unexpected \(describe(bytes[position])), expected \(describe(byte)) \(context)")
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// A byte for a message: printable ASCII as itself in quotes, anything else by code.
    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let digits: [Character] = Array("0123456789ABCDEF")
        return "byte 0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
    }

    /// An error at `offset` (the current position by default) with its line and column.
    private func failure(_ message: String, at offset: Int? = nil) -> TreesError {
        let target = min(offset ?? position, bytes.count)
        var line = 1
        var column = 1
        for index in 0..<target {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TreesError(.modelFile, "\(source): line \(line), column \(column): \(message)")
    }
}
