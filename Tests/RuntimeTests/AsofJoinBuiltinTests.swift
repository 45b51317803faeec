import Testing
@testable import Runtime

/// `asof_join` through the language: strategies, tolerances, how, names that differ, options, and
/// errors with the caret under the argument at fault.
@Suite struct AsofJoinBuiltinTests {
    static let files = [
        "l.csv": "k,t,id\na,5,1\nb,5,2\nc,5,3\na,0,4\n",
        "r.csv": "k,t,v\na,1,x\na,4,y\na,7,z\nb,2,p\n",
        "r2.csv": "key,time,v\na,1,x\na,4,y\na,7,z\nb,2,p\n",
        "rn.csv": "k,t,v\n1,1,x\n",
        "dup.csv": "k,t,v,ing\na,4,y1,20\na,4,y2,10\n",
        "ls.csv": "k,t\na,2024-05-03\na,2024-05-20\n",
        "rs.csv": "k,t,w\na,2024-05-01,1.5\na,2024-05-10,2.5\n",
        "ln.csv": "k,t\na,\na,5\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        let names = ["l", "r", "r2", "rn", "dup", "ls", "rs", "ln"]
        #expect(s.show(names.map { "let \($0) = read_csv(\"\($0).csv\")" }.joined(separator: "; ")) == "")
        return s
    }

    @Test func strategiesAndTheMatchedTime() throws {
        let s = try session()
        #expect(s.show("let j = asof_join(l, r, on: .t, by: [.k]); [columns(j), j.v, j.t_right]")
            == "[[\"k\", \"t\", \"id\", \"v\", \"t_right\"], [\"y\", \"p\", null, null], [4, 2, null, null]]")
        #expect(s.show("asof_join(l, r, on: .t, by: .k, strategy: \"forward\").v") == "[\"z\", null, null, \"x\"]")
        #expect(s.show("asof_join(l, r, on: .t, by: [\"k\"], strategy: \"nearest\").v") == "[\"y\", \"p\", null, \"x\"]")
        #expect(s.show("asof_join(l, r, on: .t, by: [.k], allow_exact_matches: false, strategy: \"forward\").t_right")
            == "[7, null, null, 1]")
        #expect(s.show("(l |> asof_join(r, on: .t, by: [.k], how: \"inner\")).id") == "[1, 2]")
        #expect(s.show("asof_join(l, r, on: .t).v") == "[\"y\", \"y\", \"y\", null]")
        #expect(s.show("asof_join(l, r, on: .t, by: []).v") == "[\"y\", \"y\", \"y\", null]")
    }

    @Test func tolerancesDifferingNamesAndOptions() throws {
        let s = try session()
        #expect(s.show("asof_join(ls, rs, on: .t, by: [.k], tolerance: 7d).w") == "[1.5, null]")
        #expect(s.show("asof_join(ls, rs, on: .t, by: [.k], tolerance: 10d).w") == "[1.5, 2.5]")
        #expect(s.show("asof_join(l, r, on: .t, by: [.k], tolerance: 1).v") == "[\"y\", null, null, null]")
        #expect(s.show("asof_join(l, r, on: .t, by: [.k], tolerance: null).v") == "[\"y\", \"p\", null, null]")
        #expect(s.show("asof_join(l, r2, left_on: .t, right_on: .time, left_by: [.k], right_by: [.key]) |> columns")
            == "[\"k\", \"t\", \"id\", \"v\", \"time\"]")
        #expect(s.show("asof_join(l, r, on: .t, by: [.k], suffix: \"_r\") |> columns") == "[\"k\", \"t\", \"id\", \"v\", \"t_r\"]")
        #expect(s.show("asof_join(l, dup, on: .t, by: [.k]).v") == "[\"y2\", null, null, null]")
        #expect(s.show("asof_join(l, dup, on: .t, by: [.k], tie_break: [.ing]).v") == "[\"y1\", null, null, null]")
        #expect(s.show("asof_join(l, dup, on: .t, by: [.k], tie_break: desc(.ing)).v") == "[\"y2\", null, null, null]")
        #expect(s.show("asof_join(ln, r, on: .t, by: [.k]) |> shape") == "[2, 4]")
        #expect(s.show("asof_join(ln, r, on: .t, by: [.k], null_left_time: \"drop\").v") == "[\"y\"]")
    }

    @Test func argumentErrorsPointAtTheArgument() throws {
        let s = try session()
        #expect(s.failure("asof_join(l, r, on: .t, by: [.k], strategy: \"backwards\")") == """
        error: unknown asof_join strategy "backwards"; expected one of "backward", "forward", "nearest"
         --> <t>:1:35
          |
        1 | asof_join(l, r, on: .t, by: [.k], strategy: "backwards")
          |                                   ^^^^^^^^ did you mean "backward"?
        """)
        #expect(s.failure("asof_join(l, r, on: .t, by: [.id])") == """
        error: unknown column .id in the right frame
         --> <t>:1:30
          |
        1 | asof_join(l, r, on: .t, by: [.id])
          |                              ^^^ the right frame's columns are .k, .t, .v
        """)
        #expect(s.failure("asof_join(l, r, on: .t, by: [.k], tolerance: -1)") == """
        error: asof join tolerance must not be negative, found -1
         --> <t>:1:35
          |
        1 | asof_join(l, r, on: .t, by: [.k], tolerance: -1)
          |                                   ^^^^^^^^^
        """)
        #expect(s.failure("asof_join(ls, r, on: .t, by: [.k])") == """
        error: asof join time column .t is timestamp on the left and int on the right
         --> <t>:1:18
          |
        1 | asof_join(ls, r, on: .t, by: [.k])
          |                  ^^ cast one side first, e.g. cast(df, t: "timestamp")
        """)
        #expect(s.failure("asof_join(l, rn, on: .t, by: [.k])") == """
        error: asof join by key .k is string on the left and int on the right
         --> <t>:1:31
          |
        1 | asof_join(l, rn, on: .t, by: [.k])
          |                               ^^ cast one side first, e.g. cast(df, k: "string")
        """)
        #expect(s.show("asof_join(l, r, on: .t, by: [.k], tolerance: 7d)")
            == "error: asof join tolerance must be an int for int times, found duration")
        #expect(s.show("asof_join(ls, rs, on: .t, by: [.k], tolerance: 7)")
            == "error: asof join tolerance must be a duration such as 7d for timestamp times, found int")
        #expect(s.show("asof_join(l, r, on: .t, tolerance: 0, allow_exact_matches: false)")
            == "error: asof join tolerance 0 with allow_exact_matches false can never match")
        #expect(s.show("asof_join(l, r, on: .t, tolerance: \"1\")")
            == "error: asof_join expects 'tolerance' to be a duration such as 7d or a number, found string")
        #expect(s.show("asof_join(l, r, on: .t, how: \"outer\")")
            == "error: unknown asof_join how \"outer\"; expected one of \"left\", \"inner\"")
        let suffix = s.failure("asof_join(r, r, on: .t, by: [.k], suffix: \"\")") ?? ""
        #expect(suffix.hasPrefix("error: asof join output would have two columns named .v"))
        #expect(suffix.contains("1 | asof_join(r, r, on: .t, by: [.k], suffix: \"\")\n  |                                   ^^^^^^ rename a column first, or pass another suffix"))
        let ties = s.failure("asof_join(l, dup, on: .t, by: [.k], tie_break: \"error\")") ?? ""
        #expect(ties.hasPrefix("error: right rows 0 and 1 share .k = \"a\", .t = 4 (tie_break: \"error\")"))
        #expect(ties.contains("^^^^^^^"))
        let nulls = s.failure("asof_join(ln, r, on: .t, null_left_time: \"error\")") ?? ""
        #expect(nulls.hasPrefix("error: left row 0 has a null time in .t (null_left_time: \"error\")"))
    }

    @Test func callShapeErrors() throws {
        let s = try session()
        #expect(s.show("asof_join(l, r)") == "error: asof_join needs a time column, e.g. asof_join(left, right, on: .ts)")
        #expect(s.show("asof_join(l)") == "error: asof_join needs the argument 'right'")
        #expect(s.show("asof_join(l, 3, on: .t)") == "error: asof_join expects 'right' to be a frame, found int")
        #expect(s.show("asof_join(l, r, on: [.t])") == "error: asof_join's on takes one column such as .ts, found a list")
        #expect(s.show("asof_join(l, r, on: .t + 1)") == "error: asof_join's on expects a column such as .ts, found an expression")
        #expect(s.show("asof_join(l, r, on: .t, left_on: .t)") == "error: asof_join takes either on: or left_on:/right_on:, not both")
        #expect(s.show("asof_join(l, r2, left_on: .t)") == "error: asof_join needs both left_on: and right_on:")
        #expect(s.show("asof_join(l, r2, left_on: .t, right_on: .time, left_by: [.k])") == "error: asof_join needs both left_by: and right_by:")
        #expect(s.show("asof_join(l, r2, left_on: .t, right_on: .time, left_by: [.k, .id], right_by: [.key])")
            == "error: asof_join needs as many right_by keys as left_by keys, found 2 and 1")
        #expect(s.show("asof_join(l, r, on: .t, by: [.k + 1])") == "error: asof_join's by expects column names such as [.k], found an expression")
        #expect(s.show("asof_join(l, r, on: .t, tie_break: \"last\")") == "error: unknown asof_join tie_break \"last\"; expected \"last_inserted\", \"error\" or columns such as [.ingested_at]")
        #expect(s.show("asof_join(l, r, on: .t, tie_break: [.nope])") == "error: unknown column .nope in the right frame")
        #expect(s.show("asof_join(l, r, on: .t, require_non_null: [.v]).v") == "[\"y\", \"y\", \"y\", null]")
    }
}
