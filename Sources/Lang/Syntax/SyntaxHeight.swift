/// How tall a syntax tree is: compiling and running a tree recurse its height, so the parser
/// refuses a statement taller than `Parser.maximumHeight` (a chain such as `1 + 1 + …` is parsed
/// by a loop, yet builds a tree as tall as the chain is long).
extension Statement {
    /// The span of a node deeper than `limit` levels, or nil when the statement fits; walks the
    /// tree with a work list, so the check itself cannot exhaust the stack.
    func nodeDeeper(than limit: Int) -> SourceSpan? {
        var pending: [(syntax: Syntax, depth: Int)] = []
        func push(_ statement: Statement, _ depth: Int) {
            switch statement {
            case .binding(_, let value, _): pending.append((value, depth))
            case .function(let function): push(function, depth)
            case .use: break
            case .expression(let expression, _): pending.append((expression, depth))
            }
        }
        func push(_ function: FunctionSyntax, _ depth: Int) {
            pending.append((function.body, depth))
            for parameter in function.parameters {
                if let value = parameter.defaultValue { pending.append((value, depth)) }
            }
        }
        push(self, 1)
        while let (syntax, depth) = pending.popLast() {
            if depth > limit { return syntax.span }
            let next = depth + 1
            switch syntax {
            case .literal, .name, .column: break
            case .list(let items, _): for item in items { pending.append((item, next)) }
            case .record(let fields, _): for (_, value) in fields { pending.append((value, next)) }
            case .unary(_, let operand, _), .member(let operand, _, _): pending.append((operand, next))
            case .binary(_, let left, let right, _), .index(let left, let right, _):
                pending.append((left, next))
                pending.append((right, next))
            case .call(let callee, let arguments, _):
                pending.append((callee, next))
                for argument in arguments { pending.append((argument.value, next)) }
            case .conditional(let condition, let whenTrue, let whenFalse, _):
                pending.append((condition, next))
                pending.append((whenTrue, next))
                pending.append((whenFalse, next))
            case .block(let statements, let result, _):
                for statement in statements { push(statement, next) }
                pending.append((result, next))
            case .lambda(let function): push(function, next)
            case .tryCatch(let body, _, let handler, _):
                pending.append((body, next))
                pending.append((handler, next))
            case .interpolation(let pieces, _):
                for case .value(let value, _) in pieces { pending.append((value, next)) }
            }
        }
        return nil
    }
}
