import Testing
@testable import Runtime

/// Columns whose names are not identifiers (R's `Solar.R`) through the verbs that take
/// `name: value` pairs: quoted labels, and `rename`'s record form.
@Suite struct QuotedNameBuiltinTests {
    static let files = [
        "air.csv": "Ozone,Solar.R,Wind,Temp\n41,190,7.4,67\n36,,8.0,72\n,149,12.6,74\n",
        "one.csv": "Solar.R\n5\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let raw = read_csv(\"air.csv\")") == "")
        return s
    }

    @Test func renameTakesQuotedLabels() throws {
        let s = try session()
        #expect(s.show("raw |> rename(Ozone: \"ozone\", \"Solar.R\": \"solar\") |> columns") == "[\"ozone\", \"solar\", \"Wind\", \"Temp\"]")
        // Values and nulls travel with the renamed column.
        #expect(s.show("(raw |> rename(\"Solar.R\": \"solar\")).solar") == "[190, null, 149]")
        // A new name may itself need quotes when referenced: ."solar radiation".
        #expect(s.show("(raw |> rename(\"Solar.R\": \"solar radiation\")).\"solar radiation\"") == "[190, null, 149]")
    }

    @Test func renameTakesARecord() throws {
        let s = try session()
        #expect(s.show("raw |> rename({\"Solar.R\": \"solar\", Ozone: \"ozone\"}) |> columns") == "[\"ozone\", \"solar\", \"Wind\", \"Temp\"]")
        // A record and labels together.
        #expect(s.show("raw |> rename({\"Solar.R\": \"solar\"}, Wind: \"wind\") |> columns") == "[\"Ozone\", \"solar\", \"wind\", \"Temp\"]")
        // A mapping built as a value.
        #expect(s.show("let names = {\"Solar.R\": \"solar\"}\nraw |> rename(names) |> columns") == "[\"Ozone\", \"solar\", \"Wind\", \"Temp\"]")
    }

    @Test func renameOnEmptyAndOneRowFrames() throws {
        let s = try session()
        #expect(s.show("raw |> head(0) |> rename(\"Solar.R\": \"solar\") |> shape") == "[0, 4]")
        #expect(s.show("read_csv(\"one.csv\") |> rename({\"Solar.R\": \"solar\"})") == """
            shape: (1, 1)
            ┌───────┐
            │ solar │
            │ int   │
            ╞═══════╡
            │ 5     │
            └───────┘
            """)
    }

    @Test func renameErrorsSayWhatToWrite() throws {
        let s = try session()
        #expect(s.show("raw |> rename(\"Solar R\": \"solar\")") == "error: unknown column .\"Solar R\"")
        #expect(s.failure("raw |> rename(\"Solar R\": \"solar\")")?.contains("did you mean .\"Solar.R\"?") == true)
        #expect(s.show("raw |> rename({\"Solar.R\": \"a\"}, \"Solar.R\": \"b\")") == "error: rename names .\"Solar.R\" twice")
        #expect(s.show("raw |> rename(\"Solar.R\": 3)") == "error: rename expects the new name as a string, found int")
        #expect(s.failure("raw |> rename(\"Solar.R\": 3)")?.contains("rename(df, \"Solar.R\": \"new_name\")") == true)
        #expect(s.show("raw |> rename(.Ozone)") == "error: rename takes old: \"new\" pairs or one record of them, found column expression")
        #expect(s.show("raw |> rename({a: \"b\"}, {c: \"d\"})").hasPrefix("error: rename takes old: \"new\" pairs or one record of them"))
        #expect(s.show("raw |> rename()") == "error: rename needs at least one old: \"new\" pair, e.g. rename(df, temp_max: \"tmax\")")
        // The column reference spelling as a label points at the fix.
        let dotted = s.failure("raw |> rename(.\"Solar.R\": \"solar\")") ?? ""
        #expect(dotted.hasPrefix("error: a label is a plain name, not a column reference"))
        #expect(dotted.contains("drop the dot: \"Solar.R\": …"))
    }

    @Test func otherPairVerbsTakeQuotedLabels() throws {
        let s = try session()
        #expect(s.show("(raw |> with(\"temp f\": .Temp * 9 / 5 + 32)).\"temp f\"") == "[152.6, 161.6, 165.2]")
        #expect(s.show("(raw |> cast(\"Solar.R\": \"float\")).\"Solar.R\"") == "[190.0, null, 149.0]")
        #expect(s.show("(raw |> fill_null(\"Solar.R\": 0)).\"Solar.R\"") == "[190, 0, 149]")
        #expect(s.show("(raw |> agg(\"mean ozone\": mean(.Ozone))).\"mean ozone\"") == "[38.5]")
    }
}
