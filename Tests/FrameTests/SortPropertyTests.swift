import Testing
import Frame
import TestSupport

/// Multi-key sorts (the packed radix path and the general one) against a naive stable sort with a
/// comparator written from the rules: first key most significant, nulls last in both directions,
/// NaN after every number, strings in byte order, equal keys in input order.
@Suite struct SortPropertyTests {
    /// -1, 0 or 1 for two values of one column; nulls last and NaN last whatever the direction.
    static func compare(_ a: Scalar, _ b: Scalar, descending: Bool) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        default: break
        }
        var order = 0
        switch (a, b) {
        case (.int(let x), .int(let y)), (.timestamp(let x), .timestamp(let y)), (.duration(let x), .duration(let y)):
            order = x < y ? -1 : (x > y ? 1 : 0)
        case (.float(let x), .float(let y)):
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            order = x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)):
            order = x == y ? 0 : (x ? 1 : -1)
        case (.string(let x), .string(let y)):
            let (u, v) = (Array(x.utf8), Array(y.utf8))
            order = u.lexicographicallyPrecedes(v) ? -1 : (u == v ? 0 : 1)
        default:
            return 0
        }
        return descending ? -order : order
    }

    static func reference(_ frame: DataFrame, _ keys: [SortKey]) -> [[Scalar]] {
        let columns = keys.map { key in frame.columns.first { $0.name == key.column }?.scalars ?? [] }
        let order = (0..<frame.height).sorted { a, b in
            for (index, key) in keys.enumerated() {
                let c = compare(columns[index][a], columns[index][b], descending: key.descending)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        return frame.columns.map { column in
            let values = column.scalars
            return order.map { values[$0] }
        }
    }

    /// A random frame: small-range ints (packable), wide ints (not), timestamps, bools, floats, strings.
    static func randomFrame(_ random: inout SplitMix64, rows: Int) throws -> DataFrame {
        func validity(_ chance: Int) -> [Bool]? {
            chance == 0 ? nil : (0..<rows).map { _ in random.below(100) >= chance }
        }
        let nullChance = [0, 5, 50][random.below(3)]
        let small = (0..<rows).map { _ in Int64(random.below(7)) - 3 }
        let wide = (0..<rows).map { _ in random.below(3) == 0 ? Int64.min + Int64(random.below(3)) : Int64(bitPattern: random.next()) }
        let times = (0..<rows).map { _ in Int64(random.below(1000)) * 1_000_000 }
        let flags = (0..<rows).map { _ in random.below(2) == 0 }
        let floats = (0..<rows).map { _ in [Double.nan, -0.0, 0.0, 1.5, -2.25, .infinity][random.below(6)] }
        let strings: [String?] = (0..<rows).map { _ in random.below(10) == 0 ? nil : ["", "a", "ab", "b", "é", "abcdefghij", "abcdefghik"][random.below(7)] }
        return try DataFrame(columns: [
            Column(name: "small", ints: small, validity: validity(nullChance)),
            Column(name: "wide", ints: wide, validity: validity(nullChance / 2)),
            Column(name: "time", timestamps: times, validity: validity(nullChance)),
            Column(name: "flag", bools: flags, validity: validity(nullChance)),
            Column(name: "real", floats: floats, validity: validity(nullChance)),
            Column(name: "text", strings: strings),
            Column(name: "row", ints: (0..<rows).map(Int64.init)),
        ])
    }

    @Test(arguments: 0..<10)
    func randomKeysMatchTheNaiveStableSort(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &+ 99)
        for size in [0, 1, 2, 17, 300] {
            let frame = try Self.randomFrame(&random, rows: size)
            let names = ["small", "wide", "time", "flag", "real", "text"]
            for _ in 0..<6 {
                let keyCount = 1 + random.below(3)
                let keys = (0..<keyCount).map { _ in SortKey(names[random.below(names.count)], descending: random.below(2) == 0) }
                let expected = Self.reference(frame, keys)
                let sorted = try frame.sorted(by: keys)
                let same = zip(sorted.columns.map(\.scalars), expected).allSatisfy { actual, wanted in
                    zip(actual, wanted).allSatisfy { a, b in
                        if case .float(let x) = a, case .float(let y) = b { return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }
                        return a == b
                    }
                }
                #expect(same, "seed \(seed) size \(size) keys \(keys)")
                #expect(try frame.sortOrder(by: keys) == sorted.column(named: "row")?.scalars.map {
                    if case .int(let value) = $0 { return Int(value) }
                    return -1
                })
            }
        }
    }

    @Test func largeFramesSortOnAllCoresTheSameWay() throws {
        // Above the parallel threshold: the radix passes and gathers split over threads.
        var random = SplitMix64(state: 5)
        let rows = 300_000
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: (0..<rows).map { _ in Int64(random.below(5000)) }),
            Column(name: "t", ints: (0..<rows).map { _ in Int64(random.below(100_000)) },
                   validity: (0..<rows).map { _ in random.below(50) != 0 }),
            Column(name: "s", strings: (0..<rows).map { "s\($0 % 97)" }),
            Column(name: "row", ints: (0..<rows).map(Int64.init)),
        ])
        let sorted = try frame.sorted(by: [SortKey("k"), SortKey("t", descending: true)])
        let keys = try #require(sorted.column(named: "k")?.int64Values?.array)
        let times = try #require(sorted.column(named: "t"))
        let order = try #require(sorted.column(named: "row")?.int64Values?.array)
        let texts = try #require(sorted.column(named: "s"))
        var ok = true
        for row in 1..<rows {
            let (a, b) = (row - 1, row)
            if keys[a] > keys[b] { ok = false }
            if keys[a] == keys[b] {
                switch (times.isNull(a), times.isNull(b)) {
                case (true, false): ok = false
                case (false, false):
                    let (x, y) = (times.scalar(at: a), times.scalar(at: b))
                    if case .int(let p) = x, case .int(let q) = y, p < q || (p == q && order[a] > order[b]) { ok = false }
                case (true, true): if order[a] > order[b] { ok = false }
                default: break
                }
            }
        }
        #expect(ok)
        #expect(texts.scalar(at: 123) == .string("s\(order[123] % 97)"))
        #expect(times.nullCount == frame.column(named: "t")?.nullCount)
    }
}
