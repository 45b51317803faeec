import Foundation
import Lang
import Testing
@testable import Runtime

/// The language and the engine together, through a session as the REPL and notebooks use it.
@Suite struct SessionTests {
    /// A session working in a fresh temporary folder holding `files`.
    func session(_ files: [String: String] = [:]) throws -> Session {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return Session(options: SessionOptions(workingDirectory: folder.path))
    }

    static let people = "name,age,score\nana,31,7.5\nbo,25,\ncy,40,9.0\ndee,25,6.25\n"

    @Test func loadsAndShowsAFrame() throws {
        let s = try session(["p.csv": Self.people])
        let result = s.evaluate("read_csv(\"p.csv\") |> head(2)", sourceName: "<t>")
        #expect(result.error == nil)
        #expect(result.output.hasPrefix("shape: (2, 3)\n"))
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        #expect(lines[2] == "│ name   │ age │ score │")
        #expect(lines[3] == "│ string │ int │ float │")
        #expect(lines[5] == "│ ana    │ 31  │ 7.5   │")
        #expect(lines[6] == "│ bo     │ 25  │ null  │")
    }

    @Test func filterWithSortSelect() throws {
        let s = try session(["p.csv": Self.people])
        let result = s.evaluate("""
        let p = read_csv("p.csv")
        p |> filter(.age < 35) |> with(double: .age * 2, next: .double + 1) |> sort(.age, desc(.name)) |> select(.name, .next) |> columns
        """, sourceName: "<t>")
        #expect(result.error == nil)
        #expect(result.output == "[\"name\", \"next\"]\n")
        let rows = s.evaluate("p |> filter(.age < 35) |> sort(.age, desc(.name)) |> len", sourceName: "<t>")
        #expect(rows.output == "3\n")
        let order = s.evaluate("(p |> sort(.age, desc(.name))).name", sourceName: "<t>")
        #expect(order.output == "[\"dee\", \"bo\", \"ana\", \"cy\"]\n")
        let nulls = s.evaluate("(p |> sort(desc(.score))).score", sourceName: "<t>")
        #expect(nulls.output == "[9.0, 7.5, 6.25, null]\n")
    }

    @Test func unknownColumnPointsAtTheReference() throws {
        let s = try session(["p.csv": Self.people])
        let result = s.evaluate("let p = read_csv(\"p.csv\")\np |> filter(.aeg > 1)", sourceName: "<repl>")
        #expect(result.error == """
        error: unknown column .aeg
         --> <repl>:2:13
          |
        2 | p |> filter(.aeg > 1)
          |             ^^^^ did you mean .age?
        """)
    }

    @Test func engineErrorsBecomeDiagnostics() throws {
        let s = try session(["p.csv": Self.people, "bad.csv": "a,b\n1,2\n3\n"])
        let typeError = s.evaluate("read_csv(\"p.csv\") |> with(x: .name + 1)", sourceName: "<t>")
        #expect(typeError.error?.hasPrefix("error: cannot add string and int") == true)
        let ragged = s.evaluate("read_csv(\"bad.csv\")", sourceName: "<t>")
        #expect(ragged.error?.contains("line 3") == true)
        #expect(ragged.error?.contains(" --> <t>:1:10") == true)
        let missing = s.evaluate("read_csv(\"nope.csv\")", sourceName: "<t>")
        #expect(missing.error?.hasPrefix("error: cannot open 'nope.csv'") == true)
        let notAFrame = s.evaluate("head(3)", sourceName: "<t>")
        #expect(notAFrame.error?.hasPrefix("error: head expects 'df' to be a frame, found int") == true)
        let badPredicate = s.evaluate("read_csv(\"p.csv\") |> filter(3)", sourceName: "<t>")
        #expect(badPredicate.error?.hasPrefix("error: filter expects a condition on columns such as .x > 0, found int") == true)
    }

    @Test func displayPolicies() throws {
        let s = try session()
        #expect(s.evaluate("1\n2;\n3", sourceName: "<t>").output == "1\n3\n")
        #expect(s.evaluate("1\n2\n3", sourceName: "<t>", display: .lastExpression).output == "3\n")
        #expect(s.evaluate("1\nlet x = 2", sourceName: "<t>", display: .lastExpression).output == "")
        #expect(s.evaluate("print(\"hi\", 2)\n3", sourceName: "<t>", display: .nothing).output == "hi 2\n")
    }

    @Test func outputBeforeAnErrorIsKept() throws {
        let s = try session()
        let result = s.evaluate("print(\"before\")\n1 + \"x\"", sourceName: "<t>")
        #expect(result.output == "before\n")
        #expect(result.error?.hasPrefix("error: cannot add int and string") == true)
    }

    @Test func listBuiltins() throws {
        let s = try session()
        #expect(s.evaluate("range(5) |> map(x => x * x) |> sum", sourceName: "<t>").output == "30\n")
        #expect(s.evaluate("[3, 1, 2] |> sort", sourceName: "<t>").output == "[1, 2, 3]\n")
        #expect(s.evaluate("[1, 2, 3, 4] |> filter(x => x % 2 == 0)", sourceName: "<t>").output == "[2, 4]\n")
        #expect(s.evaluate("reduce([1, 2, 3], (a, b) => a * 10 + b, 0)", sourceName: "<t>").output == "123\n")
        #expect(s.evaluate("mean([1, 2, null, 3])", sourceName: "<t>").output == "2.0\n")
        #expect(s.evaluate("[max([1, 5, 2]), min(4, 2, 8)]", sourceName: "<t>").output == "[5, 2]\n")
        #expect(s.evaluate("[abs(-3), round(2.345, digits: 2), sqrt(16)]", sourceName: "<t>").output == "[3, 2.35, 4.0]\n")
    }

    @Test func useLoadsAScript() throws {
        let s = try session(["lib.fti": "fn double(x) = x * 2\nlet answer = 21\n"])
        #expect(s.evaluate("use \"lib.fti\"\ndouble(answer)", sourceName: "<t>").output == "42\n")
        let missing = s.evaluate("use \"missing.fti\"", sourceName: "<t>")
        #expect(missing.error?.hasPrefix("error: cannot read script 'missing.fti'") == true)
    }

    @Test func standardLibraryLoadsAtStart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-stdlib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("fn triple(x) = x * 3\n".utf8).write(to: folder.appendingPathComponent("a.fti"))
        var options = SessionOptions(workingDirectory: folder.path)
        options.standardLibraryDirectory = folder.path
        let s = Session(options: options)
        #expect(s.startupError == nil)
        #expect(s.evaluate("triple(5)", sourceName: "<t>").output == "15\n")

        try Data("fn broken(x) = x +\n".utf8).write(to: folder.appendingPathComponent("b.fti"))
        let failing = Session(options: options)
        #expect(failing.startupError?.hasPrefix("error: unexpected end of input") == true)
    }

    @Test func deepRecursionIsADiagnostic() throws {
        let s = try session()
        let result = s.evaluate("fn down(n) = if n == 0 then 0 else 1 + down(n - 1)\ndown(5000)", sourceName: "<t>")
        #expect(result.output == "5000\n")
        let runaway = s.evaluate("fn forever(n) = forever(n + 1) + 1\nforever(0)", sourceName: "<t>")
        #expect(runaway.error?.hasPrefix("error: recursion too deep") == true)
    }

    @Test func timeoutStopsACell() throws {
        let s = try session()
        let result = s.evaluate("fn spin(n) = if n == 0 then 0 else spin(n - 1)\nrange(1000) |> map(x => spin(5000))",
                                sourceName: "<t>", timeout: 0.05)
        #expect(result.wasInterrupted)
        #expect(result.error?.hasPrefix("error: cell timed out after 0.05 s") == true)
    }
}
