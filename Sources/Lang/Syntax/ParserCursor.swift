/// The parser's token cursor and its error helpers: what the grammar functions in Parser.swift
/// use to look at, consume and complain about tokens, and to bound nesting and statement size.
extension Parser {
    var current: Token { tokens[min(position, tokens.count - 1)] }
    var currentSpan: SourceSpan { SourceSpan(source: source, start: current.start, end: current.end) }
    func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }
    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func skipNewlines() { while check(.newline) { advance() } }

    /// The hint for an arithmetic operator right after a pipe: `x |> f(…) - 1` cannot mean
    /// `(x |> f(…)) - 1`, because the pipe's target is the call after `|>` and nothing more.
    var operatorAfterPipeHint: String? {
        guard endedInPipe, case .symbol(let symbol) = current.kind,
              [.plus, .minus, .star, .slash, .percent].contains(symbol) else { return nil }
        return "a pipe's target is only the call after '|>'; to compute with its result, wrap the pipe in parentheses: (x |> f(…)) \(symbol.rawValue) …"
    }

    mutating func expect(_ kind: TokenKind, _ message: String, hint: String? = nil) throws(Diagnostic) {
        guard match(kind) else {
            throw unexpected(message + ", found \(current.kind.describedForMessage)", hint: hint)
        }
    }

    mutating func expectIdentifier(_ what: String) throws(Diagnostic) -> String {
        if case .identifier(let name) = current.kind {
            advance()
            return name
        }
        if case .keyword(let k) = current.kind {
            throw unexpected("expected \(what), found the keyword '\(k.rawValue)'", hint: "keywords cannot be used as names")
        }
        throw unexpected("expected \(what), found \(current.kind.describedForMessage)")
    }

    /// Counts one operator, call, index or field read of the current statement (see `maximumOperators`).
    mutating func countOperator() throws(Diagnostic) {
        operators += 1
        guard operators <= Parser.maximumOperators else {
            throw Diagnostic("statement too long (more than \(Parser.maximumOperators) operators and calls)", at: currentSpan,
                             hint: "split it into several let bindings", kind: .syntax)
        }
    }

    mutating func nested<T>(_ body: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw Diagnostic("expression nested too deeply (more than \(Parser.maximumDepth) levels)", at: currentSpan, kind: .syntax)
        }
        return try body(&self)
    }

    func span(from start: Int) -> SourceSpan {
        let previousEnd = position > 0 ? tokens[position - 1].end : start
        return SourceSpan(source: source, start: start, end: max(start, previousEnd))
    }

    func unexpected(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(message, at: currentSpan, hint: hint, kind: .syntax)
    }
}
