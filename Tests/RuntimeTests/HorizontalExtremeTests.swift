import Foundation
import Testing

@testable import Runtime
import TestSupport

@Suite struct HorizontalExtremeTests {
    @Test func elementWiseMaxAndMinOfColumnsAndConstants() throws {
        let s = try builtinSession()
        let df = "frame({a: [1, 5, null, null], b: [2.5, 4.0, 3.0, null]})"
        #expect(s.show("(\(df) |> with(m: max(.a, 1.8))).m") == "[1.8, 5.0, 1.8, 1.8]")
        #expect(s.show("(\(df) |> with(m: max(.a, .b))).m") == "[2.5, 5.0, 3.0, null]")
        #expect(s.show("(\(df) |> with(m: min(.a, .b, 2))).m") == "[1.0, 2.0, 2.0, 2.0]")
        #expect(s.show("(frame({a: [1, 5], b: [3, 2]}) |> with(m: max(.a, .b))).m") == "[3, 5]")
        #expect(s.show("(frame({t: [@2024-01-02]}) |> with(m: max(.t, @2024-03-01))).m") == "[@2024-03-01]")
        #expect(s.show("frame({s: [\"x\"]}) |> with(m: max(.s, 1))").hasPrefix("error: max of several values expects numbers"))
    }

    @Test func scalarsListsAndAggregatesKeepWorking() throws {
        let s = try builtinSession()
        #expect(s.show("[max([3, 1, 2]), max(1, 4), min(2.5, 1), min([])]") == "[3, 4, 1, null]")
        #expect(s.show("(frame({k: [1, 1, 2], x: [3, 7, 5]}) |> group_by(.k) |> agg(hi: max(.x), lo: min(.x))).hi") == "[7, 5]")
        #expect(s.show("(frame({x: [3, 7]}) |> with(top: max(.x))).top") == "[7, 7]")
    }

    @Test func nanLosesAndEmptyFramesKeepTheType() throws {
        let s = try builtinSession()
        #expect(s.show("(frame({a: [0.0 / 0.0, 1.0]}) |> with(m: max(.a, 0.5))).m") == "[0.5, 1.0]")
        #expect(s.show("shape(frame({a: [1.0]}) |> filter(.a > 5.0) |> with(m: max(.a, 2.0)))") == "[0, 2]")
    }

    @Test func matchesANaiveReferenceOnRandomInputs() throws {
        let s = try builtinSession()
        var random = TestRandom(seed: 7)
        func next() -> UInt64 { random.next() }
        var columns: [[Int64?]] = [[], [], []]
        for _ in 0..<60 {
            for c in 0..<3 { columns[c].append(next() % 4 == 0 ? nil : Int64(next() % 100) - 50) }
        }
        func text(_ values: [Int64?]) -> String { "[" + values.map { $0.map(String.init) ?? "null" }.joined(separator: ", ") + "]" }
        var maxima: [Int64?] = []
        var minima: [Int64?] = []
        for row in 0..<60 {
            let present = (0..<3).compactMap { columns[$0][row] }
            maxima.append(present.max())
            minima.append(present.min())
        }
        let df = "frame({a: \(text(columns[0])), b: \(text(columns[1])), c: \(text(columns[2]))})"
        #expect(s.show("(\(df) |> with(m: max(.a, .b, .c))).m") == text(maxima))
        #expect(s.show("(\(df) |> with(m: min(.a, .b, .c))).m") == text(minima))
    }
}
