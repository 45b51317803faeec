import Testing
import Frame

@Suite struct ColumnFunctionTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "x", floats: [2.5, -2.5, 1.234567, 4], validity: [true, true, true, false]),
            Column(name: "n", ints: [-3, 4, 1250, 9]),
            Column(name: "s", strings: ["ÉCOLE", "MiXed", nil, "naïve"]),
            Column(name: "a", strings: ["Abc", "xyZ", "", nil]),
        ])
    }

    func call(_ name: String, _ arguments: Expr...) throws(FrameError) -> Column {
        try frame.evaluate(.call(name, arguments))
    }

    @Test func absAndRounding() throws {
        #expect(try call("abs", col("n")).scalars == [.int(3), .int(4), .int(1250), .int(9)])
        #expect(try call("abs", col("x")).scalar(at: 1) == .float(2.5))
        #expect(try call("round", col("x")).scalars == [.float(3), .float(-3), .float(1), .null])
        #expect(try call("round", col("x"), lit(2)).scalar(at: 2) == .float(1.23))
        #expect(try call("round", col("n"), lit(-2)).scalars == [.int(0), .int(0), .int(1300), .int(0)])
        #expect(try call("round", col("n"), .unary(.negate, lit(1))).scalar(at: 2) == .int(1250))
        #expect(try call("floor", col("x")).scalar(at: 1) == .float(-3))
        #expect(try call("ceil", col("x")).scalar(at: 1) == .float(-2))
        #expect(try call("floor", col("n")).type == .int)
        #expect(frameError { try call("round", col("x"), col("n")) }?.code == .invalidArgument)
    }

    @Test func transcendentalFunctionsGiveFloat() throws {
        let root = try call("sqrt", col("n"))
        #expect(root.type == .float)
        #expect(root.scalar(at: 1) == .float(2))
        guard case .float(let negativeRoot) = root.scalar(at: 0) else {
            Issue.record("expected a float")
            return
        }
        #expect(negativeRoot.isNaN)
        #expect(try call("exp", lit(0)).scalar(at: 0) == .float(1))
        #expect(try call("log", lit(1.0)).scalar(at: 0) == .float(0))
        #expect(try call("log10", lit(1000)).scalar(at: 0) == .float(3))
    }

    @Test func nullTests() throws {
        #expect(try call("is_null", col("x")).scalars == [.bool(false), .bool(false), .bool(false), .bool(true)])
        #expect(try call("is_not_null", col("s")).scalars == [.bool(true), .bool(true), .bool(false), .bool(true)])
        #expect(try call("fill_null", col("x"), lit(0)).scalar(at: 3) == .float(0))
    }

    @Test func stringFunctions() throws {
        #expect(try call("lower", col("s")).scalars == [.string("école"), .string("mixed"), .null, .string("naïve")])
        #expect(try call("upper", col("a")).scalars == [.string("ABC"), .string("XYZ"), .string(""), .null])
        #expect(try call("lower", col("a")).scalar(at: 0) == .string("abc"))
        #expect(try call("len", col("s")).scalars == [.int(5), .int(5), .null, .int(5)])
        #expect(frameError { try call("len", col("n")) }?.message == "len expects a string, found int")
    }

    @Test func unknownFunctionsAndArity() throws {
        let unknown = try #require(frameError { try call("foo", col("x")) })
        #expect(unknown.code == .invalidArgument)
        #expect(unknown.message == "unknown column function 'foo'")
        #expect(frameError { try call("abs", col("x"), col("n")) }?.message == "abs expects 1 argument, found 2")
        #expect(frameError { try call("round") }?.message == "round expects 1 or 2 arguments, found 0")
        #expect(frameError { try call("sqrt", col("s")) }?.message == "sqrt expects a number, found string")
    }
}
