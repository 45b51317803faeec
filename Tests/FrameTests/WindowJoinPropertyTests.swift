import Frame
import Testing
import TestSupport

/// `windowJoin` against a naive reference (for each left row, scan every right row) on random
/// frames (SplitMix64): nulls in keys and times on both sides, repeated times, keys one side lacks,
/// empty sides, windows of 0 (exact times only) and more, one key, two keys and none.
@Suite struct WindowJoinPropertyTests {
    static func randomSide(_ rng: inout SplitMix64, rows: Int) throws -> DataFrame {
        var keys: [Int64] = []
        var keyValid: [Bool] = []
        var strings: [String?] = []
        var times: [Int64] = []
        var timeValid: [Bool] = []
        var amounts: [Int64] = []
        var amountValid: [Bool] = []
        var prices: [Double] = []
        for _ in 0..<rows {
            keys.append(Int64(rng.below(5)))
            keyValid.append(rng.below(10) != 0)
            strings.append(rng.below(12) == 0 ? nil : ["x", "y"][rng.below(2)])
            times.append(Int64(rng.below(30)))
            timeValid.append(rng.below(10) != 0)
            amounts.append(Int64(rng.below(100)))
            amountValid.append(rng.below(6) != 0)
            prices.append(Double(rng.below(10_000)) / 100)
        }
        return try DataFrame(columns: [
            Column(name: "k", ints: keys, validity: keyValid),
            Column(name: "s", strings: strings),
            Column(name: "t", ints: times, validity: timeValid),
            Column(name: "amount", ints: amounts, validity: amountValid),
            Column(name: "price", floats: prices),
        ])
    }

    static let aggregates: [(name: String, aggregation: Aggregation)] = [
        ("n", .count), ("na", .count(.column("amount"))), ("sa", .sum(.column("amount"))), ("ma", .mean(.column("amount"))),
        ("lo", .min(.column("amount"))), ("hi", .max(.column("price"))), ("sp", .sum(.column("price"))),
    ]

    static func int(_ scalar: Scalar?) -> Int64? {
        if case .int(let v)? = scalar { return v }
        return nil
    }

    static func float(_ scalar: Scalar?) -> Double? {
        if case .float(let v)? = scalar { return v }
        return nil
    }

    @Test func matchesTheReference() throws {
        var rng = SplitMix64(state: 31_337)
        for round in 0..<80 {
            let left = try Self.randomSide(&rng, rows: rng.below(8) == 0 ? rng.below(2) : rng.below(60))
            let right = try Self.randomSide(&rng, rows: rng.below(8) == 0 ? rng.below(2) : rng.below(90))
            let by: [String] = [["k"], [], ["k", "s"]][round % 3]
            let window = Int64(rng.below(7))
            let result = try left.windowJoin(right, on: "t", by: by, window: .int(window), aggregates: Self.aggregates)
            #expect(result.height == left.height)
            #expect(Array(result.columnNames.prefix(left.width)) == left.columnNames)
            for row in 0..<left.height {
                var members: [Int] = []
                let keysValid = by.allSatisfy { !(left.column(named: $0)?.isNull(row) ?? true) }
                if let t = Self.int(left.column(named: "t")?.scalar(at: row)), keysValid {
                    members = (0..<right.height).filter { other in
                        guard let s = Self.int(right.column(named: "t")?.scalar(at: other)) else { return false }
                        return s >= t - window && s <= t
                            && by.allSatisfy { left.column(named: $0)?.scalar(at: row) == right.column(named: $0)?.scalar(at: other) }
                    }
                }
                let amounts = members.compactMap { Self.int(right.column(named: "amount")?.scalar(at: $0)) }
                let prices = members.compactMap { Self.float(right.column(named: "price")?.scalar(at: $0)) }
                let context = "round \(round) row \(row) by \(by) window \(window)"
                #expect(Self.int(result.column(named: "n")?.scalar(at: row)) == Int64(members.count), "\(context)")
                #expect(Self.int(result.column(named: "na")?.scalar(at: row)) == Int64(amounts.count), "\(context)")
                #expect(Self.int(result.column(named: "sa")?.scalar(at: row)) == amounts.reduce(0, +), "\(context)")
                let mean = amounts.isEmpty ? nil : Double(amounts.reduce(0, +)) / Double(amounts.count)
                #expect(Self.float(result.column(named: "ma")?.scalar(at: row)) == mean, "\(context)")
                #expect(Self.int(result.column(named: "lo")?.scalar(at: row)) == amounts.min(), "\(context)")
                #expect(Self.float(result.column(named: "hi")?.scalar(at: row)) == prices.max(), "\(context)")
                let sum = Self.float(result.column(named: "sp")?.scalar(at: row)) ?? .nan
                #expect(abs(sum - prices.reduce(0, +)) <= 1e-9 * max(1, prices.reduce(0, +)), "\(context)")
            }
        }
    }

    @Test func timestampsAndExactMatches() throws {
        let hour: Int64 = 3_600_000_000
        let left = try DataFrame(columns: [
            Column(name: "card", strings: ["a", "a", "b", "c"]),
            Column(name: "ts", timestamps: [2 * hour, 3 * hour, 2 * hour, hour]),
        ])
        let right = try DataFrame(columns: [
            Column(name: "card", strings: ["a", "a", "a", "b", "b"]),
            Column(name: "ts", timestamps: [hour, 2 * hour, 4 * hour, 2 * hour, hour / 2]),
            Column(name: "amount", floats: [10, 20, 40, 5, 7]),
        ])
        let result = try left.windowJoin(right, on: "ts", by: ["card"], window: .duration(hour), aggregates: [
            ("n", .count), ("total", .sum(.column("amount"))), ("avg", .mean(.column("amount"))),
        ])
        #expect(result.column(named: "n")?.scalars == [.int(2), .int(1), .int(1), .int(0)])
        #expect(result.column(named: "total")?.scalars == [.float(30), .float(20), .float(5), .float(0)])
        #expect(result.column(named: "avg")?.scalars == [.float(15), .float(20), .float(5), .null])
        let exact = try left.windowJoin(right, on: "ts", by: ["card"], window: .duration(0), aggregates: [("n", .count)])
        #expect(exact.column(named: "n")?.scalars == [.int(1), .int(0), .int(1), .int(0)])
    }

    @Test func emptySides() throws {
        var rng = SplitMix64(state: 5)
        let some = try Self.randomSide(&rng, rows: 20)
        let none = some.head(0)
        let a = try none.windowJoin(some, on: "t", by: ["k"], window: .int(3), aggregates: Self.aggregates)
        #expect(a.height == 0 && a.width == some.width + Self.aggregates.count)
        let b = try some.windowJoin(none, on: "t", by: ["k"], window: .int(3), aggregates: Self.aggregates)
        #expect(b.column(named: "n")?.scalars == Array(repeating: .int(0), count: 20))
        #expect(b.column(named: "sa")?.scalars == Array(repeating: .int(0), count: 20))
        #expect(b.column(named: "ma")?.nullCount == 20)
    }

    @Test func badArgumentsAreErrors() throws {
        let left = try DataFrame(columns: [Column(name: "t", timestamps: [0]), Column(name: "k", ints: [1])])
        let right = try DataFrame(columns: [Column(name: "t", ints: [0]), Column(name: "k", strings: ["1"]), Column(name: "x", ints: [1])])
        let same = try DataFrame(columns: [Column(name: "t", timestamps: [0]), Column(name: "k", strings: ["1"]), Column(name: "x", ints: [1])])
        let n: [(name: String, aggregation: Aggregation)] = [("n", .count)]
        #expect(frameError { try left.windowJoin(right, on: "t", window: .duration(5), aggregates: n) }?.message
            == "window_join's on column .t is timestamp on the left and int on the right")
        #expect(frameError { try left.windowJoin(same, on: "t", by: ["k"], window: .duration(5), aggregates: n) }?.message
            == "window_join key .k is int on the left and string on the right")
        #expect(frameError { try left.windowJoin(same, on: "t", window: .duration(-5), aggregates: n) }?.code == .invalidArgument)
        #expect(frameError { try left.windowJoin(same, on: "t", window: .int(5), aggregates: n) }?.code == .typeMismatch)
        #expect(frameError { try left.windowJoin(same, on: "t", window: .duration(5), aggregates: [("m", .median(.column("x")))]) }?.message
            == "window_join supports count, sum, mean, min, max, std, var and n_unique, not median")
        #expect(frameError { try left.windowJoin(same, on: "zz", window: .duration(5), aggregates: n) }?.code == .columnNotFound)
    }
}
