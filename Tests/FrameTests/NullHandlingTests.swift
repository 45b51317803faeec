import Testing
import Frame
import TestSupport

/// fill_null and drop_nulls on frames, and `describe`, with nulls, empty and one-row frames.
@Suite struct NullHandlingTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "i", ints: [1, 0, 3], validity: [true, false, true]),
            Column(name: "f", floats: [0, 2.5, 0], validity: [false, true, false]),
            Column(name: "s", strings: ["a", nil, "c"]),
            Column(name: "b", bools: [true, false, false]),
        ])
    }

    @Test func fillNullWithOneValueFillsTheColumnsThatTakeIt() throws {
        let filled = try frame.fillNull(.int(9))
        #expect(filled.column(named: "i")?.scalars == [.int(1), .int(9), .int(3)])
        #expect(filled.column(named: "f")?.scalars == [.float(9), .float(2.5), .float(9)])
        #expect(filled.column(named: "s") == frame.column(named: "s"))
        let text = try frame.fillNull(.string("?"))
        #expect(text.column(named: "s")?.scalars == [.string("a"), .string("?"), .string("c")])
        #expect(text.column(named: "i") == frame.column(named: "i"))
        #expect(try frame.fillNull(.float(0.5)).column(named: "i") == frame.column(named: "i"))
        #expect(try frame.fillNull(.null) == frame)
        #expect(try frame.head(0).fillNull(.int(1)).height == 0)
    }

    @Test func fillNullPerColumnTakesValuesAndExpressions() throws {
        let filled = try frame.fillNull([(column: "f", value: .column("i")), (column: "i", value: .literal(.float(0.5)))])
        #expect(filled.column(named: "f")?.scalars == [.float(1), .float(2.5), .float(3)])
        #expect(filled.column(named: "i")?.type == .float)
        #expect(filled.column(named: "i")?.scalars == [.float(1), .float(0.5), .float(3)])
        let mismatch = try #require(frameError { try frame.fillNull([(column: "s", value: .literal(.int(0)))]) })
        #expect(mismatch.code == .typeMismatch)
        #expect(mismatch.message == "cannot fill nulls of .s (string) with a value of type int")
        #expect(frameError { try frame.fillNull([(column: "z", value: .literal(.int(0)))]) }?.code == .columnNotFound)
        let one = try frame.head(1).fillNull([(column: "f", value: .literal(.float(7)))])
        #expect(one.column(named: "f")?.scalars == [.float(7)])
    }

    @Test func dropNullsKeepsCompleteRows() throws {
        #expect(try frame.dropNulls().height == 0)
        #expect(try frame.dropNulls(subset: ["i"]).column(named: "s")?.scalars == [.string("a"), .string("c")])
        #expect(try frame.dropNulls(subset: ["f", "b"]).column(named: "f")?.scalars == [.float(2.5)])
        #expect(try frame.dropNulls(subset: ["b"]) == frame)
        #expect(try frame.head(0).dropNulls().height == 0)
        #expect(try frame.head(1).dropNulls(subset: ["s"]).height == 1)
        #expect(frameError { try frame.dropNulls(subset: ["q"]) }?.code == .columnNotFound)
    }

    @Test(arguments: [41, 42])
    func dropNullsMatchesARowByRowReference(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed))
        for _ in 0..<20 {
            let count = random.below(150)
            let a = (0..<count).map { _ in random.below(4) > 0 }
            let b = (0..<count).map { _ in random.below(3) > 0 }
            let input = try DataFrame(columns: [
                Column(name: "a", ints: (0..<count).map(Int64.init), validity: a),
                Column(name: "b", strings: (0..<count).map { b[$0] ? "v\($0)" : nil }),
            ])
            let both = (0..<count).filter { a[$0] && b[$0] }.map { Scalar.int(Int64($0)) }
            #expect(try input.dropNulls().column(named: "a")?.scalars == both)
            let onlyB = (0..<count).filter { b[$0] }.map { a[$0] ? Scalar.int(Int64($0)) : .null }
            #expect(try input.dropNulls(subset: ["b"]).column(named: "a")?.scalars == onlyB)
        }
    }

    // MARK: describe

    @Test func describeNumbersStringsAndBools() throws {
        let input = try DataFrame(columns: [
            Column(name: "x", floats: [4, 1, 3, 2, 0], validity: [true, true, true, true, false]),
            Column(name: "n", ints: [10, 20, 30, 40, 50]),
            Column(name: "s", strings: ["pear", nil, "apple", "zoo", "b"]),
            Column(name: "b", bools: [true, false, true, true, false]),
        ])
        let summary = try input.describe()
        #expect(summary.columnNames == ["statistic", "x", "n", "s", "b"])
        #expect(summary.column(named: "statistic")?.scalars == DataFrame.describeStatistics.map(Scalar.string))
        #expect(summary.column(named: "x")?.type == .float)
        // x = 1, 2, 3, 4: positions round(0.75) = 1, round(1.5) = 2, round(2.25) = 2.
        #expect(summary.column(named: "x")?.scalars == [
            .float(4), .float(1), .float(2.5), .float((5.0 / 3).squareRoot()), .float(1), .float(2), .float(3), .float(3), .float(4),
        ])
        #expect(summary.column(named: "n")?.scalars == [
            .float(5), .float(0), .float(30), .float(250.0.squareRoot() ), .float(10), .float(20), .float(30), .float(40), .float(50),
        ])
        #expect(summary.column(named: "s")?.scalars == [
            .string("4"), .string("1"), .null, .null, .string("apple"), .null, .null, .null, .string("zoo"),
        ])
        #expect(summary.column(named: "b")?.scalars.prefix(3) == [.float(5), .float(0), .float(0.6)])
    }

    @Test func describeTimesEmptyAndOneRowFrames() throws {
        let times = try DataFrame(columns: [
            Column(name: "t", timestamps: [0, 86_400_000_000, 172_800_000_000]),
            Column(name: "d", durations: [1_000_000, 3_000_000, 2_000_000], validity: [true, true, false]),
        ])
        let summary = try times.describe()
        #expect(summary.column(named: "t")?.scalars == [
            .string("3"), .string("0"), .string("1970-01-02"), .null, .string("1970-01-01"), .string("1970-01-02"),
            .string("1970-01-02"), .string("1970-01-03"), .string("1970-01-03"),
        ])
        #expect(summary.column(named: "d")?.scalars.prefix(4) == [.string("2"), .string("1"), .string("2s"), .string("1s 414ms 214us")])
        let empty = try frameOfOne().head(0).describe()
        #expect(empty.column(named: "v")?.scalars == [.float(0), .float(0), .null, .null, .null, .null, .null, .null, .null])
        let one = try frameOfOne().describe()
        #expect(one.column(named: "v")?.scalars == [.float(1), .float(0), .float(7), .null, .float(7), .float(7), .float(7), .float(7), .float(7)])
        #expect(try DataFrame().describe().columnNames == ["statistic"])
        let nan = try DataFrame(columns: [Column(name: "v", floats: [.nan, 1, 2])]).describe()
        // A nan_count row follows null_count when a column holds NaN, so min is row 5.
        #expect(nan.column(named: "v")?.scalars[5] == .float(1))
        let clash = try DataFrame(columns: [Column(name: "statistic", ints: [1])])
        #expect(frameError { try clash.describe() }?.code == .duplicateColumn)
    }

    private func frameOfOne() throws -> DataFrame {
        try DataFrame(columns: [Column(name: "v", ints: [7])])
    }
}
