import Testing
import Frame

@Suite struct ComparisonLogicTests {
    let frame: DataFrame

    init() throws {
        // p and q enumerate every pair of (true, false, null).
        frame = try DataFrame(columns: [
            Column(
                name: "p", bools: [true, true, true, false, false, false, false, false, false],
                validity: [true, true, true, true, true, true, false, false, false]),
            Column(
                name: "q", bools: [true, false, false, true, false, false, true, false, false],
                validity: [true, true, false, true, true, false, true, true, false]),
            Column(name: "i", ints: [1, 2, 3, 4, 5, 6, 7, 8, 9], validity: [true, true, true, true, true, true, true, true, false]),
            Column(name: "f", floats: [1, 2.5, 3, 3.5, .nan, 6, 7, 8, 9]),
            Column(name: "s", strings: ["a", "b", "B", "ab", "", "é", "z", nil, "a"]),
        ])
    }

    @Test func andUsesThreeValuedLogic() throws {
        let t = Scalar.bool(true)
        let f = Scalar.bool(false)
        #expect(try frame.evaluate(col("p") && col("q")).scalars == [t, f, .null, f, f, f, .null, f, .null])
    }

    @Test func orUsesThreeValuedLogic() throws {
        let t = Scalar.bool(true)
        let f = Scalar.bool(false)
        #expect(try frame.evaluate(col("p") || col("q")).scalars == [t, t, t, t, f, .null, t, .null, .null])
    }

    @Test func logicWithConstantsAndNull() throws {
        #expect(try frame.evaluate(col("p") && nullLiteral).scalar(at: 3) == .bool(false))
        #expect(try frame.evaluate(col("p") && nullLiteral).scalar(at: 0) == .null)
        #expect(try frame.evaluate(col("p") || lit(true)).nullCount == 0)
        #expect(frameError { try frame.evaluate(col("p") && col("i")) }?.message == "'and' needs bool operands, found bool and int")
        #expect(try frame.evaluate(.unary(.not, col("p"))).scalars.prefix(4) == [.bool(false), .bool(false), .bool(false), .bool(true)])
    }

    @Test func numericComparisonsMixIntAndFloat() throws {
        let greater = try frame.evaluate(col("i") > lit(2.5))
        #expect(greater.scalars == [.bool(false), .bool(false), .bool(true), .bool(true), .bool(true), .bool(true), .bool(true), .bool(true), .null])
        let equal = try frame.evaluate(col("i") == col("f"))
        #expect(equal.scalars.prefix(5) == [.bool(true), .bool(false), .bool(true), .bool(false), .bool(false)])
        #expect(try frame.evaluate(.binary(.lessEqual, col("i"), lit(Int64(2)))).scalar(at: 1) == .bool(true))
        #expect(try frame.evaluate(.binary(.notEqual, col("f"), col("f"))).scalar(at: 4) == .bool(true))
    }

    @Test func stringComparisonsUseByteOrder() throws {
        let less = try frame.evaluate(col("s") < lit("b"))
        #expect(less.scalars == [.bool(true), .bool(false), .bool(true), .bool(true), .bool(true), .bool(false), .bool(false), .null, .bool(true)])
        #expect(try frame.evaluate(col("s") == lit("a")).scalar(at: 8) == .bool(true))
        #expect(try frame.evaluate(.binary(.greaterEqual, lit("b"), col("s"))).scalar(at: 1) == .bool(true))
        #expect(frameError { try frame.evaluate(col("s") == col("i")) }?.message == "cannot compare string and int")
    }

    @Test func boolComparisons() throws {
        #expect(try frame.evaluate(col("p") == col("q")).scalars.prefix(2) == [.bool(true), .bool(false)])
        #expect(try frame.evaluate(.binary(.greater, col("p"), col("q"))).scalar(at: 1) == .bool(true))
    }

    @Test func coalesceFillsNulls() throws {
        #expect(try frame.evaluate(.binary(.coalesce, col("i"), lit(0))).scalar(at: 8) == .int(0))
        let widened = try frame.evaluate(.binary(.coalesce, col("i"), lit(0.5)))
        #expect(widened.type == .float)
        #expect(widened.scalar(at: 0) == .float(1))
        #expect(widened.scalar(at: 8) == .float(0.5))
        let strings = try frame.evaluate(.binary(.coalesce, col("s"), lit("?")))
        #expect(strings.scalar(at: 7) == .string("?"))
        #expect(strings.nullCount == 0)
        let fromColumn = try frame.evaluate(.binary(.coalesce, col("p"), col("q")))
        #expect(fromColumn.scalars.suffix(3) == [.bool(true), .bool(false), .null])
        #expect(try frame.evaluate(.binary(.coalesce, col("i"), nullLiteral)).nullCount == 1)
        #expect(frameError { try frame.evaluate(.binary(.coalesce, col("s"), lit(1))) }?.message == "cannot fill nulls of string with int")
    }
}
