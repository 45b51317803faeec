import Testing
@testable import Runtime

/// `corr` through the language: an aggregate of two columns (in agg, with, over), of two lists,
/// and of a frame (the correlation matrix); nulls skipped pair by pair; errors.
@Suite struct CorrelationBuiltinTests {
    static let files = [
        "air.csv": "month,ozone,temp,wind,station\n5,41,67,7.4,a\n5,36,72,8.0,b\n5,12,74,12.6,a\n6,,62,11.5,b\n6,28,56,14.3,a\n6,23,66,8.6,b\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let air = read_csv(\"air.csv\")") == "")
        return s
    }

    @Test func anAggregateOfTwoColumns() throws {
        let s = try session()
        #expect(s.show("corr(.ozone, .temp)") == "<column expression corr(.ozone, .temp)>")
        // Over the whole frame; numpy gives -0.468215272984.
        #expect(s.show("round((air |> agg(r: corr(.temp, .wind))).r[0], digits: 6)") == "-0.468215")
        #expect(s.show("(air |> group_by(.month) |> agg(r: corr(.temp, .temp))).r") == "[1.0, 1.0]")
        // Month 6 has two complete (ozone, temp) pairs: ±1 exactly; one pair would be null.
        #expect(s.show("(air |> group_by(.month) |> agg(r: corr(.ozone, .temp))).r |> last") == "-1.0")
        #expect(s.show("(air |> filter(.month == 6) |> head(2) |> agg(r: corr(.ozone, .temp))).r") == "[null]")
        // In with and over, like the other aggregates.
        #expect(s.show("(air |> with(r: corr(.temp, .temp))).r |> first") == "1.0")
        #expect(s.show("(air |> with(r: corr(.ozone, .temp) |> over(by: [.month]))).r |> last") == "-1.0")
        // An output combining aggregates.
        #expect(s.show("(air |> agg(r2: corr(.temp, .temp) * corr(.temp, .temp))).r2") == "[1.0]")
    }

    @Test func twoLists() throws {
        let s = try session()
        #expect(s.show("corr([1, 2, 3], [2, 4, 6])") == "1.0")
        #expect(s.show("corr([1, 2, 3, null], [3, 2, 1, 7])") == "-1.0")
        #expect(s.show("corr([1], [2]) == null") == "true")
        #expect(s.show("corr([], []) == null") == "true")
        #expect(s.show("corr(air.temp, air.wind) == (air |> agg(r: corr(.temp, .wind))).r[0]") == "true")
    }

    @Test func aFramesCorrelationMatrix() throws {
        let s = try session()
        #expect(s.show("corr(air) |> columns") == "[\"column\", \"month\", \"ozone\", \"temp\", \"wind\"]")
        #expect(s.show("corr(air).column") == "[\"month\", \"ozone\", \"temp\", \"wind\"]")
        #expect(s.show("corr(air, .wind, .temp) |> columns") == "[\"column\", \"wind\", \"temp\"]")
        #expect(s.show("corr(air, .wind, .temp).wind") == "[1.0, -0.4682152729841398]")
        #expect(s.show("corr(air, .temp, .wind).temp == corr(air, .wind, .temp).temp |> reverse") == "true")
        #expect(s.show("air |> corr(.ozone, .temp) |> shape") == "[2, 3]")
        #expect(s.show("corr(air |> head(0), .ozone, .temp).ozone") == "[null, null]")
        #expect(s.show("(corr(air |> head(1)).temp |> first) == null") == "true")
    }

    @Test func mistakes() throws {
        let s = try session()
        #expect(s.show("corr(air, .station, .temp)") == "error: corr needs numeric columns, but .station is string")
        #expect(s.show("corr(air, .temp)") == "error: corr of a frame needs no column or at least two")
        #expect(s.show("corr(air, .tmp, .wind)") == "error: unknown column .tmp")
        #expect(s.show("corr(air, .temp * 2, .wind)") == "error: corr expects column names such as .a, found an expression")
        #expect(s.show("corr(air |> select(.station))").hasPrefix("error: corr found no numeric column in the frame"))
        #expect(s.show("corr(.x)") == "error: corr needs two columns, e.g. corr(.x, .y), or a frame: corr(df)")
        #expect(s.show("corr(.x, .y, .z)") == "error: corr takes two columns or lists; more columns go with a frame: corr(df, .a, .b, .c)")
        #expect(s.show("corr([1, 2], [1])") == "error: corr needs lists of equal length, found 2 and 1")
        #expect(s.show("corr([\"a\"], [1])") == "error: corr expects lists of numbers, found a string in x")
        #expect(s.show("(air |> agg(r: corr(.station, .temp)))") == "error: corr needs numeric columns, but .station is string")
        #expect(s.show("air |> rolling(on: .month, window: 2, r: corr(.temp, .wind))").hasPrefix("error: rolling supports"))
    }
}
