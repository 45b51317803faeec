final class UnaryNode: Node {
    let op: UnaryOperator
    let operand: Node
    init(_ op: UnaryOperator, _ operand: Node, span: SourceSpan) { self.op = op; self.operand = operand; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        try Operators.unary(op, try operand.evaluate(vm), span: span)
    }
}

final class BinaryNode: Node {
    let op: BinaryOperator
    let left: Node, right: Node
    init(_ op: BinaryOperator, _ left: Node, _ right: Node, span: SourceSpan) { self.op = op; self.left = left; self.right = right; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = try left.evaluate(vm)
        let b = try right.evaluate(vm)
        return try Operators.binary(op, a, b, span: span)
    }
}

/// `and`/`or` short-circuit on bools, use three-valued logic with null, and build column expressions.
final class LogicalNode: Node {
    let isAnd: Bool
    let left: Node, right: Node
    init(isAnd: Bool, _ left: Node, _ right: Node, span: SourceSpan) { self.isAnd = isAnd; self.left = left; self.right = right; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = try left.evaluate(vm)
        if case .bool(let value) = a, value != isAnd { return a }
        let b = try right.evaluate(vm)
        let op: BinaryOperator = isAnd ? .and : .or
        switch (a, b) {
        case (.column, _), (_, .column): return .column(.binary(op, .operand(a), .operand(b), span))
        case (.bool, .bool): return b
        case (.bool, .null), (.null, .bool), (.null, .null):
            // Null is "unknown": `false and null` is false, `true or null` is true, otherwise unknown.
            if case .bool(let value) = b, value != isAnd { return b }
            return .null
        default:
            let culprit = (a.typeName == "bool" || a.isNull) ? right : left
            let value = culprit === right ? b : a
            throw Diagnostic("'\(op.rawValue)' needs bool operands, found \(value.typeName)", at: culprit.span)
        }
    }
}

/// `a ?? b`: b is evaluated only when a is null.
final class CoalesceNode: Node {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, span: SourceSpan) { self.left = left; self.right = right; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = try left.evaluate(vm)
        switch a {
        case .null: return try right.evaluate(vm)
        case .column: return .column(.binary(.coalesce, .operand(a), .operand(try right.evaluate(vm)), span))
        default: return a
        }
    }
}

final class MemberNode: Node {
    let target: Node
    let name: String
    init(_ target: Node, name: String, span: SourceSpan) { self.target = target; self.name = name; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let value = try target.evaluate(vm)
        switch value {
        case .record(let record):
            if let field = record[name] { return field }
            throw missing(in: value, candidates: record.keys)
        case .host(let object):
            if let member = object.member(name) { return member }
            throw missing(in: value, candidates: object.memberNames)
        default:
            throw Diagnostic("\(value.typeName) has no fields", at: span, hint: "'.\(name)' reads a field of a record or a column of a frame")
        }
    }

    private func missing(in value: Value, candidates: [String]) -> Diagnostic {
        let hint = closestName(to: name, among: candidates).map { "did you mean .\($0)?" }
        let noun = value.typeName == "frame" ? "column" : "field"
        return Diagnostic("\(value.typeName) has no \(noun) '\(name)'", at: span, hint: hint)
    }
}

final class IndexNode: Node {
    let target: Node, index: Node
    init(_ target: Node, _ index: Node, span: SourceSpan) { self.target = target; self.index = index; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let container = try target.evaluate(vm)
        let key = try index.evaluate(vm)
        switch (container, key) {
        case (.list(let list), .int(let i)):
            let position = i < 0 ? Int64(list.count) + i : i
            guard position >= 0, position < Int64(list.count) else {
                throw Diagnostic("index \(i) is out of range for a list of \(list.count)", at: index.span)
            }
            return list[Int(position)]
        case (.string(let text), .int(let i)):
            let characters = Array(text)
            let position = i < 0 ? Int64(characters.count) + i : i
            guard position >= 0, position < Int64(characters.count) else {
                throw Diagnostic("index \(i) is out of range for a string of \(characters.count) characters", at: index.span)
            }
            return .string(String(characters[Int(position)]))
        case (.record(let record), .string(let name)):
            guard let field = record[name] else {
                throw Diagnostic("record has no field '\(name)'", at: index.span, hint: closestName(to: name, among: record.keys).map { "did you mean \"\($0)\"?" })
            }
            return field
        case (.host(let object), .string(let name)):
            guard let member = object.member(name) else {
                throw Diagnostic("\(object.typeName) has no column '\(name)'", at: index.span, hint: closestName(to: name, among: object.memberNames).map { "did you mean \"\($0)\"?" })
            }
            return member
        default:
            throw Diagnostic("cannot index \(container.typeName) with \(key.typeName)", at: span)
        }
    }
}

/// An operator with a fast path for two ints and for two floats; anything else takes the general rules.
protocol FastOperator {
    static var op: BinaryOperator { get }
    /// The result for two ints, or nil to fall back (e.g. on overflow).
    static func ints(_ a: Int64, _ b: Int64) -> Value?
    /// The result for two floats.
    static func floats(_ a: Double, _ b: Double) -> Value
}

/// A binary operator specialised at compile time, so evaluation does not switch on the operator.
final class FastBinaryNode<Operator: FastOperator>: Node {
    let left: Node, right: Node
    init(_ left: Node, _ right: Node, span: SourceSpan) { self.left = left; self.right = right; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = try left.evaluate(vm)
        let b = try right.evaluate(vm)
        if case .int(let x) = a, case .int(let y) = b, let result = Operator.ints(x, y) { return result }
        if case .float(let x) = a, case .float(let y) = b { return Operator.floats(x, y) }
        return try Operators.binary(Operator.op, a, b, span: span)
    }
}

enum AddOperator: FastOperator {
    static var op: BinaryOperator { .add }
    static func ints(_ a: Int64, _ b: Int64) -> Value? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : .int(r)
    }
    static func floats(_ a: Double, _ b: Double) -> Value { .float(a + b) }
}

enum SubtractOperator: FastOperator {
    static var op: BinaryOperator { .subtract }
    static func ints(_ a: Int64, _ b: Int64) -> Value? {
        let (r, o) = a.subtractingReportingOverflow(b)
        return o ? nil : .int(r)
    }
    static func floats(_ a: Double, _ b: Double) -> Value { .float(a - b) }
}

enum MultiplyOperator: FastOperator {
    static var op: BinaryOperator { .multiply }
    static func ints(_ a: Int64, _ b: Int64) -> Value? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : .int(r)
    }
    static func floats(_ a: Double, _ b: Double) -> Value { .float(a * b) }
}

enum LessOperator: FastOperator {
    static var op: BinaryOperator { .less }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a < b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a < b) }
}

enum LessEqualOperator: FastOperator {
    static var op: BinaryOperator { .lessEqual }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a <= b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a <= b) }
}

enum GreaterOperator: FastOperator {
    static var op: BinaryOperator { .greater }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a > b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a > b) }
}

enum GreaterEqualOperator: FastOperator {
    static var op: BinaryOperator { .greaterEqual }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a >= b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a >= b) }
}

enum EqualOperator: FastOperator {
    static var op: BinaryOperator { .equal }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a == b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a == b) }
}

enum NotEqualOperator: FastOperator {
    static var op: BinaryOperator { .notEqual }
    static func ints(_ a: Int64, _ b: Int64) -> Value? { .bool(a != b) }
    static func floats(_ a: Double, _ b: Double) -> Value { .bool(a != b) }
}

/// `local op constant` (`n - 1`, `i < 10`, `x * 2`), the commonest operator shape in loops and
/// recursion: one node instead of three, reading the slot in place.
final class LocalConstantBinaryNode<Operator: FastOperator>: Node {
    let slot: Int
    let constant: Value
    init(slot: Int, constant: Value, span: SourceSpan) { self.slot = slot; self.constant = constant; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = vm.stack[vm.base + slot]
        if case .int(let x) = a, case .int(let y) = constant, let result = Operator.ints(x, y) { return result }
        if case .float(let x) = a, case .float(let y) = constant { return Operator.floats(x, y) }
        return try Operators.binary(Operator.op, a, constant, span: span)
    }
}

/// `local op local` (`acc + x`, `a < b`): one node instead of three.
final class LocalLocalBinaryNode<Operator: FastOperator>: Node {
    let leftSlot: Int, rightSlot: Int
    init(leftSlot: Int, rightSlot: Int, span: SourceSpan) { self.leftSlot = leftSlot; self.rightSlot = rightSlot; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let a = vm.stack[vm.base + leftSlot]
        let b = vm.stack[vm.base + rightSlot]
        if case .int(let x) = a, case .int(let y) = b, let result = Operator.ints(x, y) { return result }
        if case .float(let x) = a, case .float(let y) = b { return Operator.floats(x, y) }
        return try Operators.binary(Operator.op, a, b, span: span)
    }
}

/// A specialised binary node for the operand shapes `local op constant` and `local op local`,
/// else the general fast node.
private func makeFast<Operator: FastOperator>(_: Operator.Type, _ left: Node, _ right: Node, span: SourceSpan) -> Node {
    if let local = left as? LocalNode, let constant = right as? ConstantNode {
        return LocalConstantBinaryNode<Operator>(slot: local.slot, constant: constant.value, span: span)
    }
    if let first = left as? LocalNode, let second = right as? LocalNode {
        return LocalLocalBinaryNode<Operator>(leftSlot: first.slot, rightSlot: second.slot, span: span)
    }
    return FastBinaryNode<Operator>(left, right, span: span)
}

/// The node for a binary operator: specialised for the common arithmetic and comparisons.
func makeBinaryNode(_ op: BinaryOperator, _ left: Node, _ right: Node, span: SourceSpan) -> Node {
    switch op {
    case .add: return makeFast(AddOperator.self, left, right, span: span)
    case .subtract: return makeFast(SubtractOperator.self, left, right, span: span)
    case .multiply: return makeFast(MultiplyOperator.self, left, right, span: span)
    case .less: return makeFast(LessOperator.self, left, right, span: span)
    case .lessEqual: return makeFast(LessEqualOperator.self, left, right, span: span)
    case .greater: return makeFast(GreaterOperator.self, left, right, span: span)
    case .greaterEqual: return makeFast(GreaterEqualOperator.self, left, right, span: span)
    case .equal: return makeFast(EqualOperator.self, left, right, span: span)
    case .notEqual: return makeFast(NotEqualOperator.self, left, right, span: span)
    default: return BinaryNode(op, left, right, span: span)
    }
}
