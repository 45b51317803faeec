/// The syntax tree the parser produces; the compiler resolves it into executable nodes.
public indirect enum Syntax: Sendable {
    /// A literal number, string, bool, null, duration or timestamp.
    case literal(Value, SourceSpan)
    /// A name: a binding, a parameter or a builtin.
    case name(String, SourceSpan)
    /// `.name`: a column reference.
    case column(String, SourceSpan)
    /// `[a, b]`
    case list([Syntax], SourceSpan)
    /// `{a: 1, b: 2}`
    case record([(String, Syntax)], SourceSpan)
    /// `-x`, `not x`
    case unary(UnaryOperator, Syntax, SourceSpan)
    /// `a + b`, `a and b`, `a ?? b`, `a in b`, …
    case binary(BinaryOperator, Syntax, Syntax, SourceSpan)
    /// `f(a, b: 1)`; pipes are desugared into calls with the piped value first.
    case call(Syntax, [CallArgument], SourceSpan)
    /// `x.name`
    case member(Syntax, String, SourceSpan)
    /// `x[i]`
    case index(Syntax, Syntax, SourceSpan)
    /// `if c then a else b`
    case conditional(Syntax, Syntax, Syntax, SourceSpan)
    /// `{ stmt; stmt; expr }`
    case block([Statement], Syntax, SourceSpan)
    /// `x => body`, `(a, b: 1) => body`
    case lambda(FunctionSyntax)
    /// `try body catch e => handler`
    case tryCatch(Syntax, String, Syntax, SourceSpan)
    /// `f"text {expression} text"`
    case interpolation([InterpolationPiece], SourceSpan)

    /// The span of the whole expression.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .name(_, let s), .column(_, let s), .list(_, let s), .record(_, let s),
             .unary(_, _, let s), .binary(_, _, _, let s), .call(_, _, let s), .member(_, _, let s),
             .index(_, _, let s), .conditional(_, _, _, let s), .block(_, _, let s), .tryCatch(_, _, _, let s),
             .interpolation(_, let s):
            return s
        case .lambda(let f): return f.span
        }
    }
}

/// A piece of an f-string: literal text or an embedded expression with an optional number format.
public enum InterpolationPiece: Sendable {
    case text(String)
    case value(Syntax, NumberFormat?)
}

/// A number format in an f-string: `.2f` (fixed decimals).
public struct NumberFormat: Sendable, Equatable {
    /// Digits after the decimal point.
    public var decimals: Int

    /// Parses a spec such as `.2f`; nil when unsupported.
    public init?(spec: String) {
        guard spec.hasPrefix("."), spec.hasSuffix("f"), spec.count >= 3,
              let digits = Int(spec.dropFirst().dropLast()), (0...17).contains(digits) else { return nil }
        decimals = digits
    }
}

/// A call argument, optionally labelled (`b: 1`).
public struct CallArgument: Sendable {
    /// The label of a named argument.
    public var label: String?
    /// Where the label is written, for errors about it.
    public var labelSpan: SourceSpan?
    /// The argument expression.
    public var value: Syntax
}

/// A function's parameters and body, shared by `fn` declarations and lambdas.
public struct FunctionSyntax: Sendable {
    /// The declared name (`fn name(…)`), or nil for a lambda.
    public var name: String?
    /// Parameters in order, each with an optional default.
    public var parameters: [Parameter]
    /// The body expression.
    public var body: Syntax
    /// The span of the whole declaration or lambda.
    public var span: SourceSpan
}

/// A function parameter, `a` or `b: default`.
public struct Parameter: Sendable {
    /// The parameter name.
    public var name: String
    /// The default value expression, evaluated at each call that omits the argument.
    public var defaultValue: Syntax?
    /// Where the parameter is declared.
    public var span: SourceSpan
}

/// A statement: a binding, a function declaration, a script import or an expression.
public enum Statement: Sendable {
    /// `let name = value`
    case binding(name: String, value: Syntax, span: SourceSpan)
    /// `fn name(params) = body`
    case function(FunctionSyntax)
    /// `use "path.fti"`
    case use(path: String, span: SourceSpan)
    /// An expression; `displayed` is false when a `;` follows it.
    case expression(Syntax, displayed: Bool)
}

/// Unary operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", not = "not"
}

/// Binary operators, by precedence group (pipes are desugared into calls by the parser).
public enum BinaryOperator: String, Sendable {
    case coalesce = "??"
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", `in`
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", remainder = "%"
}
