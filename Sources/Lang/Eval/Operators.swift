/// Scalar semantics of the operators; a column expression on either side builds a column expression instead.
///
/// The rules match the engine's column kernels so that a function written for numbers gives the
/// same answers on columns: int op int stays int (overflow is an error), `/` always gives a float,
/// `%` keeps the sign of the dividend, null propagates through arithmetic and ordering.
enum Operators {
    static func unary(_ op: UnaryOperator, _ value: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (op, value) {
        case (_, .column(let e)): return .column(.unary(op, e, span))
        case (_, .null): return .null
        case (.negate, .int(let i)):
            guard i != Int64.min else { throw Diagnostic("integer overflow in negation", at: span) }
            return .int(-i)
        case (.negate, .float(let f)): return .float(-f)
        case (.negate, .duration(let d)):
            guard d != Int64.min else { throw Diagnostic("duration overflow in negation", at: span) }
            return .duration(-d)
        case (.not, .bool(let b)): return .bool(!b)
        default:
            let what = op == .negate ? "negate" : "apply 'not' to"
            throw Diagnostic("cannot \(what) \(value.typeName)", at: span)
        }
    }

    @inline(__always)
    static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        // The common numeric cases first, without leaving this function.
        if case .int(let a) = left, case .int(let b) = right {
            switch op {
            case .add:
                let (r, o) = a.addingReportingOverflow(b)
                if !o { return .int(r) }
            case .subtract:
                let (r, o) = a.subtractingReportingOverflow(b)
                if !o { return .int(r) }
            case .multiply:
                let (r, o) = a.multipliedReportingOverflow(by: b)
                if !o { return .int(r) }
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: break
            }
        }
        if case .float(let a) = left, case .float(let b) = right {
            switch op {
            case .add: return .float(a + b)
            case .subtract: return .float(a - b)
            case .multiply: return .float(a * b)
            case .divide: return .float(a / b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        }
        return try general(op, left, right, span: span)
    }

    private static func general(_ op: BinaryOperator, _ left: Value, _ right: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        if case .column = left { return .column(.binary(op, .operand(left), .operand(right), span)) }
        if case .column = right { return .column(.binary(op, .operand(left), .operand(right), span)) }
        switch op {
        case .equal: return .bool(left.isEqual(to: right))
        case .notEqual: return .bool(!left.isEqual(to: right))
        case .in: return try membership(left, right, span: span)
        case .coalesce: return left.isNull ? right : left
        case .and, .or: throw Diagnostic("'\(op.rawValue)' needs bool operands, found \(left.typeName) and \(right.typeName)", at: span)
        default: break
        }
        if left.isNull || right.isNull { return .null }
        switch op {
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let order = left.order(relativeTo: right) else {
                throw Diagnostic("cannot compare \(left.typeName) and \(right.typeName)", at: span,
                                 hint: listOperandHint(left, right))
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        default:
            return try arithmetic(op, left, right, span: span)
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)):
            switch op {
            case .divide: return .float(Double(a) / Double(b))
            case .remainder:
                guard b != 0 else { throw Diagnostic("remainder by zero", at: span) }
                if b == -1 { return .int(0) }
                return .int(a % b)
            default: throw overflow(op, span)
            }
        case (.int, .float), (.float, .int), (.float, .float):
            let a = number(left), b = number(right)
            switch op {
            case .add: return .float(a + b)
            case .subtract: return .float(a - b)
            case .multiply: return .float(a * b)
            case .divide: return .float(a / b)
            case .remainder: return .float(a.truncatingRemainder(dividingBy: b))
            default: break
            }
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add:
            // A lazy range can be longer than memory can hold once its elements are built.
            guard a.count <= ListValue.maximumBuiltCount - b.count else {
                throw Diagnostic("list concatenation would build \(a.count) + \(b.count) elements (at most \(ListValue.maximumBuiltCount))", at: span)
            }
            return .list(ListValue(a.items + b.items))
        case (.timestamp(let a), .timestamp(let b)) where op == .subtract:
            return try checked(a.subtractingReportingOverflow(b), span, op) { .duration($0) }
        case (.timestamp(let a), .duration(let b)) where op == .add || op == .subtract:
            let r = op == .add ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
            return try checked(r, span, op) { .timestamp($0) }
        case (.duration(let a), .timestamp(let b)) where op == .add:
            return try checked(b.addingReportingOverflow(a), span, op) { .timestamp($0) }
        case (.duration(let a), .duration(let b)):
            switch op {
            case .add: return try checked(a.addingReportingOverflow(b), span, op) { .duration($0) }
            case .subtract: return try checked(a.subtractingReportingOverflow(b), span, op) { .duration($0) }
            case .divide: return .float(Double(a) / Double(b))
            default: break
            }
        case (.duration(let a), .int(let b)), (.int(let b), .duration(let a)):
            if op == .multiply { return try checked(a.multipliedReportingOverflow(by: b), span, op) { .duration($0) } }
            if op == .divide, case .duration = left {
                guard b != 0 else { throw Diagnostic("division of a duration by zero", at: span) }
                let (quotient, overflow) = a.dividedReportingOverflow(by: b)
                if overflow { throw Diagnostic("duration overflow in '/'", at: span) }
                return .duration(quotient)
            }
        case (.duration(let a), .float(let b)), (.float(let b), .duration(let a)):
            if op == .multiply || (op == .divide && left.typeName == "duration") {
                let r = op == .multiply ? Double(a) * b : Double(a) / b
                guard r.isFinite, abs(r) < 9.2e18 else { throw Diagnostic("duration overflow", at: span) }
                return .duration(Int64(r.rounded()))
            }
        default: break
        }
        let verb: String = switch op {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        default: "take the remainder of"
        }
        let pair = op == .subtract ? "\(right.typeName) from \(left.typeName)" : "\(left.typeName) and \(right.typeName)"
        throw Diagnostic("cannot \(verb) \(pair)", at: span, hint: listOperandHint(left, right))
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ span: SourceSpan, _ op: BinaryOperator,
                                _ make: (Int64) -> Value) throws(Diagnostic) -> Value {
        if result.overflow { throw overflow(op, span) }
        return make(result.partialValue)
    }

    private static func overflow(_ op: BinaryOperator, _ span: SourceSpan) -> Diagnostic {
        Diagnostic("integer overflow in '\(op.rawValue)'", at: span, hint: "convert to float first, e.g. float(x)")
    }

    static func number(_ value: Value) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .float(let f): return f
        default: return .nan
        }
    }

    private static func membership(_ item: Value, _ collection: Value, span: SourceSpan) throws(Diagnostic) -> Value {
        switch collection {
        case .list(let list): return .bool((0..<list.count).contains { list[$0].isEqual(to: item) })
        case .record(let record):
            guard case .string(let key) = item else {
                throw Diagnostic("'in' on a record needs a string key, found \(item.typeName)", at: span)
            }
            return .bool(record.keys.contains(key))
        case .string(let text):
            guard case .string(let part) = item else {
                throw Diagnostic("'in' on a string needs a string, found \(item.typeName)", at: span)
            }
            return .bool(part.isEmpty || text.contains(part))
        default:
            throw Diagnostic("'in' needs a list, record or string on the right, found \(collection.typeName)", at: span)
        }
    }
}

extension Value {
    /// Orders two plain values of comparable types (numbers across int and float, strings by bytes,
    /// bools, times): -1, 0 or 1; nil when they cannot be compared.
    public func order(relativeTo other: Value) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (self, other) {
        case (.int(let a), .int(let b)): return sign(a, b)
        case (.int, .float), (.float, .int), (.float, .float): return sign(Operators.number(self), Operators.number(other))
        case (.string(let a), .string(let b)):
            if a.utf8.lexicographicallyPrecedes(b.utf8) { return -1 }
            return b.utf8.lexicographicallyPrecedes(a.utf8) ? 1 : 0
        case (.bool(let a), .bool(let b)): return sign(a ? 1 : 0, b ? 1 : 0)
        case (.duration(let a), .duration(let b)), (.timestamp(let a), .timestamp(let b)): return sign(a, b)
        default: return nil
        }
    }
}
