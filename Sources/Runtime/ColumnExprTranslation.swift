import Frame
import Lang

/// Turns the language's column expressions into engine expressions, checking names against a frame
/// first so that an unknown column gets a caret under the exact reference.
enum ColumnExprTranslation {
    /// The engine expression for `expr`, evaluated against `frame`.
    static func translate(_ expr: ColumnExpr, for frame: DataFrame) throws(Diagnostic) -> Expr {
        // Translating and evaluating recurse the expression's depth: refuse one built too deep in a loop.
        if expr.exceedsLimits {
            throw Diagnostic(
                "column expression too deep or too large (more than \(ColumnExpr.maximumDepth) levels or \(ColumnExpr.maximumNodes) parts)",
                at: expr.outermostSpan, hint: "build it with fewer operations, or compute intermediate columns with with()")
        }
        for (name, span) in expr.referencedColumns where frame.column(named: name) == nil {
            throw unknownColumn(name, at: span, in: frame)
        }
        return try convert(expr)
    }

    /// The engine expression for a value given where a column expression is expected: a literal broadcasts.
    static func translate(_ value: Value, at span: SourceSpan, for frame: DataFrame) throws(Diagnostic) -> Expr {
        if case .column(let e) = value { return try translate(e, for: frame) }
        guard let scalar = value.scalar else {
            throw Diagnostic("expected a column expression or a single value, found \(value.typeName)", at: span)
        }
        return .literal(scalar)
    }

    /// The diagnostic for a column the frame does not have, with a "did you mean" hint.
    static func unknownColumn(_ name: String, at span: SourceSpan, in frame: DataFrame) -> Diagnostic {
        // Names starting with NUL are the engine's hidden columns (computed group keys): never suggested.
        let names = frame.columnNames.filter { !$0.hasPrefix("\u{0}") }
        let hint = Lang.closestName(to: name, among: names).map { "did you mean \(columnReference($0))?" }
        return Diagnostic("unknown column \(columnReference(name))", at: span,
                          hint: hint ?? "the columns are \(names.map(columnReference).joined(separator: ", "))")
    }

    private static func convert(_ expr: ColumnExpr) throws(Diagnostic) -> Expr {
        switch expr {
        case .column(let name, _):
            return .column(name)
        case .literal(let value):
            guard let scalar = value.scalar else {
                throw Diagnostic("a \(value.typeName) cannot be used inside a column expression", at: nil)
            }
            return .literal(scalar)
        case .unary(let op, let operand, _):
            return .unary(op == .negate ? .negate : .not, try convert(operand))
        case .binary(let op, let left, let right, let span):
            let engineOp: Frame.BinaryOperator
            switch op {
            case .add: engineOp = .add
            case .subtract: engineOp = .subtract
            case .multiply: engineOp = .multiply
            case .divide: engineOp = .divide
            case .remainder: engineOp = .remainder
            case .equal: engineOp = .equal
            case .notEqual: engineOp = .notEqual
            case .less: engineOp = .less
            case .lessEqual: engineOp = .lessEqual
            case .greater: engineOp = .greater
            case .greaterEqual: engineOp = .greaterEqual
            case .and: engineOp = .and
            case .or: engineOp = .or
            case .coalesce: engineOp = .coalesce
            case .in:
                throw Diagnostic("'in' is not supported on columns yet", at: span)
            }
            return .binary(engineOp, try convert(left), try convert(right))
        case .call(let name, let arguments, _):
            var converted: [Expr] = []
            for argument in arguments {
                // random_choice keeps its values as a list and its weights as weights(…) for display;
                // the engine takes them flat.
                switch argument {
                case .literal(.list(let items)) where name == RandomDistribution.choice.rawValue:
                    for index in 0..<items.count { converted.append(try convert(.literal(items[index]))) }
                case .call("weights", let weights, _) where name == RandomDistribution.choice.rawValue:
                    for weight in weights { converted.append(try convert(weight)) }
                default:
                    converted.append(try convert(argument))
                }
            }
            return .call(name, converted)
        }
    }
}

/// Runs engine work, turning its error into a diagnostic anchored at `span`.
func engine<T>(at span: SourceSpan, _ body: () throws(FrameError) -> T) throws(Diagnostic) -> T {
    do throws(FrameError) {
        return try body()
    } catch {
        throw Diagnostic(error, at: span)
    }
}

extension Diagnostic {
    /// A one-line engine error anchored at the call or argument that caused it; an engine
    /// interrupt stays an interrupt, so the REPL treats it as Ctrl-C rather than a mistake.
    init(_ error: FrameError, at span: SourceSpan) {
        self.init(error.message, at: span, hint: error.hint, kind: error.code == .interrupted ? .interrupted : .runtime)
    }
}
