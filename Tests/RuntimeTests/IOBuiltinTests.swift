import Foundation
import Lang
import Testing
@testable import Runtime

/// read_sqlite, sql, write_sqlite and write_csv through a session, with paths relative to its folder.
@Suite struct IOBuiltinTests {
    static let people = "name,age,score,day\nana,31,7.5,2024-05-01\nbo,25,,2024-05-02\n\"cy, jr\",40,9.0,\n"

    func folder(of session: Session) -> String { session.resolvePath(".") }

    @Test func sqliteRoundTripInTheWorkingDirectory() throws {
        let s = try builtinSession(["p.csv": Self.people])
        #expect(s.show("let p = read_csv(\"p.csv\")") == "")
        #expect(s.show("write_sqlite(p, \"p.db\", \"people\")") == "")
        #expect(FileManager.default.fileExists(atPath: s.resolvePath("p.db")))
        #expect(s.show("let q = read_sqlite(\"p.db\", \"people\")") == "")
        #expect(s.show("q |> shape") == "[3, 4]")
        #expect(s.show("q.name") == "[\"ana\", \"bo\", \"cy, jr\"]")
        #expect(s.show("q.score") == "[7.5, null, 9.0]")
        #expect(s.show("q.day") == s.show("p.day"))
        #expect(s.show("write_sqlite(p, \"p.db\", \"people\", mode: \"append\")") == "")
        #expect(s.show("read_sqlite(\"p.db\", \"people\") |> shape") == "[6, 4]")
        #expect(s.show("write_sqlite(head(p, 1), \"p.db\", \"people\", mode: \"replace\")") == "")
        #expect(s.show("read_sqlite(\"p.db\", \"people\") |> shape") == "[1, 4]")
    }

    @Test func sqlBindsAListOfParameters() throws {
        let s = try builtinSession(["p.csv": Self.people])
        _ = s.show("write_sqlite(read_csv(\"p.csv\"), \"p.db\", \"people\")")
        #expect(s.show("sql(\"p.db\", \"select name from people where age > ? and day >= ? order by age\", [26, @2024-05-01]).name") == "[\"ana\"]")
        #expect(s.show("sql(\"p.db\", \"select count(*) as n from people\").n") == "[3]")
        #expect(s.show("sql(\":memory:\", \"select 1 + 1 as two\").two") == "[2]")
        let bad = s.failure("sql(\"p.db\", \"select * from people where age > ?\", [[1]])") ?? ""
        #expect(bad.contains("parameter 1 is a list"))
        let count = s.failure("sql(\"p.db\", \"select * from people where age > ?\", [1, 2])") ?? ""
        #expect(count.contains("the SQL has 1 placeholder but 2 parameters were given"))
    }

    @Test func errorsNameTheFileAsWrittenAndHintAtTables() throws {
        let s = try builtinSession(["p.csv": Self.people])
        _ = s.show("write_sqlite(read_csv(\"p.csv\"), \"p.db\", \"people\")")
        let table = s.failure("read_sqlite(\"p.db\", \"peple\")") ?? ""
        #expect(table.hasPrefix("error: cannot read 'p.db': no such table: peple"))
        #expect(table.contains("did you mean 'people'? tables: people"))
        #expect(!table.contains(folder(of: s)))
        let file = s.failure("read_sqlite(\"nope.db\", \"t\")") ?? ""
        #expect(file.hasPrefix("error: cannot open 'nope.db': no such file"))
        let exists = s.failure("write_sqlite(read_csv(\"p.csv\"), \"p.db\", \"people\")") ?? ""
        #expect(exists.hasPrefix("error: cannot write 'p.db': table 'people' already exists"))
        #expect(exists.contains("mode: \"append\""))
        let mode = s.failure("write_sqlite(read_csv(\"p.csv\"), \"p.db\", \"people\", mode: \"merge\")") ?? ""
        #expect(mode.contains("mode must be \"create\", \"replace\" or \"append\""))
        let mismatch = s.failure("write_sqlite(select(read_csv(\"p.csv\"), .age, .name), \"p.db\", \"people\", mode: \"append\")") ?? ""
        #expect(mismatch.contains("the frame has no column 'score', 'day'"))
        let syntax = s.failure("sql(\"p.db\", \"selec 1\")") ?? ""
        #expect(syntax.hasPrefix("error: query failed on 'p.db': near \"selec\": syntax error"))
    }

    @Test func writeCsvReadsBackEqual() throws {
        let s = try builtinSession(["p.csv": Self.people])
        #expect(s.show("let p = read_csv(\"p.csv\")") == "")
        #expect(s.show("write_csv(p, \"out.csv\")") == "")
        let written = FileManager.default.contents(atPath: s.resolvePath("out.csv")).map { String(decoding: $0, as: UTF8.self) }
        #expect(written == "name,age,score,day\nana,31,7.5,2024-05-01\nbo,25,,2024-05-02\n\"cy, jr\",40,9.0,\n")
        #expect(s.show("let back = read_csv(\"out.csv\")") == "")
        #expect(s.show("[back.name == p.name, back.age == p.age, back.score == p.score, back.day == p.day]") == "[true, true, true, true]")
        let missing = s.failure("write_csv(p, \"no/such/out.csv\")") ?? ""
        #expect(missing.hasPrefix("error: cannot write 'no/such/out.csv': No such file or directory"))
    }
}
