/// A call of a closure or builtin; pipes compile to calls with the piped value first.
final class CallNode: Node {
    let callee: Node
    let positional: [Node]
    let named: [(label: String, value: Node, span: SourceSpan)]

    init(callee: Node, positional: [Node], named: [(label: String, value: Node, span: SourceSpan)], span: SourceSpan) {
        self.callee = callee
        self.positional = positional
        self.named = named
        super.init(span: span)
    }

    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        try call(try callee.evaluate(vm), vm)
    }

    /// Calls an already evaluated callee with this node's arguments.
    func call(_ function: Value, _ vm: Interpreter) throws(Diagnostic) -> Value {
        switch function {
        case .closure(let closure):
            // Arguments go straight onto the stack where the callee's frame begins; an error
            // part-way leaves them for the enclosing frame's cleanup to remove.
            let newBase = vm.stack.count
            for index in positional.indices {
                let value = try positional[index].evaluate(vm)
                vm.stack.push(value)
            }
            var namedValues: [(String, Value, SourceSpan)] = []
            if !named.isEmpty {
                namedValues.reserveCapacity(named.count)
                for argument in named { namedValues.append((argument.label, try argument.value.evaluate(vm), argument.span)) }
            }
            return try vm.invoke(closure, newBase: newBase, positionalCount: positional.count, named: namedValues, at: span)
        case .builtin(let builtin):
            var values: [(Value, SourceSpan)] = []
            values.reserveCapacity(positional.count)
            for argument in positional { values.append((try argument.evaluate(vm), argument.span)) }
            var namedValues: [(String, Value, SourceSpan)] = []
            for argument in named { namedValues.append((argument.label, try argument.value.evaluate(vm), argument.span)) }
            var arguments = try vm.bind(builtin, positional: values, named: namedValues, at: span)
            if builtin.isElementwise, let lifted = liftToColumn(builtin, arguments) { return lifted }
            return try builtin.body(&arguments, vm)
        default:
            throw Diagnostic("\(function.typeName) is not a function", at: callee.span,
                             hint: function.typeName == "column expression" ? "column functions are called as f(.col), not .col()" : nil)
        }
    }

    /// An element-wise builtin given a column expression becomes a column expression itself.
    private func liftToColumn(_ builtin: Builtin, _ arguments: Arguments) -> Value? {
        let all = arguments.slots.map { $0?.value } + arguments.rest.map { Optional($0.value) }
        guard all.contains(where: { if case .column? = $0 { return true } else { return false } }) else { return nil }
        // Omitted trailing parameters are left for the engine's defaults.
        var count = all.count
        while count > 1, all[count - 1] == nil { count -= 1 }
        let operands = all[..<count].map { $0.map(ColumnExpr.operand) ?? .literal(.null) }
        return .column(.call(builtin.name, operands, span))
    }
}

/// A call with one to three positional arguments and no named ones, the common case: children
/// held in single stored properties are read without the retain/release pair an array element costs.
final class FixedArityCallNode: Node {
    let callee: Node
    let arity: Int
    let first: Node, second: Node, third: Node
    /// The general form, for builtins and error reporting.
    let general: CallNode
    /// The global slot of the callee, when it is a top-level name.
    let globalSlot: Int?

    init(_ general: CallNode) {
        self.general = general
        self.callee = general.callee
        self.arity = general.positional.count
        self.globalSlot = (general.callee as? GlobalNode)?.slot
        let filler = general.callee
        first = general.positional.count > 0 ? general.positional[0] : filler
        second = general.positional.count > 1 ? general.positional[1] : filler
        third = general.positional.count > 2 ? general.positional[2] : filler
        super.init(span: general.span)
    }

    override func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        // A named function is borrowed from its global slot without reference counting.
        if let global = globalSlot, let unmanaged = vm.globals.closure(at: global) {
            var failure: Diagnostic?
            let value = unmanaged._withUnsafeGuaranteedRef { closure -> Value in
                do throws(Diagnostic) {
                    return try callClosure(closure, vm)
                } catch {
                    failure = error
                    return .null
                }
            }
            if let failure { throw failure }
            return value
        }
        let function = try callee.evaluate(vm)
        guard case .closure(let closure) = function else { return try general.call(function, vm) }
        return try callClosure(closure, vm)
    }

    @inline(__always)
    private func callClosure(_ closure: Closure, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let newBase = vm.stack.count
        vm.stack.push(try first.evaluate(vm))
        if arity > 1 { vm.stack.push(try second.evaluate(vm)) }
        if arity > 2 { vm.stack.push(try third.evaluate(vm)) }
        if arity == closure.parameterCount { return try vm.invoke(closure, newBase: newBase, at: span) }
        return try vm.invoke(closure, newBase: newBase, positionalCount: arity, named: [], at: span)
    }
}
