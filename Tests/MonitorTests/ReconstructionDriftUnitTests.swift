import Frame
import Testing

@testable import Monitor
import TestSupport

@Suite("Data reconstruction drift units")
struct ReconstructionDriftUnitTests {
    @Test func jacobiDecomposesASymmetricMatrix() {
        // Eigenvalues of [[4, 1, 2], [1, 3, 0], [2, 0, 5]]: the roots of −λ³ + 12λ² − 42λ + 43, descending.
        let matrix: [Double] = [4, 1, 2, 1, 3, 0, 2, 0, 5]
        let eigen = SymmetricEigen(matrix: matrix, dimension: 3)
        let expected = [6.669079088282288, 3.476023602918131, 1.8548973087995773]
        for (value, target) in zip(eigen.values, expected) { #expect(abs(value - target) < 1e-12) }
        for (k, vector) in eigen.vectors.enumerated() {
            for i in 0..<3 {
                var product = 0.0
                for j in 0..<3 { product += matrix[i * 3 + j] * vector[j] }
                #expect(abs(product - eigen.values[k] * vector[i]) < 1e-12, "A v = λ v")
            }
            for (other, second) in eigen.vectors.enumerated() {
                let dot = zip(vector, second).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (other == k ? 1 : 0)) < 1e-12, "orthonormal")
            }
        }
        // A diagonal matrix needs no rotation; equal eigenvalues keep their order.
        let diagonal = SymmetricEigen(matrix: [1, 0, 0, 0, 2, 0, 0, 0, 1], dimension: 3)
        #expect(diagonal.values == [2, 1, 1])
        #expect(diagonal.vectors == [[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    }

    /// Correlated reference columns: `b` follows `a`, `c` is noise, `d` a category with 3 values.
    static func frame(rows: Int, seed: UInt64, correlated: Bool = true) throws -> DataFrame {
        var random = SplitMix64(seed: seed)
        var a: [Double] = []
        var b: [Double] = []
        var c: [Double] = []
        var d: [String?] = []
        for _ in 0..<rows {
            let x = random.normal()
            a.append(x)
            b.append(correlated ? 2 * x + 0.3 * random.normal() : 2 * random.normal())
            c.append(random.normal())
            d.append(["red", "green", "blue"][Int(random.uniform() * 3)])
        }
        return try DataFrame(columns: [
            Column(name: "a", floats: a), Column(name: "b", floats: b), Column(name: "c", floats: c),
            Column(name: "d", strings: d),
        ])
    }

    @Test func brokenCorrelationAlerts() throws {
        let calculator = DataReconstructionDriftCalculator(columns: ["a", "b", "c", "d"], chunker: .size(500))
        let fitted = try calculator.fit(reference: try Self.frame(rows: 3000, seed: 1))
        #expect(fitted.componentCount >= 1 && fitted.componentCount < 4)
        let same = try fitted.calculate(try Self.frame(rows: 1000, seed: 2))
        let broken = try fitted.calculate(try Self.frame(rows: 1000, seed: 3, correlated: false))
        #expect(same.rows(name: "reconstruction_error", period: .analysis).allSatisfy { $0.alert == false })
        #expect(broken.rows(name: "reconstruction_error", period: .analysis).allSatisfy { $0.alert == true })
        // Reference rows: 6 chunks, band = value ± 3 SE, SE from the chunk's own errors.
        let reference = fitted.referenceResult.rows
        #expect(reference.count == 6)
        for row in reference {
            let value = try #require(row.value)
            let error = try #require(row.samplingError)
            #expect(row.upperConfidenceBound == value + 3 * error)
            #expect(row.lowerConfidenceBound == max(0, value - 3 * error))
        }
    }

    @Test func nullsAreImputedAndUnseenCategoriesEncodeAsZero() throws {
        let reference = try Self.frame(rows: 600, seed: 4)
        let fitted = try DataReconstructionDriftCalculator(columns: ["a", "b", "c", "d"], chunker: .size(100))
            .fit(reference: reference)
        let a = try #require(fitted.encoding.features.first)
        let d = try #require(fitted.encoding.features.last)
        // A null equals the reference mean (continuous) or the most frequent category.
        let mostFrequent = ["blue", "green", "red"][Int(d.fillCode)]
        let withNulls = try DataFrame(columns: [
            Column(name: "a", floats: [0.5, 0], validity: [true, false]), Column(name: "b", floats: [1, 2]),
            Column(name: "c", floats: [0, 0]), Column(name: "d", strings: [nil, "purple"]),
        ])
        let filled = try DataFrame(columns: [
            Column(name: "a", floats: [0.5, a.fill]), Column(name: "b", floats: [1, 2]), Column(name: "c", floats: [0, 0]),
            Column(name: "d", strings: [mostFrequent, "purple"]),
        ])
        let first = try fitted.encoding.matrix(of: withNulls, order: nil)
        #expect(first == (try fitted.encoding.matrix(of: filled, order: nil)))
        // "purple" was never seen: its frequency is 0, standardised to −center/scale.
        #expect(first[4 + 3] == (0 - d.center) / d.scale)
        // The most frequent category wins ties towards the first in sorted order.
        let tie = try DataFrame(columns: [
            Column(name: "x", floats: [1, 2, 3, 4]), Column(name: "y", floats: [4, 1, 3, 2]),
            Column(name: "z", floats: [0, 1, 0, 1]), Column(name: "k", strings: ["q", "p", nil, "q"]),
        ])
        // p once, q twice: q fills the null (sorted codes: p 0, q 1).
        let tied = try DataReconstructionDriftCalculator(columns: ["x", "y", "z", "k"], chunker: .size(4)).fit(reference: tie)
        let k = try #require(tied.encoding.features.last)
        #expect(k.fillCode == 1 && k.frequencies == [0.25, 0.75])
    }

    @Test func thresholdsFollowNannyML() throws {
        // A lower threshold at or below 0 is none, not 0.
        let wide = DataReconstructionDriftCalculator(
            columns: ["a", "b", "c"], chunker: .size(500),
            threshold: .standardDeviation(lowerMultiplier: 1000, upperMultiplier: 3))
        let fitted = try wide.fit(reference: try Self.frame(rows: 3000, seed: 5))
        #expect(fitted.thresholds.lower == nil && fitted.thresholds.upper != nil)
        // A value exactly on a threshold alerts (NannyML's `not (lower < value < upper)`).
        let bounds = ThresholdBounds(lower: 1, upper: 2)
        #expect(FittedDataReconstructionDrift.alert(2, bounds) == true)
        #expect(FittedDataReconstructionDrift.alert(1, bounds) == true)
        #expect(FittedDataReconstructionDrift.alert(1.5, bounds) == false)
        #expect(FittedDataReconstructionDrift.alert(-5, ThresholdBounds(lower: nil, upper: 2)) == false)
        #expect(FittedDataReconstructionDrift.alert(.nan, bounds) == nil)
    }

    @Test func refusesBadInput() throws {
        let reference = try Self.frame(rows: 200, seed: 6)
        func kind(_ calculator: DataReconstructionDriftCalculator, _ frame: DataFrame) -> MonitorError.Kind? {
            do {
                _ = try calculator.fit(reference: frame)
                return nil
            } catch { return error.kind }
        }
        let columns = ["a", "b", "c"]
        #expect(kind(DataReconstructionDriftCalculator(columns: ["a"], chunker: .size(50)), reference) == .invalidArgument)
        #expect(kind(DataReconstructionDriftCalculator(columns: ["a", "a"], chunker: .size(50)), reference) == .invalidArgument)
        #expect(kind(DataReconstructionDriftCalculator(columns: ["a", "zz"], chunker: .size(50)), reference) == .missingColumn)
        #expect(
            kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50), components: .varianceShare(1)), reference)
                == .invalidArgument)
        // Keeping every component leaves nothing to reconstruct.
        #expect(
            kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50), components: .count(3)), reference)
                == .invalidArgument)
        let constant = try reference.setting(Column(name: "c", floats: [Double](repeating: 2, count: 200)))
        #expect(kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50)), constant) == .invalidArgument)
        let empty = try reference.setting(Column(name: "c", nullsOf: .float, count: 200))
        #expect(kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50)), empty) == .nullValues)
        let stamped = try reference.setting(Column(name: "c", timestamps: [Int64](repeating: 7, count: 200)))
        #expect(kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50)), stamped) == .wrongType)
        let infinite = try reference.setting(Column(name: "c", floats: [Double](repeating: .infinity, count: 200)))
        #expect(kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(50)), infinite) == .outOfRange)
        #expect(kind(DataReconstructionDriftCalculator(columns: columns, chunker: .size(500)), reference) == .tooFewRows)
        // An analysis column of another kind.
        let fitted = try DataReconstructionDriftCalculator(columns: ["a", "b", "d"], chunker: .size(50)).fit(reference: reference)
        let swapped = try reference.setting(Column(name: "d", floats: [Double](repeating: 1, count: 200)))
        #expect(throws: MonitorError.self) { try fitted.calculate(swapped) }
        let texts = try reference.setting(Column(name: "a", strings: [String?](repeating: "x", count: 200)))
        #expect(throws: MonitorError.self) { try fitted.calculate(texts) }
    }

    @Test func oneRowChunksHaveNoSamplingError() throws {
        let fitted = try DataReconstructionDriftCalculator(columns: ["a", "b", "c"], chunker: .size(100))
            .fit(reference: try Self.frame(rows: 300, seed: 7))
        let result = try fitted.calculate(try Self.frame(rows: 101, seed: 8))
        let last = try #require(result.rows(name: "reconstruction_error", period: .analysis).last)
        #expect(last.value != nil && last.samplingError == nil && last.upperConfidenceBound == nil)
        #expect(result.dataFrame().height == 5)
    }
}
