import Frame
import Testing
import TestSupport

/// Window functions against a naive reference on random frames (SplitMix64): partitions with a
/// null key, orders with ties and nulls (ties keep input order), ascending and descending.
@Suite struct WindowPropertyTests {
    static func randomFrame(_ rng: inout SplitMix64) throws -> DataFrame {
        let n = rng.below(6) == 0 ? rng.below(3) : rng.below(120)
        var keys: [Int64] = []
        var keyValid: [Bool] = []
        var times: [Int64] = []
        var timeValid: [Bool] = []
        var values: [Int64] = []
        var valueValid: [Bool] = []
        var floats: [Double] = []
        for _ in 0..<n {
            keys.append(Int64(rng.below(4)))
            keyValid.append(rng.below(8) != 0)
            times.append(Int64(rng.below(6)))
            timeValid.append(rng.below(9) != 0)
            values.append(Int64(rng.below(21)) - 10)
            valueValid.append(rng.below(6) != 0)
            floats.append(Double(rng.below(9)) / 4)
        }
        return try DataFrame(columns: [
            Column(name: "k", ints: keys, validity: keyValid),
            Column(name: "t", ints: times, validity: timeValid),
            Column(name: "x", ints: values, validity: valueValid),
            Column(name: "f", floats: floats),
        ])
    }

    /// The rows of each row's window, in window order (stable; nulls of t last).
    static func naiveWindows(_ frame: DataFrame, partitioned: Bool, ordered: Bool, descending: Bool) -> [[Int]] {
        let k = frame.columns[0]
        let t = frame.columns[1]
        var windows: [[Int]] = []
        for row in 0..<frame.height {
            var members = (0..<frame.height).filter { !partitioned || k.scalar(at: $0) == k.scalar(at: row) }
            if ordered {
                members = members.enumerated().sorted { a, b in
                    let x = t.scalar(at: a.element)
                    let y = t.scalar(at: b.element)
                    if x.isNull != y.isNull { return y.isNull }
                    if case .int(let u) = x, case .int(let v) = y, u != v { return descending ? u > v : u < v }
                    return a.offset < b.offset
                }.map(\.element)
            }
            windows.append(members)
        }
        return windows
    }

    static func int(_ scalar: Scalar) -> Int64? {
        if case .int(let value) = scalar { return value }
        return nil
    }

    @Test func windowFunctionsMatchTheReference() throws {
        var rng = SplitMix64(state: 7_777)
        for _ in 0..<200 {
            let frame = try Self.randomFrame(&rng)
            let partitioned = rng.below(3) != 0
            let ordered = rng.below(3) != 0
            let descending = rng.below(2) == 0
            let partition = partitioned ? ["k"] : []
            let order = ordered ? [SortKey("t", descending: descending)] : []
            let windows = Self.naiveWindows(frame, partitioned: partitioned, ordered: ordered, descending: descending)
            let x = frame.columns[2]
            let offset = rng.below(7) - 3

            let rowNumbers = try frame.window(.rowNumber, partitionBy: partition, orderBy: order)
            let shifted = try frame.window(.shift(col("x"), by: offset), partitionBy: partition, orderBy: order)
            let diffs = try frame.window(.diff(col("x"), by: 1), partitionBy: partition, orderBy: order)
            let sums = try frame.window(.cumulativeSum(col("x")), partitionBy: partition, orderBy: order)
            let totals = try frame.window(.sum(col("x")), partitionBy: partition, orderBy: order)
            let firsts = try frame.window(.first(col("f")), partitionBy: partition, orderBy: order)
            var ranks: [RankMethod: Column] = [:]
            for method in RankMethod.allCases {
                ranks[method] = try frame.window(.rank(col("x"), method), partitionBy: partition, orderBy: order)
            }
            for row in 0..<frame.height {
                let window = windows[row]
                let position = try #require(window.firstIndex(of: row))
                #expect(rowNumbers.scalar(at: row) == .int(Int64(position + 1)))
                let source = position - offset
                let expectedShift = source >= 0 && source < window.count ? x.scalar(at: window[source]) : .null
                #expect(shifted.scalar(at: row) == expectedShift, "shift \(offset) row \(row)")
                let previous = position > 0 ? Self.int(x.scalar(at: window[position - 1])) : nil
                let expectedDiff: Scalar = Self.int(x.scalar(at: row)).flatMap { v in previous.map { .int(v - $0) } } ?? .null
                #expect(diffs.scalar(at: row) == expectedDiff)
                let running = window[...position].compactMap { Self.int(x.scalar(at: $0)) }.reduce(0, +)
                #expect(sums.scalar(at: row) == (x.isNull(row) ? .null : .int(running)))
                #expect(totals.scalar(at: row) == .int(window.compactMap { Self.int(x.scalar(at: $0)) }.reduce(0, +)))
                #expect(firsts.scalar(at: row) == frame.columns[3].scalar(at: window[0]))

                guard let value = Self.int(x.scalar(at: row)) else {
                    for method in RankMethod.allCases { #expect(ranks[method]?.isNull(row) == true) }
                    continue
                }
                let others = window.compactMap { Self.int(x.scalar(at: $0)) }
                let below = others.filter { $0 < value }.count
                let atMost = others.filter { $0 <= value }.count
                let distinct = Set(others.filter { $0 <= value }).count
                let tiesBefore = window[..<position].filter { Self.int(x.scalar(at: $0)) == value }.count
                #expect(ranks[.average]?.scalar(at: row) == .float(Double(below + 1 + atMost) / 2))
                #expect(ranks[.min]?.scalar(at: row) == .int(Int64(below + 1)))
                #expect(ranks[.max]?.scalar(at: row) == .int(Int64(atMost)))
                #expect(ranks[.dense]?.scalar(at: row) == .int(Int64(distinct)))
                #expect(ranks[.ordinal]?.scalar(at: row) == .int(Int64(below + tiesBefore + 1)))
            }
        }
    }
}
