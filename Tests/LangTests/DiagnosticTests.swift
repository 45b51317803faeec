import Testing
@testable import Lang

/// Malformed and ill-typed inputs, each with the diagnostic it must produce: line, column, message and hint.
@Suite struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        var line: Int
        var column: Int
        var message: String
        var hint: String? = nil
        var testDescription: String { source }
    }

    static let syntaxCases: [Case] = [
        Case(source: "1 +", line: 1, column: 4, message: "unexpected end of input"),
        Case(source: "(1 + 2", line: 1, column: 7, message: "expected ')' to close '(', found end of input"),
        Case(source: "[1, 2", line: 1, column: 6, message: "expected ']' to close the list"),
        Case(source: "f(1, 2", line: 1, column: 7, message: "expected ')' to close the argument list"),
        Case(source: "let = 3", line: 1, column: 5, message: "expected a name after 'let', found '='"),
        Case(source: "let x 3", line: 1, column: 7, message: "expected '=' after 'let x', found number 3"),
        Case(source: "let if = 3", line: 1, column: 5, message: "expected a name after 'let', found the keyword 'if'", hint: "keywords cannot be used as names"),
        Case(source: "\"abc", line: 1, column: 1, message: "unterminated string", hint: "add a closing \""),
        Case(source: "1 $ 2", line: 1, column: 3, message: "unexpected character '$'"),
        Case(source: "x = 1 é", line: 1, column: 7, message: "unexpected character 'é'"),
        Case(source: "12abc", line: 1, column: 1, message: "unknown number suffix 'abc'", hint: "durations use d, h, m, s, ms, us (e.g. 7d, 250ms)"),
        Case(source: "99999999999999999999", line: 1, column: 1, message: "integer literal 99999999999999999999 does not fit in 64 bits", hint: "write it as a float, e.g. 99999999999999999999.0"),
        Case(source: "@2024-13-01", line: 1, column: 1, message: "malformed timestamp '@2024-13-01'", hint: "write @2024-05-01 or @2024-05-01T06:30:00"),
        Case(source: "@2024-02-30", line: 1, column: 1, message: "malformed timestamp '@2024-02-30'", hint: "write @2024-05-01 or @2024-05-01T06:30:00"),
        Case(source: "\"a\\qb\"", line: 1, column: 3, message: "unknown escape '\\q' in string", hint: "use \\n, \\t, \\r, \\\", \\\\ or \\u{…}"),
        Case(source: "if true then 1", line: 1, column: 15, message: "expected 'else' after the 'then' branch, found end of input", hint: "every 'if' needs an 'else'"),
        Case(source: "if true 1 else 2", line: 1, column: 9, message: "expected 'then' after the condition of 'if', found number 1"),
        Case(source: "1 < 2 < 3", line: 1, column: 7, message: "comparisons cannot be chained", hint: "combine them with 'and', e.g. a < b and b < c"),
        Case(source: "f(a: 1, 2)", line: 1, column: 9, message: "positional argument after a named one", hint: "put positional arguments first"),
        Case(source: "f(a: 1, a: 2)", line: 1, column: 9, message: "argument 'a' given twice"),
        Case(source: "{a: 1, a: 2}", line: 1, column: 8, message: "field 'a' appears twice in the record"),
        Case(source: "fn f(a, a) = a", line: 1, column: 9, message: "duplicate parameter 'a'"),
        Case(source: "fn f(a) a", line: 1, column: 9, message: "expected '=' before the body of 'f', found name 'a'", hint: "write fn f(…) = expression"),
        Case(source: "{ let a = 1 }", line: 1, column: 1, message: "a block must end with an expression", hint: "add the value of the block as its last line"),
        Case(source: "1 2", line: 1, column: 3, message: "expected the end of the statement, found number 2"),
        Case(source: "f(1))", line: 1, column: 5, message: "unmatched ')'"),
        Case(source: "[1, 2]]", line: 1, column: 7, message: "unmatched ']'"),
        Case(source: "x.", line: 1, column: 3, message: "expected a field name after '.'"),
        Case(source: "filter(. x)", line: 1, column: 8, message: "expected a column name after '.'", hint: "write .name or .\"name with spaces\""),
        Case(source: "try 1", line: 1, column: 6, message: "expected 'catch' after the body of 'try', found end of input", hint: "write try expression catch e => handler"),
        Case(source: "try 1 catch => 2", line: 1, column: 13, message: "expected a name after 'catch', found '=>'"),
        Case(source: "use x", line: 1, column: 5, message: "expected a quoted path after 'use'"),
        Case(source: "1 +\n\n  * 2", line: 3, column: 3, message: "expected an expression, found '*'"),
        Case(source: "let a = 1\nlet b = (a +\n", line: 3, column: 1, message: "unexpected end of input"),
        Case(source: "{ 1 2 }", line: 1, column: 5, message: "expected ';', a line break or '}' after the statement"),
        Case(source: String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), line: 1, column: 201,
             message: "expression nested too deeply (more than 200 levels)"),
        Case(source: "\"\\u{110000}\"", line: 1, column: 2, message: "malformed unicode escape", hint: "write \\u{1F600}"),
        Case(source: "f\"a {1 +} b\"", line: 1, column: 9, message: "unexpected end of input"),
        Case(source: "f\"a {x", line: 1, column: 5, message: "unclosed '{' in f-string", hint: "close it with }, or write {{ for a literal brace"),
        Case(source: "f\"a } b\"", line: 1, column: 5, message: "unmatched '}' in f-string", hint: "write }} for a literal brace"),
        Case(source: "f\"{}\"", line: 1, column: 3, message: "empty expression in f-string"),
        Case(source: "f\"{1:x}\"", line: 1, column: 5, message: "unsupported format 'x' in f-string", hint: "write {x:.2f} for two decimals"),
        Case(source: "f\"{1 2}\"", line: 1, column: 6, message: "expected '}' after the expression in the f-string, found number 2"),
        Case(source: "7d 99999999999999d", line: 1, column: 4, message: "duration 99999999999999d is too large"),
    ]

    static let runtimeCases: [Case] = [
        Case(source: "undefined_thing", line: 1, column: 1, message: "unknown name 'undefined_thing'"),
        Case(source: "let count = 1\ncoutn + 1", line: 2, column: 1, message: "unknown name 'coutn'", hint: "did you mean 'count'?"),
        Case(source: "1 + \"a\"", line: 1, column: 1, message: "cannot add int and string"),
        Case(source: "\"a\" - 1", line: 1, column: 1, message: "cannot subtract int from string"),
        Case(source: "9223372036854775807 + 1", line: 1, column: 1, message: "integer overflow in '+'", hint: "convert to float first, e.g. float(x)"),
        Case(source: "5 % 0", line: 1, column: 1, message: "remainder by zero"),
        Case(source: "if 1 then 2 else 3", line: 1, column: 4, message: "'if' needs a bool condition, found int"),
        Case(source: "1 and true", line: 1, column: 1, message: "'and' needs bool operands, found int"),
        Case(source: "[1, 2][5]", line: 1, column: 8, message: "index 5 is out of range for a list of 2"),
        Case(source: "{a: 1}.b", line: 1, column: 1, message: "record has no field 'b'"),
        Case(source: "{alpha: 1}.alhpa", line: 1, column: 1, message: "record has no field 'alhpa'", hint: "did you mean .alpha?"),
        Case(source: "3(1)", line: 1, column: 1, message: "int is not a function"),
        Case(source: "fn f(a) = a\nf(1, 2)", line: 2, column: 1, message: "f takes 1 argument, got 2", hint: "f(a)"),
        Case(source: "fn f(a, b) = a\nf(1)", line: 2, column: 1, message: "f needs the argument 'b'", hint: "f(a, b)"),
        Case(source: "fn f(alpha) = alpha\nf(alhpa: 1)", line: 2, column: 3, message: "f has no parameter 'alhpa'", hint: "did you mean 'alpha'?"),
        Case(source: "fn f(n) = f(n + 1)\nf(0)", line: 1, column: 11, message: "recursion too deep (more than 10000 nested calls)", hint: "is a base case missing?"),
        Case(source: "-\"a\"", line: 1, column: 1, message: "cannot negate string"),
        Case(source: "1 < \"a\"", line: 1, column: 1, message: "cannot compare int and string"),
        Case(source: "@2024-01-01 + @2024-01-02", line: 1, column: 1, message: "cannot add timestamp and timestamp"),
        Case(source: "1 in 2", line: 1, column: 1, message: "'in' needs a list, record or string on the right, found int"),
        Case(source: "f\"{\"a\":.2f}\"", line: 1, column: 4, message: "the format .2f needs a number, found string"),
        Case(source: "let f = x => x\nf.a", line: 2, column: 1, message: "function has no fields", hint: "'.a' reads a field of a record or a column of a frame"),
    ]

    @Test(arguments: syntaxCases + runtimeCases)
    func producesDiagnostic(_ c: Case) throws {
        let found = try #require(diagnostic(c.source), "expected an error")
        #expect(found.message == c.message)
        let span = try #require(found.span)
        let location = span.source.location(of: span.start)
        #expect(location.line == c.line, "line")
        #expect(location.column == c.column, "column")
        if let hint = c.hint { #expect(found.hint == hint) }
    }

    @Test func renderedWithCaret() throws {
        let found = try #require(diagnostic("let count = 1\n1 + coutn"))
        #expect(found.rendered() == """
        error: unknown name 'coutn'
         --> <test>:2:5
          |
        2 | 1 + coutn
          |     ^^^^^ did you mean 'count'?
        """)
    }

    @Test func cellLocation() throws {
        let source = SourceFile(name: "cell 3", text: "1 +", kind: .cell(3))
        let found = try #require(throws: Diagnostic.self) { try Parser.parse(source) }
        #expect(found.rendered().contains(" --> cell 3, line 1, column 4"))
    }
}
