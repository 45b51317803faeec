import Testing
@testable import Lang

/// Argument labels and field names may be quoted like record keys (`f("Solar.R": 1)`,
/// `r."Solar.R"`), for names that are not identifiers; a column reference written as a label gets
/// a diagnostic that says how to write it.
@Suite struct QuotedLabelTests {
    /// A builtin that lists its options as `label=value` in the order written.
    static func interpreter() -> Interpreter {
        let vm = Interpreter()
        vm.register(Builtin(name: "opts", parameters: ["x"], required: 0, acceptsOptions: true, signature: "opts(x, name: value, …)",
                            summary: "test", group: "test") { args, _ throws(Diagnostic) in
            .string(args.options.map { "\($0.label)=\($0.value.debugDescription)" }.joined(separator: ","))
        })
        return vm
    }

    @Test func quotedLabelsReachBuiltinsAsWritten() {
        let vm = Self.interpreter()
        #expect(evaluate("opts(1, \"Solar.R\": 1, Ozone: 2)", interpreter: vm) == "\"Solar.R=1,Ozone=2\"")
        #expect(evaluate("opts(\"with space\": 1)", interpreter: vm) == "\"with space=1\"")
        #expect(evaluate("opts(\"\": 1)", interpreter: vm) == "\"=1\"")
        #expect(evaluate("1 |> opts(\"a b\": 2)", interpreter: vm) == "\"a b=2\"")
        // A quoted label that names a parameter fills it, as the bare one does.
        #expect(evaluate("fn f(a, b) = a - b\nf(b: 1, \"a\": 10)") == "9")
        #expect(evaluate("fn f(a) = a\nf(\"z z\": 1)") == "error: f has no parameter 'z z'")
    }

    @Test func quotedFieldNamesReadFields() {
        #expect(evaluate("{\"Solar.R\": 190, wind: 7}.\"Solar.R\"") == "190")
        #expect(evaluate("let r = {\"a b\": {c: 3}}\nr.\"a b\".c") == "3")
        #expect(evaluate("{a: 1}.\"b\"") == "error: record has no field 'b'")
    }

    @Test func quotedLabelsFollowTheArgumentRules() throws {
        let twice = try #require(diagnostic("opts(\"a\": 1, a: 2)"))
        #expect(twice.message == "argument 'a' given twice")
        let positional = try #require(diagnostic("opts(\"a b\": 1, 2)"))
        #expect(positional.message == "positional argument after a named one")
        // A string that is not followed by ':' stays a positional argument.
        #expect(evaluate("[\"Solar.R\", 2][0]") == "\"Solar.R\"")
    }

    @Test func aColumnReferenceAsALabelSaysHowToWriteIt() throws {
        let quoted = try #require(diagnostic("rename(df, .\"Solar.R\": \"solar\")"))
        #expect(quoted.message == "a label is a plain name, not a column reference")
        #expect(quoted.hint == "drop the dot: \"Solar.R\": …")
        let span = try #require(quoted.span)
        #expect(span.source.location(of: span.start).column == 12)
        #expect(span.end - span.start == ".\"Solar.R\"".utf8.count)
        let plain = try #require(diagnostic("rename(df, a: \"b\", .temp_max: \"tmax\")"))
        #expect(plain.message == "a label is a plain name, not a column reference")
        #expect(plain.hint == "drop the dot: temp_max: …")
        // A column reference followed by an operator is an ordinary positional argument.
        #expect(throws: Never.self) { try Parser.parse(SourceFile(name: "t", text: "opts(.a > 1, .\"b c\")")) }
    }
}
