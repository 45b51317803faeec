import Foundation
import Testing
import Frame
import TestSupport

/// Random columns in the engine: moments of 200,000 draws of each distribution (fixed keys, so
/// the tolerances of about four standard errors cannot flake), the counter-based row values,
/// independence from chunking, per-row parameters, nulls and errors.
@Suite struct RandomColumnKernelTests {
    static let draws = 200_000

    /// The random column of `distribution` on a frame of `rows` rows.
    private static func column(
        _ distribution: RandomDistribution, key: UInt64 = 42, rows: Int = draws, _ parameters: [Expr]
    ) throws -> Column {
        let frame = try DataFrame(columns: [Column(name: "i", repeating: .int(0), count: rows)])
        return try frame.evaluate(RandomColumns.expression(distribution, key: key, parameters: parameters))
    }

    private static func doubles(_ column: Column) -> [Double] {
        column.scalars.map { scalar -> Double in
            switch scalar {
            case .float(let v): return v
            case .int(let v): return Double(v)
            case .bool(let v): return v ? 1 : 0
            default: return .nan
            }
        }
    }

    /// Mean, sample variance, skewness and excess kurtosis.
    private static func moments(_ values: [Double]) -> (mean: Double, variance: Double, skewness: Double, kurtosis: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var (m2, m3, m4) = (0.0, 0.0, 0.0)
        for value in values {
            let d = value - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        let variance = m2 / (n - 1)
        let population = m2 / n
        return (mean, variance, (m3 / n) / pow(population, 1.5), (m4 / n) / (population * population) - 3)
    }

    @Test func uniformMoments() throws {
        let values = Self.doubles(try Self.column(.uniform, [lit(2.0), lit(Int64(5))]))
        let m = Self.moments(values)
        #expect(abs(m.mean - 3.5) < 0.008)
        #expect(abs(m.variance - 0.75) < 0.006)
        #expect(values.allSatisfy { $0 >= 2 && $0 < 5 })
    }

    @Test func normalMoments() throws {
        let m = Self.moments(Self.doubles(try Self.column(.normal, [lit(10.0), lit(2.0)])))
        #expect(abs(m.mean - 10) < 0.018)
        #expect(abs(m.variance - 4) < 0.05)
        #expect(abs(m.skewness) < 0.022)
        #expect(abs(m.kurtosis) < 0.044)
    }

    @Test func exponentialMoments() throws {
        let values = Self.doubles(try Self.column(.exponential, [lit(3.0)]))
        let m = Self.moments(values)
        #expect(abs(m.mean - 3) < 0.027)
        #expect(abs(m.variance - 9) < 0.23)
        #expect(abs(m.skewness - 2) < 0.15)
        #expect(values.allSatisfy { $0 >= 0 })
    }

    @Test func bernoulliFrequency() throws {
        let column = try Self.column(.bool, [lit(0.3)])
        #expect(column.type == .bool)
        #expect(abs(Self.moments(Self.doubles(column)).mean - 0.3) < 0.0041)
        #expect(Self.doubles(try Self.column(.bool, rows: 1000, [lit(Int64(1))])).allSatisfy { $0 == 1 })
        #expect(Self.doubles(try Self.column(.bool, rows: 1000, [lit(Int64(0))])).allSatisfy { $0 == 0 })
    }

    /// Mean and variance both λ, and the frequencies of k against the probability mass function
    /// (chi-squared over the cells expecting at least 5 draws, tails lumped).
    @Test(arguments: [0.5, 3.0, 9.5, 10.0, 15.0, 100.0, 10_000.0])
    func poissonMatchesItsDistribution(mean: Double) throws {
        let column = try Self.column(.poisson, key: UInt64(mean * 7) &+ 3, [lit(mean)])
        #expect(column.type == .int)
        let values = Self.doubles(column)
        let m = Self.moments(values)
        let se = (mean / Double(Self.draws)).squareRoot()
        #expect(abs(m.mean - mean) < 4.5 * se, "mean \(m.mean) for λ = \(mean)")
        #expect(abs(m.variance / mean - 1) < 4.5 * (2.0 / Double(Self.draws)).squareRoot() + 0.002, "variance \(m.variance)")
        // Chi-squared against the exact probabilities: cells low (with the lower tail) … high (with
        // the upper tail), neighbours merged until each expects at least 5 draws.
        let low = max(0, Int(mean - 6 * mean.squareRoot()))
        let high = Int(mean + 6 * mean.squareRoot()) + 2
        func mass(_ k: Int) -> Double { exp(-mean + Double(k) * log(mean) - lgamma(Double(k) + 1)) }
        var probabilities = (low...high).map(mass)
        probabilities[0] = (0...low).reduce(0) { $0 + mass($1) }
        probabilities[probabilities.count - 1] = max(0, 1 - probabilities.dropLast().reduce(0, +))
        var counts = [Double](repeating: 0, count: probabilities.count)
        for value in values { counts[min(max(Int(value), low), high) - low] += 1 }
        var cells: [(observed: Double, expected: Double)] = []
        var pending = (observed: 0.0, expected: 0.0)
        for (count, probability) in zip(counts, probabilities) {
            pending = (pending.observed + count, pending.expected + probability * Double(Self.draws))
            if pending.expected >= 5 {
                cells.append(pending)
                pending = (0, 0)
            }
        }
        if let last = cells.popLast() { cells.append((last.observed + pending.observed, last.expected + pending.expected)) }
        let statistic = cells.reduce(0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
        let freedom = Double(max(1, cells.count - 1))
        #expect(statistic < freedom + 5 * (2 * freedom).squareRoot(), "chi-squared \(statistic) over \(cells.count) cells for λ = \(mean)")
    }

    @Test func poissonEdges() throws {
        #expect(Self.doubles(try Self.column(.poisson, rows: 100, [lit(0.0)])).allSatisfy { $0 == 0 })
        let huge = Self.moments(Self.doubles(try Self.column(.poisson, rows: 20_000, [lit(1e12)])))
        #expect(abs(huge.mean / 1e12 - 1) < 1e-7)
        #expect(abs(huge.variance / 1e12 - 1) < 0.05)
    }

    @Test func integerBoundsAreInclusiveAndUniform() throws {
        let values = Self.doubles(try Self.column(.integer, [lit(Int64(1)), lit(Int64(6))]))
        #expect(values.min() == 1 && values.max() == 6)
        for face in 1...6 {
            let share = Double(values.filter { $0 == Double(face) }.count) / Double(Self.draws)
            #expect(abs(share - 1.0 / 6) < 0.0035, "face \(face): \(share)")
        }
        let small = Self.doubles(try Self.column(.integer, rows: 2000, [lit(Int64(-3)), lit(Int64(3))]))
        #expect(small.min() == -3 && small.max() == 3)
        #expect(Self.doubles(try Self.column(.integer, rows: 50, [lit(Int64(5)), lit(Int64(5))])).allSatisfy { $0 == 5 })
        let whole = try Self.column(.integer, rows: 1000, [lit(Int64.min), lit(Int64.max)])
        #expect(whole.scalars.contains { if case .int(let v) = $0 { v < 0 } else { false } })
        #expect(whole.scalars.contains { if case .int(let v) = $0 { v > 0 } else { false } })
        let top = try Self.column(.integer, rows: 1000, [lit(Int64.max - 1), lit(Int64.max)])
        #expect(Set(top.scalars.map { "\($0)" }).count == 2)
    }

    @Test func choiceRespectsWeights() throws {
        let column = try Self.column(.choice, [lit("run"), lit("ride"), lit("swim"), lit(Int64(3)), lit(1.0), lit(Int64(0))])
        #expect(column.type == .string)
        #expect(column.dictionaryValues != nil)
        let runs = column.scalars.filter { $0 == .string("run") }.count
        let swims = column.scalars.filter { $0 == .string("swim") }.count
        #expect(abs(Double(runs) / Double(Self.draws) - 0.75) < 0.0042)
        #expect(swims == 0)
        // A value listed twice is one dictionary entry with the two weights.
        let twice = try Self.column(.choice, rows: 10_000, [lit("a"), lit("b"), lit("a"), lit(Int64(1)), lit(Int64(1)), lit(Int64(1))])
        #expect(twice.dictionaryValues?.values.count == 2)
        let share = Double(twice.scalars.filter { $0 == .string("a") }.count) / 10_000
        #expect(abs(share - 2.0 / 3) < 0.02)
        // Numbers mix to float; a null value gives null rows.
        let numbers = try Self.column(.choice, rows: 1000, [lit(Int64(1)), lit(2.5), nullLiteral, lit(1.0), lit(1.0), lit(1.0)])
        #expect(numbers.type == .float)
        #expect(numbers.nullCount > 250 && numbers.nullCount < 420)
        #expect(Set(numbers.scalars.compactMap { if case .float(let v) = $0 { v } else { nil } }) == [1.0, 2.5])
    }

    @Test func rowValuesFollowTheDocumentedConstruction() throws {
        let key: UInt64 = 0x1234_5678_9ABC_DEF0
        let uniform = try Self.column(.uniform, key: key, rows: 100, [lit(-1.0), lit(3.0)])
        let normal = try Self.column(.normal, key: key, rows: 100, [lit(0.0), lit(1.0)])
        let exponential = try Self.column(.exponential, key: key, rows: 100, [lit(2.0)])
        for row in 0..<100 {
            let u0 = RandomStream.uniform(key: key, row: row, draw: 0)
            let u1 = RandomStream.uniform(key: key, row: row, draw: 1)
            #expect(uniform.scalar(at: row) == .float(-1 + 4 * u0))
            #expect(normal.scalar(at: row) == .float(0 + 1 * ((-2 * log(1 - u0)).squareRoot() * cos(2 * Double.pi * u1))))
            #expect(exponential.scalar(at: row) == .float(-2 * log(1 - u0)))
        }
        // SplitMix64 from state key: the first row's seed is the generator's first output.
        var state = key &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        state = (z ^ (z >> 31)) &+ 0x9E37_79B9_7F4A_7C15
        z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        #expect(RandomStream.bits(key: key, row: 0, draw: 0) == z ^ (z >> 31))
    }

    @Test func sameKeySameColumnOtherKeyOtherColumn() throws {
        let a = try Self.column(.normal, key: 7, rows: 1000, [lit(0.0), lit(1.0)])
        let b = try Self.column(.normal, key: 7, rows: 1000, [lit(0.0), lit(1.0)])
        let c = try Self.column(.normal, key: 8, rows: 1000, [lit(0.0), lit(1.0)])
        #expect(a == b)
        #expect(zip(a.scalars, c.scalars).filter { $0 == $1 }.count == 0)
        // Constant parameters are not folded into one value broadcast to every row.
        #expect(Set(a.scalars.map { "\($0)" }).count == 1000)
    }

    @Test func valuesDoNotDependOnTheSplitOverCores() throws {
        // Over a million rows the kernel runs in parallel ranges; the first rows match a small frame's.
        let rows = (1 << 20) + 17
        for distribution in [RandomDistribution.uniform, .poisson, .integer, .choice] {
            let parameters: [Expr]
            switch distribution {
            case .poisson: parameters = [lit(20.0)]
            case .integer: parameters = [lit(Int64(0)), lit(Int64(9))]
            case .choice: parameters = [lit("a"), lit("b"), lit(Int64(1)), lit(Int64(2))]
            default: parameters = [lit(0.0), lit(1.0)]
            }
            let big = try Self.column(distribution, key: 99, rows: rows, parameters)
            let small = try Self.column(distribution, key: 99, rows: 500, parameters)
            #expect(big.slice(0..<500) == small, "\(distribution)")
            let tail = try Self.column(distribution, key: 99, rows: rows, parameters)
            #expect(tail.slice((rows - 50)..<rows) == big.slice((rows - 50)..<rows))
        }
    }

    @Test func perRowParametersAndNulls() throws {
        let frame = try DataFrame(columns: [
            Column(name: "base", ints: [100, 200, 0, 300], validity: [true, true, false, true]),
            Column(name: "spread", floats: [0, 1, 1, 2]),
        ])
        let expr = RandomColumns.expression(.normal, key: 5, parameters: [col("base"), col("spread")])
        let result = try frame.evaluate(expr)
        #expect(result.scalar(at: 0) == .float(100))
        #expect(result.scalar(at: 2) == .null)
        let u0 = RandomStream.uniform(key: 5, row: 3, draw: 0)
        let u1 = RandomStream.uniform(key: 5, row: 3, draw: 1)
        #expect(result.scalar(at: 3) == .float(300 + 2 * ((-2 * log(1 - u0)).squareRoot() * cos(2 * Double.pi * u1))))
        let nulls = try frame.evaluate(RandomColumns.expression(.poisson, key: 5, parameters: [nullLiteral]))
        #expect(nulls.type == .int && nulls.nullCount == 4)
        let ints = try frame.evaluate(RandomColumns.expression(.integer, key: 5, parameters: [col("base"), col("base") + lit(Int64(2))]))
        for row in [0, 1, 3] {
            guard case .int(let base) = frame.columns[0].scalar(at: row), case .int(let value) = ints.scalar(at: row) else {
                Issue.record("row \(row) should hold ints")
                continue
            }
            #expect(value >= base && value <= base + 2)
        }
        #expect(ints.scalar(at: 2) == .null)
    }

    @Test func aFilteredFrameDrawsByItsOwnRows() throws {
        let frame = try DataFrame(columns: [Column(name: "i", ints: Array(0..<200))])
        let kept = try frame.filter(col("i") % lit(Int64(3)) == lit(Int64(0)))
        let values = try kept.evaluate(RandomColumns.expression(.uniform, key: 11, parameters: [lit(0.0), lit(1.0)]))
        for row in 0..<kept.height {
            #expect(values.scalar(at: row) == .float(RandomStream.uniform(key: 11, row: row, draw: 0)))
        }
        // Inside arithmetic the draw stays per row.
        let doubled = try frame.evaluate(RandomColumns.expression(.uniform, key: 11, parameters: [lit(0.0), lit(1.0)]) * lit(2.0))
        #expect(doubled.scalar(at: 7) == .float(2 * RandomStream.uniform(key: 11, row: 7, draw: 0)))
    }

    @Test func emptyAndOneRowFrames() throws {
        for distribution in RandomDistribution.allCases where distribution != .choice {
            let parameters = distribution.parameterNames.map { _ in lit(Int64(1)) }
            #expect(try Self.column(distribution, rows: 0, parameters).count == 0)
            #expect(try Self.column(distribution, rows: 1, parameters).count == 1)
        }
    }

    @Test func errorsNameTheParameterAndRow() throws {
        let frame = try DataFrame(columns: [Column(name: "s", floats: [1, -2]), Column(name: "t", strings: ["a", "b"])])
        let negative = frameError { try frame.evaluate(RandomColumns.expression(.normal, key: 1, parameters: [lit(0.0), col("s")])) }
        #expect(negative?.message == "random_normal's std must be ≥ 0, found -2 in row 1")
        let text = frameError { try frame.evaluate(RandomColumns.expression(.uniform, key: 1, parameters: [col("t"), lit(1.0)])) }
        #expect(text?.message == "random_uniform's low must be a number, found string")
        let arity = frameError { try frame.evaluate(RandomColumns.expression(.bool, key: 1, parameters: [])) }
        #expect(arity?.message == "random_bool expects 1 parameter, found 0")
        let unkeyed = frameError { try frame.evaluate(.call("random_uniform", [lit(0.0), lit(1.0)])) }
        #expect(unkeyed?.code == .invalidArgument)
        let zero = frameError { try frame.evaluate(RandomColumns.expression(.choice, key: 1, parameters: [lit("a"), lit(Int64(0))])) }
        #expect(zero?.message == "random_choice's weights must not all be zero")
        #expect(RandomColumns.problem(.poisson, 2e15) == "random_poisson's mean must lie in [0, 1e15], found 2000000000000000.0")
        #expect(RandomColumns.problem(.uniform, 1, 1) == nil)
        #expect(RandomColumns.problem(.bool, 1.5) == "random_bool's p must lie in [0, 1], found 1.5")
    }

    @Test func streamLabelsRoundTrip() {
        for key: UInt64 in [0, 1, 0xFFFF_FFFF_FFFF_FFFF, 0x9E37_79B9_7F4A_7C15] {
            let label = RandomStream.label(key)
            #expect(label.count == 23)
            #expect(RandomStream.key(fromLabel: label) == key)
        }
        #expect(RandomStream.key(fromLabel: "stream 12") == nil)
        #expect(RandomStream.key(fromLabel: "x") == nil)
    }
}
