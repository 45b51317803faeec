import Foundation
import Lang
import Testing
@testable import Runtime

/// Every builtin that opens a file asks the session's sandbox first: refused outside the roots
/// (with the caret on the path), allowed inside; `sql` cannot escape through ATTACH.
@Suite struct SandboxBuiltinTests {
    static let csv = "k,v\n1,2.5\n2,3.5\n"

    /// A sandboxed session working in `base/repo`, with `base/outside/secret.csv` beside it.
    private func sandboxed(_ files: [String: String] = [:]) throws -> (session: Session, base: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fti-sandbox-\(UUID().uuidString)")
        let base = FileAccessPolicy.realPath(url.path)
        let manager = FileManager.default
        try manager.createDirectory(atPath: base + "/repo", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try Data(Self.csv.utf8).write(to: URL(fileURLWithPath: base + "/outside/secret.csv"))
        try Data(Self.csv.utf8).write(to: URL(fileURLWithPath: base + "/repo/a.csv"))
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Data(text.utf8).write(to: URL(fileURLWithPath: base + "/repo/" + name))
        }
        var options = SessionOptions(workingDirectory: base + "/repo")
        options.fileAccess = FileAccessPolicy(roots: [base + "/repo"], explanation: "tests stay in the repo; add --allow PATH")
        return (Session(options: options), base)
    }

    /// The first line of the refusal `code` gets for `path`.
    private func refusal(_ path: String, base: String) -> String {
        "error: sandbox: \(quoted(path)) is outside \(base)/repo (tests stay in the repo; add --allow PATH)"
    }

    @Test func readCSVIsRefusedOutsideWithTheCaretOnThePath() throws {
        let (s, base) = try sandboxed()
        #expect(s.show("read_csv(\"../outside/secret.csv\")") == refusal("../outside/secret.csv", base: base))
        let rendered = try #require(s.failure("read_csv(\"../outside/secret.csv\")"))
        #expect(rendered.hasSuffix("1 | read_csv(\"../outside/secret.csv\")\n  |          ^^^^^^^^^^^^^^^^^^^^^^^"))
        #expect(s.show("read_csv(\"\(base)/outside/secret.csv\")") == refusal("\(base)/outside/secret.csv", base: base))
        #expect(s.show("read_csv(\"a.csv\") |> shape") == "[2, 2]")
        #expect(s.show("read_csv(\"\(base)/repo/a.csv\") |> shape") == "[2, 2]")
    }

    @Test func writersAreRefusedOutsideAndWriteNothing() throws {
        let (s, base) = try sandboxed()
        #expect(s.show("let d = read_csv(\"a.csv\")") == "")
        #expect(s.show("write_csv(d, \"../outside/new.csv\")") == refusal("../outside/new.csv", base: base))
        #expect(s.show("write_sqlite(d, \"../outside/new.db\", \"t\")") == refusal("../outside/new.db", base: base))
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/new.csv"))
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/new.db"))
        #expect(s.show("write_csv(d, \"b.csv\")") == "")
        #expect(s.show("write_sqlite(d, \"b.db\", \"t\")") == "")
        #expect(s.show("read_sqlite(\"b.db\", \"t\") |> shape") == "[2, 2]")
        #expect(s.show("sql(\"b.db\", \"select count(*) as n from t\").n") == "[2]")
    }

    @Test func sqliteReadersAreRefusedOutside() throws {
        let (s, base) = try sandboxed()
        #expect(s.show("write_sqlite(read_csv(\"a.csv\"), \"inside.db\", \"t\")") == "")
        try FileManager.default.copyItem(atPath: base + "/repo/inside.db", toPath: base + "/outside/o.db")
        #expect(s.show("read_sqlite(\"../outside/o.db\", \"t\")") == refusal("../outside/o.db", base: base))
        #expect(s.show("sql(\"../outside/o.db\", \"select 1\")") == refusal("../outside/o.db", base: base))
    }

    @Test func sqlCannotAttachOtherFiles() throws {
        let (s, base) = try sandboxed()
        #expect(s.show("write_sqlite(read_csv(\"a.csv\"), \"inside.db\", \"t\")") == "")
        let message = "error: sandbox: sql may not reach other database files (ATTACH, DETACH, VACUUM INTO and load_extension are refused)"
        #expect(s.show("sql(\"inside.db\", \"ATTACH '\(base)/outside/x.db' AS o\")") == message)
        #expect(s.show("sql(\"inside.db\", \"VACUUM INTO '\(base)/outside/copy.db'\")") == message)
        #expect(s.show("sql(\"inside.db\", \"DETACH o\")") == message)
        #expect(s.show("sql(\"inside.db\", \"select load_extension('x')\")") == message)
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/x.db"))
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/copy.db"))
        // The caret is on the query.
        let rendered = try #require(s.failure("sql(\"inside.db\", \"ATTACH 'y.db' AS o\")"))
        #expect(rendered.hasSuffix("|                  ^^^^^^^^^^^^^^^^^^^^"))
        #expect(s.show("sql(\"inside.db\", \"select sum(k) as s from t\").s") == "[3]")
    }

    @Test func storesAreRefusedOutsideButMemoryIsFine() throws {
        let (s, base) = try sandboxed()
        #expect(s.show("store(\"../outside/s.db\")") == refusal("../outside/s.db", base: base))
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/s.db"))
        #expect(s.show("store(\":memory:\") |> type_of") == "\"store\"")
        #expect(s.show("store(\"s.db\") |> type_of") == "\"store\"")
    }

    @Test func modelsAndChartsAreRefusedOutside() throws {
        let rows = (0..<40).map { "\($0),\(Double($0) * 0.5),\($0 % 3)" }.joined(separator: "\n")
        let (s, base) = try sandboxed(["d.csv": "a,b,y\n" + rows + "\n"])
        #expect(s.show("let d = read_csv(\"d.csv\")") == "")
        #expect(s.show("let m = gbdt(d, target: .y, rounds: 3)") == "")
        #expect(s.show("save(m, \"../outside/m.json\")") == refusal("../outside/m.json", base: base))
        #expect(s.show("save(m, \"m.json\")") == "")
        try FileManager.default.copyItem(atPath: base + "/repo/m.json", toPath: base + "/outside/m.json")
        #expect(s.show("load_model(\"../outside/m.json\")") == refusal("../outside/m.json", base: base))
        #expect(s.show("load_model(\"m.json\") |> type_of") == "\"model\"")
        #expect(s.show("save_svg(d, \"../outside/c.svg\", y: .b)") == refusal("../outside/c.svg", base: base))
        #expect(s.show("save_svg(d, \"c.svg\", y: .b)") == "")
        #expect(!FileManager.default.fileExists(atPath: base + "/outside/c.svg"))
    }

    @Test func useIsRefusedOutside() throws {
        let (s, base) = try sandboxed(["lib.fti": "fn twice(x) = x * 2\n"])
        try Data("fn evil() = 1\n".utf8).write(to: URL(fileURLWithPath: base + "/outside/evil.fti"))
        #expect(s.show("use \"../outside/evil.fti\"") == refusal("../outside/evil.fti", base: base))
        #expect(s.show("use \"lib.fti\"\ntwice(21)") == "42")
    }

    @Test func aSymbolicLinkOutOfTheRootIsRefused() throws {
        let (s, base) = try sandboxed()
        try FileManager.default.createSymbolicLink(atPath: base + "/repo/escape", withDestinationPath: base + "/outside")
        #expect(s.show("read_csv(\"escape/secret.csv\")") == refusal("escape/secret.csv", base: base))
        #expect(s.show("write_csv(read_csv(\"a.csv\"), \"escape/new.csv\")") == refusal("escape/new.csv", base: base))
    }

    @Test func withoutASandboxEverythingIsReachable() throws {
        let (_, base) = try sandboxed()
        let s = Session(options: SessionOptions(workingDirectory: base + "/repo"))
        #expect(s.show("read_csv(\"../outside/secret.csv\") |> shape") == "[2, 2]")
    }

    @Test func tempPathIsAllowedAndRemovedOnClose() throws {
        let (s, _) = try sandboxed()
        #expect(s.show("let p = temp_path(\"t.csv\")") == "")
        #expect(s.show("write_csv(read_csv(\"a.csv\"), p)") == "")
        #expect(s.show("read_csv(p) |> shape") == "[2, 2]")
        let shown = s.show("p")
        #expect(shown.hasSuffix("/t.csv\"") && shown.contains("fti-session-"))
        let folder = try #require(s.scratch.path)
        #expect(FileManager.default.fileExists(atPath: folder + "/t.csv"))
        s.close()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(s.show("1 + 1") == "error: the session is closed")
    }

    @Test func tempPathShowsAPlaceholderInNotebooks() throws {
        let (_, base) = try sandboxed()
        var options = SessionOptions(workingDirectory: base + "/repo")
        options.isNotebook = true
        let s = Session(options: options)
        defer { s.close() }
        #expect(s.show("temp_path(\"m.json\")") == "\"<temp>/m.json\"")
        #expect(s.show("print(temp_path(\"m.json\"))") == "<temp>/m.json")
        #expect(s.show("read_csv(temp_path(\"missing.csv\"))").contains("<temp>/missing.csv"))
    }

    @Test func tempPathTakesAPlainFileName() throws {
        let (s, _) = try sandboxed()
        defer { s.close() }
        for bad in ["", ".", "..", "../x", "a/b"] {
            #expect(s.show("temp_path(\(quoted(bad)))") == "error: temp_path takes a file name without folders, e.g. temp_path(\"model.json\")")
        }
    }

    @Test func outputIsCutAfterTheLineLimit() throws {
        let (_, base) = try sandboxed()
        var options = SessionOptions(workingDirectory: base + "/repo")
        options.outputLineLimit = 5
        let s = Session(options: options)
        let result = s.evaluate("let xs = map(range(0, 12), x => print(x))", sourceName: "<t>")
        #expect(result.output == "0\n1\n2\n3\n4\n… 7 more lines not shown (output is cut at 5 lines)\n")
        let exact = s.evaluate("let ys = map(range(0, 5), x => print(x))", sourceName: "<t>")
        #expect(exact.output == "0\n1\n2\n3\n4\n")
    }

    @Test func outputIsCutAfterTheByteLimit() throws {
        let (_, base) = try sandboxed()
        var options = SessionOptions(workingDirectory: base + "/repo")
        options.outputByteLimit = 10
        let s = Session(options: options)
        let result = s.evaluate("print(\"ééééééééééé\")", sourceName: "<t>")
        #expect(result.output == "ééééé\n… 13 more bytes not shown (output is cut at 10 bytes)\n")
    }
}
