/// A call of a closure or builtin; pipes compile to calls with the piped value first.
final class CallNode: Node {
    let span: SourceSpan
    let callee: Node
    let positional: [Node]
    let named: [(label: String, value: Node, span: SourceSpan)]

    init(callee: Node, positional: [Node], named: [(label: String, value: Node, span: SourceSpan)], span: SourceSpan) {
        self.callee = callee
        self.positional = positional
        self.named = named
        self.span = span
    }

    func evaluate(_ vm: Interpreter) throws(Diagnostic) -> Value {
        let function = try callee.evaluate(vm)
        switch function {
        case .closure(let closure):
            // Arguments go straight onto the stack where the callee's frame begins; an error
            // part-way leaves them for the enclosing frame's cleanup to remove.
            let newBase = vm.stack.count
            for argument in positional {
                let value = try argument.evaluate(vm)
                vm.stack.append(value)
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
