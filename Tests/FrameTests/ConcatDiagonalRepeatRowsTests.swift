import Frame
import Testing
import TestSupport

/// `concat(how: .diagonal)` (union of columns, nulls where a frame lacks one) and `repeatingRows`,
/// each against a naive row-by-row reference on random frames (SplitMix64), plus edge cases.
@Suite struct ConcatDiagonalRepeatRowsTests {
    @Test func diagonalUnionsColumnsInFirstAppearanceOrder() throws {
        let a = try DataFrame(columns: [Column(name: "x", ints: [1, 2]), Column(name: "s", strings: ["p", nil])])
        let b = try DataFrame(columns: [Column(name: "y", bools: [true]), Column(name: "x", floats: [0.5])])
        let c = DataFrame()
        let result = try DataFrame.concat([a, c, b], how: .diagonal)
        #expect(result.columnNames == ["x", "s", "y"])
        #expect(result.column(named: "x")?.scalars == [.float(1), .float(2), .float(0.5)])
        #expect(result.column(named: "s")?.scalars == [.string("p"), .null, .null])
        #expect(result.column(named: "y")?.scalars == [.null, .null, .bool(true)])
    }

    @Test func diagonalTypesMustMatchAsInVertical() throws {
        let a = try DataFrame(columns: [Column(name: "x", ints: [1])])
        let b = try DataFrame(columns: [Column(name: "x", strings: ["1"]), Column(name: "z", ints: [0])])
        #expect(frameError { try DataFrame.concat([a, b], how: .diagonal) }?.message
            == "concat: column .x is int in frame 1 and string in frame 2")
    }

    @Test func diagonalMatchesTheReference() throws {
        var rng = SplitMix64(state: 99)
        let names = ["a", "b", "c", "d"]
        for _ in 0..<50 {
            var frames: [DataFrame] = []
            for _ in 0..<(1 + rng.below(4)) {
                let rows = rng.below(5)
                let chosen = names.filter { _ in rng.below(2) == 0 }
                frames.append(try DataFrame(columns: chosen.map { name in
                    Column(name: name, ints: (0..<rows).map { _ in Int64(rng.below(100)) },
                           validity: (0..<rows).map { _ in rng.below(5) != 0 })
                }))
            }
            let result = try DataFrame.concat(frames, how: .diagonal)
            var union: [String] = []
            for frame in frames { for name in frame.columnNames where !union.contains(name) { union.append(name) } }
            #expect(result.columnNames == union)
            let counted = frames.filter { $0.width > 0 }
            #expect(result.height == counted.reduce(0) { $0 + $1.height })
            for name in union {
                let expected = counted.flatMap { frame in
                    frame.column(named: name)?.scalars ?? Array(repeating: Scalar.null, count: frame.height)
                }
                #expect(result.column(named: name)?.scalars == expected)
            }
        }
    }

    @Test func repeatRowsMatchesTheReference() throws {
        var rng = SplitMix64(state: 7)
        for _ in 0..<60 {
            let rows = rng.below(8) == 0 ? rng.below(2) : rng.below(30)
            let counts = (0..<rows).map { _ in Int64(rng.below(4)) }
            let values: [String?] = (0..<rows).map { _ in rng.below(5) == 0 ? nil : "v\(rng.below(9))" }
            let frame = try DataFrame(columns: [Column(name: "n", ints: counts), Column(name: "v", strings: values)])
            let result = try frame.repeatingRows(.column("n"), index: "copy")
            var expectedValues: [Scalar] = []
            var expectedCopies: [Scalar] = []
            for row in 0..<rows {
                for copy in 0..<Int(counts[row]) {
                    expectedValues.append(values[row].map(Scalar.string) ?? .null)
                    expectedCopies.append(.int(Int64(copy)))
                }
            }
            #expect(result.columnNames == ["n", "v", "copy"])
            #expect(result.column(named: "v")?.scalars == expectedValues)
            #expect(result.column(named: "copy")?.scalars == expectedCopies)
            let constant = try frame.repeatingRows(.constant(2))
            #expect(constant.height == rows * 2)
            #expect(constant.column(named: "v")?.scalars == values.flatMap { v in [v.map(Scalar.string) ?? .null, v.map(Scalar.string) ?? .null] })
        }
    }

    @Test func repeatRowsErrors() throws {
        let frame = try DataFrame(columns: [
            Column(name: "n", ints: [1, -2, 3], validity: [true, true, true]),
            Column(name: "m", ints: [1, 0, 0], validity: [true, false, true]),
        ])
        #expect(frameError { try frame.repeatingRows(.column("n")) }?.message == "repeat_rows count .n is negative in row 1: -2")
        #expect(frameError { try frame.repeatingRows(.column("m")) }?.message == "repeat_rows count .m is null in row 1")
        #expect(frameError { try frame.repeatingRows(.constant(-1)) }?.message == "repeat_rows needs a count ≥ 0, found -1")
        #expect(frameError { try frame.repeatingRows(.constant(1), index: "n") }?.code == .duplicateColumn)
        #expect(frameError { try frame.repeatingRows(.constant(300_000_000)) }?.message
            == "repeat_rows would make more than 500000000 rows (reached at row 1)")
        let empty = frame.head(0)
        #expect(try empty.repeatingRows(.constant(3)).height == 0)
        #expect(try frame.repeatingRows(.constant(0)).height == 0)
    }
}
