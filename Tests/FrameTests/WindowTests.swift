import Frame
import Testing

/// Window functions: plain and over partitions and orders, with nulls, empty and one-row frames.
@Suite struct WindowTests {
    /// k: a, b, a, b, a, null; t: 3, 1, 1, 2, 2, 9; x: 10, 20, null, 40, 50, 60.
    static func sample() throws -> DataFrame {
        try DataFrame(columns: [
            Column(name: "k", strings: ["a", "b", "a", "b", "a", nil]),
            Column(name: "t", ints: [3, 1, 1, 2, 2, 9]),
            Column(name: "x", ints: [10, 20, 0, 40, 50, 60], validity: [true, true, false, true, true, true]),
        ])
    }

    @Test func plainWindowsUseTheCurrentOrder() throws {
        let frame = try Self.sample()
        #expect(try frame.window(.rowNumber).scalars == [1, 2, 3, 4, 5, 6].map { Scalar.int($0) })
        #expect(try frame.window(.shift(col("x"), by: 1)).scalars == [.null, .int(10), .int(20), .null, .int(40), .int(50)])
        #expect(try frame.window(.shift(col("x"), by: -2)).scalars == [.null, .int(40), .int(50), .int(60), .null, .null])
        #expect(try frame.window(.diff(col("x"), by: 1)).scalars == [.null, .int(10), .null, .null, .int(10), .int(10)])
        #expect(try frame.window(.cumulativeSum(col("x"))).scalars == [.int(10), .int(30), .null, .int(70), .int(120), .int(180)])
        #expect(try frame.window(.shift(col("x"), by: 100)).nullCount == 6)
    }

    @Test func overPartitionsAndOrder() throws {
        let frame = try Self.sample()
        let partition = ["k"]
        let order = [SortKey("t")]
        // a: rows 2 (t1), 4 (t2), 0 (t3); b: rows 1 (t1), 3 (t2); null: row 5.
        #expect(try frame.window(.rowNumber, partitionBy: partition, orderBy: order).scalars
            == [3, 1, 1, 2, 2, 1].map { Scalar.int($0) })
        #expect(try frame.window(.shift(col("x"), by: 1), partitionBy: partition, orderBy: order).scalars
            == [.int(50), .null, .null, .int(20), .null, .null])
        #expect(try frame.window(.cumulativeSum(col("x")), partitionBy: partition, orderBy: order).scalars
            == [.int(60), .int(20), .null, .int(60), .int(50), .int(60)])
        #expect(try frame.window(.rowNumber, partitionBy: partition, orderBy: [SortKey("t", descending: true)]).scalars
            == [1, 2, 3, 1, 2, 1].map { Scalar.int($0) })
        #expect(try frame.window(.rowNumber, partitionBy: partition).scalars == [1, 1, 2, 2, 3, 1].map { Scalar.int($0) })
    }

    @Test func timestampDiffIsADuration() throws {
        let frame = try DataFrame(columns: [Column(name: "ts", timestamps: [100, 250, 400])])
        let diff = try frame.window(.diff(col("ts"), by: 1))
        #expect(diff.type == .duration)
        #expect(diff.scalars == [.null, .duration(150), .duration(150)])
    }

    @Test func rankMethodsWithTiesAndNulls() throws {
        let frame = try DataFrame(columns: [
            Column(name: "v", floats: [2, 1, 2, 0, 3, 2], validity: [true, true, true, false, true, true])
        ])
        func rank(_ method: RankMethod) throws -> [Scalar] { try frame.window(.rank(col("v"), method)).scalars }
        #expect(try rank(.average) == [.float(3), .float(1), .float(3), .null, .float(5), .float(3)])
        #expect(try rank(.min) == [.int(2), .int(1), .int(2), .null, .int(5), .int(2)])
        #expect(try rank(.max) == [.int(4), .int(1), .int(4), .null, .int(5), .int(4)])
        #expect(try rank(.dense) == [.int(2), .int(1), .int(2), .null, .int(3), .int(2)])
        #expect(try rank(.ordinal) == [.int(2), .int(1), .int(3), .null, .int(5), .int(4)])
        let strings = try DataFrame(columns: [Column(name: "s", strings: ["b", "a", "b"])])
        #expect(try strings.window(.rank(col("s"), .dense)).scalars == [.int(2), .int(1), .int(2)])
    }

    @Test func aggregateOverPartitions() throws {
        let frame = try Self.sample()
        let mean = try frame.window(.mean(col("x")), partitionBy: ["k"])
        #expect(mean.scalars == [.float(30), .float(30), .float(30), .float(30), .float(30), .float(60)])
        let first = try frame.window(.first(col("x")), partitionBy: ["k"], orderBy: [SortKey("t")])
        #expect(first.scalars == [.null, .int(20), .null, .int(20), .null, .int(60)])
        let count = try frame.window(.count, partitionBy: ["k"])
        #expect(count.scalars == [3, 2, 3, 2, 3, 1].map { Scalar.int($0) })
    }

    @Test func expressionsWithOver() throws {
        let frame = try Self.sample()
        let partition = Expr.call("partition_by", [col("k")])
        let order = Expr.call("order_by", [.call("desc", [col("t")])])
        let centred = try frame.evaluate(.call("over", [col("x") - .call("mean", [col("x")]), partition]))
        #expect(centred.scalars == [.float(-20), .float(-10), .null, .float(10), .float(20), .float(0)])
        let latest = try frame.filter(.call("over", [.call("row_number", []), partition, order]) == lit(1))
        #expect(latest.column(named: "t")?.scalars == [.int(3), .int(2), .int(9)])
        let lagged = try frame.with([(name: "prev", expr: .call("lag", [col("x")]))])
        #expect(lagged.column(named: "prev")?.scalars.prefix(2) == [.null, .int(10)])
        let lead = try frame.evaluate(.call("lead", [col("x"), lit(2)]))
        #expect(lead.scalars.first == .null)
        #expect(frameError { try frame.evaluate(.call("rank", [col("x"), lit("fancy")])) }?.code == .invalidArgument)
        #expect(frameError { try frame.evaluate(.call("cum_sum", [col("k")])) }?.code == .typeMismatch)
        #expect(frameError { try frame.groupBy(["k"]).aggregate(expressions: [(name: "c", expr: .call("cum_sum", [col("x")]))]) }?.code
            == .invalidArgument)
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = try Self.sample().head(0)
        #expect(try empty.window(.rowNumber, partitionBy: ["k"], orderBy: [SortKey("t")]).count == 0)
        #expect(try empty.window(.cumulativeSum(col("x")), partitionBy: ["k"]).count == 0)
        #expect(try empty.window(.rank(col("x"), .average)).type == .float)
        #expect(try empty.window(.mean(col("x")), partitionBy: ["k"]).count == 0)
        let one = try Self.sample().head(1)
        #expect(try one.window(.shift(col("x"), by: 1), partitionBy: ["k"]).scalars == [.null])
        #expect(try one.window(.rank(col("x"), .dense), partitionBy: ["k"]).scalars == [.int(1)])
        #expect(try one.window(.diff(col("x"), by: 1)).scalars == [.null])
    }

    @Test func cumulativeSumOverflowsAndFloats() throws {
        let big = try DataFrame(columns: [Column(name: "x", ints: [Int64.max, 1])])
        #expect(frameError { try big.window(.cumulativeSum(col("x"))) }?.code == .overflow)
        let floats = try DataFrame(columns: [Column(name: "x", floats: [0.5, 0.25, 1], validity: [true, false, true])])
        #expect(try floats.window(.cumulativeSum(col("x"))).scalars == [.float(0.5), .null, .float(1.5)])
    }
}
