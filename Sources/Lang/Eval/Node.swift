/// A compiled expression: names are already resolved to slots, so evaluation does no lookups by name.
///
/// A class rather than a protocol: a call through a class's vtable is one indirect jump, where
/// a protocol existential adds a witness thunk and a wider reference to every child.
class Node {
    /// Where the expression is written, for diagnostics.
    let span: SourceSpan

    init(span: SourceSpan) {
        self.span = span
    }

    /// Computes the value in the interpreter's current frame; every concrete node overrides it.
    func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        .null
    }
}

final class ConstantNode: Node {
    let value: Value
    init(_ value: Value, span: SourceSpan) { self.value = value; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value { value }
}

final class GlobalNode: Node {
    let slot: Int
    let name: String
    init(slot: Int, name: String, span: SourceSpan) { self.slot = slot; self.name = name; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        guard let value = vm.globals.value(at: slot) else {
            throw Diagnostic("'\(name)' is used before it is defined", at: span)
        }
        return value
    }
}

final class LocalNode: Node {
    let slot: Int
    init(slot: Int, span: SourceSpan) { self.slot = slot; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value { vm.stack[vm.base + slot] }
}

final class CaptureNode: Node {
    let index: Int
    init(index: Int, span: SourceSpan) { self.index = index; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value { vm.currentClosure?.captures[index] ?? .null }
}

/// A function's reference to itself, so that local functions can recurse.
final class SelfNode: Node {
    override init(span: SourceSpan) { super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        guard let closure = vm.currentClosure else { return .null }
        return .closure(closure)
    }
}

final class ListNode: Node {
    let elements: [Node]
    init(_ elements: [Node], span: SourceSpan) { self.elements = elements; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        var items: [Value] = []
        items.reserveCapacity(elements.count)
        for element in elements { items.append(try element.evaluate(vm)) }
        return .list(ListValue(items))
    }
}

final class RecordNode: Node {
    let keys: [String]
    let values: [Node]
    init(keys: [String], values: [Node], span: SourceSpan) { self.keys = keys; self.values = values; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        var items: [Value] = []
        items.reserveCapacity(values.count)
        for value in values { items.append(try value.evaluate(vm)) }
        return .record(RecordValue(keys: keys, values: items))
    }
}

final class IfNode: Node {
    let condition: Node, whenTrue: Node, whenFalse: Node
    init(_ condition: Node, _ whenTrue: Node, _ whenFalse: Node, span: SourceSpan) {
        self.condition = condition; self.whenTrue = whenTrue; self.whenFalse = whenFalse
        super.init(span: span)
    }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        switch try condition.evaluate(vm) {
        case .bool(true): return try whenTrue.evaluate(vm)
        case .bool(false): return try whenFalse.evaluate(vm)
        case .column:
            throw Diagnostic("'if' cannot branch on a column expression", at: condition.span,
                             hint: "filter the frame, or compute both branches as columns")
        case let other:
            throw Diagnostic("'if' needs a bool condition, found \(other.typeName)", at: condition.span)
        }
    }
}

final class BlockNode: Node {
    let statements: [Node]
    let result: Node
    init(_ statements: [Node], result: Node, span: SourceSpan) { self.statements = statements; self.result = result; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        for statement in statements { _ = try statement.evaluate(vm) }
        return try result.evaluate(vm)
    }
}

final class SetLocalNode: Node {
    let slot: Int
    let value: Node
    init(slot: Int, value: Node, span: SourceSpan) { self.slot = slot; self.value = value; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        vm.stack[vm.base + slot] = try value.evaluate(vm)
        return .null
    }
}

final class SetGlobalNode: Node {
    let slot: Int
    let value: Node
    init(slot: Int, value: Node, span: SourceSpan) { self.slot = slot; self.value = value; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        vm.globals.set(try value.evaluate(vm), at: slot)
        return .null
    }
}

/// Where a closure's captured value comes from in the enclosing frame.
enum CaptureSource {
    case local(Int)
    case capture(Int)
    case enclosingSelf
}

final class MakeClosureNode: Node {
    let proto: FunctionProto
    let sources: [CaptureSource]
    init(proto: FunctionProto, sources: [CaptureSource], span: SourceSpan) { self.proto = proto; self.sources = sources; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        var captured: [Value] = []
        captured.reserveCapacity(sources.count)
        for source in sources {
            switch source {
            case .local(let slot): captured.append(vm.stack[vm.base + slot])
            case .capture(let index): captured.append(vm.currentClosure?.captures[index] ?? .null)
            case .enclosingSelf: captured.append(vm.currentClosure.map(Value.closure) ?? .null)
            }
        }
        return .closure(Closure(proto: proto, captures: captured))
    }
}

final class TryNode: Node {
    let body: Node
    let slot: Int
    let handler: Node
    init(body: Node, slot: Int, handler: Node, span: SourceSpan) { self.body = body; self.slot = slot; self.handler = handler; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let savedStack = vm.stack.count
        let savedDepth = vm.callDepth
        do {
            return try body.evaluate(vm)
        } catch {
            // Interrupts and time limits are not the program's to catch.
            if error.kind == .interrupted { throw error }
            if vm.stack.count > savedStack { vm.stack.truncate(to: savedStack) }
            vm.callDepth = savedDepth
            vm.stack[vm.base + slot] = error.payload ?? .string(error.message)
            return try handler.evaluate(vm)
        }
    }
}

final class UseNode: Node {
    let path: String
    init(path: String, span: SourceSpan) { self.path = path; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        guard let loader = vm.scriptLoader else {
            throw Diagnostic("'use' is not available here", at: span)
        }
        try loader(path, span, vm)
        return .null
    }
}

/// `f"…{x}…"`: strings are inserted as they are, other values as they display; `{x:.2f}` fixes decimals.
final class InterpolationNode: Node {
    let pieces: [(text: String, node: Node?, format: NumberFormat?)]
    init(_ pieces: [(text: String, node: Node?, format: NumberFormat?)], span: SourceSpan) { self.pieces = pieces; super.init(span: span) }
    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        var out = ""
        for piece in pieces {
            guard let node = piece.node else {
                out += piece.text
                continue
            }
            let value = try node.evaluate(vm)
            if let format = piece.format {
                let number: Double
                switch value {
                case .int(let i): number = Double(i)
                case .float(let f): number = f
                case .null: out += "null"; continue
                default: throw Diagnostic("the format .\(format.decimals)f needs a number, found \(value.typeName)", at: node.span)
                }
                out += formatFixed(number, decimals: format.decimals)
                continue
            }
            switch value {
            case .string(let s): out += s
            case .column: throw Diagnostic("an f-string cannot show a column expression", at: node.span, hint: "compute the column with with(df, …) first")
            default: out += value.debugDescription
            }
        }
        return .string(out)
    }
}
