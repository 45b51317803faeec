import Foundation
import Testing
@testable import Runtime

/// Gaps the teaching notebooks met, through the language: `window_join` with `n_unique` and
/// `closed:`, `select` with named entries, `concat(how: "diagonal")` and `repeat_rows`.
@Suite struct FramePolishBuiltinTests {
    static let files = [
        "tx.csv": "ts,card,m,amount\n2024-05-01T10:00:00,a,shop,5.0\n2024-05-01T10:30:00,a,cafe,7.5\n"
            + "2024-05-01T10:45:00,a,shop,2.0\n2024-05-01T12:00:00,b,,1.0\n2024-05-01T12:10:00,b,bar,3.0\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let tx = read_csv(\"tx.csv\")") == "")
        return s
    }

    @Test func windowJoinCountsDistinctValues() throws {
        let s = try session()
        #expect(s.show("(window_join(tx, tx, on: .ts, by: [.card], window: 1h, nm: n_unique(.m))).nm") == "[1, 2, 2, 0, 1]")
        #expect(s.show("(window_join(tx, tx, on: .ts, by: [.card], window: 1h, closed: \"left\", n: count())).n") == "[0, 1, 2, 0, 1]")
        #expect(s.show("(window_join(tx, tx, on: .ts, by: [.card], window: 30m, closed: \"right\", n: count())).n") == "[1, 1, 2, 1, 2]")
        #expect(s.show("(tx |> rolling(on: .ts, by: [.card], window: 1h, nm: n_unique(.m))).nm") == "[1, 2, 2, 0, 1]")
        #expect(s.failure("window_join(tx, tx, on: .ts, window: 1h, closed: \"lft\", n: count())") == """
        error: unknown window_join closed "lft"; expected one of "right", "left", "both", "none"
         --> <t>:1:42
          |
        1 | window_join(tx, tx, on: .ts, window: 1h, closed: "lft", n: count())
          |                                          ^^^^^^ did you mean "left"?
        """)
    }

    @Test func selectRenamesAndComputesInOrder() throws {
        let s = try session()
        // Named entries follow the plain ones (as in every call), in the order written.
        #expect(s.show("tx |> select(.card, .m, realized: .amount, cents: .amount * 100) |> columns")
            == "[\"card\", \"m\", \"realized\", \"cents\"]")
        #expect(s.show("(tx |> select(realized: .amount)).realized") == "[5.0, 7.5, 2.0, 1.0, 3.0]")
        #expect(s.show("(tx |> select(.card, share: .amount / sum(.amount))).share |> map(x => round(x, 3))")
            == "[0.27, 0.405, 0.108, 0.054, 0.162]")
        #expect(s.show("(tx |> head(0) |> select(a: .amount)) |> shape") == "[0, 1]")
        #expect(s.failure("tx |> select(.card, card: .m)") == """
        error: select gives .card twice
         --> <t>:1:21
          |
        1 | tx |> select(.card, card: .m)
          |                     ^^^^ name one of them differently, e.g. select(df, .a, a2: .a)
        """)
        #expect(s.show("tx |> select(x: .amont)").hasPrefix("error: unknown column .amont"))
    }

    @Test func concatDiagonalFillsMissingColumnsWithNull() throws {
        let s = try session()
        #expect(s.show("let a = frame({k: [1, 2], x: [1, 2]}); let b = frame({y: [\"u\"], k: [3.5]})") == "")
        #expect(s.show("concat([a, b], how: \"diagonal\") |> columns") == "[\"k\", \"x\", \"y\"]")
        #expect(s.show("concat([a, b], how: \"diagonal\").k") == "[1.0, 2.0, 3.5]")
        #expect(s.show("concat([a, b], how: \"diagonal\").y") == "[null, null, \"u\"]")
        #expect(s.show("concat([a, frame({k: [\"z\"]})], how: \"diagonal\")")
            == "error: concat: column .k is int in frame 1 and string in frame 2")
    }

    @Test func repeatRowsByCountOrColumn() throws {
        let s = try session()
        #expect(s.show("let plan = frame({who: [\"ada\", \"ben\", \"cy\"], n: [2, 0, 1]})") == "")
        #expect(s.show("(plan |> repeat_rows(.n, index: \"i\")).who") == "[\"ada\", \"ada\", \"cy\"]")
        #expect(s.show("(plan |> repeat_rows(.n, index: \"i\")).i") == "[0, 1, 0]")
        #expect(s.show("(plan |> repeat_rows(2)).who") == "[\"ada\", \"ada\", \"ben\", \"ben\", \"cy\", \"cy\"]")
        #expect(s.show("plan |> head(0) |> repeat_rows(3) |> shape") == "[0, 2]")
        #expect(s.failure("plan |> with(n: .n - 1) |> repeat_rows(.n)") == """
        error: repeat_rows count .n is negative in row 1: -1
         --> <t>:1:40
          |
        1 | plan |> with(n: .n - 1) |> repeat_rows(.n)
          |                                        ^^
        """)
        #expect(s.show("plan |> repeat_rows(.who)")
            == "error: repeat_rows counts must be an int column, but .who is string")
        #expect(s.show("plan |> repeat_rows(-1)") == "error: repeat_rows needs a count ≥ 0, found -1")
        #expect(s.show("plan |> repeat_rows(400000000)")
            == "error: repeat_rows would make more than 500000000 rows (reached at row 1)")
        #expect(s.show("plan |> repeat_rows(1, index: \"n\")").hasPrefix("error: repeat_rows index column .n already exists"))
    }
}
