import Foundation
import Testing
@testable import Lang

/// Hostile shapes of input (deep nesting, long chains, deep recursion, deep values) end with a
/// diagnostic, never a stack overflow: on the 512 MiB thread evaluation runs on, and for the
/// parser and compiler, on a thread with the main thread's 8 MiB.
@Suite struct DeepInputTests {
    /// One construct nested `depth` times around `1`.
    static func nested(_ construct: String, _ depth: Int) -> String {
        switch construct {
        case "parens": return String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        case "list": return String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        case "record": return String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        case "block": return String(repeating: "{ ", count: depth) + "1" + String(repeating: " }", count: depth)
        case "negation": return "let x = 1\n" + String(repeating: "-", count: depth) + "x"
        case "not": return String(repeating: "not ", count: depth) + "true"
        case "lambda": return "(" + String(repeating: "x => ", count: depth) + "1)"
        case "if": return String(repeating: "if true then ", count: depth) + "1" + String(repeating: " else 2", count: depth)
        case "call": return "fn f(x) = x\n" + String(repeating: "f(", count: depth) + "1" + String(repeating: ")", count: depth)
        case "index": return String(repeating: "[", count: depth) + "1" + String(repeating: "][0]", count: depth)
        default: return "f\"{" + String(repeating: "(", count: depth - 1) + "1" + String(repeating: ")", count: depth - 1) + "}\""
        }
    }

    static let constructs = ["parens", "list", "record", "block", "negation", "not", "lambda", "if", "call", "index", "fstring"]

    /// Nesting past `Parser.maximumDepth` is a syntax error with a caret.
    @Test(arguments: constructs)
    func nestingPastTheLimitIsADiagnostic(_ construct: String) throws {
        let error = try #require(diagnostic(Self.nested(construct, 10_000)))
        #expect(error.message.hasPrefix("expression nested too deeply"))
        #expect(error.span != nil)
    }

    /// Nesting just under the limit parses, compiles and runs on an 8 MiB stack (the main thread's).
    @Test(arguments: constructs)
    func nestingAtTheLimitRunsOnTheMainThreadsStack(_ construct: String) {
        let text = Self.nested(construct, Parser.maximumDepth - 5)
        let outcome = onStack(8 << 20) { () -> String in
            do throws(Diagnostic) {
                let statements = try Parser.parse(SourceFile(name: "<test>", text: text))
                try Interpreter().run(statements) { _, _ in }
                return "ok"
            } catch {
                return error.message
            }
        }
        #expect(outcome == "ok")
    }

    /// A chain of operators is parsed by a loop but builds a tree as tall as the chain: past
    /// `Parser.maximumOperators` in one statement it is refused before the tree gets taller.
    @Test(arguments: [("", "1 + ", "1"), ("", "1 ?? ", "1"), ("", "true and ", "true"), ("1", " |> abs", ""),
                      ("f", "(f)", ""), ("r", ".a", "")])
    func longChainsAreRefused(_ prefix: String, _ link: String, _ suffix: String) throws {
        let error = try #require(diagnostic(prefix + String(repeating: link, count: 200_000) + suffix))
        #expect(error.message == "statement too long (more than \(Parser.maximumOperators) operators and calls)")
        #expect(error.hint == "split it into several let bindings")
    }

    /// A statement whose tree is taller than `Parser.maximumHeight` is refused; one as wide but
    /// shallow (a long list of small expressions) is fine.
    @Test func tallTreesAreRefusedWideOnesAllowed() throws {
        let tall = try #require(diagnostic("1" + String(repeating: " + 1", count: 1_500)))
        #expect(tall.message == "expression too deep (more than \(Parser.maximumHeight) levels of operators and calls)")
        #expect(tall.kind == .syntax)
        let nested = try #require(diagnostic(Self.nested("block", 150) + String(repeating: " * 2", count: 900)))
        #expect(nested.message.hasPrefix("expression too deep"))
        let wide = "let x = 3\n[" + Array(repeating: "x * 2 + 1", count: 3_000).joined(separator: ", ") + "] |> len_"
        #expect(diagnostic(wide)?.message == "unknown name 'len_'")
    }

    /// The tallest tree allowed compiles, runs and is freed on an 8 MiB stack (the main thread's).
    @Test func tallestTreeRunsOnTheMainThreadsStack() {
        let text = "fn f(x) = x" + String(repeating: " + 1", count: Parser.maximumHeight - 2) + "\nf(0)"
        let outcome = onStack(8 << 20) { () -> String in
            do throws(Diagnostic) {
                let statements = try Parser.parse(SourceFile(name: "<test>", text: text))
                var shown = ""
                try Interpreter().run(statements) { value, _ in shown = value.debugDescription }
                return shown
            } catch {
                return error.message
            }
        }
        #expect(outcome == String(Parser.maximumHeight - 2))
    }

    /// The longest statement allowed parses and is freed on an 8 MiB stack.
    @Test func longestStatementParsesOnTheMainThreadsStack() {
        let text = "1" + String(repeating: " + 1", count: Parser.maximumOperators)
        let outcome = onStack(8 << 20) { () -> String in
            do throws(Diagnostic) {
                _ = try Parser.parse(SourceFile(name: "<test>", text: text))
                return "parsed"
            } catch {
                return error.message
            }
        }
        #expect(outcome.hasPrefix("expression too deep"))
    }

    /// Operators in f-string expressions count toward their statement's total.
    @Test func operatorsInsideFStringsCount() throws {
        let inner = String(repeating: "1 + ", count: 6_000) + "1"
        let error = try #require(diagnostic("f\"{\(inner)} {\(inner)}\""))
        #expect(error.message.hasPrefix("statement too long"))
    }

    /// Recursion whose every call holds a deep expression fills the stack long before
    /// `maximumCallDepth` calls: the stack budget stops it with a diagnostic.
    @Test func recursionThroughDeepExpressionsStopsAtTheStackBudget() throws {
        let body = "if n == 0 then 0 else " + String(repeating: "-", count: 190) + "f(n - 1)"
        let interpreter = Interpreter()
        interpreter.stackBudget = (512 - 64) << 20
        let text = "fn f(n) = \(body)\nf(9999)"
        let outcome = evaluate(text, interpreter: interpreter)
        // Either it fits (a release build's frames are small) or it stops cleanly.
        #expect(outcome == "0" || outcome.hasPrefix("error: recursion too deep ("), "\(outcome)")
        let chained = "fn g(n) = if n == 0 then 0 else g(n - 1)" + String(repeating: " + 0", count: 900) + "\ng(9999)"
        let second = evaluate(chained, interpreter: interpreter)
        #expect(second.hasPrefix("error: recursion too deep (") && second.hasSuffix("nested calls fill the stack)"), "\(second)")
    }

    /// Without a budget only the call depth limits recursion (the default for a bare interpreter).
    @Test func callDepthLimitStillApplies() {
        #expect(evaluate("fn f(n) = f(n + 1)\nf(0)") == "error: recursion too deep (more than 10000 nested calls)")
    }

    /// Equality walks nested lists without recursion: a million levels compare without a crash.
    @Test func equalityOfDeeplyNestedLists() {
        var a = Value.int(0)
        var b = Value.int(0)
        for _ in 0..<1_000_000 {
            a = .list([a])
            b = .list([b])
        }
        let (same, different) = onStack(8 << 20) { () -> (Bool, Bool) in
            (a.isEqual(to: b), a.isEqual(to: .list([b])))
        }
        #expect(same)
        #expect(!different)
        // Free the million levels on a stack large enough for it.
        onStack(512 << 20) {
            a = .null
            b = .null
        }
    }

    /// Equality still compares element by element, across int and float, in order.
    @Test func equalityOfNestedValues() {
        let record = Value.record(RecordValue(keys: ["a", "b"], values: [.list([.int(1), .float(2)]), .string("x")]))
        let same = Value.record(RecordValue(keys: ["a", "b"], values: [.list([.float(1), .int(2)]), .string("x")]))
        let other = Value.record(RecordValue(keys: ["a", "b"], values: [.list([.int(1), .int(3)]), .string("x")]))
        #expect(record.isEqual(to: same))
        #expect(!record.isEqual(to: other))
        #expect(!Value.list([.float(.nan)]).isEqual(to: .list([.float(.nan)])))
        #expect(Value.list(ListValue(rangeFrom: 0, step: 1, count: 3)).isEqual(to: .list([.int(0), .int(1), .int(2)])))
    }

    /// Descriptions stop at `DescriptionBudget.maximumDepth` levels and 10,000 elements.
    @Test func descriptionsOfDeepAndSharedValuesAreCut() {
        var deep = Value.int(0)
        for _ in 0..<100_000 { deep = .list([deep]) }
        let text = onStack(8 << 20) { deep.debugDescription }
        #expect(text == String(repeating: "[", count: 50) + "[…]" + String(repeating: "]", count: 50))
        var shared = Value.int(1)
        for _ in 0..<40 { shared = .list([shared, shared]) }
        let cut = shared.debugDescription
        #expect(cut.count < 200_000)
        #expect(cut.contains("[…]"))
        onStack(512 << 20) { deep = .null }
        #expect(Value.list([.list([]), .record(RecordValue(keys: [], values: []))]).debugDescription == "[[], {}]")
    }

    /// Integer arithmetic that overflows is an error with a caret, never a trap.
    @Test(arguments: [
        ("9223372036854775807 + 1", "integer overflow in '+'"),
        ("-9223372036854775807 - 2", "integer overflow in '-'"),
        ("4611686018427387904 * 2", "integer overflow in '*'"),
        ("let m = -9223372036854775807 - 1\n-m", "integer overflow in negation"),
        ("let m = -9223372036854775807 - 1\nm % -1", "0"),
        ("let d = (-9223372036854775807 - 1) * 1us\nd / -1", "duration overflow in '/'"),
        ("let d = (-9223372036854775807 - 1) * 1us\n-d", "duration overflow in negation"),
        ("let d = 9223372036854775807 * 1us\nd * 2", "integer overflow in '*'"),
        ("1us * 1e300", "duration overflow"),
        ("1d / 0", "division of a duration by zero"),
        ("5 % 0", "remainder by zero"),
        ("@2024-01-01 + 9223372036854775807 * 1us", "integer overflow in '+'"),
        ("@1970-01-01 - (-9223372036854775807 - 1) * 1us", "integer overflow in '-'"),
        ("9223372036854775808", "integer literal 9223372036854775808 does not fit in 64 bits"),
        ("99999999999d", "duration 99999999999d is too large"),
        ("60000000d 60000000d", "duration is too large"),
    ])
    func arithmeticOverflowIsADiagnostic(_ text: String, _ expected: String) {
        let outcome = evaluate(text)
        #expect(outcome == expected || outcome == "error: " + expected, "\(outcome)")
    }
}

/// Runs `body` on a new thread with a stack of `size` bytes and waits for it.
func onStack<T>(_ size: Int, _ body: @escaping () -> T) -> T {
    nonisolated(unsafe) let work = body
    nonisolated(unsafe) var result: T?
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result = work()
        done.signal()
    }
    thread.stackSize = size
    thread.start()
    done.wait()
    return result ?? body()
}
