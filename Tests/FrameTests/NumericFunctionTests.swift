import Testing
import Frame

/// clamp, pow and sign over numeric columns.
@Suite struct NumericFunctionTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "n", ints: [-3, 0, 4, 9], validity: [true, true, true, false]),
            Column(name: "x", floats: [-1.5, 0.25, .nan, 9], validity: [true, true, true, false]),
            Column(name: "e", ints: [2, 0, 3, -1], validity: [true, true, true, false]),
            Column(name: "s", strings: ["a", "b", "c", "d"]),
        ])
    }

    func call(_ name: String, _ arguments: Expr...) throws(FrameError) -> Column {
        try frame.evaluate(.call(name, arguments))
    }

    @Test func sign() throws {
        #expect(try call("sign", col("n")).scalars == [.int(-1), .int(0), .int(1), .null])
        let floats = try call("sign", col("x"))
        #expect(floats.type == .float)
        #expect(floats.scalar(at: 0) == .float(-1))
        guard case .float(let nan) = floats.scalar(at: 2) else {
            Issue.record("expected a float")
            return
        }
        #expect(nan.isNaN)
        #expect(frameError { try call("sign", col("s")) }?.message == "sign expects a number, found string")
    }

    @Test func power() throws {
        // Row 3 is null, so its -1 exponent is not an error.
        #expect(try call("pow", col("n"), col("e")).scalars == [.int(9), .int(1), .int(64), .null])
        #expect(try call("pow", col("n"), lit(2)).scalars == [.int(9), .int(0), .int(16), .null])
        #expect(try call("pow", lit(2), col("e")).type == .int)
        #expect(try call("pow", col("n"), lit(0.5)).scalar(at: 2) == .float(2))
        #expect(try call("pow", col("x"), lit(2)).scalar(at: 1) == .float(0.0625))
        #expect(try call("pow", col("n"), nullLiteral).type == .int)
        #expect(frameError { try call("pow", col("n"), lit(-1)) }?.message == "pow of integers needs a non-negative exponent, found -1")
        #expect(frameError { try call("pow", col("n"), lit(50)) }?.code == .overflow)
        #expect(frameError { try call("pow", col("s"), lit(2)) }?.message == "pow expects a number, found string")
    }

    @Test func clamp() throws {
        #expect(try call("clamp", col("n"), lit(0), lit(3)).scalars == [.int(0), .int(0), .int(3), .null])
        #expect(try call("clamp", col("n"), nullLiteral, lit(1)).scalars == [.int(-3), .int(0), .int(1), .null])
        let mixed = try call("clamp", col("n"), lit(-0.5), nullLiteral)
        #expect(mixed.type == .float)
        #expect(mixed.scalars == [.float(-0.5), .float(0), .float(4), .null])
        let floats = try call("clamp", col("x"), lit(-1), lit(0))
        #expect(floats.scalar(at: 0) == .float(-1))
        #expect(floats.scalar(at: 1) == .float(0))
        #expect(try call("clamp", lit(5), lit(0), lit(3)).scalar(at: 0) == .int(3))
        #expect(frameError { try call("clamp", col("n"), col("e"), lit(3)) }?.code == .invalidArgument)
        #expect(frameError { try call("clamp", col("n"), lit(3), lit(0)) }?.message == "clamp needs low ≤ high, found low 3 and high 0")
        #expect(frameError { try call("clamp", col("n"), lit("a"), lit(0)) }?.message == "clamp expects number bounds, found string")
    }

    @Test func integerPower() {
        #expect(IntegerArithmetic.power(-2, 63) == Int64.min)
        #expect(IntegerArithmetic.power(2, 63) == nil)
        #expect(IntegerArithmetic.power(-1, Int64.max) == -1)
        #expect(IntegerArithmetic.power(0, 0) == 1)
        #expect(IntegerArithmetic.power(3, 39) == 4_052_555_153_018_976_267)
        #expect(IntegerArithmetic.power(3, 40) == nil)
        #expect(IntegerArithmetic.power(7, -1) == nil)
    }
}
