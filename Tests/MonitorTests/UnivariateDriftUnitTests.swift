import Frame
import Testing

@testable import Monitor

@Suite("Univariate drift units")
struct UnivariateDriftUnitTests {
    @Test func chiSquaredMatchesScipy() {
        // scipy.stats.chi2_contingency([[10, 5], [3, 8]]): Yates' correction (one degree of freedom).
        let yates = ChiSquaredTest.test(reference: [10, 3], chunk: [5, 8])
        #expect(abs(yates.statistic - 2.5212121212121215) < 1e-12)
        #expect(abs(yates.pValue - 0.11232421503857941) < 1e-12)
        let plain = ChiSquaredTest.test(reference: [10, 3, 7], chunk: [5, 8, 1])
        #expect(abs(plain.statistic - 7.61780303030303) < 1e-12)
        #expect(abs(plain.pValue - 0.022172521763697495) < 1e-12)
        #expect(ChiSquaredTest.test(reference: [10], chunk: [4]) == (statistic: 0, pValue: 1))
        #expect(abs(ChiSquaredTest.survival(3.7, degreesOfFreedom: 1) - 0.054412467991601404) < 1e-14)
        #expect(abs(ChiSquaredTest.survival(12.5, degreesOfFreedom: 4) - 0.013995792487650894) < 1e-14)
        #expect(abs(ChiSquaredTest.survival(0.01, degreesOfFreedom: 7) - 0.999999999243059) < 1e-14)
        #expect(abs(ChiSquaredTest.survival(200, degreesOfFreedom: 3) / 4.218541107192018e-43 - 1) < 1e-10)
    }

    @Test func exactPathsMatchScipy() {
        let reference = ContinuousDriftReference(values: [0.1, 0.4, 0.4, 0.9, 1.5, 2.0], computation: .automatic, bins: 10_000)
        #expect(!reference.binned)
        let chunk = [1.0, 0.3, 3.0, 0.4]
        #expect(reference.statistic(.kolmogorovSmirnov, chunk: chunk) == 0.25)
        #expect(abs(reference.statistic(.wasserstein, chunk: chunk) - 0.3916666666666667) < 1e-15)
        #expect(reference.statistic(.wasserstein, chunk: []).isNaN)
    }

    @Test func jensenShannonMatchesScipy() {
        let value = DistributionDistances.jensenShannon([0.2, 0.3, 0.5, 0], [0.1, 0.1, 0.6, 0.2])
        #expect(abs(value - 0.3915142190108475) < 1e-15)
        #expect(DistributionDistances.hellinger([0.5, 0.5], [0.5, 0.5]) == 0)
    }

    @Test func radixSortOrdersEveryKindOfDouble() {
        var state: UInt64 = 7
        var values: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state >> 11)) / 1e9 - 4e9)
        }
        let sorted = DoubleRadixSort.sorted(values)
        #expect(sorted == values.sorted())
    }

    static func frame(_ columns: [Column]) throws -> DataFrame { try DataFrame(columns: columns) }

    @Test func unseenCategoriesCountForChiSquaredAndLInfinity() throws {
        let reference = try Self.frame([Column(name: "c", strings: ["a", "b", "a", "b", "a", "b"])])
        let analysis = try Self.frame([Column(name: "c", strings: ["a", "z", "z", nil, "b", "b"])])
        let calculator = UnivariateDriftCalculator(
            columns: ["c"], categoricalMethods: [.chi2, .lInfinity, .jensenShannon, .hellinger], chunker: .size(3))
        let result = try calculator.fit(reference: reference).calculate(analysis)
        // Chunk 0 of the analysis: a, z, z -> shares a 1/3, z 2/3 against a 1/2, b 1/2.
        let lInfinity = result.rows(name: "c", method: "l_infinity", period: .analysis)
        #expect(abs((lInfinity[0].value ?? 0) - 2.0 / 3.0) < 1e-15)
        // Chunk 1 holds one null, dropped: b, b.
        #expect(abs((lInfinity[1].value ?? 0) - 0.5) < 1e-15)
        let chi2 = result.rows(name: "c", method: "chi2", period: .analysis)
        // Table [[3, 1], [3, 0], [0, 2]] (a, b, z): scipy gives 5.625.
        #expect(abs((chi2[0].value ?? 0) - 5.625) < 1e-12)
        #expect(chi2.allSatisfy { $0.lowerThreshold == nil && $0.upperThreshold == nil })
        let js = result.rows(name: "c", method: "jensen_shannon", period: .analysis)
        #expect((js[0].value ?? 0) > 0.5)
    }

    @Test func emptyChunksGiveNoValueAndNoAlert() throws {
        let reference = try Self.frame([Column(name: "x", floats: [1, 2, 3, 4])])
        let analysis = try Self.frame([Column(name: "x", floats: [1, 2, 0, 0], validity: [true, true, false, false])])
        let result = try UnivariateDriftCalculator(
            columns: ["x"], continuousMethods: [.kolmogorovSmirnov, .jensenShannon, .wasserstein, .hellinger], chunker: .size(2)
        ).fit(reference: reference).calculate(analysis)
        let last = result.rows.filter { $0.period == .analysis && $0.chunkIndex == 1 }
        #expect(last.count == 4)
        #expect(last.allSatisfy { $0.value == nil && $0.alert == nil })
        #expect(result.rows.filter { $0.period == .analysis && $0.chunkIndex == 0 }.allSatisfy { $0.value != nil })
    }

    @Test func constantColumnsWarnButStillWork() throws {
        let reference = try Self.frame([
            Column(name: "x", floats: [5, 5, 5, 5]), Column(name: "c", strings: ["a", "a", "a", "a"]),
        ])
        let calculator = UnivariateDriftCalculator(
            columns: ["x", "c"], continuousMethods: [.kolmogorovSmirnov, .jensenShannon, .wasserstein, .hellinger],
            categoricalMethods: [.chi2, .lInfinity], chunker: .size(2), cdfComputation: .binned, cdfBins: 10)
        let fitted = try calculator.fit(reference: reference)
        #expect(fitted.warnings.contains { $0.contains("'x' is constant") })
        #expect(fitted.warnings.contains { $0.contains("'c' is constant") })
        let result = try fitted.calculate(
            try Self.frame([Column(name: "x", floats: [5, 6, 5, 5]), Column(name: "c", strings: ["a", "b", "a", "a"])]))
        let shifted = result.rows.filter { $0.period == .analysis && $0.chunkIndex == 0 }
        #expect(shifted.allSatisfy { ($0.value ?? -1) > 0 })
        #expect(shifted.filter { $0.method != "chi2" }.allSatisfy { $0.alert == true })
        let same = result.rows.filter { $0.period == .analysis && $0.chunkIndex == 1 }
        #expect(same.filter { $0.method != "chi2" }.allSatisfy { $0.value == 0 && $0.alert == false })
    }

    @Test func badInputsAreErrors() throws {
        let reference = try Self.frame([
            Column(name: "x", floats: [1, 2, 3, 4]), Column(name: "t", timestamps: [1, 2, 3, 4]),
            Column(name: "s", strings: ["a", "b", "a", "b"]),
            Column(name: "n", floats: [0, 0, 0, 0], validity: [false, false, false, false]),
            Column(name: "inf", floats: [1, .infinity, 2, 3]),
        ])
        func kind(_ calculator: UnivariateDriftCalculator, _ frame: DataFrame? = nil) -> MonitorError.Kind? {
            do {
                let fitted = try calculator.fit(reference: reference)
                if let frame { _ = try fitted.calculate(frame) }
                return nil
            } catch {
                return error.kind
            }
        }
        #expect(kind(UnivariateDriftCalculator(columns: ["nope"], chunker: .size(2))) == .missingColumn)
        #expect(kind(UnivariateDriftCalculator(columns: ["t"], chunker: .size(2))) == .wrongType)
        #expect(kind(UnivariateDriftCalculator(columns: ["s"], treatAsContinuous: ["s"], chunker: .size(2))) == .wrongType)
        #expect(kind(UnivariateDriftCalculator(columns: ["n"], chunker: .size(2))) == .nullValues)
        #expect(kind(UnivariateDriftCalculator(columns: ["inf"], chunker: .size(2))) == .outOfRange)
        #expect(kind(UnivariateDriftCalculator(columns: ["x", "x"], chunker: .size(2))) == .invalidArgument)
        #expect(kind(UnivariateDriftCalculator(columns: [], chunker: .size(2))) == .invalidArgument)
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], chunker: .size(5))) == .tooFewRows)
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], chunker: .size(2), thresholds: ["ks": .standard])) == .invalidArgument)
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], chunker: .size(2), cdfBins: 0)) == .invalidArgument)
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], treatAsCategorical: ["x"], treatAsContinuous: ["x"])) == .invalidArgument)
        let stringX = try Self.frame([Column(name: "x", strings: ["a", "b"])])
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], chunker: .size(2)), stringX) == .wrongType)
        let numericS = try Self.frame([Column(name: "s", ints: [1, 2])])
        #expect(kind(UnivariateDriftCalculator(columns: ["s"], chunker: .size(2)), numericS) == .wrongType)
        #expect(kind(UnivariateDriftCalculator(columns: ["x"], chunker: .size(2)), try Self.frame([Column(name: "y", ints: [1])])) == .missingColumn)
        let warned = try UnivariateDriftCalculator(
            columns: ["s"], categoricalMethods: [.chi2], chunker: .size(2), thresholds: ["chi2": .standard]
        ).fit(reference: reference)
        #expect(warned.warnings.contains { $0.contains("chi2") })
    }
}

@Suite("Category encoder")
struct CategoryEncoderTests {
    @Test func dictionaryColumnsEncodeAsPlainText() {
        let reference = Column(name: "c", strings: ["b", "a", nil, "b", "c", "a"])
        let analysis = Column(name: "c", strings: ["d", "a", "e", nil, "d", "b"])
        let order = [5, 4, 3, 2, 1, 0]
        var plain = CategoryEncoder(type: .string)
        var dictionary = CategoryEncoder(type: .string)
        #expect(reference.dictionaryEncoded().isDictionaryEncoded)
        let plainReference = plain.fitReference(reference, order: order)
        #expect(plainReference == [0, 2, 1, -1, 0, 1])
        #expect(dictionary.fitReference(reference.dictionaryEncoded(), order: order) == plainReference)
        // Unseen categories get the next codes in order of appearance, whatever the table's order.
        let plainAnalysis = plain.encode(analysis, order: nil)
        #expect(plainAnalysis == [3, 0, 4, -1, 3, 1])
        #expect(dictionary.encode(analysis.dictionaryEncoded(), order: nil) == plainAnalysis)
    }
}
