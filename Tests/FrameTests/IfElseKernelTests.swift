import Testing
import Frame
import TestSupport

/// `if_else` against a row-by-row reference written from the rules (null condition → null; the
/// picked branch's value, null included; int and float widen to float), on randomized columns and
/// constants of every type, plus the type errors, empty and one-row frames.
@Suite struct IfElseKernelTests {
    private static func ifElse(_ condition: Expr, _ then: Expr, _ otherwise: Expr) -> Expr {
        .call("if_else", [condition, then, otherwise])
    }

    /// The reference: one row, from boxed cells.
    private static func reference(_ condition: Scalar, _ then: Scalar, _ otherwise: Scalar, widen: Bool) -> Scalar {
        guard case .bool(let flag) = condition else { return .null }
        let picked = flag ? then : otherwise
        if widen, case .int(let value) = picked { return .float(Double(value)) }
        return picked
    }

    @Test func matchesTheRowByRowReference() throws {
        var random = SplitMix64(state: 11)
        for round in 0..<30 {
            let rows = [0, 1, 7, 64, 65, 200][round % 6]
            let frame = try randomTestFrame(&random, rows: rows, nan: false)
                .with([(name: "c", expr: col("i") > lit(Int64(0)))])
                .with([(name: "j", expr: col("i") % lit(Int64(7)))])
            let condition = col("c")
            // Same-type pairs, mixed numeric pairs, column against constant, constant against null.
            let pairs: [(Expr, Expr, Bool)] = [
                (col("i"), col("j"), false), (col("f"), col("i"), true), (col("s"), lit("x"), false),
                (nullLiteral, col("t"), false), (col("d"), nullLiteral, false), (col("b"), lit(true), false),
                (lit(1.5), lit(Int64(2)), true), (lit("yes"), lit("no"), false), (col("s"), col("s"), false),
            ]
            for (then, otherwise, widen) in pairs {
                let result = try frame.evaluate(Self.ifElse(condition, then, otherwise))
                let c = try frame.evaluate(condition)
                let a = try frame.evaluate(then)
                let b = try frame.evaluate(otherwise)
                #expect(result.count == rows)
                for row in 0..<rows {
                    let expected = Self.reference(c.scalar(at: row), a.scalar(at: row), b.scalar(at: row), widen: widen)
                    #expect(result.scalar(at: row) == expected, "round \(round) row \(row)")
                }
            }
        }
    }

    @Test func dictionaryStringsAndTheirNulls() throws {
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: [1, 2, 3, 4]), Column(name: "s", strings: ["run", nil, "ride", "run"]).dictionaryEncoded(),
        ])
        #expect(frame.columns[1].isDictionaryEncoded)
        let result = try frame.evaluate(Self.ifElse(col("k") > lit(Int64(1)), col("s"), lit("none")))
        #expect(result.scalars == [.string("none"), .null, .string("ride"), .string("run")])
        #expect(result.type == .string)
    }

    @Test func typesOfTheResult() throws {
        let frame = try DataFrame(columns: [
            Column(name: "c", bools: [true, false], validity: [true, true]),
            Column(name: "i", ints: [1, 2]),
            Column(name: "t", timestamps: [0, 1_000_000]),
        ])
        #expect(try frame.evaluate(Self.ifElse(col("c"), col("i"), lit(0.5))).type == .float)
        #expect(try frame.evaluate(Self.ifElse(col("c"), col("t"), nullLiteral)).type == .timestamp)
        #expect(try frame.evaluate(Self.ifElse(col("c"), nullLiteral, nullLiteral)).scalars == [.null, .null])
        #expect(try frame.evaluate(Self.ifElse(lit(true), col("i"), lit(0.5))).scalars == [.float(1), .float(2)])
        #expect(try frame.evaluate(Self.ifElse(nullLiteral, col("i"), lit(0))).scalars == [.null, .null])
        #expect(try frame.evaluate(Self.ifElse(lit(false), col("i"), lit(9))).scalars == [.int(9), .int(9)])
    }

    @Test func errorsNameTheTypes() throws {
        let frame = try DataFrame(columns: [Column(name: "i", ints: [1, 2]), Column(name: "s", strings: ["a", "b"])])
        let mixed = frameError { try frame.evaluate(Self.ifElse(col("i") > lit(Int64(1)), col("i"), col("s"))) }
        #expect(mixed?.message == "if_else branches must have the same type, found int and string")
        let notBool = frameError { try frame.evaluate(Self.ifElse(col("i"), lit(Int64(1)), lit(Int64(2)))) }
        #expect(notBool?.message == "if_else's condition must be bool, found int")
        let arity = frameError { try frame.evaluate(.call("if_else", [col("i")])) }
        #expect(arity?.message == "if_else expects 3 arguments, found 1")
        let shape = frameError {
            try Column.ifElse(Column(name: "c", bools: [true]), then: Column(name: "a", ints: [1, 2]),
                              otherwise: Column(name: "b", ints: [1]), name: "x")
        }
        #expect(shape?.code == .shapeMismatch)
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = try DataFrame(columns: [Column(name: "c", bools: []), Column(name: "s", strings: [])])
        let none = try empty.evaluate(Self.ifElse(col("c"), col("s"), lit("x")))
        #expect(none.count == 0 && none.type == .string)
        let one = try DataFrame(columns: [Column(name: "c", bools: [false], validity: [true])])
        #expect(try one.evaluate(Self.ifElse(col("c"), lit(Int64(1)), lit(Int64(2)))).scalars == [.int(2)])
        let null = try DataFrame(columns: [Column(name: "c", bools: [true], validity: [false])])
        #expect(try null.evaluate(Self.ifElse(col("c"), lit(Int64(1)), lit(Int64(2)))).scalars == [.null])
    }

    @Test func publicColumnAPI() throws {
        let result = try Column.ifElse(
            Column(name: "c", bools: [true, false, true], validity: [true, true, false]),
            then: Column(name: "a", strings: ["x", "y", "z"]), otherwise: Column(name: "b", strings: [nil, "q", "r"]),
            name: "out")
        #expect(result.name == "out")
        #expect(result.scalars == [.string("x"), .string("q"), .null])
    }
}
