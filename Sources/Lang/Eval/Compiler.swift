/// Resolves a parsed unit into executable nodes: every name becomes a local slot, a captured
/// value, a global slot or a builtin, so evaluation never looks a name up.
final class Compiler {
    /// A compiled top-level statement: its node, whether its value is displayed, and the local
    /// slots its frame needs (for blocks and `try` at the top level).
    struct TopLevel {
        var node: Node
        var displayed: Bool
        var frameSize: Int
    }

    /// The names visible in one function body (or the unit's top level), and what it captures.
    final class Scope {
        let parent: Scope?
        let selfName: String?
        let isTopLevel: Bool
        var locals: [(name: String, slot: Int)] = []
        var nextSlot = 0
        var frameSize = 0
        var captureNames: [String] = []
        var captureSources: [CaptureSource] = []

        init(parent: Scope?, selfName: String?, isTopLevel: Bool) {
            self.parent = parent
            self.selfName = selfName
            self.isTopLevel = isTopLevel
        }

        func declare(_ name: String) -> Int {
            let slot = nextSlot
            nextSlot += 1
            frameSize = max(frameSize, nextSlot)
            locals.append((name, slot))
            return slot
        }
    }

    private enum Resolution {
        case local(Int), capture(Int), selfReference
    }

    private let vm: Interpreter
    private var scope: Scope
    /// Block nesting at the top level: a `let` directly in the unit binds a global, inside a block a local.
    private var blockDepth = 0

    init(interpreter: Interpreter) {
        self.vm = interpreter
        self.scope = Scope(parent: nil, selfName: nil, isTopLevel: true)
    }

    /// Declares the unit's top-level `let` and `fn` names before any of it runs, so functions
    /// may refer to each other in any order.
    static func declareTopLevelNames(of statements: [Statement], in globals: Globals) {
        for statement in statements {
            switch statement {
            case .binding(let name, _, _): _ = globals.slot(for: name)
            case .function(let f): if let name = f.name { _ = globals.slot(for: name) }
            default: break
            }
        }
    }

    func compileTopLevel(_ statement: Statement) throws(Diagnostic) -> TopLevel {
        switch statement {
        case .expression(let e, let displayed):
            let node = try compile(e)
            return TopLevel(node: node, displayed: displayed, frameSize: scope.frameSize)
        default:
            let node = try compileStatement(statement)
            return TopLevel(node: node, displayed: false, frameSize: scope.frameSize)
        }
    }

    private var bindsGlobals: Bool { scope.isTopLevel && blockDepth == 0 }

    private func compileStatement(_ statement: Statement) throws(Diagnostic) -> Node {
        switch statement {
        case .binding(let name, let valueSyntax, let span):
            let value = try compile(valueSyntax)
            if bindsGlobals { return SetGlobalNode(slot: vm.globals.slot(for: name), value: value, span: span) }
            return SetLocalNode(slot: scope.declare(name), value: value, span: span)
        case .function(let f):
            let name = f.name ?? "lambda"
            if bindsGlobals {
                return SetGlobalNode(slot: vm.globals.slot(for: name), value: try compileFunction(f, selfName: nil), span: f.span)
            }
            let closure = try compileFunction(f, selfName: name)
            return SetLocalNode(slot: scope.declare(name), value: closure, span: f.span)
        case .use(let path, let span):
            return UseNode(path: path, span: span)
        case .expression(let e, _):
            return try compile(e)
        }
    }

    // MARK: - Expressions

    private func compile(_ syntax: Syntax) throws(Diagnostic) -> Node {
        switch syntax {
        case .literal(let value, let span):
            return ConstantNode(value, span: span)
        case .name(let name, let span):
            return try resolveName(name, span: span)
        case .column(let name, let span):
            return ConstantNode(.column(.column(name, span)), span: span)
        case .list(let elements, let span):
            var nodes: [Node] = []
            for element in elements { nodes.append(try compile(element)) }
            return ListNode(nodes, span: span)
        case .record(let fields, let span):
            var nodes: [Node] = []
            for (_, value) in fields { nodes.append(try compile(value)) }
            return RecordNode(keys: fields.map(\.0), values: nodes, span: span)
        case .unary(let op, let operand, let span):
            return UnaryNode(op, try compile(operand), span: span)
        case .binary(let op, let left, let right, let span):
            let l = try compile(left)
            let r = try compile(right)
            switch op {
            case .and: return LogicalNode(isAnd: true, l, r, span: span)
            case .or: return LogicalNode(isAnd: false, l, r, span: span)
            case .coalesce: return CoalesceNode(l, r, span: span)
            default: return makeBinaryNode(op, l, r, span: span)
            }
        case .call(let callee, let arguments, let span):
            let calleeNode = try compile(callee)
            var positional: [Node] = []
            var named: [(label: String, value: Node, span: SourceSpan)] = []
            for argument in arguments {
                let node = try compile(argument.value)
                if let label = argument.label {
                    named.append((label, node, argument.labelSpan ?? argument.value.span))
                } else {
                    positional.append(node)
                }
            }
            let call = CallNode(callee: calleeNode, positional: positional, named: named, span: span)
            if named.isEmpty && (1...3).contains(positional.count) { return FixedArityCallNode(call) }
            return call
        case .member(let target, let name, let span):
            return MemberNode(try compile(target), name: name, span: span)
        case .index(let target, let index, let span):
            return IndexNode(try compile(target), try compile(index), span: span)
        case .conditional(let condition, let whenTrue, let whenFalse, let span):
            return IfNode(try compile(condition), try compile(whenTrue), try compile(whenFalse), span: span)
        case .block(let statements, let result, let span):
            return try inBlock { () throws(Diagnostic) -> Node in
                var nodes: [Node] = []
                for statement in statements { nodes.append(try compileStatement(statement)) }
                return BlockNode(nodes, result: try compile(result), span: span)
            }
        case .lambda(let f):
            return try compileFunction(f, selfName: nil)
        case .interpolation(let pieces, let span):
            var compiled: [(text: String, node: Node?, format: NumberFormat?)] = []
            for piece in pieces {
                switch piece {
                case .text(let text): compiled.append((text, nil, nil))
                case .value(let expression, let format): compiled.append(("", try compile(expression), format))
                }
            }
            return InterpolationNode(compiled, span: span)
        case .tryCatch(let body, let name, let handler, let span):
            let bodyNode = try compile(body)
            return try inBlock { () throws(Diagnostic) -> Node in
                let slot = scope.declare(name)
                return TryNode(body: bodyNode, slot: slot, handler: try compile(handler), span: span)
            }
        }
    }

    /// Runs `body` in a nested block scope; its locals go out of scope (and their slots are reused) after.
    private func inBlock(_ body: () throws(Diagnostic) -> Node) throws(Diagnostic) -> Node {
        let savedLocals = scope.locals.count
        let savedSlot = scope.nextSlot
        blockDepth += 1
        defer {
            blockDepth -= 1
            scope.locals.removeLast(scope.locals.count - savedLocals)
            scope.nextSlot = savedSlot
        }
        return try body()
    }

    private func compileFunction(_ f: FunctionSyntax, selfName: String?) throws(Diagnostic) -> Node {
        let functionScope = Scope(parent: scope, selfName: selfName, isTopLevel: false)
        let enclosing = scope
        let enclosingDepth = blockDepth
        scope = functionScope
        blockDepth = 0
        defer {
            scope = enclosing
            blockDepth = enclosingDepth
        }
        for parameter in f.parameters { _ = functionScope.declare(parameter.name) }
        var defaults: [Node?] = []
        for parameter in f.parameters {
            if let value = parameter.defaultValue { defaults.append(try compile(value)) } else { defaults.append(nil) }
        }
        let body = try compile(f.body)
        let proto = FunctionProto(name: f.name, parameterNames: f.parameters.map(\.name), defaults: defaults,
                                  body: body, frameSize: functionScope.frameSize, span: f.span)
        return MakeClosureNode(proto: proto, sources: functionScope.captureSources, span: f.span)
    }

    // MARK: - Names

    private func resolveName(_ name: String, span: SourceSpan) throws(Diagnostic) -> Node {
        if let resolution = resolve(name, in: scope) {
            switch resolution {
            case .local(let slot): return LocalNode(slot: slot, span: span)
            case .capture(let index): return CaptureNode(index: index, span: span)
            case .selfReference: return SelfNode(span: span)
            }
        }
        if let slot = vm.globals.existingSlot(for: name) { return GlobalNode(slot: slot, name: name, span: span) }
        if let builtin = vm.builtins[name] { return ConstantNode(.builtin(builtin), span: span) }
        var candidates: [String] = []
        var walk: Scope? = scope
        while let current = walk {
            candidates += current.locals.map(\.name)
            walk = current.parent
        }
        candidates += vm.globals.names + vm.builtinNames
        let hint = closestName(to: name, among: candidates).map { "did you mean '\($0)'?" }
        throw Diagnostic("unknown name '\(name)'", at: span, hint: hint)
    }

    /// Finds a name in a function scope or, by capturing it, in an enclosing one.
    private func resolve(_ name: String, in scope: Scope) -> Resolution? {
        if let local = scope.locals.last(where: { $0.name == name }) { return .local(local.slot) }
        if scope.selfName == name { return .selfReference }
        if let index = scope.captureNames.firstIndex(of: name) { return .capture(index) }
        guard let parent = scope.parent, let outer = resolve(name, in: parent) else { return nil }
        let source: CaptureSource = switch outer {
        case .local(let slot): .local(slot)
        case .capture(let index): .capture(index)
        case .selfReference: .enclosingSelf
        }
        scope.captureNames.append(name)
        scope.captureSources.append(source)
        return .capture(scope.captureNames.count - 1)
    }
}
