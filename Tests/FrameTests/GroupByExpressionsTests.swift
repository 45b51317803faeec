import Frame
import Testing
import TestSupport

/// `groupBy(expressions:)`: computed keys against a naive reference that evaluates each key row
/// by row and groups tuples in order of first appearance (SplitMix64 frames with nulls), plus
/// the edge cases: a key named like a column, plain keys renamed, empty and one-row frames.
@Suite struct GroupByExpressionsTests {
    static func randomFrame(_ rng: inout SplitMix64) throws -> DataFrame {
        let n = rng.below(6) == 0 ? rng.below(3) : rng.below(200)
        var a: [Int64] = []
        var aValid: [Bool] = []
        var x: [Double] = []
        var xValid: [Bool] = []
        for _ in 0..<n {
            a.append(Int64(rng.below(40)) - 20)
            aValid.append(rng.below(8) != 0)
            x.append(Double(rng.below(1000)) / 4)
            xValid.append(rng.below(9) != 0)
        }
        return try DataFrame(columns: [Column(name: "a", ints: a, validity: aValid), Column(name: "x", floats: x, validity: xValid)])
    }

    /// a % 3 (null for null a), computed row by row.
    static func remainder(_ frame: DataFrame, _ row: Int) -> Scalar {
        guard case .int(let value)? = frame.column(named: "a")?.scalar(at: row) else { return .null }
        let r = value % 3
        return .int(r)
    }

    /// a > 0 (null for null a).
    static func positive(_ frame: DataFrame, _ row: Int) -> Scalar {
        guard case .int(let value)? = frame.column(named: "a")?.scalar(at: row) else { return .null }
        return .bool(value > 0)
    }

    @Test func computedKeysMatchTheReference() throws {
        var rng = SplitMix64(state: 20_261_127)
        for _ in 0..<120 {
            let frame = try Self.randomFrame(&rng)
            let grouped = try frame.groupBy(expressions: [
                (name: "r", expr: col("a") % lit(3)), (name: "pos", expr: col("a") > lit(0)),
            ])
            let out = try grouped.aggregate([(name: "n", aggregation: .count), (name: "sx", aggregation: .sum(col("x")))])
            var groups: [(key: [Scalar], rows: [Int])] = []
            for row in 0..<frame.height {
                let key = [Self.remainder(frame, row), Self.positive(frame, row)]
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].rows.append(row)
                } else {
                    groups.append((key, [row]))
                }
            }
            try #require(out.columnNames == ["r", "pos", "n", "sx"])
            try #require(out.height == groups.count)
            for (index, group) in groups.enumerated() {
                #expect(out.columns[0].scalar(at: index) == group.key[0])
                #expect(out.columns[1].scalar(at: index) == group.key[1])
                #expect(out.columns[2].scalar(at: index) == .int(Int64(group.rows.count)))
                var total = 0.0
                for row in group.rows {
                    if case .float(let value) = frame.column(named: "x")?.scalar(at: row) ?? .null { total += value }
                }
                #expect(out.columns[3].scalar(at: index) == .float(total))
            }
        }
    }

    @Test func aKeyNamedLikeAColumnLeavesTheColumnToAggregates() throws {
        let frame = try DataFrame(columns: [Column(name: "a", ints: [11, 12, 21, 22, 13])])
        // Key "a" holds a / 10 as an int-valued float; first(.a) still sees the original a.
        let out = try frame.groupBy(expressions: [(name: "a", expr: .call("floor", [col("a") / lit(10)]))])
            .aggregate([(name: "first_a", aggregation: .first(col("a"))), (name: "n", aggregation: .count)])
        #expect(out.columnNames == ["a", "first_a", "n"])
        #expect(out.columns[0].scalars == [.float(1), .float(2)])
        #expect(out.columns[1].scalars == [.int(11), .int(21)])
        #expect(out.columns[2].scalars == [.int(3), .int(2)])
    }

    @Test func plainKeysTakeTheDirectPathAndMayBeRenamed() throws {
        let frame = try DataFrame(columns: [Column(name: "k", strings: ["x", "y", "x"]), Column(name: "v", ints: [1, 2, 3])])
        let renamed = try frame.groupBy(expressions: [(name: "key", expr: col("k"))])
        #expect(renamed.frame.columnNames == ["k", "v"])
        let out = try renamed.aggregate([(name: "s", aggregation: .sum(col("v")))])
        #expect(out.columnNames == ["key", "s"])
        #expect(out.columns[1].scalars == [.int(4), .int(2)])
        // Nested aggregates inside an input still work per group with a computed key.
        let centred = try frame.groupBy(expressions: [(name: "odd", expr: col("v") % lit(2))])
            .aggregate(expressions: [(name: "spread", expr: .call("max", [col("v") - .call("mean", [col("v")])]))])
        #expect(centred.columns[1].scalars == [.float(1), .float(0)])
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = try DataFrame(columns: [Column(name: "a", ints: [])])
        let none = try empty.groupBy(expressions: [(name: "r", expr: col("a") % lit(2))]).aggregate([(name: "n", aggregation: .count)])
        #expect(none.height == 0)
        #expect(none.columnNames == ["r", "n"])
        let one = try DataFrame(columns: [Column(name: "a", ints: [5], validity: [false])])
        let single = try one.groupBy(expressions: [(name: "r", expr: col("a") % lit(2))]).aggregate([(name: "n", aggregation: .count)])
        #expect(single.columns[0].scalars == [.null])
        #expect(single.columns[1].scalars == [.int(1)])
    }

    @Test func mistakesAreErrors() throws {
        let frame = try DataFrame(columns: [Column(name: "a", ints: [1, 2])])
        let twice = frameError { try frame.groupBy(expressions: [(name: "a", expr: col("a")), (name: "a", expr: col("a") + lit(1))]) }
        #expect(twice?.code == .duplicateColumn)
        #expect(twice?.message == "group key .a is given twice")
        #expect(frameError { try frame.groupBy(expressions: [(name: "k", expr: col("b"))]) }?.code == .columnNotFound)
        #expect(frameError { try frame.groupBy(expressions: [(name: "k", expr: col("b") + lit(1))]) }?.code == .columnNotFound)
    }
}
