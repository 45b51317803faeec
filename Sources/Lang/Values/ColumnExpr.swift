/// A column expression built by applying operators and functions to column references.
///
/// The language only builds the tree; the runtime hands it to the engine, which evaluates it
/// over whole columns. Spans point at the source so that engine errors can show a caret.
public indirect enum ColumnExpr: Sendable {
    /// `.name`
    case column(String, SourceSpan)
    /// A scalar operand (number, string, bool, null, duration, timestamp).
    case literal(Value)
    /// `-x`, `not x`
    case unary(UnaryOperator, ColumnExpr, SourceSpan)
    /// `a + b`, `a < b`, `a and b`, `a ?? b`, …
    case binary(BinaryOperator, ColumnExpr, ColumnExpr, SourceSpan)
    /// `abs(.x)`: an element-wise builtin applied to columns.
    case call(String, [ColumnExpr], SourceSpan)

    /// The column names the expression reads, in first-use order, with the span of each first use.
    public var referencedColumns: [(String, SourceSpan)] {
        var seen: [(String, SourceSpan)] = []
        func visit(_ e: ColumnExpr) {
            switch e {
            case .column(let name, let span): if !seen.contains(where: { $0.0 == name }) { seen.append((name, span)) }
            case .literal: break
            case .unary(_, let x, _): visit(x)
            case .binary(_, let l, let r, _): visit(l); visit(r)
            case .call(_, let args, _): args.forEach(visit)
            }
        }
        visit(self)
        return seen
    }

    /// The name a derived column gets by default: the first column the expression reads.
    public var defaultName: String? { referencedColumns.first?.0 }

    /// Wraps a value as an operand: a column expression stays itself, anything else becomes a literal.
    public static func operand(_ value: Value) -> ColumnExpr {
        if case .column(let e) = value { return e }
        return .literal(value)
    }

    /// The source text form, for display (`(.pace * 60)`).
    public var sourceDescription: String {
        switch self {
        case .column(let name, _): return "." + name
        case .literal(let v): return v.debugDescription
        case .unary(let op, let x, _): return op == .negate ? "-\(x.sourceDescription)" : "not \(x.sourceDescription)"
        case .binary(let op, let l, let r, _): return "(\(l.sourceDescription) \(op.rawValue) \(r.sourceDescription))"
        case .call(let name, let args, _): return "\(name)(\(args.map(\.sourceDescription).joined(separator: ", ")))"
        }
    }
}
