import Testing
@testable import Runtime

/// `group_by` with computed keys: named (`m: month(.day)`), unnamed (named after the expression's
/// first column, as Polars names `pl.col("day").dt.month()`), mixed with plain columns, and the
/// errors that say how to name a key.
@Suite struct GroupByExpressionBuiltinTests {
    static let daily = """
        day,station,ozone
        2024-05-01,a,41
        2024-05-02,b,36
        2024-05-20,a,
        2024-06-01,a,18
        2024-06-15,b,28
        2024-07-04,a,23

        """

    func session() throws -> Session {
        let s = try builtinSession(["daily.csv": Self.daily])
        #expect(s.show("let daily = read_csv(\"daily.csv\")") == "")
        return s
    }

    @Test func namedComputedKeys() throws {
        let s = try session()
        #expect(s.show("daily |> group_by(m: month(.day))") == "<grouped frame: 3 groups over 6 rows, by .m>")
        #expect(s.show("let g = daily |> group_by(m: month(.day)) |> agg(n: count(), mean: mean(.ozone), first: first(.day))") == "")
        #expect(s.show("g |> columns") == "[\"m\", \"n\", \"mean\", \"first\"]")
        #expect(s.show("[g.m, g.n, g.mean]") == "[[5, 6, 7], [3, 2, 1], [38.5, 23.0, 23.0]]")
        // Aggregates still read the original columns.
        #expect(s.show("g.first") == "[@2024-05-01, @2024-06-01, @2024-07-04]")
    }

    @Test func unnamedKeysTakeTheirFirstColumnsName() throws {
        let s = try session()
        let g = "daily |> group_by(month(.day)) |> agg(n: count(), last: last(.day))"
        #expect(s.show("\(g) |> columns") == "[\"day\", \"n\", \"last\"]")
        #expect(s.show("(\(g)).day") == "[5, 6, 7]")
        #expect(s.show("(\(g)).last") == "[@2024-05-20, @2024-06-15, @2024-07-04]")
        // Plain columns and computed keys together, in the order written.
        let mixed = "daily |> group_by(.station, .ozone > 30, m: month(.day)) |> agg(n: count())"
        #expect(s.show("\(mixed) |> columns") == "[\"station\", \"ozone\", \"m\", \"n\"]")
        #expect(s.show("(\(mixed)).ozone") == "[true, true, null, false, false, false]")
    }

    @Test func plainKeysKeepWorking() throws {
        let s = try session()
        #expect(s.show("daily |> group_by(.station) |> agg(n: count()) |> columns") == "[\"station\", \"n\"]")
        #expect(s.show("(daily |> group_by(\"station\") |> agg(n: count())).n") == "[4, 2]")
        #expect(s.show("(daily |> group_by(place: .station) |> agg(n: count())).place") == "[\"a\", \"b\"]")
    }

    @Test func emptyAndOneRowFrames() throws {
        let s = try session()
        #expect(s.show("daily |> head(0) |> group_by(m: month(.day)) |> agg(n: count()) |> shape") == "[0, 2]")
        #expect(s.show("(daily |> head(1) |> group_by(month(.day)) |> agg(n: count())).day") == "[5]")
        #expect(s.show("(daily |> filter(.ozone == null) |> group_by(big: .ozone > 30) |> agg(n: count())).big") == "[]")
        #expect(s.show("(daily |> with(ozone: null) |> group_by(big: .ozone > 30) |> agg(n: count())).n") == "[6]")
    }

    @Test func mistakesSayHowToNameAKey() throws {
        let s = try session()
        let twice = s.failure("daily |> group_by(month(.day), day(.day))") ?? ""
        #expect(twice.hasPrefix("error: group key .day is given twice"))
        #expect(twice.contains("an unnamed key is named after its first column; name it: group_by(df, m: …)"))
        #expect(s.show("daily |> group_by(.station, station: month(.day))") == "error: group key .station is given twice")
        #expect(s.failure("daily |> group_by(m: month(.dy))")?.contains("did you mean .day?") == true)
        #expect(s.show("daily |> group_by(m: month(.station))").hasPrefix("error: month"))
        #expect(s.show("daily |> group_by([1])") == "error: group_by expects key columns such as .k or expressions such as month(.day), found list")
        #expect(s.show("daily |> group_by(m: month(.day)) |> agg(m: count())") == "error: agg cannot name a result .m: that is a group key")
        // The hidden columns computed keys live in are never offered as suggestions.
        let unknown = s.failure("daily |> group_by(month(.day)) |> agg(x: sum(.key0))") ?? ""
        #expect(unknown.hasPrefix("error: unknown column .key0"))
        #expect(unknown.contains("the columns are .day, .station, .ozone"))
        #expect(!unknown.contains("\u{0}"))
    }
}
