import Testing
@testable import Runtime

/// `join` through the language: every how, key forms, suffixes, the list form, and errors with carets.
@Suite struct JoinBuiltinTests {
    static let files = [
        "a.csv": "id,v\n1,a\n2,b\n3,c\n2,d\n,e\n",
        "b.csv": "id,w,v\n2,20.5,x\n4,40.5,y\n2,21.5,z\n,0.5,n\n1,10.5,o\n",
        "names.csv": "user,city\n1,Oslo\n3,Lima\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let a = read_csv(\"a.csv\"); let b = read_csv(\"b.csv\"); let n = read_csv(\"names.csv\")") == "")
        return s
    }

    @Test func everyHow() throws {
        let s = try session()
        #expect(s.show("let j = join(a, b, on: [.id]); [columns(j), j.id, j.v, j.w, j.v_right]")
            == "[[\"id\", \"v\", \"w\", \"v_right\"], [1, 2, 2, 2, 2], [\"a\", \"b\", \"b\", \"d\", \"d\"], [10.5, 20.5, 21.5, 20.5, 21.5], [\"o\", \"x\", \"z\", \"x\", \"z\"]]")
        #expect(s.show("let l = join(a, b, on: [.id], how: \"left\"); [l.id, l.w]")
            == "[[1, 2, 2, 3, 2, 2, null], [10.5, 20.5, 21.5, null, 20.5, 21.5, null]]")
        #expect(s.show("let r = join(a, b, on: [.id], how: \"right\"); [r.id, r.v]")
            == "[[2, 2, 4, 2, 2, null, 1], [\"b\", \"d\", null, \"b\", \"d\", null, \"a\"]]")
        #expect(s.show("let o = join(a, b, on: [.id], how: \"outer\"); [o.id, o.v]")
            == "[[1, 2, 2, 3, 2, 2, null, 4, null], [\"a\", \"b\", \"b\", \"c\", \"d\", \"d\", \"e\", null, null]]")
        #expect(s.show("join(a, b, on: [.id], how: \"full\") |> shape") == "[9, 4]")
        #expect(s.show("(join(a, b, on: [.id], how: \"semi\")).v") == "[\"a\", \"b\", \"d\"]")
        #expect(s.show("(join(a, b, on: [.id], how: \"anti\")).v") == "[\"c\", \"e\"]")
    }

    @Test func keyFormsPipesAndSuffixes() throws {
        let s = try session()
        #expect(s.show("(a |> join(b, on: .id)).w |> len") == "5")
        #expect(s.show("(a |> join(b, on: \"id\")).w |> len") == "5")
        #expect(s.show("(a |> join(b, on: [\"id\", .v], how: \"left\")).w") == "[null, null, null, null, null]")
        #expect(s.show("columns(join(a, b, on: [.id], suffix: \"_b\"))") == "[\"id\", \"v\", \"w\", \"v_b\"]")
        #expect(s.show("let u = join(a, n, left_on: [.id], right_on: [.user], how: \"left\"); [columns(u), u.city]")
            == "[[\"id\", \"v\", \"city\"], [\"Oslo\", null, \"Lima\", null, null]]")
    }

    @Test func joinStillJoinsLists() throws {
        let s = try session()
        #expect(s.show("join([\"a\", \"b\", 3], \", \")") == "\"a, b, 3\"")
        #expect(s.show("join([\"a\", \"b\"], separator: \"-\")") == "\"a-b\"")
        #expect(s.show("join([1, 2])") == "\"12\"")
        #expect(s.show("type_of(join(null))") == "\"null\"")
        #expect(s.show("join([1], on: [.id])") == "error: join of a list takes only a separator")
    }

    @Test func unknownKeysNameTheSideWithACaret() throws {
        let s = try session()
        #expect(s.failure("join(a, b, on: [.idd])") == """
        error: unknown column .idd in the left frame
         --> <t>:1:17
          |
        1 | join(a, b, on: [.idd])
          |                 ^^^^ did you mean .id?
        """)
        #expect(s.failure("join(a, n, on: [.id])") == """
        error: unknown column .id in the right frame
         --> <t>:1:17
          |
        1 | join(a, n, on: [.id])
          |                 ^^^ the right frame's columns are .user, .city
        """)
        #expect(s.show("join(a, n, left_on: [.id], right_on: [.usr])") == "error: unknown column .usr in the right frame")
        #expect(s.failure("join(a, n, left_on: [.id], right_on: [.usr])")?.contains("did you mean .user?") == true)
    }

    @Test func badArguments() throws {
        let s = try session()
        let how = s.failure("join(a, b, on: [.id], how: \"lft\")") ?? ""
        #expect(how.hasPrefix("error: unknown join how \"lft\"; expected one of \"inner\", \"left\", \"right\", \"outer\", \"semi\", \"anti\""))
        #expect(how.contains("did you mean \"left\"?"))
        #expect(s.show("join(a, b)") == "error: join needs key columns, e.g. join(left, right, on: [.id])")
        #expect(s.show("join(a)") == "error: join needs a right frame, e.g. join(left, right, on: [.id])")
        #expect(s.show("join(a, 3, on: [.id])") == "error: join expects 'right' to be a frame, found int")
        #expect(s.show("join(3, b, on: [.id])") == "error: join expects 'left' to be a frame, found int")
        #expect(s.show("join(\"ab\", \",\")") == "error: join expects 'list' to be a list, found string")
        #expect(s.show("join(a, b, on: [.id], left_on: [.id])") == "error: join takes either on: or left_on:/right_on:, not both")
        #expect(s.show("join(a, n, left_on: [.id])") == "error: join needs both left_on: and right_on:")
        #expect(s.show("join(a, b, on: [.id + 1])") == "error: join's on expects column names such as [.id], found an expression")
        #expect(s.show("join(a, b, on: [])") == "error: join's on needs at least one column")
        #expect(s.show("join(a, b, on: [.v]) |> columns") == "[\"id\", \"v\", \"id_right\", \"w\"]")
        let mismatch = s.failure("join(a, b, left_on: [.id], right_on: [.v])") ?? ""
        #expect(mismatch.hasPrefix("error: join keys differ in type: .id is int on the left, .v is string on the right"))
        #expect(mismatch.contains("cast one side first, e.g. cast(df, v: \"int\")"))
        #expect(s.show("join(a, b, left_on: [.id, .v], right_on: [.id])") == "error: join needs as many right_on keys as left_on keys, found 2 and 1")
    }
}
