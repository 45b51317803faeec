import Testing
@testable import Runtime

/// `frame(…)`, `date_range`, `if_else` on single values and `join(…, how: "cross")` from the
/// language: type inference, broadcasting, nulls, empty and one-row frames, and the errors.
@Suite struct FrameConstructorTests {
    @Test func columnsFromARecord() throws {
        let s = try builtinSession()
        #expect(s.show("shape(frame({id: range(1000), sport: \"run\", w: 2.5}))") == "[1000, 3]")
        #expect(s.show("columns(frame({b: [1], a: [2], c: [3]}))") == "[\"b\", \"a\", \"c\"]")
        #expect(s.show("frame({id: range(4), sport: \"run\"}).sport") == "[\"run\", \"run\", \"run\", \"run\"]")
        #expect(s.show("frame({id: range(2, 8, step: 2)}).id") == "[2, 4, 6]")
        #expect(s.show("frame({x: [1, 2.5, null]}).x") == "[1.0, 2.5, null]")
        #expect(s.show("frame({x: [true, null, false]}).x") == "[true, null, false]")
        #expect(s.show("frame({t: [@2024-05-01, null]}).t") == "[@2024-05-01, null]")
        #expect(s.show("frame({d: [1h, 30m]}).d") == "[1h, 30m]")
    }

    @Test func inferredTypes() throws {
        let s = try builtinSession()
        let code = """
        frame({i: [1, 2], f: [1, 2.0], b: [true, false], s: ["a", null], t: [@2024-01-01, @2024-01-02],
               d: [1d, 2d], n: [null, null], c: 7})
        """
        let rendered = s.show(code + " |> head(0)")
        #expect(rendered.contains("│ int │ float │ bool │ string │ timestamp │ duration │ int │ int │"), "\(rendered)")
        #expect(s.show("frame({i: [1, 2], e: []})") == "error: frame's columns differ in length: .i has 2 values and .e has 0")
    }

    @Test func allNullAndEmptyColumnsAreInt() throws {
        // The untyped-null rule: no typed value → int, as with(x: null) makes.
        let s = try builtinSession()
        #expect(s.show("frame({n: [null, null]})").contains("│ int  │"))
        #expect(s.show("frame({n: null, k: [1, 2]})").contains("│ int  │ int │"))
        #expect(s.show("shape(frame({e: []}))") == "[0, 1]")
        #expect(s.show("frame({e: []})").contains("│ int │"))
    }

    @Test func emptyAndOneRowFrames() throws {
        let s = try builtinSession()
        #expect(s.show("shape(frame({}))") == "[0, 0]")
        #expect(s.show("shape(frame([]))") == "[0, 0]")
        #expect(s.show("shape(frame({a: 1, b: \"x\"}))") == "[1, 2]")
        #expect(s.show("frame({a: [5]}).a") == "[5]")
    }

    @Test func rowsAsRecords() throws {
        let s = try builtinSession()
        let code = "frame([{a: 1, b: \"x\"}, {b: \"y\", c: true}, {c: false, a: 2.5}])"
        #expect(s.show("columns(\(code))") == "[\"a\", \"b\", \"c\"]")
        #expect(s.show("\(code).a") == "[1.0, null, 2.5]")
        #expect(s.show("\(code).b") == "[\"x\", \"y\", null]")
        #expect(s.show("\(code).c") == "[null, true, false]")
    }

    @Test func columnValuesOfAnotherFrameRoundTrip() throws {
        let s = try builtinSession()
        let code = "let a = frame({x: [3, null, 1], y: [\"p\", \"q\", null]})\nlet b = frame({x: a.x, y: a.y, z: 0})"
        #expect(s.show(code + "\n[b.x, b.y, b.z]") == "[[3, null, 1], [\"p\", \"q\", null], [0, 0, 0]]")
    }

    @Test func errorsNameTheColumnAndRow() throws {
        let s = try builtinSession()
        #expect(s.show("frame({id: range(3), w: [1.0, 2.5]})") == "error: frame's columns differ in length: .id has 3 values and .w has 2")
        #expect(s.show("frame({a: [1, \"x\"]})") == "error: frame's column .a mixes int and string values: row 1 is a string")
        #expect(s.show("frame({a: [null, @2024-01-01, 3]})") == "error: frame's column .a mixes timestamp and int values: row 2 is an int")
        #expect(s.show("frame({a: [1, [2]]})") == "error: frame's column .a holds a list at row 1; a column holds single values")
        #expect(s.show("frame({a: [{x: 1}]})") == "error: frame's column .a holds a record at row 0; a column holds single values")
        #expect(s.show("frame({a: .x})") == "error: frame's column .a is a column expression; a column is a list or a single value")
        #expect(s.show("frame({a: {b: 1}})") == "error: frame's column .a is a record; a column is a list or a single value")
        #expect(s.show("frame(\"x\")").hasPrefix("error: frame expects a record of columns"))
        #expect(s.show("frame([{a: 1}, 2])") == "error: frame's rows must be records such as {a: 1, b: \"x\"}; row 1 is an int")
        #expect(s.show("frame([{a: 1}, {a: \"x\"}])") == "error: frame's column .a mixes int and string values: row 1 is a string")
        #expect(s.show("frame({a: range(200000000)})") == "error: frame would have 200000000 rows (at most 100000000)")
    }

    @Test func dateRanges() throws {
        let s = try builtinSession()
        #expect(s.show("date_range(@2024-01-30, @2024-02-02)") == "[@2024-01-30, @2024-01-31, @2024-02-01, @2024-02-02]")
        #expect(s.show("date_range(@2024-01-01, @2024-01-01T01:00:00, every: 20m)")
                == "[@2024-01-01, @2024-01-01T00:20:00, @2024-01-01T00:40:00, @2024-01-01T01:00:00]")
        #expect(s.show("date_range(@2024-01-01, @2024-01-01T00:50:00, every: 20m)")
                == "[@2024-01-01, @2024-01-01T00:20:00, @2024-01-01T00:40:00]")
        #expect(s.show("date_range(@2024-01-01, @2024-01-01)") == "[@2024-01-01]")
        #expect(s.show("date_range(@2024-01-02, @2024-01-01)") == "[]")
        #expect(s.show("frame({day: date_range(@2024-01-01, @2024-01-03), n: range(3)}).day") == "[@2024-01-01, @2024-01-02, @2024-01-03]")
        #expect(s.show("date_range(@2024-01-01, @2024-01-03, every: 0s)") == "error: date_range needs a positive every:, found 0s")
        #expect(s.show("date_range(@2024-01-01, @2024-01-03, every: -1d)") == "error: date_range needs a positive every:, found -1d")
        #expect(s.show("date_range(@2000-01-01, @2024-01-01, every: 1m)")
                == "error: date_range from @2000-01-01 to @2024-01-01 every 1m would give more than 10000000 timestamps")
        // 9,999,999 seconds after the start: exactly ten million timestamps, and one more is refused.
        #expect(s.show("len(date_range(@2024-01-01, @2024-04-25T17:46:39, every: 1s))") == "10000000")
        #expect(s.show("len(date_range(@2024-01-01, @2024-04-25T17:46:40, every: 1s))").hasPrefix("error: date_range from"))
        #expect(s.show("date_range(\"2024-01-01\", @2024-01-03)") == "error: date_range expects 'start' to be a timestamp such as @2024-05-01, found string")
        #expect(s.show("date_range(@2024-01-01, @2024-01-03, every: 1)") == "error: date_range expects 'every' to be a duration such as 1d, found int")
    }

    @Test func ifElseOnSingleValues() throws {
        let s = try builtinSession()
        #expect(s.show("if_else(true, \"a\", \"b\")") == "\"a\"")
        #expect(s.show("if_else(false, 1, 2.5)") == "2.5")
        #expect(s.show("if_else(true, 1, 2.5)") == "1.0")
        #expect(s.show("[if_else(null, 1, 2)]") == "[null]")
        #expect(s.show("[if_else(true, null, 2)]") == "[null]")
        #expect(s.show("if_else(false, null, @2024-01-01)") == "@2024-01-01")
        #expect(s.show("if_else(1, 2, 3)") == "error: if_else's condition must be bool, found int")
        #expect(s.show("if_else(true, 1, \"x\")") == "error: if_else branches must have the same type, found int and string")
        #expect(s.show("if_else(true, [1], [2])") == "error: if_else takes single values or column expressions, found list")
    }

    @Test func ifElseOnColumnsAgreesWithSingleValues() throws {
        let s = try builtinSession()
        let code = """
        let f = frame({x: [1, null, 3, 4], s: ["a", "b", null, "d"]})
        let g = f |> with(big: if_else(.x > 2, "big", "small"), y: if_else(.x > 1, .x, 0.5), t: if_else(.s == "a", null, .s))
        [g.big, g.y, g.t]
        """
        #expect(s.show(code) == "[[\"small\", null, \"big\", \"big\"], [0.5, null, 3.0, 4.0], [null, \"b\", null, \"d\"]]")
        #expect(s.show("frame({x: [1]}) |> with(y: if_else(.x > 0, 1, \"a\"))") == "error: if_else branches must have the same type, found int and string")
    }

    @Test func crossJoins() throws {
        let s = try builtinSession()
        let code = """
        let athletes = frame({athlete: ["ada", "ben"], id: [1, 2]})
        let days = frame({day: date_range(@2024-05-01, @2024-05-03), id: 0})
        let grid = join(athletes, days, how: "cross")
        """
        #expect(s.show(code + "\ncolumns(grid)") == "[\"athlete\", \"id\", \"day\", \"id_right\"]")
        #expect(s.show("grid.athlete") == "[\"ada\", \"ada\", \"ada\", \"ben\", \"ben\", \"ben\"]")
        #expect(s.show("grid.day") == "[@2024-05-01, @2024-05-02, @2024-05-03, @2024-05-01, @2024-05-02, @2024-05-03]")
        #expect(s.show("columns(join(athletes, days, how: \"cross\", suffix: \"_d\"))") == "[\"athlete\", \"id\", \"day\", \"id_d\"]")
        #expect(s.show("join(athletes, days, on: [.id], how: \"cross\")")
                == "error: a cross join pairs every row with every row, so it takes no on:")
        #expect(s.show("join(athletes, days, how: \"crss\")")
                == "error: unknown join how \"crss\"; expected one of \"inner\", \"left\", \"right\", \"outer\", \"semi\", \"anti\", \"cross\"")
        #expect(s.show("shape(join(frame({a: range(100000)}), frame({b: range(10000)}), how: \"cross\"))")
                == "error: cross join of 100000 × 10000 rows would give 1000000000 rows (at most 500000000)")
        #expect(s.show("shape(join(athletes, frame({x: []}), how: \"cross\"))") == "[0, 3]")
        // The other kinds still work through the same builtin.
        #expect(s.show("shape(join(athletes, athletes, on: [.id]))") == "[2, 3]")
        #expect(s.show("join([\"a\", \"b\"], \"-\")") == "\"a-b\"")
    }
}
