import Testing
@testable import Runtime

/// concat, unique, distinct, slice, drop, rename, describe, cast and the null helpers through the
/// language, with their error messages.
@Suite struct FrameVerbBuiltinTests {
    static let files = [
        "w.csv": "day,temp_max,rain,kind\n1,12.5,,sun\n2,10,1.5,rain\n3,,0.5,rain\n3,,0.5,rain\n",
        "x.csv": "day,temp_max,rain,kind\n4,9,2,snow\n",
        "s.csv": "id,n\n1,7\n2,x\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let w = read_csv(\"w.csv\"); let x = read_csv(\"x.csv\"); let t = read_csv(\"s.csv\")") == "")
        return s
    }

    @Test func concat() throws {
        let s = try session()
        #expect(s.show("concat([w, x]).day") == "[1, 2, 3, 3, 4]")
        #expect(s.show("concat(w, x).temp_max") == "[12.5, 10.0, null, null, 9.0]")
        #expect(s.show("concat([w, select(x, .kind, .rain, .temp_max, .day)]) |> columns") == "[\"day\", \"temp_max\", \"rain\", \"kind\"]")
        #expect(s.show("concat([select(w, .day), select(w, .kind)], how: \"horizontal\") |> columns") == "[\"day\", \"kind\"]")
        #expect(s.show("concat([w, t])") == "error: concat: frame 2 has no column .day (frame 1 has)")
        #expect(s.show("concat([w, 3])") == "error: concat expects frames, element 2 is int")
        #expect(s.show("concat([])") == "error: concat needs at least one frame")
        let how = s.failure("concat([w, x], how: \"diagonl\")") ?? ""
        #expect(how.hasPrefix("error: unknown how \"diagonl\"; expected one of \"vertical\", \"horizontal\", \"diagonal\""))
        #expect(s.show("concat([w, x], mode: \"vertical\")") == "error: concat has no parameter 'mode'")
        #expect(s.show("concat([w, w], how: \"horizontal\")").hasPrefix("error: concat horizontal: column .day appears in more than one frame"))
    }

    @Test func uniqueAndDistinct() throws {
        let s = try session()
        #expect(s.show("distinct(w) |> shape") == "[3, 4]")
        #expect(s.show("unique(w, .kind).day") == "[1, 2]")
        #expect(s.show("unique(w, .kind, keep: \"last\").day") == "[1, 3]")
        #expect(s.show("unique(w, .kind, keep: \"none\").day") == "[1]")
        #expect(s.show("w |> unique(.rain, .kind) |> shape") == "[3, 4]")
        #expect(s.show("unique([3, 1, 3, 1.0, null, null])") == "[3, 1, null]")
        #expect(s.show("unique(w, .knd)") == "error: unknown column .knd")
        #expect(s.failure("unique(w, keep: \"any\")")?.contains("expected one of \"first\", \"last\", \"none\"") == true)
        #expect(s.show("unique([1], .a)") == "error: unique of a list takes no columns")
        #expect(s.show("unique(3)") == "error: unique expects 'list' to be a list, found int")
    }

    @Test func sliceDropRename() throws {
        let s = try session()
        #expect(s.show("slice(w, 1, 2).day") == "[2, 3]")
        #expect(s.show("slice(w, -1).day") == "[3]")
        #expect(s.show("slice(w, 10).day") == "[]")
        #expect(s.show("slice([1, 2, 3, 4], 1, 2)") == "[2, 3]")
        #expect(s.show("slice(range(5), -2)") == "[3, 4]")
        #expect(s.show("slice(w, 0, -1)") == "error: slice needs a non-negative length, found -1")
        #expect(s.show("drop(w, .rain, .kind) |> columns") == "[\"day\", \"temp_max\"]")
        #expect(s.show("drop(w)") == "error: drop needs at least one column, e.g. drop(df, .a)")
        #expect(s.failure("drop(w, .rian)")?.contains("did you mean .rain?") == true)
        #expect(s.show("rename(w, temp_max: \"tmax\", day: \"d\") |> columns") == "[\"d\", \"tmax\", \"rain\", \"kind\"]")
        #expect(s.show("rename(w, day: \"kind\")") == "error: rename would give two columns named .kind")
        #expect(s.show("rename(w, day: 3)") == "error: rename expects the new name as a string, found int")
        #expect(s.failure("rename(w, tmp_max: \"t\")") == """
        error: unknown column .tmp_max
         --> <t>:1:11
          |
        1 | rename(w, tmp_max: "t")
          |           ^^^^^^^ did you mean .temp_max?
        """)
    }

    @Test func describe() throws {
        let s = try session()
        #expect(s.show("describe(w) |> columns") == "[\"statistic\", \"day\", \"temp_max\", \"rain\", \"kind\"]")
        #expect(s.show("describe(w).statistic") == "[\"count\", \"null_count\", \"mean\", \"std\", \"min\", \"25%\", \"50%\", \"75%\", \"max\"]")
        #expect(s.show("describe(w).temp_max") == "[2.0, 2.0, 11.25, 1.7677669529663689, 10.0, 10.0, 12.5, 12.5, 12.5]")
        #expect(s.show("describe(w).kind") == "[\"4\", \"0\", null, null, \"rain\", null, null, null, \"sun\"]")
        #expect(s.show("describe(3)") == "error: describe expects 'df' to be a frame, found int")
    }

    @Test func cast() throws {
        let s = try session()
        #expect(s.show("cast(w, day: \"float\", rain: \"string\").day") == "[1.0, 2.0, 3.0, 3.0]")
        #expect(s.show("cast(w, rain: \"string\").rain") == "[null, \"1.5\", \"0.5\", \"0.5\"]")
        #expect(s.show("(cast(cast(w, day: \"string\"), day: \"int\")).day") == "[1, 2, 3, 3]")
        #expect(s.failure("cast(t, n: \"int\")") == """
        error: cannot cast .n to int: row 1 holds "x"
         --> <t>:1:9
          |
        1 | cast(t, n: "int")
          |         ^
        """)
        #expect(s.show("cast(w, temp_max: \"int\")") == "error: cannot cast .temp_max to int: row 0 holds 12.5 (not a whole number)")
        let unknown = s.failure("cast(w, day: \"flaot\")") ?? ""
        #expect(unknown.hasPrefix("error: unknown type \"flaot\"; expected one of \"int\", \"float\", \"bool\", \"string\", \"timestamp\", \"duration\""))
        #expect(unknown.contains("did you mean \"float\"?"))
        #expect(s.show("cast(w, dy: \"int\")") == "error: unknown column .dy")
        #expect(s.show("cast(w, day: 3)") == "error: cast expects a type name such as \"float\", found int")
        #expect(s.show("cast(w)") == "error: cast needs at least one column: \"type\" pair, e.g. cast(df, x: \"float\")")
    }

    @Test func nullHelpers() throws {
        let s = try session()
        #expect(s.show("fill_null(w, 0).temp_max") == "[12.5, 10.0, 0.0, 0.0]")
        #expect(s.show("fill_null(w, 0).rain") == "[0.0, 1.5, 0.5, 0.5]")
        #expect(s.show("fill_null(w, temp_max: .rain * 10).temp_max") == "[12.5, 10.0, 5.0, 5.0]")
        #expect(s.show("fill_null(w, rain: -1).rain") == "[-1.0, 1.5, 0.5, 0.5]")
        #expect(s.show("with(w, t: fill_null(.temp_max, 99)).t") == "[12.5, 10.0, 99.0, 99.0]")
        #expect(s.show("[fill_null(null, 1), fill_null(2, 1)]") == "[1, 2]")
        #expect(s.show("fill_null(w, kind: 1)") == "error: cannot fill nulls of .kind (string) with a value of type int")
        #expect(s.show("fill_null(w)") == "error: fill_null needs a value, e.g. fill_null(df, 0) or fill_null(df, x: 0)")
        #expect(s.show("fill_null(w, 0, kind: \"?\")") == "error: fill_null takes either one value or column: value pairs, not both")
        #expect(s.show("fill_null(w, knd: \"?\")") == "error: unknown column .knd")
        #expect(s.show("drop_nulls(w).day") == "[2]")
        #expect(s.show("drop_nulls(w, .rain).day") == "[2, 3, 3]")
        #expect(s.show("drop_nulls(w, .rn)") == "error: unknown column .rn")
        #expect(s.show("let m = with(w, missing: is_null(.temp_max), present: is_not_null(.rain)); [m.missing, m.present]")
            == "[[false, false, true, true], [false, true, true, true]]")
        #expect(s.show("filter(w, is_null(.rain)).day") == "[1]")
        #expect(s.show("[is_null(null), is_null(0), is_not_null(\"\")]") == "[true, false, true]")
        #expect(s.show("slice(w, 0, 0) |> drop_nulls |> shape") == "[0, 4]")
    }
}
