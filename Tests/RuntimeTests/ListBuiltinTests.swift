import Testing
@testable import Runtime

/// The list builtins added with the builtin reference: picking, reordering and reshaping.
@Suite struct ListBuiltinTests {
    @Test func firstLastReverse() throws {
        let s = try builtinSession()
        #expect(s.show("[first([4, 5, 6]), last([4, 5, 6]), reverse([4, 5, 6])]") == "[4, 6, [6, 5, 4]]")
        #expect(s.show("[first([]), last([]), reverse([])]") == "[null, null, []]")
        #expect(s.show("[first(null), last(null), reverse(null)]") == "[null, null, null]")
        #expect(s.show("first(\"abc\")") == "error: first expects 'list' to be a list, found string")
        #expect(s.show("last(1, 2)") == "error: last takes at most 1 argument, got 2")
    }

    @Test func reductionsOverRangesUseTheirBounds() throws {
        let s = try builtinSession()
        // The same answers as over the built list...
        for range in ["range(3, 20, 4)", "range(20, 3, -4)", "range(-5, 6)", "range(7, 7)"] {
            let built = "map(\(range), x => x)"
            for function in ["sum", "mean", "min", "max", "first", "last"] {
                #expect(s.show("\(function)(\(range))") == s.show("\(function)(\(built))"), "\(function)(\(range))")
            }
        }
        // ...without building a hundred million elements (or refusing to).
        #expect(s.show("[sum(range(0, 100000000)), mean(range(0, 100000000)), max(range(0, 100000000, 7))]")
            == "[4999999950000000, 49999999.5, 99999998]")
        #expect(s.show("[first(range(5, 1000000000000)), last(range(5, 1000000000000)), min(range(10, 0, -3))]")
            == "[5, 999999999999, 1]")
        #expect(s.show("sum(range(0, 1000000000000))") == "error: integer overflow in sum")
        #expect(s.show("sum(range(-4000000000, 4000000001))") == "0")
        #expect(s.show("sum(range(9223372036854775000, 9223372036854775807))") == "error: integer overflow in sum")
    }

    @Test func zipStopsAtTheShortest() throws {
        let s = try builtinSession()
        #expect(s.show("zip([1, 2, 3], [\"a\", \"b\"])") == "[[1, \"a\"], [2, \"b\"]]")
        #expect(s.show("zip([1, 2], [3, 4], [5, 6])") == "[[1, 3, 5], [2, 4, 6]]")
        #expect(s.show("zip([1, 2])") == "[[1], [2]]")
        #expect(s.show("zip([], [1])") == "[]")
        #expect(s.show("zip([1], 2)") == "error: zip expects 'b' to be a list, found int")
        #expect(s.show("zip([1], [2], \"c\")") == "error: zip expects lists, found string")
        #expect(s.show("zip()") == "error: zip needs the argument 'a'")
    }

    @Test func enumerateCountsFromStart() throws {
        let s = try builtinSession()
        #expect(s.show("enumerate([\"x\", \"y\"])") == "[[0, \"x\"], [1, \"y\"]]")
        #expect(s.show("enumerate([\"x\", \"y\"], start: 1)") == "[[1, \"x\"], [2, \"y\"]]")
        #expect(s.show("enumerate([])") == "[]")
        #expect(s.show("[enumerate(null)]") == "[null]")
        #expect(s.show("enumerate([1, 2], start: 9223372036854775807)") == "error: integer overflow in enumerate: start 9223372036854775807 is too large")
        #expect(s.show("enumerate([1], start: 9223372036854775807)") == "[[9223372036854775807, 1]]")
        #expect(s.show("enumerate([1], start: 1.5)") == "error: enumerate expects 'start' to be an int, found float")
    }

    @Test func flattenOneLevel() throws {
        let s = try builtinSession()
        #expect(s.show("flatten([[1, 2], [], [3, [4]], 5])") == "[1, 2, 3, [4], 5]")
        #expect(s.show("flatten([])") == "[]")
        #expect(s.show("[flatten(null)]") == "[null]")
        #expect(s.show("flatten({a: 1})") == "error: flatten expects 'list' to be a list, found record")
    }

    @Test func uniqueKeepsFirstOccurrenceOrder() throws {
        let s = try builtinSession()
        #expect(s.show("unique([3, 1, 3, 2, 1])") == "[3, 1, 2]")
        #expect(s.show("unique([\"b\", \"a\", \"b\", null, null])") == "[\"b\", \"a\", null]")
        #expect(s.show("unique([1, 1.0, 2.5, 2.5, true, 1])") == "[1, 2.5, true]")
        #expect(s.show("unique([[1, 2], [1, 2], {a: 1}, {a: 1}, [2]])") == "[[1, 2], {a: 1}, [2]]")
        #expect(s.show("unique([@2024-01-01, @2024-01-01, 1d, 1d])") == "[@2024-01-01, 1d]")
        #expect(s.show("len(unique([0.0 / 0.0, 0.0 / 0.0]))") == "1")
        #expect(s.show("unique([])") == "[]")
        #expect(s.show("[unique(null)]") == "[null]")
        #expect(s.show("unique(3)") == "error: unique expects 'list' to be a list, found int")
        // Order never depends on hashing: the same input gives the same output in every process.
        let words = (0..<200).map { "\"w\($0 % 37)\"" }.joined(separator: ", ")
        let expected = "[" + (0..<37).map { "\"w\($0)\"" }.joined(separator: ", ") + "]"
        #expect(s.show("unique([\(words)])") == expected)
    }

    @Test func lenCountsCodePointsLikeTheEngine() throws {
        let s = try builtinSession(["w.csv": "word\nnaïve\nx\n"])
        #expect(s.show("[len(\"naïve\"), len(\"e\\u{301}\"), len(\"\"), len([1, 2]), len({a: 1})]") == "[5, 2, 0, 2, 1]")
        #expect(s.show("(read_csv(\"w.csv\") |> with(n: len(.word))).n") == "[5, 1]")
        #expect(s.show("map(read_csv(\"w.csv\").word, len)") == "[5, 1]")
    }
}
