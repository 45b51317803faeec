import Frame
import Testing

/// group_by + aggregate: every aggregate with nulls, empty and one-row frames, key types, errors.
@Suite struct GroupByTests {
    /// k: 1, 2, 1, null, 2, 1; x: 1.5, null, 2.5, 4, 6, null; i: 10, 20, null, 40, 50, 60.
    static func sample() throws -> DataFrame {
        try DataFrame(columns: [
            Column(name: "k", ints: [1, 2, 1, 0, 2, 1], validity: [true, true, true, false, true, true]),
            Column(name: "x", floats: [1.5, 0, 2.5, 4, 6, 0], validity: [true, false, true, true, true, false]),
            Column(name: "i", ints: [10, 20, 0, 40, 50, 60], validity: [true, true, false, true, true, true]),
        ])
    }

    func aggregate(_ frame: DataFrame, by keys: [String], _ aggregations: [(String, Aggregation)]) throws -> DataFrame {
        try frame.groupBy(keys).aggregate(aggregations.map { (name: $0.0, aggregation: $0.1) })
    }

    @Test func everyAggregateWithNulls() throws {
        let out = try aggregate(Self.sample(), by: ["k"], [
            ("n", .count), ("nx", .count(col("x"))), ("sx", .sum(col("x"))), ("si", .sum(col("i"))),
            ("mx", .mean(col("x"))), ("mi", .mean(col("i"))), ("lo", .min(col("x"))), ("hi", .max(col("i"))),
            ("sd", .std(col("x"))), ("v", .variance(col("i"))), ("md", .median(col("i"))),
            ("q", .quantile(col("i"), 0.25)), ("f", .first(col("x"))), ("l", .last(col("x"))), ("u", .nUnique(col("x"))),
        ])
        #expect(out.columnNames == ["k", "n", "nx", "sx", "si", "mx", "mi", "lo", "hi", "sd", "v", "md", "q", "f", "l", "u"])
        // Groups in order of first appearance: 1, 2, null.
        #expect(out.column(named: "k")?.scalars == [.int(1), .int(2), .null])
        #expect(out.column(named: "n")?.scalars == [.int(3), .int(2), .int(1)])
        #expect(out.column(named: "nx")?.scalars == [.int(2), .int(1), .int(1)])
        #expect(out.column(named: "sx")?.scalars == [.float(4), .float(6), .float(4)])
        #expect(out.column(named: "si")?.scalars == [.int(70), .int(70), .int(40)])
        #expect(out.column(named: "mx")?.scalars == [.float(2), .float(6), .float(4)])
        #expect(out.column(named: "mi")?.scalars == [.float(35), .float(35), .float(40)])
        #expect(out.column(named: "lo")?.scalars == [.float(1.5), .float(6), .float(4)])
        #expect(out.column(named: "hi")?.scalars == [.int(60), .int(50), .int(40)])
        #expect(out.column(named: "sd")?.scalars == [.float(0.5.squareRoot()), .null, .null])
        #expect(out.column(named: "v")?.scalars == [.float(1250), .float(450), .null])
        #expect(out.column(named: "md")?.scalars == [.float(35), .float(35), .float(40)])
        #expect(out.column(named: "q")?.scalars == [.float(22.5), .float(27.5), .float(40)])
        #expect(out.column(named: "f")?.scalars == [.float(1.5), .null, .float(4)])
        #expect(out.column(named: "l")?.scalars == [.null, .float(6), .float(4)])
        #expect(out.column(named: "u")?.scalars == [.int(3), .int(2), .int(1)])
    }

    @Test func allNullGroupSumsToZeroAndOthersAreNull() throws {
        let frame = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "b", "a"]),
            Column(name: "x", floats: [1, 0, 2], validity: [true, false, true]),
            Column(name: "i", ints: [1, 0, 2], validity: [true, false, true]),
        ])
        let out = try aggregate(frame, by: ["k"], [
            ("s", .sum(col("x"))), ("si", .sum(col("i"))), ("m", .mean(col("x"))), ("lo", .min(col("i"))),
            ("md", .median(col("x"))), ("c", .count(col("x"))), ("u", .nUnique(col("x"))),
        ])
        #expect(out.column(named: "s")?.scalars == [.float(3), .float(0)])
        #expect(out.column(named: "si")?.scalars == [.int(3), .int(0)])
        #expect(out.column(named: "m")?.scalars == [.float(1.5), .null])
        #expect(out.column(named: "lo")?.scalars == [.int(1), .null])
        #expect(out.column(named: "md")?.scalars == [.float(1.5), .null])
        #expect(out.column(named: "c")?.scalars == [.int(2), .int(0)])
        #expect(out.column(named: "u")?.scalars == [.int(2), .int(1)])
    }

    @Test func emptyFrameGivesNoGroupsWithTypedColumns() throws {
        let frame = try Self.sample().head(0)
        let grouped = try frame.groupBy(["k"])
        #expect(grouped.groupCount == 0)
        let out = try grouped.aggregate([
            (name: "n", aggregation: .count), (name: "s", aggregation: .sum(col("i"))),
            (name: "m", aggregation: .mean(col("x"))), (name: "f", aggregation: .first(col("i"))),
            (name: "md", aggregation: .median(col("x"))),
        ])
        #expect(out.height == 0)
        #expect(out.columns.map(\.type) == [.int, .int, .int, .float, .int, .float])
    }

    @Test func wholeFrameAggregateOfAnEmptyFrameIsOneRow() throws {
        let frame = try Self.sample().head(0)
        let out = try frame.aggregate([
            (name: "n", aggregation: .count), (name: "s", aggregation: .sum(col("i"))),
            (name: "sx", aggregation: .sum(col("x"))), (name: "m", aggregation: .mean(col("x"))),
            (name: "lo", aggregation: .min(col("i"))), (name: "f", aggregation: .first(col("x"))),
            (name: "sd", aggregation: .std(col("x"))), (name: "u", aggregation: .nUnique(col("x"))),
        ])
        #expect(out.height == 1)
        #expect(out.columns.map { $0.scalar(at: 0) } == [.int(0), .int(0), .float(0), .null, .null, .null, .null, .int(0)])
    }

    @Test func wholeFrameAggregate() throws {
        let out = try Self.sample().aggregate([
            (name: "n", aggregation: .count), (name: "s", aggregation: .sum(col("i"))),
            (name: "q", aggregation: .quantile(col("x"), 0.5)), (name: "l", aggregation: .last(col("i"))),
        ])
        #expect(out.columnNames == ["n", "s", "q", "l"])
        #expect(out.columns.map { $0.scalar(at: 0) } == [.int(6), .int(180), .float(3.25), .int(60)])
    }

    @Test func oneRowFrame() throws {
        let frame = try DataFrame(columns: [Column(name: "k", strings: ["z"]), Column(name: "x", floats: [2.5])])
        let out = try aggregate(frame, by: ["k"], [
            ("n", .count), ("m", .mean(col("x"))), ("sd", .std(col("x"))), ("v", .variance(col("x"))),
            ("md", .median(col("x"))), ("q", .quantile(col("x"), 0.9)), ("u", .nUnique(col("x"))),
        ])
        #expect(out.columns.map { $0.scalar(at: 0) } == [
            .string("z"), .int(1), .float(2.5), .null, .null, .float(2.5), .float(2.5), .int(1),
        ])
    }

    @Test func stringAndMultiColumnKeysWithNulls() throws {
        let frame = try DataFrame(columns: [
            Column(name: "a", strings: ["x", nil, "x", "y", nil, "x"]),
            Column(name: "b", ints: [1, 1, 2, 1, 1, 1], validity: [true, true, true, true, true, false]),
            Column(name: "v", ints: [1, 2, 3, 4, 5, 6]),
        ])
        let byString = try aggregate(frame, by: ["a"], [("s", .sum(col("v")))])
        #expect(byString.column(named: "a")?.scalars == [.string("x"), .null, .string("y")])
        #expect(byString.column(named: "s")?.scalars == [.int(10), .int(7), .int(4)])
        let byBoth = try aggregate(frame, by: ["a", "b"], [("s", .sum(col("v"))), ("n", .count)])
        #expect(byBoth.column(named: "a")?.scalars == [.string("x"), .null, .string("x"), .string("y"), .string("x")])
        #expect(byBoth.column(named: "b")?.scalars == [.int(1), .int(1), .int(2), .int(1), .null])
        #expect(byBoth.column(named: "s")?.scalars == [.int(1), .int(7), .int(3), .int(4), .int(6)])
    }

    @Test func floatBoolAndWideIntegerKeys() throws {
        let frame = try DataFrame(columns: [
            Column(name: "f", floats: [.nan, 0.0, -0.0, .nan, 1.5]),
            Column(name: "b", bools: [true, false, true, true, false], validity: [true, true, false, true, true]),
            Column(name: "w", ints: [Int64.min, Int64.max, 0, Int64.min, 7]),
            Column(name: "v", ints: [1, 2, 3, 4, 5]),
        ])
        let byFloat = try aggregate(frame, by: ["f"], [("s", .sum(col("v")))])
        #expect(byFloat.column(named: "s")?.scalars == [.int(5), .int(5), .int(5)])
        let byBool = try aggregate(frame, by: ["b"], [("s", .sum(col("v")))])
        #expect(byBool.column(named: "b")?.scalars == [.bool(true), .bool(false), .null])
        #expect(byBool.column(named: "s")?.scalars == [.int(5), .int(7), .int(3)])
        let byWide = try aggregate(frame, by: ["w"], [("s", .sum(col("v")))])
        #expect(byWide.column(named: "w")?.scalars == [.int(Int64.min), .int(Int64.max), .int(0), .int(7)])
        #expect(byWide.column(named: "s")?.scalars == [.int(5), .int(2), .int(3), .int(5)])
    }

    @Test func floatSemanticsOfNaN() throws {
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: [1, 1, 2, 2]),
            Column(name: "x", floats: [.nan, 3, .nan, .nan]),
        ])
        let out = try aggregate(frame, by: ["k"], [
            ("lo", .min(col("x"))), ("hi", .max(col("x"))), ("md", .median(col("x"))), ("m", .mean(col("x"))),
        ])
        let lo = out.column(named: "lo")?.scalars ?? []
        #expect(lo.first == .float(3))
        #expect(out.column(named: "hi")?.scalars.first == .float(3))
        #expect(out.column(named: "md")?.scalars.first == .float(3))
        if case .float(let value)? = lo.last { #expect(value.isNaN) } else { Issue.record("min of NaNs is \(lo)") }
        if case .float(let value)? = out.column(named: "m")?.scalars.first { #expect(value.isNaN) }
    }

    @Test func typesOfBoolDurationAndTimestampAggregates() throws {
        let frame = try DataFrame(columns: [
            Column(name: "ok", bools: [true, false, true]),
            Column(name: "d", durations: [1_000_000, 2_000_000, 4_000_000]),
            Column(name: "t", timestamps: [30, 10, 20]),
        ])
        let out = try frame.aggregate([
            (name: "ok_sum", aggregation: .sum(col("ok"))), (name: "ok_mean", aggregation: .mean(col("ok"))),
            (name: "ok_max", aggregation: .max(col("ok"))), (name: "d_sum", aggregation: .sum(col("d"))),
            (name: "d_mean", aggregation: .mean(col("d"))), (name: "t_min", aggregation: .min(col("t"))),
            (name: "t_first", aggregation: .first(col("t"))),
        ])
        #expect(out.columns.map(\.type) == [.int, .float, .bool, .duration, .duration, .timestamp, .timestamp])
        #expect(out.columns.map { $0.scalar(at: 0) } == [
            .int(2), .float(2.0 / 3.0), .bool(true), .duration(7_000_000), .duration(2_333_333), .timestamp(10), .timestamp(30),
        ])
    }

    @Test func stringMinMaxFirstLast() throws {
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: [1, 1, 1, 2]),
            Column(name: "s", strings: ["pear", nil, "apple", nil]),
        ])
        let out = try aggregate(frame, by: ["k"], [
            ("lo", .min(col("s"))), ("hi", .max(col("s"))), ("f", .first(col("s"))), ("u", .nUnique(col("s"))),
        ])
        #expect(out.column(named: "lo")?.scalars == [.string("apple"), .null])
        #expect(out.column(named: "hi")?.scalars == [.string("pear"), .null])
        #expect(out.column(named: "f")?.scalars == [.string("pear"), .null])
        #expect(out.column(named: "u")?.scalars == [.int(3), .int(1)])
    }

    @Test func errors() throws {
        let frame = try Self.sample()
        #expect(frameError { try frame.groupBy(["kk"]) }?.code == .columnNotFound)
        #expect(frameError { try frame.groupBy(["k", "k"]) }?.code == .duplicateColumn)
        let strings = try DataFrame(columns: [Column(name: "name", strings: ["a"]), Column(name: "k", ints: [1])])
        let typeError = frameError { try strings.groupBy(["k"]).aggregate([(name: "s", aggregation: .sum(col("name")))]) }
        #expect(typeError?.code == .typeMismatch)
        #expect(typeError?.message == "sum needs a numeric column, but .name is string")
        #expect(typeError?.column == "name")
        let big = try DataFrame(columns: [Column(name: "x", ints: [Int64.max, 1])])
        #expect(frameError { try big.aggregate([(name: "s", aggregation: .sum(col("x")))]) }?.code == .overflow)
        #expect(frameError { try big.aggregate(expressions: [(name: "s", expr: .call("quantile", [col("x"), lit(2.0)]))]) }?.code == .invalidArgument)
        #expect(frameError { try frame.groupBy(["k"]).aggregate([(name: "k", aggregation: .count)]) }?.code == .duplicateColumn)
    }

    @Test func expressionsOverAggregates() throws {
        let frame = try Self.sample()
        let grouped = try frame.groupBy(["k"])
        let out = try grouped.aggregate(expressions: [
            (name: "ratio", expr: .call("sum", [col("i")]) / .call("count", [])),
            (name: "one", expr: lit(1)),
            (name: "centred", expr: .call("sum", [col("i") - .call("mean", [col("i")])])),
        ])
        #expect(out.column(named: "ratio")?.scalars == [.float(70.0 / 3), .float(35), .float(40)])
        #expect(out.column(named: "one")?.scalars == [.int(1), .int(1), .int(1)])
        #expect(out.column(named: "centred")?.scalars == [.float(0), .float(0), .float(0)])
        let bare = frameError { try grouped.aggregate(expressions: [(name: "x", expr: col("x"))]) }
        #expect(bare?.message == ".x must be inside an aggregate such as first(.x) or sum(.x)")
    }

    @Test func aggregatesBroadcastInWithAndFilter() throws {
        let frame = try DataFrame(columns: [
            Column(name: "x", floats: [1, 2, 3, 10]),
            Column(name: "e", ints: [0, 0, 0, 0], validity: [false, false, false, false]),
        ])
        let above = try frame.filter(col("x") > .call("mean", [col("x")]))
        #expect(above.column(named: "x")?.scalars == [.float(10)])
        let with = try frame.with([
            (name: "m", expr: .call("mean", [col("e")])), (name: "n", expr: .call("count", [])),
            (name: "share", expr: col("x") / .call("sum", [col("x")])),
        ])
        #expect(with.column(named: "m")?.type == .float)
        #expect(with.column(named: "m")?.nullCount == 4)
        #expect(with.column(named: "n")?.scalars == [.int(4), .int(4), .int(4), .int(4)])
        #expect(with.column(named: "share")?.scalars.first == .float(1.0 / 16))
    }

    @Test func keyFrameAndManyGroups() throws {
        // Enough distinct pairs that combining the keys needs the hash table.
        var a: [Int64] = []
        var b: [Int64] = []
        for row in 0..<70_000 {
            a.append(Int64(row % 400))
            b.append(Int64((row / 234) % 300) * 1_000_003)
        }
        let frame = try DataFrame(columns: [Column(name: "a", ints: a), Column(name: "b", ints: b)])
        let grouped = try frame.groupBy(["a", "b"])
        #expect(grouped.groupCount == 70_000)
        let out = try grouped.aggregate([(name: "n", aggregation: .count)])
        #expect(out.height == 70_000)
        #expect(out.column(named: "n")?.scalars.allSatisfy { $0 == .int(1) } == true)
        #expect(grouped.keyFrame.column(named: "b")?.scalar(at: 400) == .int(1_000_003))
    }
}
