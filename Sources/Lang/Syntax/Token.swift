/// The kinds of token the lexer produces.
public enum TokenKind: Equatable, Sendable {
    case integer(Int64)
    case float(Double)
    /// A duration literal in microseconds, e.g. `7d`, `250ms`.
    case duration(Int64)
    /// A timestamp literal in microseconds since the Unix epoch (UTC), e.g. `@2024-05-01`.
    case timestamp(Int64)
    case string(String)
    /// An f-string: literal text and embedded expressions.
    case template([TemplatePart])
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case end
}

/// A piece of an f-string.
public enum TemplatePart: Equatable, Sendable {
    /// Literal text, escapes already applied.
    case text(String)
    /// `{expression:spec}`: the expression's byte range in the source and the optional format spec.
    case expression(Range<Int>, spec: String?)
}

/// Reserved words.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, fn, `if`, then, `else`, `true`, `false`, null, and, or, not, `in`, `try`, `catch`, use
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "=", arrow = "=>", pipe = "|>", coalesce = "??"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."
}

/// A token with its position; `spaceBefore` tells `a.b` (field access) from `a .b`.
public struct Token: Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// First byte.
    public var start: Int
    /// One past the last byte.
    public var end: Int
    /// Whether whitespace or a line break precedes the token.
    public var spaceBefore: Bool
}

extension TokenKind {
    /// How the token is named in "expected …, found …" messages.
    var describedForMessage: String {
        switch self {
        case .integer(let v): return "number \(v)"
        case .float(let v): return "number \(v)"
        case .duration: return "duration"
        case .timestamp: return "timestamp"
        case .string, .template: return "string"
        case .identifier(let name): return "name '\(name)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}
