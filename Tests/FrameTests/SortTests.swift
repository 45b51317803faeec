import Testing
import Frame
import TestSupport

@Suite struct SortTests {
    @Test func multiKeyAndStable() throws {
        let frame = try DataFrame(columns: [
            Column(name: "g", strings: ["b", "a", "b", "a", "b"]),
            Column(name: "v", ints: [1, 2, 1, 1, 0]),
            Column(name: "row", ints: [0, 1, 2, 3, 4]),
        ])
        let sorted = try frame.sorted(by: [SortKey("g"), SortKey("v")])
        #expect(sorted.column(named: "row")?.scalars == [.int(3), .int(1), .int(4), .int(0), .int(2)])
        let mixed = try frame.sorted(by: [SortKey("g", descending: true), SortKey("v")])
        #expect(mixed.column(named: "row")?.scalars == [.int(4), .int(0), .int(2), .int(3), .int(1)])
        let byValueOnly = try frame.sorted(by: [SortKey("v", descending: true)])
        #expect(byValueOnly.column(named: "row")?.scalars == [.int(1), .int(0), .int(2), .int(3), .int(4)])
    }

    @Test func nullsLastInBothDirectionsAndNaNAfterNumbers() throws {
        let frame = try DataFrame(columns: [
            Column(name: "x", floats: [2, .nan, 0, -1, 5, 3], validity: [true, true, false, true, true, true]),
            Column(name: "row", ints: [0, 1, 2, 3, 4, 5]),
        ])
        let ascending = try frame.sorted(by: [SortKey("x")])
        #expect(ascending.column(named: "row")?.scalars == [.int(3), .int(0), .int(5), .int(4), .int(1), .int(2)])
        let descending = try frame.sorted(by: [SortKey("x", descending: true)])
        #expect(descending.column(named: "row")?.scalars == [.int(4), .int(5), .int(0), .int(3), .int(1), .int(2)])
    }

    @Test func stringsBoolsAndTimestamps() throws {
        let frame = try DataFrame(columns: [
            Column(name: "s", strings: ["b", nil, "B", "ab", "a"]),
            Column(name: "f", bools: [true, false, true, false, true]),
            Column(name: "t", timestamps: [5, -5, 0, 10, 1]),
        ])
        #expect(try frame.sorted(by: [SortKey("s")]).column(named: "s")?.scalars
            == [.string("B"), .string("a"), .string("ab"), .string("b"), .null])
        #expect(try frame.sorted(by: [SortKey("s", descending: true)]).column(named: "s")?.scalars
            == [.string("b"), .string("ab"), .string("a"), .string("B"), .null])
        #expect(try frame.sorted(by: [SortKey("f")]).column(named: "t")?.scalars
            == [.timestamp(-5), .timestamp(10), .timestamp(5), .timestamp(0), .timestamp(1)])
        #expect(try frame.sorted(by: [SortKey("t")]).column(named: "t")?.scalars
            == [.timestamp(-5), .timestamp(0), .timestamp(1), .timestamp(5), .timestamp(10)])
    }

    @Test func largeInputsMatchAReferenceSort() throws {
        // Over 32 rows exercises the radix path; the reference sorts (key, original row) pairs.
        var random = SplitMix64(state: 7)
        let n = 3000
        var ints: [Int64] = []
        var floats: [Double] = []
        var strings: [String?] = []
        for _ in 0..<n {
            ints.append(Int64(random.below(50)) - 25 + (random.below(100) == 0 ? Int64.min / 2 : 0))
            floats.append(Double(random.below(1000)) / 7 - 60)
            strings.append(random.below(20) == 0 ? nil : String(random.below(40)))
        }
        let frame = try DataFrame(columns: [
            Column(name: "i", ints: ints), Column(name: "f", floats: floats), Column(name: "s", strings: strings),
            Column(name: "row", ints: (0..<n).map(Int64.init)),
        ])
        let byInt = try frame.sortOrder(by: [SortKey("i", descending: true), SortKey("f")])
        let expectedInt = (0..<n).sorted { a, b in
            if ints[a] != ints[b] { return ints[a] > ints[b] }
            if floats[a] != floats[b] { return floats[a] < floats[b] }
            return a < b
        }
        #expect(byInt == expectedInt)
        let byString = try frame.sortOrder(by: [SortKey("s")])
        let expectedString = (0..<n).sorted { a, b in
            switch (strings[a], strings[b]) {
            case (nil, nil): return a < b
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) || (x == y && a < b)
            }
        }
        #expect(byString == expectedString)
    }

    @Test func longStringsSharingPrefixes() throws {
        let pool = ["", "a", "a\u{0}", "abcdefgh", "abcdefghi", "abcdefgh\u{0}", "abcdefgz", "zzzzzzzzzzzz1",
                    "zzzzzzzzzzzz0", "zzzzzzzzzzzz", "é", "abcdefgh12", "abcdefgh2"]
        var random = SplitMix64(state: 3)
        let n = 500
        let strings = (0..<n).map { _ in pool[random.below(pool.count)] }
        let frame = try DataFrame(columns: [Column(name: "s", strings: strings)])
        for descending in [false, true] {
            let order = try frame.sortOrder(by: [SortKey("s", descending: descending)])
            let expected = (0..<n).sorted { a, b in
                let x = Array(strings[a].utf8)
                let y = Array(strings[b].utf8)
                if x == y { return a < b }
                return descending ? y.lexicographicallyPrecedes(x) : x.lexicographicallyPrecedes(y)
            }
            #expect(order == expected)
        }
    }

    @Test func edgeCases() throws {
        let frame = try DataFrame(columns: [Column(name: "x", ints: [3, 1, 2])])
        #expect(try frame.sorted(by: []) == frame)
        #expect(try frame.head(0).sorted(by: [SortKey("x")]).height == 0)
        #expect(try frame.head(1).sorted(by: [SortKey("x")]).column(named: "x")?.scalars == [.int(3)])
        let error = try #require(frameError { try frame.sorted(by: [SortKey("y")]) })
        #expect(error.code == .columnNotFound)
    }
}
