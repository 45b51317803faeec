import Testing
@testable import Runtime

/// group_by, agg, the aggregates and the window functions, through a session.
@Suite struct AggregateBuiltinTests {
    static let weather = """
    day,weather,rain,temp
    1,sun,0.0,20
    2,rain,5.5,14
    3,sun,,22
    4,fog,0.5,11
    5,rain,2.5,13
    6,sun,0.0,25

    """

    func session() throws -> Session {
        let s = try builtinSession(["w.csv": Self.weather])
        _ = s.evaluate("let w = read_csv(\"w.csv\")", sourceName: "<t>")
        return s
    }

    @Test func groupByAndAggregate() throws {
        let s = try session()
        #expect(s.show("w |> group_by(.weather)") == "<grouped frame: 3 groups over 6 rows, by .weather>")
        let table = "let g = w |> group_by(.weather) |> agg(n: count(), m: mean(.rain), hot: max(.temp))"
        #expect(s.evaluate(table, sourceName: "<t>").error == nil)
        #expect(s.show("g |> columns") == "[\"weather\", \"n\", \"m\", \"hot\"]")
        #expect(s.show("g.weather") == "[\"sun\", \"rain\", \"fog\"]")
        #expect(s.show("g.n") == "[3, 2, 1]")
        #expect(s.show("g.m") == "[0.0, 4.0, 0.5]")
        #expect(s.show("g.hot") == "[25, 14, 11]")
        let shown = s.show("w |> group_by(.weather) |> agg(days: count()) |> sort(desc(.days)) |> head(1)")
        #expect(shown.contains("│ sun     │ 3    │"))
    }

    @Test func everyAggregateByName() throws {
        let s = try session()
        let code = """
        w |> group_by(.weather) |> agg(c: count(.rain), s: sum(.rain), lo: min(.temp), sd: std(.temp), v: var(.temp), \
        md: median(.temp), q: quantile(.temp, 0.5), f: first(.day), l: last(.day), u: n_unique(.rain))
        """
        let result = s.evaluate("let a = " + code, sourceName: "<t>")
        #expect(result.error == nil)
        #expect(s.show("a.c") == "[2, 2, 1]")
        #expect(s.show("a.s") == "[0.0, 8.0, 0.5]")
        #expect(s.show("a.lo") == "[20, 13, 11]")
        // One pass over shifted sums: the last bit differs from a two-pass 6.333333333333333.
        #expect(s.show("a.v") == "[6.333333333333334, 0.5, null]")
        #expect(s.show("a.md") == "[22.0, 13.5, 11.0]")
        #expect(s.show("a.q") == "[22.0, 13.5, 11.0]")
        #expect(s.show("[a.f, a.l]") == "[[1, 2, 4], [6, 5, 4]]")
        #expect(s.show("a.u") == "[2, 2, 1]")
    }

    @Test func wholeFrameAggregatesAndExpressions() throws {
        let s = try session()
        #expect(s.show("(w |> agg(total: sum(.rain), n: count())).total") == "[8.5]")
        #expect(s.show("(w |> agg(share: sum(.rain) / count())).share") == "[1.4166666666666667]")
        #expect(s.show("(w |> filter(.temp > mean(.temp))).day") == "[1, 3, 6]")
        #expect(s.show("(w |> with(dev: .temp - mean(.temp))).dev |> first") == "2.5")
        #expect(s.show("(w |> filter(.day > 99) |> agg(n: count(), m: mean(.temp))).m") == "[null]")
    }

    @Test func listFormsStillWork() throws {
        let s = try builtinSession()
        #expect(s.show("[sum([1, 2, 3]), mean([1, 2]), min(4, 2, 8), max([3, 9]), first([5, 6]), last([5, 6])]")
            == "[6, 1.5, 2, 9, 5, 6]")
        #expect(s.show("[std([1, 2, 3, 4]), var([1, 2, 3, 4]), median([3, 1, 2, 10]), quantile([1, 2, 3, 4], 0.25)]")
            == "[1.2909944487358056, 1.6666666666666667, 2.5, 1.75]")
        #expect(s.show("[count([1, null, 3]), n_unique([1, 1.0, 2, null]), std([1]), median([])]") == "[2, 3, null, null]")
        #expect(s.show("std([\"a\"])") == "error: std expects a list of numbers, found a string in it")
        #expect(s.show("quantile([1], 2)") == "error: quantile expects q between 0 and 1, found 2.0")
        #expect(s.show("sum(.x)") == "<column expression sum(.x)>")
        #expect(s.show("count()") == "<column expression count()>")
    }

    @Test func windowsInWithAndFilter() throws {
        let s = try session()
        #expect(s.show("(w |> with(prev: lag(.temp))).prev") == "[null, 20, 14, 22, 11, 13]")
        #expect(s.show("(w |> with(next: lead(.temp, n: 2))).next") == "[22, 11, 13, 25, null, null]")
        #expect(s.show("(w |> with(d: diff(.temp))).d") == "[null, -6, 8, -11, 2, 12]")
        #expect(s.show("(w |> with(c: cum_sum(.rain))).c") == "[0.0, 5.5, null, 6.0, 8.5, 8.5]")
        #expect(s.show("(w |> with(r: rank(.temp))).r") == "[4.0, 3.0, 5.0, 1.0, 2.0, 6.0]")
        #expect(s.show("(w |> with(r: row_number() |> over(by: [.weather], order: desc(.temp)))).r") == "[3, 1, 2, 1, 2, 1]")
        #expect(s.show("(w |> with(r: rank(.temp, method: \"dense\") |> over(by: .weather))).r") == "[1, 2, 2, 1, 1, 3]")
        #expect(s.show("(w |> with(c: cum_sum(.temp) |> over(by: [.weather], order: .day))).c") == "[20, 14, 42, 11, 27, 67]")
        #expect(s.show("(w |> filter((row_number() |> over(by: [.weather], order: desc(.day))) == 1)).day") == "[4, 5, 6]")
        #expect(s.show("(w |> with(m: mean(.temp) |> over(by: [.weather]))).m") == "[22.333333333333332, 13.5, 22.333333333333332, 11.0, 13.5, 22.333333333333332]")
        #expect(s.show("(w |> with(c: (.temp - mean(.temp)) |> over(by: [.weather]))).c |> last") == "2.666666666666668")
    }

    @Test func errorsPointAtTheCause() throws {
        let s = try session()
        #expect(s.failure("w |> group_by(.wether)") == """
        error: unknown column .wether
         --> <t>:1:15
          |
        1 | w |> group_by(.wether)
          |               ^^^^^^^ did you mean .weather?
        """)
        #expect(s.failure("w |> group_by(.weather) |> agg(m: mean(.tmp))") == """
        error: unknown column .tmp
         --> <t>:1:40
          |
        1 | w |> group_by(.weather) |> agg(m: mean(.tmp))
          |                                        ^^^^ did you mean .temp?
        """)
        #expect(s.failure("w |> group_by(.day) |> agg(n: count(), s: sum(.weather))") == """
        error: sum needs a numeric column, but .weather is string
         --> <t>:1:43
          |
        1 | w |> group_by(.day) |> agg(n: count(), s: sum(.weather))
          |                                           ^^^^^^^^^^^^^
        """)
        #expect(s.show("w |> group_by(.weather) |> agg(count())") == "error: agg needs a name for each aggregate, e.g. agg(n: count(), m: mean(.x))")
        #expect(s.show("w |> group_by(.weather) |> agg()") == "error: agg needs at least one named aggregate, e.g. agg(n: count(), m: mean(.x))")
        #expect(s.show("w |> group_by(.weather) |> agg(weather: count())") == "error: agg cannot name a result .weather: that is a group key")
        #expect(s.show("w |> group_by(.weather) |> agg(t: .temp)") == "error: .temp must be inside an aggregate such as first(.temp) or sum(.temp)")
        #expect(s.show("w |> group_by()") == "error: group_by needs at least one key column, e.g. group_by(df, .k)")
        #expect(s.show("agg([1], n: count())") == "error: agg expects a grouped frame (from group_by) or a frame, found list")
        #expect(s.show("w |> group_by(.weather) |> head") == "error: head expects 'df' to be a frame, found grouped frame")
        #expect(s.show("w |> with(r: rank(.temp, method: \"best\"))") == "error: rank method must be one of \"average\", \"ordinal\", \"min\", \"max\", \"dense\", found \"best\"")
        #expect(s.show("lag([1, 2])") == "error: lag works on columns, e.g. with(df, y: lag(.x)); found list")
        #expect(s.show("w |> with(c: cum_sum(.weather))") == "error: cum_sum needs a numeric column, but .weather is string")
        #expect(s.show("w |> group_by(.weather) |> agg(c: cum_sum(.temp))") == "error: cum_sum is a window function; use it in with(...), not in agg(...)")
        #expect(s.show("w |> with(r: row_number() |> over(by: [.temp + 1]))") == "error: over's by expects columns such as [.k], found an expression")
    }
}
