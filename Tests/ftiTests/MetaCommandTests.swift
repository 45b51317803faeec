import Foundation
import Testing
@testable import fti

/// The `:` commands and Tab completion, driven through `ReplController` without a terminal.
@Suite("REPL commands")
struct MetaCommandTests {
    static let files = [
        "weather.csv": ReplTerminalTests.weatherCSV,
        "helpers.fti": "fn wet(df) = df |> filter(.precipitation > 0.5)\nlet limit = 10\n",
        "broken.fti": "let a = 1\nlet b = nope\n",
        "nb/data.csv": "x,y\n1,2\n3,4\n",
        "nb/book.md": """
            # Book

            ```fti
            let d = read_csv("data.csv")
            d |> shape
            ```

            ```fti skip
            this is never run
            ```

            ```fti expect-error
            d |> filter(.z > 1)
            ```

            ```fti
            print("from the book")
            ```

            """,
        "nb/bad.md": "```fti\nlet e = 1\nnope\n```\n\n```fti\n2\n```\n",
    ]

    private func harness() throws -> ReplHarness {
        ReplHarness(folder: try temporaryFolder(Self.files))
    }

    @Test(":type describes values in one line")
    func types() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        repl.type("let w = read_csv(\"weather.csv\")")
        #expect(repl.type(":type w") == "frame (3 rows × 5 columns: date timestamp, precipitation float, temp_max float, temp_min float, …)\n")
        #expect(repl.type(":type 1 + 1") == "int\n")
        #expect(repl.type(":type [1, 2.5]") == "list of 2 values: int, float\n")
        #expect(repl.type(":type [\"a\", \"b\"]") == "list of 2 string\n")
        #expect(repl.type(":type {a: 1, b: \"x\"}") == "record {a: int, b: string}\n")
        repl.type("fn load(df, days) = df")
        #expect(repl.type(":type load") == "function load(df, days)\n")
        #expect(repl.type(":t x => x") == "function lambda(x)\n")
        #expect(repl.type(":type head").hasPrefix("builtin head("))
        #expect(repl.type(":type let q = 1") == "error: :type shows the type of an expression; the input ended with a binding\n")
        #expect(repl.type(":type nope").hasPrefix("error: unknown name 'nope'\n --> <repl>:1:1"))
        #expect(repl.type(":type") == "error: :type needs an expression, e.g. :type w |> head(3)\n")
    }

    @Test(":type neither displays nor rebinds _, and :type |> uses it")
    func typeKeepsLastValue() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        repl.type("40 + 2")
        #expect(repl.type(":type \"text\"") == "string\n")
        #expect(repl.type(":type |> sqrt") == "float\n")
        #expect(repl.type("_") == "42\n")
    }

    @Test(":vars lists the user's bindings in order, without _")
    func variables() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        #expect(repl.type(":vars") == "no bindings yet\n")
        repl.type("let zeta = 1")
        repl.type("let a = [1]")
        repl.type("3")
        repl.type("fn double(x) = x * 2")
        #expect(repl.type(":vars") == "zeta    int\na       list of 1 int\ndouble  function double(x)\n")
        #expect(repl.type(":vars all") == "error: :vars takes no argument\n")
    }

    @Test(":time shows the value, then the time")
    func time() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        let shown = repl.type(":time 6 * 7")
        let lines = shown.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "42")
        #expect(lines.last?.hasPrefix("time: ") == true && lines.last?.hasSuffix(" ms") == true)
        #expect(MetaCommand.formatElapsed(nanoseconds: 12_345_678) == "12.3 ms")
        #expect(MetaCommand.formatElapsed(nanoseconds: 42_000) == "0.042 ms")
        #expect(MetaCommand.formatElapsed(nanoseconds: 2_345_000_000) == "2.35 s")
        #expect(repl.repl.transcript.isEmpty)
    }

    @Test(":load runs a script into the session")
    func loadScript() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        #expect(repl.type(":load helpers.fti") == "loaded helpers.fti (defines wet, limit)\n")
        #expect(repl.type("limit + 1") == "11\n")
        #expect(repl.type(":load \"helpers.fti\"") == "loaded helpers.fti\n")
        #expect(repl.type(":load broken.fti").hasPrefix("error: unknown name 'nope'\n --> broken.fti:2:9"))
        #expect(repl.type(":load missing.fti") == "error: cannot load 'missing.fti': no such file\n")
        #expect(repl.type(":load nb") == "error: cannot load 'nb': it is a folder\n")
        #expect(repl.type(":load weather.csv") == "error: :load runs .fti scripts and .md notebooks; read data with read_csv(\"weather.csv\")\n")
        #expect(repl.type(":load") == "error: :load needs a file name, e.g. :load helpers.fti\n")
        #expect(repl.repl.transcript.entries.map(\.failed) == [false, false, false, true])
    }

    @Test(":load runs a notebook's cells in its folder, showing their outputs")
    func loadNotebook() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        let shown = repl.type(":load nb/book.md")
        #expect(shown.hasPrefix("[2, 2]\nerror: unknown column .z"))
        #expect(shown.hasSuffix("from the book\nloaded nb/book.md (3 cells)\n"))
        #expect(repl.type("d |> shape") == "[2, 2]\n")
        #expect(repl.repl.session.options.workingDirectory == repl.folder)
        let failed = repl.type(":load nb/bad.md")
        #expect(failed.hasPrefix("error: unknown name 'nope'\n --> cell 1, line 2, column 1"))
        #expect(failed.hasSuffix("error: cell 1 of nb/bad.md failed; 1 later cells not run\n"))
    }

    @Test("command mistakes are one line")
    func mistakes() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        #expect(repl.type(":lod x") == "error: unknown command :lod; did you mean :load?\n")
        #expect(repl.type(":frobnicate") == "error: unknown command :frobnicate; :help lists the commands\n")
        #expect(repl.type(":save notes.txt") == "error: :save writes a Markdown notebook; give the file a name ending in .md\n")
        repl.type("1")
        #expect(repl.type(":save nowhere/s.md") == "error: cannot save to 'nowhere/s.md': there is no folder \(repl.folder)/nowhere\n")
        #expect(repl.type(":save nb") == "error: :save writes a Markdown notebook; give the file a name ending in .md\n")
        #expect(!repl.repl.handle(":quit"))
        #expect(!repl.repl.handle(":q"))
    }

    @Test(":help lists every command")
    func help() throws {
        let repl = try harness()
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        let overview = repl.type(":help")
        for command in MetaCommand.all {
            #expect(overview.contains("\n  \(command.name)"), "missing \(command.name)")
        }
        #expect(repl.type(":help :save") == ":save file.md\n  write the session so far as a notebook that fti replay passes\n")
        #expect(repl.type(":help :sav") == "no command named ':sav' (did you mean :save?)\n")
    }
}

/// Tab completion as a pure function of the line.
@Suite("REPL completion")
struct CompletionTests {
    @Test("name. completes a frame's columns and a record's fields; . completes every frame's columns")
    func members() throws {
        let repl = ReplHarness(folder: try temporaryFolder(["weather.csv": ReplTerminalTests.weatherCSV]))
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        repl.type("let w = read_csv(\"weather.csv\")")
        repl.type("let r = {alpha: 1, inner: {deep: 2, \"two words\": 3}}")
        let session = repl.repl.session
        #expect(Completion.candidates(for: "w.te", line: "w.te", wordStart: 0, in: session) == ["w.temp_max", "w.temp_min"])
        #expect(Completion.candidates(for: "w.", line: "x + w.", wordStart: 4, in: session).count == 5)
        #expect(Completion.candidates(for: "r.a", in: session) == ["r.alpha"])
        #expect(Completion.candidates(for: "r.inner.", in: session) == ["r.inner.deep"])
        #expect(Completion.candidates(for: "r.alpha.", in: session) == [])
        #expect(Completion.candidates(for: "nope.x", in: session) == [])
        #expect(Completion.candidates(for: "w.date.x", in: session) == [])
        #expect(Completion.candidates(for: ".te", line: "w |> filter(.te", wordStart: 12, in: session) == [".temp_max", ".temp_min"])
        #expect(Completion.candidates(for: "re", in: session).contains("read_csv"))
    }

    @Test(": completes commands only at the start of a line")
    func commands() throws {
        let repl = ReplHarness(folder: try temporaryFolder())
        defer { try? FileManager.default.removeItem(atPath: repl.folder) }
        let session = repl.repl.session
        #expect(Completion.candidates(for: ":lo", line: ":lo", wordStart: 0, in: session) == [":load"])
        #expect(Completion.candidates(for: ":t", line: "  :t", wordStart: 2, in: session) == [":t", ":time", ":type"])
        #expect(Completion.candidates(for: ":lo", line: "x :lo", wordStart: 2, in: session) == [])
    }
}
