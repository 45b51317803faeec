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
    ///
    /// Walks the tree with a work list (an expression built in a loop may be far deeper than the
    /// stack allows to recurse) and stops after `maximumNodes` nodes, the most the engine accepts.
    public var referencedColumns: [(String, SourceSpan)] {
        var seen: [(String, SourceSpan)] = []
        var pending = [self]
        var nodes = 0
        while let e = pending.popLast(), nodes < ColumnExpr.maximumNodes {
            nodes += 1
            switch e {
            case .column(let name, let span): if !seen.contains(where: { $0.0 == name }) { seen.append((name, span)) }
            case .literal: break
            case .unary(_, let x, _): pending.append(x)
            case .binary(_, let l, let r, _): pending.append(r); pending.append(l)
            case .call(_, let args, _): pending.append(contentsOf: args.reversed())
            }
        }
        return seen
    }

    /// The name a derived column gets by default: the first column the expression reads.
    public var defaultName: String? { referencedColumns.first?.0 }

    /// Wraps a value as an operand: a column expression stays itself, anything else becomes a literal.
    public static func operand(_ value: Value) -> ColumnExpr {
        if case .column(let e) = value { return e }
        return .literal(value)
    }

    /// The source text form, for display (`(.pace * 60)`); parts deeper than `maximumDepth`, or
    /// past `maximumNodes` nodes, print as `…`.
    public var sourceDescription: String {
        var remaining = ColumnExpr.maximumNodes
        return described(depth: 1, remaining: &remaining)
    }

    private func described(depth: Int, remaining: inout Int) -> String {
        guard depth <= ColumnExpr.maximumDepth, remaining > 0 else { return "…" }
        remaining -= 1
        switch self {
        case .column(let name, _): return "." + name
        case .literal(let v): return v.debugDescription
        case .unary(let op, let x, _):
            let operand = x.described(depth: depth + 1, remaining: &remaining)
            return op == .negate ? "-\(operand)" : "not \(operand)"
        case .binary(let op, let l, let r, _):
            let left = l.described(depth: depth + 1, remaining: &remaining)
            let right = r.described(depth: depth + 1, remaining: &remaining)
            return "(\(left) \(op.rawValue) \(right))"
        case .call(let name, let args, _):
            var parts: [String] = []
            for arg in args { parts.append(arg.described(depth: depth + 1, remaining: &remaining)) }
            return "\(name)(\(parts.joined(separator: ", ")))"
        }
    }
}
