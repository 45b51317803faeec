import Frame
import Testing
import TestSupport

/// `corr(x, y)` per group and the correlation matrix against a naive two-pass reference over the
/// rows where both values are present (SplitMix64 frames with nulls), plus the edge cases: fewer
/// than two pairs (null), no spread (NaN), exact ±1, empty and one-row frames, type errors.
@Suite struct CorrelationTests {
    /// Pearson r of the rows of `pairs`, or nil for fewer than two.
    static func naive(_ pairs: [(Double, Double)]) -> Double? {
        if pairs.count < 2 { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n
        let my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for (x, y) in pairs {
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
            sxy += (x - mx) * (y - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    static func number(_ scalar: Scalar) -> Double? {
        switch scalar {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .bool(let v): return v ? 1 : 0
        default: return nil
        }
    }

    static func close(_ actual: Scalar, _ expected: Double?) -> Bool {
        guard let expected else { return actual == .null }
        guard case .float(let value) = actual else { return false }
        if expected.isNaN { return value.isNaN }
        return abs(value - expected) <= 1e-12
    }

    static func randomFrame(_ rng: inout SplitMix64) throws -> DataFrame {
        let n = rng.below(6) == 0 ? rng.below(4) : rng.below(150)
        var k: [Int64] = []
        var x: [Double] = []
        var xValid: [Bool] = []
        var y: [Int64] = []
        var yValid: [Bool] = []
        var b: [Bool] = []
        for _ in 0..<n {
            k.append(Int64(rng.below(4)))
            x.append(Double(rng.below(2000)) / 16 - 60)
            xValid.append(rng.below(7) != 0)
            y.append(Int64(rng.below(300)) - 100)
            yValid.append(rng.below(5) != 0)
            b.append(rng.below(2) == 0)
        }
        return try DataFrame(columns: [
            Column(name: "k", ints: k), Column(name: "x", floats: x, validity: xValid),
            Column(name: "y", ints: y, validity: yValid), Column(name: "b", bools: b),
        ])
    }

    static func pairs(_ frame: DataFrame, _ a: String, _ b: String, rows: [Int]) -> [(Double, Double)] {
        rows.compactMap { row in
            guard let x = frame.column(named: a).flatMap({ number($0.scalar(at: row)) }),
                  let y = frame.column(named: b).flatMap({ number($0.scalar(at: row)) }) else { return nil }
            return (x, y)
        }
    }

    @Test func groupedCorrelationMatchesTheReference() throws {
        var rng = SplitMix64(state: 7_202_611)
        for _ in 0..<150 {
            let frame = try Self.randomFrame(&rng)
            let out = try frame.groupBy(["k"]).aggregate([
                (name: "xy", aggregation: .correlation(col("x"), col("y"))),
                (name: "yb", aggregation: .correlation(col("y"), col("b"))),
            ])
            for group in 0..<out.height {
                let key = out.columns[0].scalar(at: group)
                let rows = (0..<frame.height).filter { frame.columns[0].scalar(at: $0) == key }
                #expect(Self.close(out.columns[1].scalar(at: group), Self.naive(Self.pairs(frame, "x", "y", rows: rows))))
                #expect(Self.close(out.columns[2].scalar(at: group), Self.naive(Self.pairs(frame, "y", "b", rows: rows))))
            }
            // Whole frame: one row, also for an empty frame.
            let whole = try frame.aggregate([(name: "r", aggregation: .correlation(col("x"), col("y")))])
            #expect(Self.close(whole.columns[0].scalar(at: 0), Self.naive(Self.pairs(frame, "x", "y", rows: Array(0..<frame.height)))))
        }
    }

    @Test func matrixMatchesTheReference() throws {
        var rng = SplitMix64(state: 1_127)
        for _ in 0..<60 {
            let frame = try Self.randomFrame(&rng)
            let matrix = try frame.correlationMatrix()
            let names = ["k", "x", "y", "b"]
            #expect(matrix.columnNames == ["column"] + names)
            #expect(matrix.columns[0].scalars == names.map { .string($0) })
            for (i, a) in names.enumerated() {
                for (j, b) in names.enumerated() {
                    let expected = Self.naive(Self.pairs(frame, a, b, rows: Array(0..<frame.height)))
                    #expect(Self.close(matrix.columns[j + 1].scalar(at: i), expected), "\(a) × \(b)")
                }
            }
        }
    }

    @Test func edgeCases() throws {
        let frame = try DataFrame(columns: [
            Column(name: "x", floats: [1, 2, 3, 4]), Column(name: "up", ints: [10, 20, 30, 40]),
            Column(name: "down", floats: [4, 3, 2, 1]), Column(name: "flat", ints: [5, 5, 5, 5]),
            Column(name: "one", floats: [1, 0, 0, 0], validity: [true, false, false, false]),
            Column(name: "s", strings: ["a", "b", "c", "d"]),
        ])
        let out = try frame.aggregate([
            (name: "same", aggregation: .correlation(col("x"), col("x"))),
            (name: "up", aggregation: .correlation(col("x"), col("up"))),
            (name: "down", aggregation: .correlation(col("x"), col("down"))),
            (name: "flat", aggregation: .correlation(col("x"), col("flat"))),
            (name: "one", aggregation: .correlation(col("x"), col("one"))),
        ])
        #expect(out.columns[0].scalars == [.float(1)])
        #expect(out.columns[1].scalars == [.float(1)])
        #expect(out.columns[2].scalars == [.float(-1)])
        guard case .float(let flat) = out.columns[3].scalar(at: 0) else {
            Issue.record("flat gave \(out.columns[3].scalar(at: 0))")
            return
        }
        #expect(flat.isNaN)
        #expect(out.columns[4].scalars == [.null])
        // The matrix: numeric columns only by default; named ones in the order given.
        let matrix = try frame.correlationMatrix()
        #expect(matrix.columnNames == ["column", "x", "up", "down", "flat", "one"])
        let chosen = try frame.correlationMatrix(["down", "x"])
        #expect(chosen.columns[1].scalars == [.float(1), .float(-1)])
        #expect(frameError { try frame.correlationMatrix(["x", "s"]) }?.message == "corr needs numeric columns, but .s is string")
        #expect(frameError { try frame.aggregate([(name: "r", aggregation: .correlation(col("s"), col("x")))]) }?.code == .typeMismatch)
        #expect(frameError { try frame.correlationMatrix(["x", "x"]) }?.code == .duplicateColumn)
        #expect(frameError { try frame.correlationMatrix(["x", "nope"]) }?.code == .columnNotFound)
        let labelled = try DataFrame(columns: [Column(name: "column", ints: [1, 2]), Column(name: "v", ints: [2, 1])])
        #expect(frameError { try labelled.correlationMatrix() }?.code == .duplicateColumn)
        let text = try DataFrame(columns: [Column(name: "s", strings: ["a"])])
        #expect(frameError { try text.correlationMatrix() }?.code == .invalidArgument)
        // Empty and one-row frames: null everywhere, including the diagonal.
        let empty = try frame.head(0).correlationMatrix(["x", "up"])
        #expect(empty.columns[1].scalars == [.null, .null])
        let single = try frame.head(1).aggregate([(name: "r", aggregation: .correlation(col("x"), col("up")))])
        #expect(single.columns[0].scalars == [.null])
    }

    @Test func correlationInsideExpressionsAndWindows() throws {
        let frame = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "a", "a", "b", "b"]), Column(name: "x", ints: [1, 2, 3, 1, 2]),
            Column(name: "y", ints: [2, 4, 6, 5, 1]),
        ])
        // In with: over the whole frame, broadcast; with over: per partition.
        let whole = try frame.evaluate(.call("corr", [col("x"), col("y")]))
        let expected = Self.naive([(1, 2), (2, 4), (3, 6), (1, 5), (2, 1)])
        #expect(Self.close(whole.scalar(at: 4), expected))
        let partitioned = try frame.window(.correlation(col("x"), col("y")), partitionBy: ["k"])
        #expect(partitioned.scalars == [.float(1), .float(1), .float(1), .float(-1), .float(-1)])
        // An output combining aggregates.
        let combined = try frame.groupBy(["k"]).aggregate(expressions: [(name: "r2", expr: .call("corr", [col("x"), col("y")]) * .call("corr", [col("x"), col("y")]))])
        #expect(combined.columns[1].scalars == [.float(1), .float(1)])
        #expect(frameError { try frame.evaluate(.call("corr", [col("x")])) }?.message == "corr expects two columns, e.g. corr(.x, .y), found 1 arguments")
    }
}
