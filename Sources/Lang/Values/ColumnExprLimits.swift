/// Bounds on column expressions: one built in a loop (`reduce(range(n), (e, i) => e + 1, .a)`)
/// can be as deep as the loop is long, or, reusing a part (`e + e`), hold exponentially many
/// nodes, and translating, evaluating or printing it walks every node, mostly by recursion.
extension ColumnExpr {
    /// The deepest column expression the engine is given.
    public static let maximumDepth = 1_000
    /// The most nodes a column expression may have, counting a shared part each time it is used.
    public static let maximumNodes = 100_000

    /// Whether the expression is deeper than `maximumDepth` or larger than `maximumNodes`; walks
    /// at most `maximumNodes` nodes with a work list, so it is safe on any expression.
    public var exceedsLimits: Bool {
        var pending: [(expr: ColumnExpr, depth: Int)] = [(self, 1)]
        var nodes = 0
        while let (expr, depth) = pending.popLast() {
            nodes += 1
            if nodes > Self.maximumNodes || depth > Self.maximumDepth { return true }
            switch expr {
            case .column, .literal: break
            case .unary(_, let operand, _): pending.append((operand, depth + 1))
            case .binary(_, let left, let right, _):
                pending.append((right, depth + 1))
                pending.append((left, depth + 1))
            case .call(_, let arguments, _):
                for argument in arguments.reversed() { pending.append((argument, depth + 1)) }
            }
        }
        return false
    }

    /// The span of the outermost node, for errors about the expression as a whole (nil for a literal).
    public var outermostSpan: SourceSpan? {
        switch self {
        case .column(_, let span), .unary(_, _, let span), .binary(_, _, _, let span), .call(_, _, let span): return span
        case .literal: return nil
        }
    }
}
