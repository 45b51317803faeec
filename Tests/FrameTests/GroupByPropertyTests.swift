import Frame
import Testing
import TestSupport

/// group_by + aggregate against a naive row-by-row reference on random frames (SplitMix64):
/// int, string and two-column keys with nulls; float values with nulls and NaN, int values with nulls.
/// Everything is compared exactly except std and var, which the engine computes in one pass from
/// shifted sums and the reference in two passes (relative difference at most 1e-9).
@Suite struct GroupByPropertyTests {
    struct RandomFrame {
        var frame: DataFrame
        var keys: [String]
    }

    static func randomFrame(_ rng: inout SplitMix64) throws -> RandomFrame {
        let n = rng.below(8) == 0 ? rng.below(3) : rng.below(300)
        var intKeys: [Int64] = []
        var intKeyValid: [Bool] = []
        var stringKeys: [String?] = []
        var floats: [Double] = []
        var floatValid: [Bool] = []
        var ints: [Int64] = []
        var intValid: [Bool] = []
        let keyRange = 1 + rng.below(12)
        let words = ["ant", "bee", "cat", "dog", "a somewhat longer key", ""]
        for _ in 0..<n {
            intKeys.append(Int64(rng.below(keyRange)) - 3)
            intKeyValid.append(rng.below(10) != 0)
            stringKeys.append(rng.below(9) == 0 ? nil : words[rng.below(words.count)])
            let nan = rng.below(40) == 0
            floats.append(nan ? .nan : Double(rng.below(4001)) / 8 - 250)
            floatValid.append(rng.below(7) != 0)
            ints.append(Int64(rng.below(2001)) - 1000)
            intValid.append(rng.below(6) != 0)
        }
        let frame = try DataFrame(columns: [
            Column(name: "ki", ints: intKeys, validity: intKeyValid),
            Column(name: "ks", strings: stringKeys),
            Column(name: "f", floats: floats, validity: floatValid),
            Column(name: "i", ints: ints, validity: intValid),
        ])
        let keySets = [["ki"], ["ks"], ["ki", "ks"], ["ks", "ki"]]
        return RandomFrame(frame: frame, keys: keySets[rng.below(keySets.count)])
    }

    /// Groups by the naive rule: key tuples compared with ==, in order of first appearance.
    static func naiveGroups(_ frame: DataFrame, _ keys: [String]) -> [(key: [Scalar], rows: [Int])] {
        var groups: [(key: [Scalar], rows: [Int])] = []
        let columns = keys.compactMap { frame.column(named: $0) }
        for row in 0..<frame.height {
            let key = columns.map { $0.scalar(at: row) }
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].rows.append(row)
            } else {
                groups.append((key, [row]))
            }
        }
        return groups
    }

    static func same(_ a: Scalar, _ b: Scalar, tolerance: Double = 0) -> Bool {
        if case .float(let x) = a, case .float(let y) = b {
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
            if tolerance == 0 { return x == y }
            return abs(x - y) <= tolerance * max(1, abs(x), abs(y))
        }
        return a == b
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Scalar {
        if sorted.isEmpty { return .null }
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down))
        let fraction = h - Double(low)
        if fraction == 0 || low + 1 >= sorted.count { return .float(sorted[low]) }
        return .float(sorted[low] + (sorted[low + 1] - sorted[low]) * fraction)
    }

    /// The reference value of one aggregate of `column` over `rows`.
    static func naive(_ function: Aggregation.Function, _ column: Column, _ rows: [Int]) -> Scalar {
        let values = rows.map { column.scalar(at: $0) }.filter { !$0.isNull }
        let doubles = values.map { value -> Double in
            switch value {
            case .float(let x): return x
            case .int(let x): return Double(x)
            default: return 0
            }
        }
        let isFloat = column.type == .float
        switch function {
        case .count: return .int(Int64(rows.count))
        case .countValid: return .int(Int64(values.count))
        case .sum:
            if isFloat { return .float(doubles.reduce(0, +)) }
            return .int(values.reduce(Int64(0)) { total, value in
                if case .int(let x) = value { return total + x }
                return total
            })
        case .mean:
            if values.isEmpty { return .null }
            if isFloat { return .float(doubles.reduce(0, +) / Double(doubles.count)) }
            let total = values.reduce(Int64(0)) { total, value in
                if case .int(let x) = value { return total + x }
                return total
            }
            return .float(Double(total) / Double(values.count))
        case .min, .max:
            if values.isEmpty { return .null }
            if isFloat {
                let pick = function == .min ? Double.minimum : Double.maximum
                return .float(doubles.reduce(Double.nan) { pick($0, $1) })
            }
            let integers = values.compactMap { value -> Int64? in
                if case .int(let x) = value { return x }
                return nil
            }
            return .int((function == .min ? integers.min() : integers.max()) ?? 0)
        case .std, .variance:
            if doubles.count < 2 { return .null }
            let mean = doubles.reduce(0, +) / Double(doubles.count)
            let variance = doubles.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(doubles.count - 1)
            return .float(function == .std ? variance.squareRoot() : variance)
        case .median:
            let sorted = doubles.filter { !$0.isNaN }.sorted()
            if sorted.isEmpty { return doubles.isEmpty ? .null : .float(.nan) }
            let middle = sorted.count / 2
            if sorted.count % 2 == 1 { return .float(sorted[middle]) }
            return .float((sorted[middle - 1] + sorted[middle]) / 2)
        case .quantile(let q):
            let sorted = doubles.filter { !$0.isNaN }.sorted()
            if sorted.isEmpty { return doubles.isEmpty ? .null : .float(.nan) }
            return quantile(sorted, q)
        case .first: return rows.first.map { column.scalar(at: $0) } ?? .null
        case .last: return rows.last.map { column.scalar(at: $0) } ?? .null
        case .nUnique:
            var seen: [String] = []
            for row in rows {
                let value = column.scalar(at: row)
                let text: String
                if case .float(let x) = value { text = x.isNaN ? "nan" : "\(x == 0 ? 0 : x)" } else { text = "\(value)" }
                if !seen.contains(text) { seen.append(text) }
            }
            return .int(Int64(seen.count))
        case .correlation:
            return .null  // two inputs: checked against its own reference in CorrelationTests
        }
    }

    static let functions: [Aggregation.Function] = [
        .count, .countValid, .sum, .mean, .min, .max, .std, .variance, .median, .quantile(0.3), .quantile(1),
        .first, .last, .nUnique,
    ]

    @Test func aggregatesMatchTheReference() throws {
        var rng = SplitMix64(state: 20_241_127)
        for _ in 0..<150 {
            let random = try Self.randomFrame(&rng)
            let frame = random.frame
            var aggregations: [(name: String, aggregation: Aggregation)] = []
            for input in ["f", "i"] {
                for (index, function) in Self.functions.enumerated() {
                    aggregations.append((name: "\(input)\(index)", aggregation: Aggregation(function, col(input))))
                }
            }
            let out = try frame.groupBy(random.keys).aggregate(aggregations)
            let groups = Self.naiveGroups(frame, random.keys)
            try #require(out.height == groups.count, "groups for keys \(random.keys)")
            for (position, key) in random.keys.enumerated() {
                #expect(out.column(named: key)?.scalars == groups.map { $0.key[position] })
            }
            for (name, aggregation) in aggregations {
                let column = try #require(out.column(named: name))
                let input = try #require(frame.column(named: aggregation.input == col("f") ? "f" : "i"))
                let tolerance = aggregation.function == .std || aggregation.function == .variance ? 1e-9 : 0
                for (group, rows) in groups.map(\.rows).enumerated() {
                    let expected = Self.naive(aggregation.function, input, rows)
                    let actual = column.scalar(at: group)
                    #expect(Self.same(actual, expected, tolerance: tolerance),
                            "\(aggregation.function) of \(input.name) by \(random.keys), group \(group): \(actual) vs \(expected)")
                }
            }
            // The whole frame is one group.
            let whole = try frame.aggregate([(name: "s", aggregation: .sum(col("f"))), (name: "m", aggregation: .median(col("i")))])
            #expect(Self.same(whole.columns[0].scalar(at: 0), Self.naive(.sum, try #require(frame.column(named: "f")), Array(0..<frame.height))))
            #expect(Self.same(whole.columns[1].scalar(at: 0), Self.naive(.median, try #require(frame.column(named: "i")), Array(0..<frame.height))))
        }
    }
}

/// Above a million rows the moment pass runs in two chunks (two threads) and merges them; the
/// merged counts, sums (of whole numbers, so exact in any order), extremes and spreads must match.
@Suite struct GroupByChunkedTests {
    @Test func twoChunksMergeExactly() throws {
        let n = (1 << 20) + 1_000
        var rng = SplitMix64(state: 99)
        var keys: [Int64] = []
        var values: [Double] = []
        var valid: [Bool] = []
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
        valid.reserveCapacity(n)
        for row in 0..<n {
            // Key 1 appears only in the second chunk, so its merge starts from an empty accumulator.
            keys.append(row > n / 2 + 100 ? Int64(rng.below(3)) + 1 : Int64(rng.below(3)) + 2)
            values.append(Double(rng.below(1_000)) - 500)
            valid.append(rng.below(20) != 0)
        }
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: keys), Column(name: "x", floats: values, validity: valid),
        ])
        let out = try frame.groupBy(["k"]).aggregate([
            (name: "n", aggregation: .count), (name: "c", aggregation: .count(col("x"))),
            (name: "s", aggregation: .sum(col("x"))), (name: "lo", aggregation: .min(col("x"))),
            (name: "hi", aggregation: .max(col("x"))), (name: "sd", aggregation: .std(col("x"))),
        ])
        var order: [Int64] = []
        for key in keys where !order.contains(key) { order.append(key) }
        #expect(out.column(named: "k")?.scalars == order.map { Scalar.int($0) })
        var rowsOf = [[Int]](repeating: [], count: 5)
        for row in 0..<n { rowsOf[Int(keys[row])].append(row) }
        for (group, key) in order.enumerated() {
            let rows = rowsOf[Int(key)]
            let present = rows.filter { valid[$0] }.map { values[$0] }
            let mean = present.reduce(0, +) / Double(present.count)
            let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count - 1)
            #expect(out.column(named: "n")?.scalar(at: group) == .int(Int64(rows.count)))
            #expect(out.column(named: "c")?.scalar(at: group) == .int(Int64(present.count)))
            #expect(out.column(named: "s")?.scalar(at: group) == .float(present.reduce(0, +)))
            #expect(out.column(named: "lo")?.scalar(at: group) == .float(present.min() ?? 0))
            #expect(out.column(named: "hi")?.scalar(at: group) == .float(present.max() ?? 0))
            if case .float(let sd)? = out.column(named: "sd")?.scalar(at: group) {
                #expect(abs(sd - variance.squareRoot()) <= 1e-9 * variance.squareRoot())
            } else {
                Issue.record("std of group \(key) is not a float")
            }
        }
    }

    /// Chunked indexing (direct, hash and string tables): groups and nulls first seen in the second
    /// chunk are numbered after the first chunk's, exactly as one pass would number them.
    @Test func twoChunkIndexMatchesOnePass() throws {
        let n = (1 << 20) + 5_000
        var rng = SplitMix64(state: 5)
        for scale in [Int64(1), 1_000_000_007] {
            var keys: [Int64] = []
            var valid: [Bool] = []
            keys.reserveCapacity(n)
            valid.reserveCapacity(n)
            for row in 0..<n {
                let late = row > n / 2 + 1_000
                keys.append(Int64(late ? rng.below(60) : rng.below(40)) * scale)
                valid.append(!late || rng.below(50) != 0)
            }
            var columns = [Column(name: "k", ints: keys, validity: valid)]
            // String keys once (building a million strings is the slow part of this test).
            if scale == 1 { columns.append(Column(name: "s", strings: (0..<n).map { valid[$0] ? "key \(keys[$0])" : nil })) }
            let frame = try DataFrame(columns: columns)
            let out = try frame.groupBy(["k"]).aggregate([(name: "n", aggregation: .count)])
            // Keys are multiples of `scale` below 60 × scale; slot 60 is the null key.
            var order: [Scalar] = []
            var counts: [Int64] = []
            var position = [Int](repeating: -1, count: 61)
            for row in 0..<n {
                let slot = valid[row] ? Int(keys[row] / scale) : 60
                if position[slot] < 0 {
                    position[slot] = order.count
                    order.append(valid[row] ? .int(keys[row]) : .null)
                    counts.append(0)
                }
                counts[position[slot]] += 1
            }
            #expect(out.column(named: "k")?.scalars == order)
            #expect(out.column(named: "n")?.scalars == counts.map { Scalar.int($0) })
            if scale == 1 {
                let byString = try frame.groupBy(["s"]).aggregate([(name: "n", aggregation: .count)])
                #expect(byString.column(named: "s")?.scalars == order.map { key -> Scalar in
                    if case .int(let value) = key { return .string("key \(value)") }
                    return .null
                })
                #expect(byString.column(named: "n")?.scalars == counts.map { Scalar.int($0) })
            }
        }
    }
}

