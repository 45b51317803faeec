import Testing
@testable import Runtime

/// pow, sign and clamp on values and on columns, next to the older element-wise math builtins.
@Suite struct MathBuiltinTests {
    static let numbers = "n,x\n-3,2.5\n0,-0.5\n4,\n,7.25\n"

    @Test func power() throws {
        let s = try builtinSession()
        #expect(s.show("[pow(2, 10), pow(-3, 3), pow(5, 0), pow(0, 0)]") == "[1024, -27, 1, 1]")
        #expect(s.show("[pow(2.0, 3), pow(4, 0.5), pow(2, -1.0)]") == "[8.0, 2.0, 0.5]")
        #expect(s.show("pow(-2, 63)") == "-9223372036854775808")
        #expect(s.show("[pow(null, 2), pow(2, null)]") == "[null, null]")
        #expect(s.show("pow(2, 63)") == "error: integer overflow in pow(2, 63)")
        #expect(s.show("pow(10, 19)") == "error: integer overflow in pow(10, 19)")
        #expect(s.show("pow(2, -1)") == "error: pow of integers needs a non-negative exponent, found -1")
        #expect(s.failure("pow(2, -1)")?.contains("use a float exponent") == true)
        #expect(s.show("pow(\"2\", 1)") == "error: pow expects 'x' to be a number, found string")
        #expect(s.show("pow(2)") == "error: pow needs the argument 'y'")
    }

    @Test func roundKeepsEveryValueFinite() throws {
        let s = try builtinSession()
        #expect(s.show("[round(2.5), round(-2.5), round(1.25, 1), round(1234.5678, -2), round(250.0, -2)]")
            == "[3.0, -3.0, 1.3, 1200.0, 300.0]")
        // Digits past what a double holds leave it alone; powers of ten beyond it give 0.
        #expect(s.show("[round(1.23456, 400), round(1e300, 10), round(123.456, -400), round(-123.456, -5)]")
            == "[1.23456, 1e+300, 0.0, -0.0]")
        #expect(s.show("[round(1234, -2), round(-1250, -2), round(7, 2), round(5, -400)]") == "[1200, -1300, 7, 0]")
        #expect(s.show("round(9223372036854775807, -1)") == "error: integer overflow in round(9223372036854775807, -1)")
        // A column rounds as a value does.
        let frame = "frame({x: [1.23456, 1e300, 123.456, 250.0], n: [1234, -1250, 7, 5]})"
        #expect(s.show("""
            let r = \(frame) |> with(a: round(.x, 400), b: round(.x, -2), c: round(.n, -2), z: round(.x, -400))
            [r.a, r.b, r.c, r.z]
            """) == "[[1.23456, 1e+300, 123.456, 250.0], [0.0, 1e+300, 100.0, 300.0], [1200, -1300, 0, 0], [0.0, 0.0, 0.0, 0.0]]")
    }

    @Test func sign() throws {
        let s = try builtinSession()
        #expect(s.show("[sign(-7), sign(0), sign(12)]") == "[-1, 0, 1]")
        #expect(s.show("[sign(-0.5), sign(0.0), sign(3.5)]") == "[-1.0, 0.0, 1.0]")
        #expect(s.show("sign(0.0 / 0.0)") == "nan")
        #expect(s.show("[sign(null)]") == "[null]")
        #expect(s.show("sign(\"x\")") == "error: sign expects a number, found string")
        #expect(s.show("sign(1, 2)") == "error: sign takes at most 1 argument, got 2")
    }

    @Test func clamp() throws {
        let s = try builtinSession()
        #expect(s.show("[clamp(5, 0, 3), clamp(-5, 0, 3), clamp(2, 0, 3)]") == "[3, 0, 2]")
        #expect(s.show("[clamp(5, 0, 3.5), clamp(2.5, 0, 2), clamp(0.5, 0, 1)]") == "[3.5, 2.0, 0.5]")
        #expect(s.show("[clamp(5, null, 3), clamp(-5, 0, null), clamp(7, null, null)]") == "[3, 0, 7]")
        #expect(s.show("[clamp(null, 0, 1)]") == "[null]")
        #expect(s.show("clamp(1, 3, 0)") == "error: clamp needs low ≤ high, found low 3 and high 0")
        #expect(s.show("clamp(\"a\", 0, 1)") == "error: clamp expects a number, found string")
        #expect(s.show("clamp(1, \"a\", 2)") == "error: clamp expects 'low' to be a number or null, found string")
        #expect(s.show("clamp(1, 0)") == "error: clamp needs the argument 'high'")
    }

    @Test func olderMathBuiltinsStillWork() throws {
        let s = try builtinSession()
        #expect(s.show("[abs(-3), sqrt(16), exp(0), log(1), round(2.5), floor(2.7), ceil(2.1)]") == "[3, 4.0, 1.0, 0.0, 3.0, 2.0, 3.0]")
        #expect(s.show("abs(-9223372036854775807 - 1)") == "error: integer overflow in abs")
    }

    @Test func elementwiseOnColumnsMatchesValues() throws {
        let s = try builtinSession(["n.csv": Self.numbers])
        #expect(s.show("""
        let t = read_csv("n.csv") |> with(p: pow(.n, 2), q: pow(.x, 2), s: sign(.n), fs: sign(.x), c: clamp(.n, 0, 3), fc: clamp(.x, null, 3), m: clamp(.n, 0.5, 2))
        [t.p, t.q, t.s, t.fs, t.c, t.fc, t.m]
        """) == "[[9, 0, 16, null], [6.25, 0.25, null, 52.5625], [-1, 0, 1, null], [1.0, -1.0, null, 1.0], [0, 0, 3, null], [2.5, -0.5, null, 3.0], [0.5, 0.5, 2.0, null]]")
        // The same answers, value by value, through the scalar path.
        #expect(s.show("[map(t.n, v => pow(v, 2)), map(t.x, v => clamp(v, null, 3)), map(t.n, v => clamp(v, 0.5, 2))]")
                == "[[9, 0, 16, null], [2.5, -0.5, null, 3.0], [0.5, 0.5, 2.0, null]]")
        #expect(s.show("read_csv(\"n.csv\") |> with(p: pow(.n, -1))") == "error: pow of integers needs a non-negative exponent, found -1")
        #expect(s.show("read_csv(\"n.csv\") |> with(p: pow(.n, 40))") == "error: integer overflow in pow(-3, 40)")
        #expect(s.show("read_csv(\"n.csv\") |> with(c: clamp(.n, .x, 3))") == "error: clamp on a column needs constant bounds, found a column")
        #expect(s.show("read_csv(\"n.csv\") |> with(c: clamp(.n, 3, 1))") == "error: clamp needs low ≤ high, found low 3 and high 1")
    }
}
