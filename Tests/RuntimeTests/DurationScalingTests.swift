import Foundation
import Testing

@testable import Runtime
import TestSupport

@Suite struct DurationScalingTests {
    @Test func durationTimesFloatColumnMatchesTheScalarRule() throws {
        let s = try builtinSession()
        let code = """
            let df = frame({a: [1.5, -0.25, null, 1.0000001, 0.0]})
            df |> with(t: @2024-01-01 + 1m * .a, u: .a * 1h, w: 1m * .a == 1m * 1.5) |> select(.t, .u, .w)
            """
        let shown = s.show(code)
        #expect(shown.contains("2024-01-01 00:01:30"))
        #expect(shown.contains("1h 30m"))
        #expect(shown.contains("-15m"))
        // Each row equals the scalar operator's result, rounded to the microsecond the same way.
        for factor in [1.5, -0.25, 1.0000001, 0.0, 3.3333333, 1e-7, -2.5e-6] {
            let df = "frame({a: [\(factor)]}) |> with(d: 7s * .a, e: .a * 7s, f: 7s / if_else(.a == 0.0, 1.0, .a))"
            let column = s.show("let r = \(df)\n[r.d, r.e, r.f]")
            let scalar = s.show("[[7s * \(factor)], [\(factor) * 7s], [7s / (if \(factor) == 0.0 then 1.0 else \(factor))]]")
            #expect(column == scalar, "factor \(factor)")
        }
    }

    @Test func nullsEmptyAndOneRowFrames() throws {
        let s = try builtinSession()
        #expect(s.show("(frame({a: [null, 2.0]}) |> with(d: .a * 1s)).d") == "[null, 2s]")
        #expect(s.show("frame({a: [2.5]}) |> filter(.a > 10.0) |> with(d: .a * 1s)").contains("duration"))
        #expect(s.show("(frame({a: [0.5]}) |> with(d: 1d * .a)).d") == "[12h]")
    }

    @Test func overflowAndNonFiniteFactorsAreErrors() throws {
        let s = try builtinSession()
        #expect(s.show("frame({a: [1e300]}) |> with(d: 1s * .a)").hasPrefix("error: duration overflow"))
        #expect(s.show("frame({a: [0.0]}) |> with(d: 1s / .a)").hasPrefix("error: duration overflow"))
        #expect(s.show("1s * 1e300").hasPrefix("error: duration overflow"))
        // A null row's placeholder never raises the error.
        #expect(s.show("(frame({a: [null, 2.0]}) |> with(d: 1s / .a)).d") == "[null, 500ms]")
    }

    @Test func matchesANaiveReferenceOnRandomInputs() throws {
        let s = try builtinSession()
        var random = TestRandom(seed: 0x5EED)
        func next() -> UInt64 { random.next() }
        var factors: [String] = []
        var micros: [Int64] = []
        var expected: [String] = []
        for _ in 0..<40 {
            let f = (Double(next() % 2_000_001) - 1_000_000) / 1000.0
            let m = Int64(next() % 10_000_000_000)
            factors.append("\(f)")
            micros.append(m)
            expected.append("\(Int64((Double(m) * f).rounded()))")
        }
        let code = "(frame({f: [\(factors.joined(separator: ", "))], m: [\(micros.map(String.init).joined(separator: ", "))]}) |> with(d: cast(.m, \"duration\") * .f) |> with(n: cast(.d, \"int\"))).n"
        #expect(s.show(code) == "[\(expected.joined(separator: ", "))]")
    }
}
