import Foundation
import Testing
@testable import Runtime

/// `rolling`, `ewm_mean` and `window_join` through the language, the stdlib's `ctl`/`atl`, and
/// their errors with carets.
@Suite struct RollingBuiltinTests {
    static let files = [
        "runs.csv": "day,athlete,km,hr\n2024-05-01,ada,10,158\n2024-05-02,ada,5,141\n2024-05-04,ada,21,162\n"
            + "2024-05-01,ben,8,149\n2024-05-03,ben,12,\n2024-05-03,ben,4,150\n,ben,7,140\n",
        "pay.csv": "ts,card,amount\n2024-05-01T10:00:00,a,5.0\n2024-05-01T10:30:00,a,7.5\n2024-05-01T12:00:00,b,1.0\n",
        "shop.csv": "ts,card\n2024-05-01T10:40:00,a\n2024-05-01T11:20:00,a\n2024-05-01T12:00:00,b\n2024-05-01T12:00:00,c\n",
    ]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let runs = read_csv(\"runs.csv\"); let pay = read_csv(\"pay.csv\"); let shop = read_csv(\"shop.csv\")") == "")
        return s
    }

    @Test func rollingTimeAndRowWindows() throws {
        let s = try session()
        #expect(s.show("(runs |> rolling(on: .day, by: [.athlete], window: 3d, n: count(), total: sum(.km))).total")
            == "[10, 15, 26, 8, 24, 24, null]")
        #expect(s.show("(runs |> rolling(on: .day, by: .athlete, window: 3d, closed: \"left\", n: count())).n")
            == "[0, 1, 2, 0, 1, 1, null]")
        #expect(s.show("(runs |> rolling(on: .day, by: [\"athlete\"], window: 2, m: mean(.hr))).m")
            == "[158.0, 149.5, 151.5, 149.0, 149.0, 150.0, null]")
        #expect(s.show("(runs |> rolling(window: 2, m: max(.km))).m") == "[10, 10, 21, 21, 12, 12, 7]")
        #expect(s.show("runs |> rolling(on: .day, window: 1d, n: count()) |> columns")
            == "[\"day\", \"athlete\", \"km\", \"hr\", \"n\"]")
    }

    @Test func ewmMeanIsAColumnExpression() throws {
        let s = try session()
        #expect(s.show("(runs |> with(e: ewm_mean(.km, halflife: 1d, on: .day, by: [.athlete]))).e |> map(x => round(x ?? -1, 3))")
            == "[10.0, 6.667, 17.091, 8.0, 11.2, 8.0, -1]")
        #expect(s.show("(runs |> with(e: ewm_mean(.km, alpha: 0.5, adjust: false))).e")
            == "[10.0, 7.5, 14.25, 11.125, 11.5625, 7.78125, 7.390625]")
        #expect(s.show("(runs |> filter(ewm_mean(.km, span: 3) > 10)).km") == "[21, 8, 12]")
    }

    @Test func windowJoinAggregatesTheRightRows() throws {
        let s = try session()
        let j = "window_join(shop, pay, on: .ts, by: [.card], window: 1h, n: count(), spent: sum(.amount), avg: mean(.amount))"
        #expect(s.show("(\(j)).n") == "[2, 1, 1, 0]")
        #expect(s.show("(\(j)).spent") == "[12.5, 7.5, 1.0, 0.0]")
        #expect(s.show("(\(j)).avg") == "[6.25, 7.5, 1.0, null]")
        #expect(s.show("(window_join(shop, pay, on: .ts, window: 0s, n: count())).n") == "[0, 0, 1, 1]")
    }

    @Test func trainingLoadsFromTheStandardLibrary() throws {
        let root = realpath(#filePath, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? #filePath
        let stdlib = URL(fileURLWithPath: root).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stdlib").path
        let s = try builtinSession(Self.files) { $0.standardLibraryDirectory = stdlib }
        #expect(s.startupError == nil)
        #expect(s.show("let runs = read_csv(\"runs.csv\")") == "")
        // One athlete, loads 42 then 0 a day later: the old load weighs 41/42 against the new 1.
        #expect(s.show("(runs |> head(2) |> with(c: ctl(.km, .day, .athlete))).c |> map(x => round(x, 6))")
            == "[10.0, \(Self.rounded((41.0 / 42 * 10 + 5) / (41.0 / 42 + 1)))]")
        #expect(s.show("(runs |> head(2) |> with(a: atl(.km, .day, [.athlete]))).a |> map(x => round(x, 6))")
            == "[10.0, \(Self.rounded((6.0 / 7 * 10 + 5) / (6.0 / 7 + 1)))]")
        #expect(s.show("(runs |> head(2) |> with(r: acwr(atl(.km, .day), ctl(.km, .day)))).r |> map(x => round(x, 6))")
            == "[1.0, \(Self.rounded(((6.0 / 7 * 10 + 5) / (6.0 / 7 + 1)) / ((41.0 / 42 * 10 + 5) / (41.0 / 42 + 1)), 6))]")
    }

    static func rounded(_ value: Double, _ digits: Int = 6) -> String {
        let scale = pow(10.0, Double(digits))
        return "\((value * scale).rounded() / scale)"
    }

    @Test func rollingErrorsPointAtTheArgument() throws {
        let s = try session()
        #expect(s.failure("runs |> rolling(on: .dya, window: 7d, m: mean(.km))") == """
        error: unknown column .dya
         --> <t>:1:21
          |
        1 | runs |> rolling(on: .dya, window: 7d, m: mean(.km))
          |                     ^^^^ did you mean .day?
        """)
        #expect(s.failure("runs |> rolling(on: .day, window: -1d, m: mean(.km))") == """
        error: rolling window must be positive, found -1d
         --> <t>:1:27
          |
        1 | runs |> rolling(on: .day, window: -1d, m: mean(.km))
          |                           ^^^^^^
        """)
        #expect(s.failure("runs |> rolling(on: .day, window: 7d, m: median(.km))") == """
        error: rolling supports count, sum, mean, min, max, std, var and n_unique, not median
         --> <t>:1:42
          |
        1 | runs |> rolling(on: .day, window: 7d, m: median(.km))
          |                                          ^^^^^^^^^^^
        """)
        #expect(s.show("runs |> rolling(on: .day, window: 7d, m: mean(.athlete))")
            == "error: rolling mean needs a numeric column, but .athlete is string")
        #expect(s.show("runs |> rolling(on: .day, window: 7d, m: .km + 1)")
            == "error: rolling needs an aggregate for .m, such as mean(.x) or count()")
        #expect(s.show("runs |> rolling(on: .day, window: 2.5, m: sum(.km))")
            == "error: rolling window 2.5 needs on: an int or float column, but .day is timestamp")
        #expect(s.show("runs |> rolling(on: .athlete, window: 7d, m: sum(.km))")
            == "error: rolling's on must be a timestamp, duration, int or float column, but .athlete is string")
        #expect(s.show("runs |> rolling(on: .km, window: 7d, m: sum(.km))")
            == "error: rolling window 7d needs a timestamp column for on:, but .km is int")
        #expect(s.show("runs |> rolling(on: .day, window: 3, closed: \"left\", m: sum(.km))")
            == "error: closed applies to time windows; a window of n rows always ends at the current row")
        #expect(s.show("runs |> rolling(on: .day, window: 3d, closed: \"lft\", m: sum(.km))")
            == "error: unknown rolling closed \"lft\"; expected one of \"right\", \"left\", \"both\", \"none\"")
        #expect(s.show("runs |> rolling(on: .day, window: 3d)") == "error: rolling needs at least one named aggregate, e.g. m: mean(.x)")
        #expect(s.show("runs |> rolling(on: .day, m: sum(.km))")
            == "error: rolling needs a window, e.g. window: 7d (with on: .ts) or window: 7 (rows)")
        #expect(s.show("runs |> rolling(on: .day, window: 0, m: sum(.km))") == "error: rolling window must be at least 1 row, found 0")
        #expect(s.show("runs |> rolling(on: .day, by: [.athlete, .athlete], window: 1d, m: sum(.km))")
            == "error: rolling's by names .athlete twice")
    }

    @Test func ewmMeanErrorsPointAtTheArgument() throws {
        let s = try session()
        #expect(s.failure("runs |> with(e: ewm_mean(.km, span: 3, on: .day))") == """
        error: ewm_mean with on: decays by elapsed time, so it takes halflife, not span
         --> <t>:1:31
          |
        1 | runs |> with(e: ewm_mean(.km, span: 3, on: .day))
          |                               ^^^^ a daily α is halflife: 1d * (log(2) / -log(1 - α))
        """)
        #expect(s.show("runs |> with(e: ewm_mean(.km, halflife: 3d))")
            == "error: ewm_mean's halflife 3d is a time, so it needs on: (a time column)")
        #expect(s.show("runs |> with(e: ewm_mean(.km, halflife: 3d, span: 2))")
            == "error: ewm_mean takes one of halflife:, span:, alpha: or com:, not both halflife and span")
        #expect(s.show("runs |> with(e: ewm_mean(.km))") == "error: ewm_mean needs one of halflife:, span:, alpha: or com:")
        #expect(s.show("runs |> with(e: ewm_mean(.km, alpha: 1.5))") == "error: ewm_mean's alpha must be in (0, 1], found 1.5")
        #expect(s.show("runs |> with(e: ewm_mean(.km, span: 0.5))") == "error: ewm_mean's span must be at least 1, found 0.5")
        #expect(s.show("runs |> with(e: ewm_mean(.km, halflife: \"3d\"))")
            == "error: ewm_mean expects 'halflife' to be a number or a duration, found string")
        #expect(s.show("ewm_mean([1, 2], span: 2)")
            == "error: ewm_mean works on columns, e.g. with(df, m: ewm_mean(.x, halflife: 7d, on: .day)); found list")
        #expect(s.show("runs |> with(e: ewm_mean(.km, halflife: 3, on: .day))")
            == "error: ewm_mean's halflife must be a duration such as 42d for the timestamp column .day, found the int 3")
        #expect(s.show("runs |> with(e: ewm_mean(.athlete, span: 3))") == "error: ewm_mean needs a numeric column, but .athlete is string")
        #expect(s.show("runs |> with(e: ewm_mean(.km, span: 3, by: [.nope]))") == "error: unknown column .nope")
    }

    @Test func windowJoinErrorsPointAtTheArgument() throws {
        let s = try session()
        #expect(s.failure("window_join(shop, pay, on: .ts, by: [.crd], window: 1h, n: count())") == """
        error: unknown column .crd in the left frame
         --> <t>:1:38
          |
        1 | window_join(shop, pay, on: .ts, by: [.crd], window: 1h, n: count())
          |                                      ^^^^ did you mean .card?
        """)
        #expect(s.show("window_join(shop, pay, on: .ts, window: -1h, n: count())") == "error: window_join window must not be negative, found -1h")
        #expect(s.show("window_join(shop, pay, on: .ts, window: 3, n: count())")
            == "error: window_join window must be a duration such as 1h for the timestamp column .ts, found the int 3")
        #expect(s.show("window_join(shop, pay, on: .ts, window: 1h, s: sum(.card))")
            == "error: window_join sum needs a numeric column, but .card is string")
        #expect(s.show("window_join(shop, pay, on: .ts, window: 1h)") == "error: window_join needs at least one named aggregate, e.g. m: mean(.x)")
        #expect(s.show("window_join(shop, pay, window: 1h, n: count())")
            == "error: window_join needs a time column, e.g. window_join(left, right, on: .ts, window: 1h, n: count())")
        #expect(s.show("window_join(shop, pay, on: .ts, window: 1h, n: count(), n: count())").hasPrefix("error"))
    }
}
