/// Turns source bytes into tokens, applying the line-continuation rules of the language.
///
/// A line break ends a statement, except inside `(` or `[`, after a token that cannot end an
/// expression (a binary operator, `,`, `=`, `=>`, `then`, `else`, an opening bracket), or before a
/// line that begins with `|>`, `then`, `else` or `catch`.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    /// One past the last byte to lex: the end of the source, or of an interpolated expression.
    private let limit: Int
    private var tokens: [Token] = []
    private var bracketDepth: [UInt8] = []

    /// Creates a lexer over a source.
    public init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
        self.limit = source.bytes.count
    }

    /// A lexer over part of a source: the expression inside `{…}` of an f-string.
    init(source: SourceFile, range: Range<Int>) {
        self.source = source
        self.bytes = source.bytes
        self.index = range.lowerBound
        self.limit = min(range.upperBound, source.bytes.count)
    }

    /// Lexes part of a source; the last token is `.end`.
    static func tokenize(_ source: SourceFile, range: Range<Int>) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source: source, range: range)
        return try lexer.run()
    }

    /// Lexes the whole source; the last token is `.end`.
    public static func tokenize(_ source: SourceFile) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source: source.registered())
        return try lexer.run()
    }

    /// Whether the source ends inside an open bracket or string, or after a trailing operator:
    /// the REPL keeps reading continuation lines while this holds.
    public static func isIncomplete(_ source: SourceFile) -> Bool {
        var lexer = Lexer(source: source)
        do {
            let tokens = try lexer.run()
            if !lexer.bracketDepth.isEmpty { return true }
            let significant = tokens.last { $0.kind != .end && $0.kind != .newline }
            if let last = significant, Lexer.continuesLine(after: last.kind) { return true }
            return false
        } catch {
            return error.message.hasPrefix("unterminated string")
        }
    }

    private mutating func run() throws(Diagnostic) -> [Token] {
        var sawSpace = true
        while true {
            sawSpace = skipSpaceAndComments() || sawSpace
            guard index < limit else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                index += 1
                if bracketDepth.last == UInt8(ascii: "(") || bracketDepth.last == UInt8(ascii: "[") { sawSpace = true; continue }
                emitNewline()
                sawSpace = true
                continue
            }
            let start = index
            let kind = try lexToken()
            tokens.append(Token(kind: kind, start: start, end: index, spaceBefore: sawSpace))
            sawSpace = false
        }
        trimTrailingNewline()
        tokens.append(Token(kind: .end, start: limit, end: limit, spaceBefore: true))
        return tokens
    }

    // MARK: - Line continuation

    private mutating func emitNewline() {
        guard let last = tokens.last else { return }
        if last.kind == .newline || Lexer.continuesLine(after: last.kind) { return }
        if nextLineContinues() { return }
        tokens.append(Token(kind: .newline, start: index - 1, end: index, spaceBefore: true))
    }

    private mutating func trimTrailingNewline() {
        while tokens.last?.kind == .newline { tokens.removeLast() }
    }

    /// Tokens after which a line break never ends the statement.
    static func continuesLine(after kind: TokenKind) -> Bool {
        switch kind {
        case .symbol(let s):
            switch s {
            case .rightParen, .rightBracket, .rightBrace, .semicolon, .dot: return false
            default: return true
            }
        case .keyword(let k):
            return [.and, .or, .not, .then, .else, .in, .let, .fn, .if, .try, .catch, .use].contains(k)
        default:
            return false
        }
    }

    /// Looks past blank and comment lines: does the next line start with `|>`, `then`, `else` or `catch`?
    private func nextLineContinues() -> Bool {
        var probe = index
        while probe < limit {
            let b = bytes[probe]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
                probe += 1
            } else if b == UInt8(ascii: "#") {
                while probe < limit && bytes[probe] != UInt8(ascii: "\n") { probe += 1 }
            } else {
                break
            }
        }
        func startsWith(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard probe + w.count <= limit, Array(bytes[probe..<probe + w.count]) == w else { return false }
            let after = probe + w.count
            if after < limit, w.last.map(isIdentifierByte) == true, isIdentifierByte(bytes[after]) { return false }
            return true
        }
        return startsWith("|>") || startsWith("then") || startsWith("else") || startsWith("catch")
    }

    // MARK: - Scanning

    /// Skips blanks and `#` comments; returns whether anything was skipped.
    private mutating func skipSpaceAndComments() -> Bool {
        let start = index
        while index < limit {
            let b = bytes[index]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                index += 1
            } else if b == UInt8(ascii: "#") {
                while index < limit && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                break
            }
        }
        return index > start
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan { SourceSpan(source: source, start: start, end: end) }

    private mutating func lexToken() throws(Diagnostic) -> TokenKind {
        let start = index
        let byte = bytes[index]
        if isDigit(byte) { return try lexNumber() }
        if byte == UInt8(ascii: "f"), index + 1 < limit, bytes[index + 1] == UInt8(ascii: "\"") { return try lexTemplate() }
        if isIdentifierStart(byte) {
            while index < limit && isIdentifierByte(bytes[index]) { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if let keyword = Keyword(rawValue: word) { return .keyword(keyword) }
            return .identifier(word)
        }
        if byte == UInt8(ascii: "\"") { return try lexString() }
        if byte == UInt8(ascii: "@") { return try lexTimestamp() }
        if let symbol = lexSymbol() { return .symbol(symbol) }
        // Report the whole character, not a stray UTF-8 byte.
        var end = index + 1
        while end < limit && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        // A control character (a NUL, an escape) is named by its code, never printed raw.
        let scalar = text.unicodeScalars.first.map(\.value) ?? 0
        let hex = String(scalar, radix: 16, uppercase: true)
        let shown = scalar < 0x20 || scalar == 0x7F ? "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex : "'\(text)'"
        throw Diagnostic("unexpected character \(shown)", at: span(index, end), kind: .syntax)
    }

    private mutating func lexSymbol() -> Symbol? {
        func peek(_ offset: Int) -> UInt8 { index + offset < limit ? bytes[index + offset] : 0 }
        let a = bytes[index]
        let b = peek(1)
        let two: Symbol? = switch (a, b) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): .equalEqual
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): .bangEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): .greaterEqual
        case (UInt8(ascii: "="), UInt8(ascii: ">")): .arrow
        case (UInt8(ascii: "|"), UInt8(ascii: ">")): .pipe
        case (UInt8(ascii: "?"), UInt8(ascii: "?")): .coalesce
        default: nil
        }
        if let two { index += 2; return two }
        let one: Symbol? = switch a {
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "*"): .star
        case UInt8(ascii: "/"): .slash
        case UInt8(ascii: "%"): .percent
        case UInt8(ascii: "<"): .less
        case UInt8(ascii: ">"): .greater
        case UInt8(ascii: "="): .equal
        case UInt8(ascii: "("): .leftParen
        case UInt8(ascii: ")"): .rightParen
        case UInt8(ascii: "["): .leftBracket
        case UInt8(ascii: "]"): .rightBracket
        case UInt8(ascii: "{"): .leftBrace
        case UInt8(ascii: "}"): .rightBrace
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: ":"): .colon
        case UInt8(ascii: ";"): .semicolon
        case UInt8(ascii: "."): .dot
        default: nil
        }
        guard let one else { return nil }
        index += 1
        switch one {
        case .leftParen, .leftBracket, .leftBrace: bracketDepth.append(a)
        case .rightParen, .rightBracket, .rightBrace: if !bracketDepth.isEmpty { bracketDepth.removeLast() }
        default: break
        }
        return one
    }

    // MARK: - Numbers and durations

    private mutating func lexNumber() throws(Diagnostic) -> TokenKind {
        let start = index
        var digits: [UInt8] = []
        func scanDigits() {
            while index < limit && (isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_")) {
                if bytes[index] != UInt8(ascii: "_") { digits.append(bytes[index]) }
                index += 1
            }
        }
        scanDigits()
        var isFloat = false
        if index + 1 < limit && bytes[index] == UInt8(ascii: ".") && isDigit(bytes[index + 1]) {
            isFloat = true
            digits.append(UInt8(ascii: "."))
            index += 1
            scanDigits()
        }
        if index < limit && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            var probe = index + 1
            if probe < limit && (bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-")) { probe += 1 }
            if probe < limit && isDigit(bytes[probe]) {
                isFloat = true
                digits.append(UInt8(ascii: "e"))
                digits.append(contentsOf: bytes[(index + 1)..<probe])
                index = probe
                while index < limit && isDigit(bytes[index]) { digits.append(bytes[index]); index += 1 }
            }
        }
        let text = String(decoding: digits, as: UTF8.self)
        // A unit right after the number makes it a duration.
        if let (unit, micros) = durationUnit() {
            guard let value = Double(text) else {
                throw Diagnostic("malformed number", at: span(start, index), kind: .syntax)
            }
            let total = value * Double(micros)
            guard total.isFinite, abs(total) < 9.2e18 else {
                let shown = text.count > 40 ? "\(text.prefix(20))…" : text
                throw Diagnostic("duration \(shown)\(unit) is too large", at: span(start, index), kind: .syntax)
            }
            return .duration(Int64(total.rounded()))
        }
        if index < limit && isIdentifierStart(bytes[index]) {
            var end = index
            while end < limit && isIdentifierByte(bytes[end]) { end += 1 }
            let suffix = String(decoding: bytes[index..<end], as: UTF8.self)
            throw Diagnostic("unknown number suffix '\(suffix)'", at: span(start, end), hint: "durations use d, h, m, s, ms, us (e.g. 7d, 250ms)", kind: .syntax)
        }
        if isFloat {
            guard let value = Double(text) else { throw Diagnostic("malformed number", at: span(start, index), kind: .syntax) }
            return .float(value)
        }
        guard let value = Int64(text) else {
            // A literal of thousands of digits is named by its start and length, not quoted whole.
            let shown = text.count > 40 ? "\(text.prefix(20))… (\(text.count) digits)" : text
            let hint = text.count > 40 ? "write it as a float" : "write it as a float, e.g. \(text).0"
            throw Diagnostic("integer literal \(shown) does not fit in 64 bits", at: span(start, index), hint: hint, kind: .syntax)
        }
        return .integer(value)
    }

    /// Consumes a duration unit directly after a number, if one is there.
    private mutating func durationUnit() -> (String, Int64)? {
        let units: [(String, Int64)] = [("ms", 1_000), ("us", 1), ("w", 604_800_000_000), ("d", 86_400_000_000),
                                        ("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000)]
        for (unit, micros) in units {
            let u = Array(unit.utf8)
            let end = index + u.count
            guard end <= limit, Array(bytes[index..<end]) == u else { continue }
            if end < limit && isIdentifierByte(bytes[end]) { continue }
            index = end
            return (unit, micros)
        }
        return nil
    }

    // MARK: - Strings and timestamps

    private mutating func lexString() throws(Diagnostic) -> TokenKind {
        let start = index
        index += 1
        var out: [UInt8] = []
        while index < limit {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return .string(String(decoding: out, as: UTF8.self))
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                guard index + 1 < limit else { break }
                let escapeStart = index
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "u"):
                    try lexUnicodeEscape(into: &out, escapeStart: escapeStart)
                default:
                    throw Diagnostic("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in string", at: span(escapeStart, index),
                                     hint: "use \\n, \\t, \\r, \\\", \\\\ or \\u{…}", kind: .syntax)
                }
                continue
            }
            out.append(b)
            index += 1
        }
        throw Diagnostic("unterminated string", at: span(start, index), hint: "add a closing \"", kind: .syntax)
    }

    /// `f"text {expression:spec} text"`: literal parts are unescaped here; expressions are kept
    /// as byte ranges and parsed later, so their spans point into the original source.
    private mutating func lexTemplate() throws(Diagnostic) -> TokenKind {
        let start = index
        index += 2
        var parts: [TemplatePart] = []
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        while index < limit {
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                flushText()
                return .template(parts)
            case UInt8(ascii: "\n"):
                throw Diagnostic("unterminated string", at: span(start, index), hint: "add a closing \"", kind: .syntax)
            case UInt8(ascii: "{") where index + 1 < limit && bytes[index + 1] == UInt8(ascii: "{"),
                 UInt8(ascii: "}") where index + 1 < limit && bytes[index + 1] == UInt8(ascii: "}"):
                text.append(b)
                index += 2
            case UInt8(ascii: "}"):
                throw Diagnostic("unmatched '}' in f-string", at: span(index, index + 1), hint: "write }} for a literal brace", kind: .syntax)
            case UInt8(ascii: "{"):
                flushText()
                parts.append(try lexTemplateExpression())
            case UInt8(ascii: "\\"):
                // A backslash as the last byte escapes nothing: the string is unterminated
                // (a `break` here would only leave the switch and spin forever).
                guard index + 1 < limit else {
                    throw Diagnostic("unterminated string", at: span(start, limit), hint: "add a closing \"", kind: .syntax)
                }
                let escapeStart = index
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "n"): text.append(10)
                case UInt8(ascii: "t"): text.append(9)
                case UInt8(ascii: "r"): text.append(13)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): text.append(e)
                case UInt8(ascii: "u"): try lexUnicodeEscape(into: &text, escapeStart: escapeStart)
                default:
                    throw Diagnostic("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in string", at: span(escapeStart, index),
                                     hint: "use \\n, \\t, \\r, \\\", \\\\ or \\u{…}", kind: .syntax)
                }
            default:
                text.append(b)
                index += 1
            }
        }
        throw Diagnostic("unterminated string", at: span(start, index), hint: "add a closing \"", kind: .syntax)
    }

    /// Scans `{expression}` or `{expression:spec}` inside an f-string, skipping nested brackets and strings.
    private mutating func lexTemplateExpression() throws(Diagnostic) -> TemplatePart {
        let open = index
        index += 1
        let expressionStart = index
        var depth = 0
        var expressionEnd: Int?
        var specStart: Int?
        while index < limit {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                // A string inside the expression: skip it whole.
                index += 1
                while index < limit && bytes[index] != UInt8(ascii: "\"") && bytes[index] != UInt8(ascii: "\n") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                if index < limit && bytes[index] == UInt8(ascii: "\"") { index += 1 }
                continue
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
            if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: "}") {
                if depth == 0 {
                    if expressionEnd == nil { expressionEnd = index }
                    let spec = specStart.map { String(decoding: bytes[$0..<index], as: UTF8.self) }
                    index += 1
                    guard let end = expressionEnd, end > expressionStart,
                          bytes[expressionStart..<end].contains(where: { $0 != UInt8(ascii: " ") }) else {
                        throw Diagnostic("empty expression in f-string", at: span(open, index), kind: .syntax)
                    }
                    return .expression(expressionStart..<end, spec: spec)
                }
                depth -= 1
            }
            if b == UInt8(ascii: ":") && depth == 0 && expressionEnd == nil {
                expressionEnd = index
                specStart = index + 1
            }
            index += 1
        }
        throw Diagnostic("unclosed '{' in f-string", at: span(open, open + 1), hint: "close it with }, or write {{ for a literal brace", kind: .syntax)
    }

    private mutating func lexUnicodeEscape(into out: inout [UInt8], escapeStart: Int) throws(Diagnostic) {
        guard index < limit, bytes[index] == UInt8(ascii: "{") else {
            throw Diagnostic("malformed unicode escape", at: span(escapeStart, index), hint: "write \\u{1F600}", kind: .syntax)
        }
        var end = index + 1
        while end < limit, bytes[end] != UInt8(ascii: "}"), end - index <= 8 { end += 1 }
        guard end < limit, bytes[end] == UInt8(ascii: "}"),
              let code = UInt32(String(decoding: bytes[(index + 1)..<end], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(code) else {
            throw Diagnostic("malformed unicode escape", at: span(escapeStart, min(end + 1, limit)), hint: "write \\u{1F600}", kind: .syntax)
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        index = end + 1
    }

    private mutating func lexTimestamp() throws(Diagnostic) -> TokenKind {
        let start = index
        index += 1
        let bodyStart = index
        while index < limit {
            let b = bytes[index]
            if isDigit(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ":") || b == UInt8(ascii: "T")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "Z") {
                index += 1
            } else {
                break
            }
        }
        // A trailing '.' belongs to what follows (e.g. `@2024-01-01.year` is not a timestamp fraction).
        while index > bodyStart && bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
        let text = String(decoding: bytes[bodyStart..<index], as: UTF8.self)
        guard let micros = TimeCalendar.parseTimestamp(text) else {
            throw Diagnostic("malformed timestamp '@\(text)'", at: span(start, index),
                             hint: "write @2024-05-01 or @2024-05-01T06:30:00", kind: .syntax)
        }
        return .timestamp(micros)
    }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
@inline(__always) func isIdentifierStart(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
}
@inline(__always) func isIdentifierByte(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
