import Testing
import Frame

@Suite struct ArithmeticTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "a", ints: [1, 2, -7, 4], validity: [true, true, true, false]),
            Column(name: "b", floats: [0.5, 1, 1.5, 2], validity: [true, false, true, true]),
            Column(name: "z", ints: [0, 0, 3, 0]),
            Column(name: "s", strings: ["x", "yy", nil, "é"]),
        ])
    }

    @Test func intArithmeticStaysInt() throws {
        let sum = try frame.evaluate(col("a") + col("a"))
        #expect(sum.type == .int)
        #expect(sum.name == "a")
        #expect(sum.scalars == [.int(2), .int(4), .int(-14), .null])
        #expect(try frame.evaluate(col("a") * lit(3)).scalars == [.int(3), .int(6), .int(-21), .null])
        #expect(try frame.evaluate(lit(10) - col("a")).scalars == [.int(9), .int(8), .int(17), .null])
    }

    @Test func divisionGivesFloat() throws {
        let quotient = try frame.evaluate(col("a") / lit(2))
        #expect(quotient.type == .float)
        #expect(quotient.scalars == [.float(0.5), .float(1), .float(-3.5), .null])
        let byZero = try frame.evaluate(col("a") / col("z"))
        #expect(byZero.scalar(at: 0) == .float(.infinity))
    }

    @Test func remainderFollowsTheDividendAndZeroGivesNull() throws {
        #expect(try frame.evaluate(col("a") % lit(3)).scalars == [.int(1), .int(2), .int(-1), .null])
        #expect(try frame.evaluate(col("a") % col("z")).scalars == [.null, .null, .int(-1), .null])
        let floatRemainder = try frame.evaluate(col("b") % lit(0.0))
        guard case .float(let value) = floatRemainder.scalar(at: 0) else {
            Issue.record("expected a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func intAndFloatMixToFloat() throws {
        let mixed = try frame.evaluate(col("a") + col("b"))
        #expect(mixed.type == .float)
        #expect(mixed.scalars == [.float(1.5), .null, .float(-5.5), .null])
    }

    @Test func overflowIsAnErrorNamingTheOperation() throws {
        let big = try DataFrame(columns: [Column(name: "x", ints: [Int64.max, 1])])
        let error = try #require(frameError { try big.evaluate(col("x") + lit(1)) })
        #expect(error.code == .overflow)
        #expect(error.message == "integer overflow in addition")
        #expect(frameError { try big.evaluate(col("x") * lit(2)) }?.message == "integer overflow in multiplication")
        #expect(frameError { try big.evaluate(lit(Int64.min) - lit(1)) }?.code == .overflow)
        #expect(frameError { try big.evaluate(.unary(.negate, lit(Int64.min))) }?.message == "integer overflow in negation")
    }

    @Test func overflowUnderANullIsIgnored() throws {
        let big = try DataFrame(columns: [Column(name: "x", ints: [Int64.max, 1], validity: [false, true])])
        #expect(try big.evaluate(col("x") + lit(1)).scalars == [.null, .int(2)])
    }

    @Test func typeMismatchMessages() throws {
        let add = try #require(frameError { try frame.evaluate(col("s") + col("a")) })
        #expect(add.code == .typeMismatch)
        #expect(add.message == "cannot add string and int")
        #expect(frameError { try frame.evaluate(col("a") - col("s")) }?.message == "cannot subtract string from int")
        #expect(frameError { try frame.evaluate(col("s") * lit(2)) }?.message == "cannot multiply string by int")
        #expect(frameError { try frame.evaluate(.unary(.negate, col("s"))) }?.message == "cannot negate string")
    }

    @Test func stringsConcatenate() throws {
        #expect(try frame.evaluate(col("s") + lit("!")).scalars == [.string("x!"), .string("yy!"), .null, .string("é!")])
        #expect(try frame.evaluate(lit("<") + col("s")).scalar(at: 1) == .string("<yy"))
    }

    @Test func nullPropagates() throws {
        let plusNull = try frame.evaluate(col("a") + nullLiteral)
        #expect(plusNull.type == .int)
        #expect(plusNull.nullCount == 4)
        let bare = try frame.evaluate(nullLiteral)
        #expect(bare.type == .int)
        #expect(bare.count == 4)
        #expect(bare.nullCount == 4)
    }

    @Test func constantsBroadcast() throws {
        let three = try frame.evaluate(lit(1) + lit(2))
        #expect(three.scalars == [.int(3), .int(3), .int(3), .int(3)])
        #expect(three.name == "literal")
    }

    @Test func negation() throws {
        #expect(try frame.evaluate(.unary(.negate, col("a"))).scalars == [.int(-1), .int(-2), .int(7), .null])
        #expect(try frame.evaluate(.unary(.negate, col("b"))).scalar(at: 0) == .float(-0.5))
    }

    @Test func unknownColumnSuggestsAName() throws {
        let weather = try DataFrame(columns: [
            Column(name: "temp_max", floats: [1]), Column(name: "temp_min", floats: [1]),
        ])
        let error = try #require(frameError { try weather.evaluate(col("tmp_max") + lit(1)) })
        #expect(error.code == .columnNotFound)
        #expect(error.message == "unknown column .tmp_max")
        #expect(error.column == "tmp_max")
        #expect(error.hint == "did you mean .temp_max?")
        #expect(frameError { try weather.evaluate(col("zzz")) }?.hint == nil)
    }
}
