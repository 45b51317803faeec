/// A column expression, evaluated by the engine over whole columns (never row by row by a caller).
public indirect enum Expr: Sendable, Equatable {
    /// A reference to a column by name.
    case column(String)
    /// A constant, broadcast to the frame's height.
    case literal(Scalar)
    case binary(BinaryOperator, Expr, Expr)
    case unary(UnaryOperator, Expr)
    /// A column function such as `abs(x)` or `round(x, 2)`; see `ColumnFunctions.swift` for the list.
    case call(String, [Expr])

    /// The name an evaluated column gets by default: a referenced column's name (the leftmost one),
    /// else the function name, else "literal".
    public var outputName: String { naming.name }

    /// The output name and whether a column is referenced, found in one walk: asking each level
    /// for both separately made the names of a deep expression cost the cube of its depth.
    private var naming: (name: String, referencesColumn: Bool) {
        switch self {
        case .column(let name): return (name, true)
        case .literal: return ("literal", false)
        case .binary(_, let lhs, let rhs):
            let left = lhs.naming
            if left.referencesColumn { return left }
            let right = rhs.naming
            return right.referencesColumn ? right : left
        case .unary(_, let operand): return operand.naming
        case .call(let name, let arguments):
            if let first = arguments.first?.naming, first.referencesColumn { return first }
            return (name, arguments.dropFirst().contains { $0.referencesColumn })
        }
    }

    /// True when the expression mentions at least one column.
    public var referencesColumn: Bool {
        switch self {
        case .column: return true
        case .literal: return false
        case .binary(_, let lhs, let rhs): return lhs.referencesColumn || rhs.referencesColumn
        case .unary(_, let operand): return operand.referencesColumn
        case .call(_, let arguments): return arguments.contains { $0.referencesColumn }
        }
    }
}

/// Binary operators of column expressions; `coalesce` is `a ?? b`.
public enum BinaryOperator: Sendable, Equatable {
    case add, subtract, multiply, divide, remainder
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case and, or, coalesce

    /// The operator as the language spells it.
    public var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .remainder: "%"
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .and: "and"
        case .or: "or"
        case .coalesce: "??"
        }
    }

    /// True for the six comparisons.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    /// True for + - * / %.
    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }
}

/// Unary operators of column expressions.
public enum UnaryOperator: Sendable, Equatable {
    case negate, not
}
