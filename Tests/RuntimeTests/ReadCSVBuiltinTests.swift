import Testing
@testable import Runtime

/// `read_csv`'s named arguments in the language, and the errors each one gives.
@Suite struct ReadCSVBuiltinTests {
    static let files = [
        "semi.csv": "id;name;score\n1;ann;3.5\n2;-;NA\n3;bob;4\n",
        "plain.csv": "id,v\n1,x\n2,y\n3,z\n",
        "bad.csv": "id,v\n1,x\noops,y\n",
    ]

    @Test func optionsReachTheReader() throws {
        let session = try builtinSession(Self.files)
        #expect(session.show(#"read_csv("semi.csv", delimiter: ";", nulls: ["-", "NA"]) |> columns"#) == #"["id", "name", "score"]"#)
        #expect(session.show(#"let s = read_csv("semi.csv", delimiter: ";", nulls: ["-", "NA"]); type_of(s.score[0])"#) == #""float""#)
        #expect(session.show(#"read_csv("plain.csv", header: false) |> shape"#) == "[4, 2]")
        #expect(session.show(#"read_csv("plain.csv", header: false) |> columns"#) == #"["column_1", "column_2"]"#)
        #expect(session.show(#"read_csv("plain.csv", limit: 2) |> shape"#) == "[2, 2]")
        #expect(session.show(#"read_csv("plain.csv", limit: 0) |> shape"#) == "[0, 2]")
        #expect(session.show(#"let t = read_csv("plain.csv", types: {id: "string"}); type_of(t.id[0])"#) == #""string""#)
    }

    @Test func anUnparsableTypedValueNamesLineColumnAndValue() throws {
        let session = try builtinSession(Self.files)
        #expect(session.show(#"read_csv("bad.csv", types: {id: "int"})"#)
            == #"error: line 3: cannot read "oops" as int in column 'id'"#)
    }

    @Test func badArgumentsPointAtTheirArgument() throws {
        let session = try builtinSession(Self.files)
        let unknown = try #require(session.failure(#"read_csv("plain.csv", types: {ids: "int"})"#))
        #expect(unknown.contains("plain.csv has no column 'ids' to give a type"))
        #expect(unknown.contains("did you mean .id?"))
        #expect(unknown.contains("                      ^^^^^"))
        #expect(session.show(#"read_csv("plain.csv", types: {id: "decimal"})"#)
            == #"error: read_csv cannot give column 'id' the type "decimal""#)
        #expect(session.show(#"read_csv("plain.csv", types: ["int"])"#)
            == #"error: read_csv expects 'types' to be a record such as {id: "int"}, found list"#)
        #expect(session.show(#"read_csv("plain.csv", nulls: "NA")"#)
            == #"error: read_csv expects 'nulls' to be a list of strings such as ["NA", "-"], found string"#)
        #expect(session.show(#"read_csv("plain.csv", nulls: [1])"#) == "error: read_csv expects 'nulls' to hold strings, found int")
        #expect(session.show(#"read_csv("plain.csv", delimiter: ";;")"#)
            == #"error: read_csv needs a delimiter of one ASCII character other than a quote or a line break, found ";;""#)
        #expect(session.show(#"read_csv("plain.csv", header: "no")"#)
            == "error: read_csv expects 'header' to be true or false, found string")
        #expect(session.show(#"read_csv("plain.csv", limit: -1)"#) == "error: read_csv needs a limit of 0 or more rows, found -1")
    }
}
