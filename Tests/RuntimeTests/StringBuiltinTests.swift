import Testing
@testable import Runtime

/// The string builtins: each on values (normal, null, error) and, where element-wise, on a column
/// with the same answers as on values.
@Suite struct StringBuiltinTests {
    static let names = "name,tag\n\"  Ana Lima \",run\nbo,\n,swim\nÉlodie,run-long\n"

    @Test func caseAndTrim() throws {
        let s = try builtinSession()
        #expect(s.show("[upper(\"abc é\"), lower(\"ÀB c\"), trim(\"  x y \\t\\n\")]") == "[\"ABC É\", \"àb c\", \"x y\"]")
        #expect(s.show("[trim(\"\\u{3000}\\u{A0}x\\u{2003}\"), trim(\"\"), trim(\"   \"), trim(\"\\u{200B}x\")]")
                == "[\"x\", \"\", \"\", \"\u{200B}x\"]")
        #expect(s.show("[upper(null), lower(null), trim(null)]") == "[null, null, null]")
        #expect(s.show("upper(1)") == "error: upper expects 'text' to be a string, found int")
        #expect(s.show("trim([\"a\"])") == "error: trim expects 'text' to be a string, found list")
    }

    @Test func containsOnStringsAndLists() throws {
        let s = try builtinSession()
        #expect(s.show("[contains(\"hello\", \"ell\"), contains(\"hello\", \"L\"), contains(\"hello\", \"\"), contains(\"\", \"a\")]")
                == "[true, false, true, false]")
        #expect(s.show("[contains([1, 2, 3], 2), contains([1, 2, 3], 2.0), contains([1], \"1\"), contains([[1]], [1]), contains([null], null)]")
                == "[true, true, false, true, true]")
        #expect(s.show("[contains(null, \"a\"), contains(\"a\", null)]") == "[null, null]")
        #expect(s.show("contains(\"abc\", 1)") == "error: contains expects 'item' to be a string, found int")
        #expect(s.show("contains(12, 1)") == "error: contains expects a string or a list, found int")
        // Byte-exact: a decomposed é is not the precomposed one.
        #expect(s.show("contains(\"cafe\\u{301}\", \"é\")") == "false")
    }

    @Test func prefixesAndSuffixes() throws {
        let s = try builtinSession()
        #expect(s.show("[starts_with(\"report.csv\", \"rep\"), starts_with(\"a\", \"ab\"), ends_with(\"report.csv\", \".csv\"), ends_with(\"x\", \"\")]")
                == "[true, false, true, true]")
        #expect(s.show("[starts_with(null, \"a\"), ends_with(\"a\", null)]") == "[null, null]")
        #expect(s.show("starts_with(\"a\", 1)") == "error: starts_with expects 'prefix' to be a string, found int")
        #expect(s.show("ends_with(null, 2)") == "error: ends_with expects 'suffix' to be a string, found int")
    }

    @Test func replaceEveryOccurrence() throws {
        let s = try builtinSession()
        #expect(s.show("[replace(\"a-b-c\", \"-\", \"+\"), replace(\"aaa\", \"aa\", \"b\"), replace(\"abc\", \"x\", \"y\"), replace(\"ab\", \"b\", \"\")]")
                == "[\"a+b+c\", \"ba\", \"abc\", \"a\"]")
        #expect(s.show("[replace(null, \"a\", \"b\"), replace(\"a\", null, \"b\"), replace(\"a\", \"a\", null)]") == "[null, null, null]")
        #expect(s.show("replace(\"abc\", \"\", \"x\")") == "error: replace needs a non-empty text to find")
        #expect(s.show("replace(\"abc\", \"a\")") == "error: replace needs the argument 'new'")
        #expect(s.show("replace(1, \"a\", \"b\")") == "error: replace expects 'text' to be a string, found int")
    }

    @Test func splitAndJoin() throws {
        let s = try builtinSession()
        #expect(s.show("split(\"a,b,,c\", \",\")") == "[\"a\", \"b\", \"\", \"c\"]")
        #expect(s.show("split(\"a::b\", \"::\")") == "[\"a\", \"b\"]")
        #expect(s.show("split(\"\", \",\")") == "[\"\"]")
        #expect(s.show("split(\"  one two\\tthree\\n\")") == "[\"one\", \"two\", \"three\"]")
        #expect(s.show("split(\"héj\", \"\")") == "[\"h\", \"é\", \"j\"]")
        #expect(s.show("[split(null, \",\")]") == "[null]")
        #expect(s.show("split(\"a b\", 1)") == "error: split expects 'separator' to be a string, found int")
        #expect(s.show("join([\"a\", \"b\", \"c\"], \", \")") == "\"a, b, c\"")
        #expect(s.show("join([\"a\", \"b\"])") == "\"ab\"")
        #expect(s.show("join([1, 2.5, true, null, \"x\", [\"y\"]], \"|\")") == "\"1|2.5|true|null|x|[\\\"y\\\"]\"")
        #expect(s.show("join([], \",\")") == "\"\"")
        #expect(s.show("[join(null, \",\")]") == "[null]")
        #expect(s.show("join(\"abc\", \",\")") == "error: join expects 'list' to be a list, found string")
        #expect(s.show("join([\"a\"], 1)") == "error: join expects 'separator' to be a string, found int")
        #expect(s.show("join(split(\"a-b-c\", \"-\"), \"+\")") == "\"a+b+c\"")
    }

    @Test func formatFillsPlaceholders() throws {
        let s = try builtinSession()
        #expect(s.show("format(\"{} + {} = {total}\", 1, 2, total: 3)") == "\"1 + 2 = 3\"")
        #expect(s.show("format(\"{name} is {age}; {name}!\", name: \"Ana\", age: 31)") == "\"Ana is 31; Ana!\"")
        #expect(s.show("format(\"{{}} {{x}} {}\", \"ok\")") == "\"{} {x} ok\"")
        #expect(s.show("format(\"no placeholders\")") == "\"no placeholders\"")
        #expect(s.show("format(\"{} {} {} {} {}\", null, 2.5, [1, \"a\"], {k: \"v\"}, @2024-05-01)")
                == "\"null 2.5 [1, \\\"a\\\"] {k: \\\"v\\\"} @2024-05-01\"")
        #expect(s.show("format(\"é{}ü\", \"∑\")") == "\"é∑ü\"")
        #expect(s.show("[format(null, 1)]") == "[null]")
    }

    @Test func formatMismatchesAreErrors() throws {
        let s = try builtinSession()
        #expect(s.show("format(\"{} {}\", 1)") == "error: format: the template has 2 {} placeholders but 1 value was given")
        #expect(s.show("format(\"{}\", 1, 2)") == "error: format: the template has 1 {} placeholder but 2 values were given")
        #expect(s.show("format(\"{who}\")") == "error: format: no value for {who}")
        #expect(s.failure("format(\"{who}\", whom: 1)")?.contains("the named values are whom") == true)
        #expect(s.show("format(\"hi\", extra: 1)") == "error: format: the named value 'extra' is not used by the template")
        #expect(s.show("format(\"{x:.2f}\", x: 1)") == "error: format: format specs such as {x:.2f} are not supported")
        #expect(s.show("format(\"{0}\", 1)") == "error: format: numbered placeholders such as {0} are not supported")
        #expect(s.show("format(\"{a b}\", 1)") == "error: format: {a b} is not a placeholder; use {} or {name}")
        #expect(s.show("format(\"a } b\")") == "error: format: unmatched '}' in the template")
        #expect(s.show("format(\"a { b\")") == "error: format: '{' is never closed in the template")
        #expect(s.show("format(1)") == "error: format expects 'template' to be a string, found int")
        // The caret sits under the value that has no placeholder.
        let extra = s.failure("format(\"{}\", 1, 22)") ?? ""
        #expect(extra.contains("\n  |                 ^^"))
    }

    @Test func elementwiseOnColumnsMatchesValues() throws {
        let s = try builtinSession(["n.csv": Self.names])
        let columns = s.show("""
        let t = read_csv("n.csv") |> with(u: upper(.name), l: lower(.name), t: trim(.name), c: contains(.tag, "run"), \
        sw: starts_with(.tag, "run"), ew: ends_with(.name, "e"), r: replace(.tag, "-", "_"), n: len(.name))
        [t.u, t.l, t.t, t.c, t.sw, t.ew, t.r, t.n]
        """)
        #expect(columns == """
        [["  ANA LIMA ", "BO", null, "ÉLODIE"], ["  ana lima ", "bo", null, "élodie"], ["Ana Lima", "bo", null, "Élodie"], \
        [true, null, false, true], [true, null, false, true], [false, false, null, true], ["run", null, "swim", "run_long"], [11, 2, null, 6]]
        """)
        let values = s.show("""
        let p = read_csv("n.csv")
        [map(p.name, upper), map(p.name, lower), map(p.name, trim), map(p.tag, x => contains(x, "run")), \
        map(p.tag, x => starts_with(x, "run")), map(p.name, x => ends_with(x, "e")), map(p.tag, x => replace(x, "-", "_")), map(p.name, len)]
        """)
        #expect(values == columns)
        // A column as the pattern, and a constant text against a column of patterns.
        #expect(s.show("(p |> with(c: contains(\"running\", .tag), s: starts_with(.name, .tag))) |> select(.c, .s) |> columns") == "[\"c\", \"s\"]")
        #expect(s.show("(p |> with(c: contains(\"running\", .tag))).c") == "[true, null, false, false]")
    }

    @Test func columnErrors() throws {
        let s = try builtinSession(["n.csv": Self.names + "Zed,x\n", "k.csv": "k\n1\n2\n"])
        #expect(s.show("read_csv(\"k.csv\") |> with(u: upper(.k))") == "error: upper expects a string, found int")
        #expect(s.show("read_csv(\"k.csv\") |> with(u: contains(.k, \"1\"))") == "error: contains expects a string, found int")
        #expect(s.show("read_csv(\"n.csv\") |> with(r: replace(.name, .tag, \"x\"))") == "error: replace on a column needs constant strings for 'old' and 'new'")
        #expect(s.show("read_csv(\"n.csv\") |> with(r: replace(.name, \"\", \"x\"))") == "error: replace needs a non-empty text to find")
    }
}
