import Testing
@testable import Lang

@Suite struct EvaluationTests {
    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("7 / 2", "3.5"),
        ("7 % 3", "1"),
        ("-7 % 3", "-1"),
        ("2.5 * 2", "5.0"),
        ("1 + 2.5", "3.5"),
        ("-(3)", "-3"),
        ("1 < 2 and 2 < 3", "true"),
        ("not true or false", "false"),
        ("1 == 1.0", "true"),
        ("\"a\" + \"b\"", "\"ab\""),
        ("\"b\" > \"a\"", "true"),
        ("null ?? 5", "5"),
        ("3 ?? 5", "3"),
        ("null + 1", "null"),
        ("false and null", "false"),
        ("true or null", "true"),
        ("true and null", "null"),
        ("2 in [1, 2, 3]", "true"),
        ("\"ell\" in \"hello\"", "true"),
        ("\"a\" in {a: 1}", "true"),
        ("[1, 2] + [3]", "[1, 2, 3]"),
        ("{a: 1, b: \"x\"}", "{a: 1, b: \"x\"}"),
        ("{a: {b: 2}}.a.b", "2"),
        ("[10, 20, 30][-1]", "30"),
        ("\"héllo\"[1]", "\"é\""),
        ("7d 12h", "7d 12h"),
        ("@2024-05-02 - @2024-05-01", "1d"),
        ("@2024-05-01 + 36h", "@2024-05-02T12:00:00"),
        ("2h * 3", "6h"),
        ("@0001-01-01 - 1d", "@0000-12-31"),
        ("@0001-01-01 - 400d", "@-0001-11-28"),
        ("90m", "1h 30m"),
        ("let x = 2\nx * x", "4"),
        ("let x = 2\nlet x = x + 1\nx", "3"),
        ("if 1 > 2 then \"a\" else \"b\"", "\"b\""),
        ("{ let t = 2 * 3; t + 1 }", "7"),
        ("fn add(a, b: 10) = a + b\nadd(1)", "11"),
        ("fn add(a, b: 10) = a + b\nadd(1, b: 2)", "3"),
        ("fn add(a, b: a * 2) = a + b\nadd(5)", "15"),
        ("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nfib(20)", "6765"),
        ("let inc = x => x + 1\ninc(41)", "42"),
        ("let add = (a, b) => a + b\nadd(2, 3)", "5"),
        ("fn adder(n) = x => x + n\nlet add5 = adder(5)\nadd5(10)", "15"),
        ("fn outer(a) = { fn inner(b) = a + b; inner(1) }\nouter(41)", "42"),
        ("fn f(n) = { fn go(k, acc) = if k == 0 then acc else go(k - 1, acc + k); go(n, 0) }\nf(100)", "5050"),
        ("fn g(x) = h(x) * 2\nfn h(x) = x + 1\ng(1)", "4"),
        ("try 1 + \"a\" catch e => e", "\"cannot add int and string\""),
        ("try 1 catch e => 2", "1"),
        ("let a = 1; let b = 2; a + b", "3"),
        ("let n = 3\nf\"n = {n}, twice {n * 2}\"", "\"n = 3, twice 6\""),
        ("f\"{{literal}} {\"in\" + \"ner\"}\"", "\"{literal} inner\""),
        ("f\"pi is {3.14159:.2f} and {2:.1f}\"", "\"pi is 3.14 and 2.0\""),
        ("f\"{[1, 2]} { {a: \"x\"}.a } {null}\"", "\"[1, 2] x null\""),
        ("f\"{ {a: 1}.a }\"", "\"1\""),
        ("[1, 2]\n  |> len_free_name_test_helper_is_not_here ?? 3", "error: unknown name 'len_free_name_test_helper_is_not_here'"),
    ])
    func evaluates(_ source: String, _ expected: String) {
        #expect(evaluate(source) == expected)
    }

    @Test func columnExpressionsAreBuilt() {
        #expect(evaluate(".pace * 60") == "(.pace * 60)")
        #expect(evaluate(".a > 1 and .b < 2") == "((.a > 1) and (.b < 2))")
        #expect(evaluate("-.x") == "-.x")
        #expect(evaluate(".\"with space\" + 1") == "(.with space + 1)")
        // A user function written for numbers works on columns too.
        #expect(evaluate("fn kmh(pace) = 60 / pace\nkmh(.pace)") == "(60 / .pace)")
        #expect(evaluate("fn kmh(pace) = 60 / pace\nkmh(12)") == "5.0")
        #expect(evaluate(".x ?? 0") == "(.x ?? 0)")
    }

    @Test func pipeInsertsFirstArgument() {
        let vm = Interpreter()
        vm.register(Builtin(name: "twice", parameters: ["x", "times"], required: 1, signature: "twice(x, times: 2)",
                            summary: "test", group: "test") { args, _ throws(Diagnostic) in
            let x = try args.int(0, "x")
            let times = try args.int(1, "times", default: 2)
            return .int(x * times)
        })
        #expect(evaluate("3 |> twice", interpreter: vm) == "6")
        #expect(evaluate("3 |> twice(times: 5)", interpreter: vm) == "15")
        #expect(evaluate("3 |> twice(4)", interpreter: vm) == "12")
        #expect(evaluate("3\n  |> twice\n  |> twice", interpreter: vm) == "12")
        #expect(evaluate("twice(1, tims: 3)", interpreter: vm) == "error: twice has no parameter 'tims'")
        #expect(evaluate("3 |> (x => x * 10)", interpreter: vm) == "30")
    }

    @Test func displayFollowsSemicolons() throws {
        let source = SourceFile(name: "t", text: "1\n2;\nlet x = 3\nx")
        var shown: [String] = []
        try Interpreter().run(try Parser.parse(source)) { value, _ in shown.append(value.debugDescription) }
        #expect(shown == ["1", "3"])
    }

    @Test func globalsPersistAcrossRuns() {
        let vm = Interpreter()
        _ = evaluate("let a = 20", interpreter: vm)
        _ = evaluate("fn twice(x) = x * 2", interpreter: vm)
        #expect(evaluate("twice(a) + 2", interpreter: vm) == "42")
        #expect(vm.globals.bindings.map(\.name) == ["a", "twice"])
    }

    @Test func deadlineStopsEvaluation() {
        // The Ctrl-C flag is process-wide, so tests exercise the same polling path through a deadline.
        let vm = Interpreter()
        vm.deadline = monotonicNanoseconds()
        vm.maximumCallDepth = 1_000_000
        #expect(evaluate("fn spin(n) = if n == 0 then 0 else spin(n - 1)\nspin(100000)", interpreter: vm) == "error: time limit reached")
    }

    @Test func valueStaysSmall() {
        #expect(MemoryLayout<Value>.size <= 17)
    }
}
