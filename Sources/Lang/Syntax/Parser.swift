/// A recursive-descent parser from tokens to `Statement`s; it stops at the first error.
///
/// Grammar, lowest precedence first:
/// ```
/// statement  -> "let" NAME "=" expression | "fn" NAME "(" params ")" "=" expression
///             | "use" STRING | expression
/// expression -> lambda | "if" expression "then" expression "else" expression
///             | "try" expression "catch" NAME "=>" expression | coalesce
/// coalesce   -> or ("??" or)*
/// or         -> and ("or" and)*
/// and        -> not ("and" not)*
/// not        -> "not" not | comparison
/// comparison -> pipe (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") pipe)?
/// pipe       -> additive ("|>" postfix)*
/// additive   -> term (("+" | "-") term)*
/// term       -> unary (("*" | "/" | "%") unary)*
/// unary      -> "-" unary | postfix
/// postfix    -> primary ("(" arguments ")" | "[" expression "]" | "." (NAME | STRING))*
/// arguments  -> ((NAME | STRING) ":")? expression ("," …)*   (positional ones first)
/// ```
public struct Parser {
    let source: SourceFile
    let tokens: [Token]
    var position = 0
    var depth = 0
    /// Deeper nesting than this is reported instead of exhausting the stack.
    static let maximumDepth = 200
    /// Operators, calls, indexes and field reads written so far in the current top-level statement.
    var operators = 0
    /// Whether the expression parsed last ended with a pipe (`x |> f(…)`), for the hint when an
    /// operator follows it: the pipe's target is only the call after `|>`.
    var endedInPipe = false
    /// More operators than this in one statement are reported while parsing: a chain such as
    /// `1 + 1 + …` is parsed by a loop but builds a tree as tall as the chain is long, and even
    /// freeing a tree recurses its height, so a megabyte of `+ 1` must stop before it is built.
    static let maximumOperators = 10_000
    /// A statement's tree may be at most this tall (levels of operators, calls and nesting):
    /// compiling it recurses the height with frames of a few KiB in a debug build, which the
    /// main thread's 8 MiB stack holds with room to spare.
    static let maximumHeight = 1_000

    private init(source: SourceFile, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole script, cell or REPL entry.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> [Statement] {
        let source = source.registered()
        let tokens = try Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens)
        return try parser.parseProgram()
    }

    // MARK: - Statements

    private mutating func parseProgram() throws(Diagnostic) -> [Statement] {
        var statements: [Statement] = []
        skipSeparators()
        while !check(.end) {
            operators = 0
            var statement = try parseStatement()
            if case .symbol(.rightParen) = current.kind { throw unexpected("unmatched ')'") }
            if case .symbol(.rightBracket) = current.kind { throw unexpected("unmatched ']'") }
            if case .symbol(.rightBrace) = current.kind { throw unexpected("unmatched '}'") }
            guard check(.newline) || check(.symbol(.semicolon)) || check(.end) else {
                throw unexpected("expected the end of the statement, found \(current.kind.describedForMessage)", hint: operatorAfterPipeHint)
            }
            if check(.symbol(.semicolon)), case .expression(let e, _) = statement {
                statement = .expression(e, displayed: false)
            }
            if let deep = statement.nodeDeeper(than: Parser.maximumHeight) {
                throw Diagnostic("expression too deep (more than \(Parser.maximumHeight) levels of operators and calls)", at: deep,
                                 hint: "split it into several let bindings", kind: .syntax)
            }
            statements.append(statement)
            skipSeparators()
        }
        return statements
    }

    private mutating func skipSeparators() {
        while check(.newline) || check(.symbol(.semicolon)) { advance() }
    }

    private mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current.start
        if match(.keyword(.let)) {
            let name = try expectIdentifier("a name after 'let'")
            try expect(.symbol(.equal), "expected '=' after 'let \(name)'")
            let value = try parseExpression()
            return .binding(name: name, value: value, span: span(from: start))
        }
        if match(.keyword(.fn)) {
            let name = try expectIdentifier("a function name after 'fn'")
            try expect(.symbol(.leftParen), "expected '(' after 'fn \(name)'")
            let parameters = try parseParameters()
            try expect(.symbol(.equal), "expected '=' before the body of '\(name)'", hint: "write fn \(name)(…) = expression")
            let body = try parseExpression()
            return .function(FunctionSyntax(name: name, parameters: parameters, body: body, span: span(from: start)))
        }
        if match(.keyword(.use)) {
            guard case .string(let path) = current.kind else { throw unexpected("expected a quoted path after 'use'") }
            advance()
            return .use(path: path, span: span(from: start))
        }
        return .expression(try parseExpression(), displayed: true)
    }

    /// Parses `a, b: default)` after an opening parenthesis.
    private mutating func parseParameters() throws(Diagnostic) -> [Parameter] {
        var parameters: [Parameter] = []
        while !match(.symbol(.rightParen)) {
            let start = current.start
            let name = try expectIdentifier("a parameter name")
            if parameters.contains(where: { $0.name == name }) {
                throw Diagnostic("duplicate parameter '\(name)'", at: span(from: start), kind: .syntax)
            }
            var defaultValue: Syntax?
            if match(.symbol(.colon)) { defaultValue = try parseExpression() }
            parameters.append(Parameter(name: name, defaultValue: defaultValue, span: span(from: start)))
            if !check(.symbol(.rightParen)) {
                try expect(.symbol(.comma), "expected ',' or ')' in the parameter list")
            }
        }
        return parameters
    }

    // MARK: - Expressions

    private mutating func parseExpression() throws(Diagnostic) -> Syntax {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw Diagnostic("expression nested too deeply (more than \(Parser.maximumDepth) levels)", at: currentSpan, kind: .syntax)
        }
        let start = current.start
        if isLambdaAhead() { return try parseLambda() }
        if match(.keyword(.if)) {
            let condition = try parseExpression()
            try expect(.keyword(.then), "expected 'then' after the condition of 'if'")
            let whenTrue = try parseExpression()
            try expect(.keyword(.else), "expected 'else' after the 'then' branch", hint: "every 'if' needs an 'else'")
            let whenFalse = try parseExpression()
            return .conditional(condition, whenTrue, whenFalse, span(from: start))
        }
        if match(.keyword(.try)) {
            let body = try parseExpression()
            try expect(.keyword(.catch), "expected 'catch' after the body of 'try'", hint: "write try expression catch e => handler")
            let name = try expectIdentifier("a name after 'catch'")
            try expect(.symbol(.arrow), "expected '=>' after 'catch \(name)'")
            let handler = try parseExpression()
            return .tryCatch(body, name, handler, span(from: start))
        }
        return try parseCoalesce()
    }

    private mutating func parsePipe() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseAdditive()
        var piped = false
        while match(.symbol(.pipe)) {
            piped = true
            try countOperator()
            let target = try parsePostfix()
            switch target {
            case .call(let callee, let arguments, _):
                left = .call(callee, [CallArgument(label: nil, labelSpan: nil, value: left)] + arguments, span(from: start))
            default:
                left = .call(target, [CallArgument(label: nil, labelSpan: nil, value: left)], span(from: start))
            }
        }
        endedInPipe = piped
        return left
    }

    private mutating func parseCoalesce() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseOr()
        while match(.symbol(.coalesce)) {
            try countOperator()
            left = .binary(.coalesce, left, try parseOr(), span(from: start))
        }
        return left
    }

    private mutating func parseOr() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseAnd()
        while match(.keyword(.or)) {
            try countOperator()
            left = .binary(.or, left, try parseAnd(), span(from: start))
        }
        return left
    }

    private mutating func parseAnd() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseNot()
        while match(.keyword(.and)) {
            try countOperator()
            left = .binary(.and, left, try parseNot(), span(from: start))
        }
        return left
    }

    private mutating func parseNot() throws(Diagnostic) -> Syntax {
        let start = current.start
        if match(.keyword(.not)) {
            let operand = try nested { (p: inout Parser) throws(Diagnostic) in try p.parseNot() }
            return .unary(.not, operand, span(from: start))
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Diagnostic) -> Syntax {
        let start = current.start
        let left = try parsePipe()
        guard let op = comparisonOperator(current.kind) else { return left }
        advance()
        let right = try parsePipe()
        if comparisonOperator(current.kind) != nil {
            throw unexpected("comparisons cannot be chained", hint: "combine them with 'and', e.g. a < b and b < c")
        }
        return .binary(op, left, right, span(from: start))
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .symbol(.equalEqual): return .equal
        case .symbol(.bangEqual): return .notEqual
        case .symbol(.less): return .less
        case .symbol(.lessEqual): return .lessEqual
        case .symbol(.greater): return .greater
        case .symbol(.greaterEqual): return .greaterEqual
        case .keyword(.in): return .in
        default: return nil
        }
    }

    private mutating func parseAdditive() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseTerm()
        while true {
            let op: BinaryOperator
            if match(.symbol(.plus)) { op = .add } else if match(.symbol(.minus)) { op = .subtract } else { break }
            try countOperator()
            left = .binary(op, left, try parseTerm(), span(from: start))
        }
        return left
    }

    private mutating func parseTerm() throws(Diagnostic) -> Syntax {
        let start = current.start
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            if match(.symbol(.star)) {
                op = .multiply
            } else if match(.symbol(.slash)) {
                op = .divide
            } else if match(.symbol(.percent)) {
                op = .remainder
            } else {
                break
            }
            try countOperator()
            left = .binary(op, left, try parseUnary(), span(from: start))
        }
        return left
    }

    private mutating func parseUnary() throws(Diagnostic) -> Syntax {
        let start = current.start
        if match(.symbol(.minus)) {
            let operand = try nested { (p: inout Parser) throws(Diagnostic) in try p.parseUnary() }
            // Fold `-3` into a literal: constant negative numbers need no work at run time.
            if case .literal(.int(let v), _) = operand { return .literal(.int(0 &- v), span(from: start)) }
            if case .literal(.float(let v), _) = operand { return .literal(.float(-v), span(from: start)) }
            if case .literal(.duration(let v), _) = operand { return .literal(.duration(0 &- v), span(from: start)) }
            return .unary(.negate, operand, span(from: start))
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(Diagnostic) -> Syntax {
        let start = current.start
        var expression = try parsePrimary()
        while true {
            let isPostfix = !current.spaceBefore
                && (check(.symbol(.leftParen)) || check(.symbol(.leftBracket)) || check(.symbol(.dot)))
            if isPostfix { try countOperator() }
            if check(.symbol(.leftParen)) && !current.spaceBefore {
                advance()
                let arguments = try parseArguments()
                expression = .call(expression, arguments, span(from: start))
            } else if check(.symbol(.leftBracket)) && !current.spaceBefore {
                advance()
                let index = try parseExpression()
                try expect(.symbol(.rightBracket), "expected ']' after the index")
                expression = .index(expression, index, span(from: start))
            } else if check(.symbol(.dot)) && !current.spaceBefore {
                advance()
                // `df."Solar.R"` reads a field or column whose name is not an identifier, as `."Solar.R"` refers to it.
                let name: String
                switch current.kind {
                case .identifier(let identifier) where !current.spaceBefore: name = identifier
                case .string(let quoted) where !current.spaceBefore: name = quoted
                default: throw unexpected("expected a field name after '.'")
                }
                advance()
                expression = .member(expression, name, span(from: start))
            } else {
                return expression
            }
        }
    }

    /// Parses `a, b: 1)` after an opening parenthesis; named arguments may not repeat. A label may
    /// be quoted, as a record key may, for names that are not identifiers: `rename(df, "Solar.R": "solar")`.
    private mutating func parseArguments() throws(Diagnostic) -> [CallArgument] {
        var arguments: [CallArgument] = []
        while !match(.symbol(.rightParen)) {
            if check(.end) { throw unexpected("expected ')' to close the argument list") }
            var label: String?
            var labelSpan: SourceSpan?
            if let name = Self.argumentLabel(current, peek(1)) {
                let labelStart = current.start
                labelSpan = currentSpan
                if arguments.contains(where: { $0.label == name }) {
                    throw Diagnostic("argument '\(name)' given twice", at: SourceSpan(source: source, start: labelStart, end: current.end), kind: .syntax)
                }
                label = name
                advance()
                advance()
            } else if let name = Self.columnLabel(current, peek(1), peek(2)) {
                // `rename(df, ."Solar.R": "solar")`: the column reference spelling used as a label.
                throw Diagnostic("a label is a plain name, not a column reference",
                                 at: SourceSpan(source: source, start: current.start, end: peek(1).end),
                                 hint: "drop the dot: \(Self.labelSpelling(name)): …", kind: .syntax)
            } else if arguments.contains(where: { $0.label != nil }) {
                throw unexpected("positional argument after a named one", hint: "put positional arguments first")
            }
            arguments.append(CallArgument(label: label, labelSpan: labelSpan, value: try parseExpression()))
            if check(.end) { throw unexpected("expected ')' to close the argument list") }
            if !check(.symbol(.rightParen)) {
                try expect(.symbol(.comma), "expected ',' or ')' after an argument", hint: operatorAfterPipeHint)
            }
        }
        return arguments
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Syntax {
        let token = current
        let start = token.start
        switch token.kind {
        case .integer(let v): advance(); return .literal(.int(v), span(from: start))
        case .float(let v): advance(); return .literal(.float(v), span(from: start))
        case .string(let s): advance(); return .literal(.string(s), span(from: start))
        case .template(let parts):
            advance()
            return try parseTemplate(parts, span: span(from: start))
        case .timestamp(let t): advance(); return .literal(.timestamp(t), span(from: start))
        case .duration(var total):
            advance()
            // `7d 12h 30m` is one literal: adjacent durations add up.
            while case .duration(let more) = current.kind {
                let (sum, overflow) = total.addingReportingOverflow(more)
                if overflow { throw Diagnostic("duration is too large", at: span(from: start), kind: .syntax) }
                total = sum
                advance()
            }
            return .literal(.duration(total), span(from: start))
        case .keyword(.true): advance(); return .literal(.bool(true), span(from: start))
        case .keyword(.false): advance(); return .literal(.bool(false), span(from: start))
        case .keyword(.null): advance(); return .literal(.null, span(from: start))
        case .identifier(let name): advance(); return .name(name, span(from: start))
        case .symbol(.dot):
            advance()
            switch current.kind {
            case .identifier(let name) where !current.spaceBefore:
                advance()
                return .column(name, span(from: start))
            case .string(let name) where !current.spaceBefore:
                advance()
                return .column(name, span(from: start))
            default:
                throw Diagnostic("expected a column name after '.'", at: span(from: start), hint: "write .name or .\"name with spaces\"", kind: .syntax)
            }
        case .symbol(.leftParen):
            advance()
            skipNewlines()
            let inner = try parseExpression()
            skipNewlines()
            try expect(.symbol(.rightParen), "expected ')' to close '('")
            return inner
        case .symbol(.leftBracket):
            advance()
            var elements: [Syntax] = []
            skipNewlines()
            while !match(.symbol(.rightBracket)) {
                if check(.end) { throw unexpected("expected ']' to close the list") }
                elements.append(try parseExpression())
                skipNewlines()
                if check(.end) { throw unexpected("expected ']' to close the list") }
                if !check(.symbol(.rightBracket)) { try expect(.symbol(.comma), "expected ',' or ']' in the list") }
                skipNewlines()
            }
            return .list(elements, span(from: start))
        case .symbol(.leftBrace):
            advance()
            skipNewlines()
            if isRecordAhead() { return try parseRecord(start: start) }
            return try parseBlock(start: start)
        case .end:
            throw unexpected("unexpected end of input")
        default:
            throw unexpected("expected an expression, found \(token.kind.describedForMessage)")
        }
    }

    /// Parses the expressions embedded in an f-string, each on its own token stream.
    private mutating func parseTemplate(_ parts: [TemplatePart], span: SourceSpan) throws(Diagnostic) -> Syntax {
        var pieces: [InterpolationPiece] = []
        for part in parts {
            switch part {
            case .text(let text):
                pieces.append(.text(text))
            case .expression(let range, let spec):
                let tokens = try Lexer.tokenize(source, range: range)
                var inner = Parser(source: source, tokens: tokens)
                inner.depth = depth
                inner.operators = operators
                let expression = try inner.parseExpression()
                operators = inner.operators
                guard inner.check(.end) else {
                    throw inner.unexpected("expected '}' after the expression in the f-string, found \(inner.current.kind.describedForMessage)")
                }
                let format = try spec.map { (text: String) throws(Diagnostic) -> NumberFormat in
                    guard let parsed = NumberFormat(spec: text) else {
                        let end = range.upperBound + 1 + text.utf8.count
                        throw Diagnostic("unsupported format '\(text)' in f-string", at: SourceSpan(source: source, start: range.upperBound, end: end),
                                         hint: "write {x:.2f} for two decimals", kind: .syntax)
                    }
                    return parsed
                }
                pieces.append(.value(expression, format))
            }
        }
        return .interpolation(pieces, span)
    }

    private func isRecordAhead() -> Bool {
        if case .symbol(.rightBrace) = current.kind { return true }
        switch current.kind {
        case .identifier, .string:
            if case .symbol(.colon) = peek(1).kind { return true }
            return false
        default:
            return false
        }
    }

    private mutating func parseRecord(start: Int) throws(Diagnostic) -> Syntax {
        var fields: [(String, Syntax)] = []
        while !match(.symbol(.rightBrace)) {
            let keyStart = current.start
            let key: String
            switch current.kind {
            case .identifier(let name): key = name
            case .string(let name): key = name
            default: throw unexpected("expected a field name in the record")
            }
            advance()
            if fields.contains(where: { $0.0 == key }) {
                throw Diagnostic("field '\(key)' appears twice in the record", at: span(from: keyStart), kind: .syntax)
            }
            try expect(.symbol(.colon), "expected ':' after the field name '\(key)'")
            fields.append((key, try parseExpression()))
            skipNewlines()
            if !check(.symbol(.rightBrace)) { try expect(.symbol(.comma), "expected ',' or '}' in the record") }
            skipNewlines()
            if check(.end) { throw unexpected("expected '}' to close the record") }
        }
        return .record(fields, span(from: start))
    }

    private mutating func parseBlock(start: Int) throws(Diagnostic) -> Syntax {
        var statements: [Statement] = []
        skipSeparators()
        while !check(.symbol(.rightBrace)) {
            if check(.end) { throw unexpected("expected '}' to close the block") }
            if case .keyword(.use) = current.kind { throw unexpected("'use' is only allowed at the top level") }
            statements.append(try parseStatement())
            if !check(.symbol(.rightBrace)) {
                guard check(.newline) || check(.symbol(.semicolon)) else {
                    throw unexpected("expected ';', a line break or '}' after the statement")
                }
            }
            skipSeparators()
        }
        let end = current.end
        advance()
        let blockSpan = SourceSpan(source: source, start: start, end: end)
        guard case .expression(let result, _)? = statements.last else {
            throw Diagnostic("a block must end with an expression", at: blockSpan,
                             hint: "add the value of the block as its last line", kind: .syntax)
        }
        statements.removeLast()
        return .block(statements, result, blockSpan)
    }

    // MARK: - Lambdas

    /// A lambda starts with `name =>` or with a parenthesised list followed by `=>`.
    private func isLambdaAhead() -> Bool {
        if case .identifier = current.kind, case .symbol(.arrow) = peek(1).kind { return true }
        guard case .symbol(.leftParen) = current.kind else { return false }
        var level = 0
        var offset = 0
        while position + offset < tokens.count {
            switch tokens[position + offset].kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): level += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace):
                level -= 1
                if level == 0 {
                    if case .symbol(.arrow) = peek(offset + 1).kind { return true }
                    return false
                }
            case .end: return false
            default: break
            }
            offset += 1
        }
        return false
    }

    private mutating func parseLambda() throws(Diagnostic) -> Syntax {
        let start = current.start
        var parameters: [Parameter]
        if case .identifier(let name) = current.kind {
            parameters = [Parameter(name: name, defaultValue: nil, span: currentSpan)]
            advance()
        } else {
            advance()
            parameters = try parseParameters()
        }
        try expect(.symbol(.arrow), "expected '=>' in the lambda")
        let body = try parseExpression()
        return .lambda(FunctionSyntax(name: nil, parameters: parameters, body: body, span: span(from: start)))
    }
}
