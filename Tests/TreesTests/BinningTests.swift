import Foundation
import Frame
import Testing
@testable import Trees
import TestSupport

@Suite("Trainer: binning, sampling and portable math")
struct BinningTests {
    static func cuts(_ values: [Double], maxBins: Int) -> [Double] {
        var sorted = values
        SampleSort.sort(&sorted)
        return sorted.withUnsafeBufferPointer { QuantileCuts.cuts(sorted: $0, maxBins: maxBins) }
    }

    @Test("few distinct values get one bin each, cut at midpoints")
    func exactCuts() {
        #expect(Self.cuts([3, 1, 2, 2, 1, 3, 10], maxBins: 255) == [1.5, 2.5, 6.5])
        #expect(Self.cuts([4, 4, 4], maxBins: 255) == [])
        #expect(Self.cuts([-1, 1], maxBins: 2) == [0])
    }

    @Test("many distinct values get quantile cuts with equal values in one bin")
    func quantileCuts() {
        let values = (0..<1000).map { Double($0) }
        let cuts = Self.cuts(values, maxBins: 10)
        #expect(cuts == [99.5, 199.5, 299.5, 399.5, 499.5, 599.5, 699.5, 799.5, 899.5])
        // A heavy value (half the rows) gets a bin of its own.
        let heavy = (0..<500).map { Double($0) } + [Double](repeating: 1000, count: 500)
        let heavyCuts = Self.cuts(heavy, maxBins: 4)
        #expect(heavyCuts.count <= 3)
        #expect(heavyCuts.last.map { $0 > 499 && $0 < 1000 } == true)
        #expect(zip(heavyCuts, heavyCuts.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("the radix sort matches the standard sort, -0 and infinities included")
    func radixSort() {
        var random = TrainRandom(seed: 9)
        var values = (0..<5000).map { _ in (random.unit() - 0.5) * 1e6 }
        values += [0, -0.0, .infinity, -.infinity, Double.leastNonzeroMagnitude * 3, -Double.leastNormalMagnitude / 7, .greatestFiniteMagnitude]
        var sorted = values
        SampleSort.sort(&sorted)
        #expect(sorted == values.sorted())
        #expect(sorted.filter { $0 == 0 }.allSatisfy { $0.sign == .plus })
    }

    @Test("binning agrees with comparing against the cuts")
    func binsMatchThresholds() throws {
        var random = TrainRandom(seed: 4)
        let values = (0..<3000).map { _ in random.unit() < 0.1 ? Double.nan : (random.unit() * 100).rounded() / 4 }
        let column = Column(name: "v", floats: values)
        let source = try #require(FeatureSource(column))
        let binning = FeatureBinning(sources: [source], maxBins: 16, threads: 2)
        let matrix = binning.binRows(of: [source], threads: 2, columnMajor: true)
        let cuts = binning.cuts[0]
        #expect(cuts.count == 15)
        for row in 0..<values.count {
            let bin = matrix.rowMajor.base[row]
            #expect(matrix.columnMajor?.base[row] == bin)
            if values[row].isNaN {
                #expect(bin == FeatureBinning.nullBin)
            } else {
                // value < cuts[j] exactly when bin <= j.
                for (j, cut) in cuts.enumerated() { #expect((values[row] < cut) == (Int(bin) <= j)) }
            }
        }
    }

    @Test("row sampling keeps about the rate, features exactly the rounded count")
    func sampling() {
        var p = TrainingParameters()
        p.subsample = 0.3
        p.colsample = 0.5
        let sample = TrainingSample(parameters: p, featureCount: 7)
        let inBag = TrainingBuffer<UInt32>(count: 10_000)
        let outOfBag = TrainingBuffer<UInt32>(count: 10_000)
        let counts = sample.drawRows(round: 3, rowCount: 10_000, inBag: inBag.base, outOfBag: outOfBag.base)
        #expect(counts.inBag + counts.outOfBag == 10_000)
        #expect(abs(counts.inBag - 3000) < 200)
        let kept = Array(inBag.array.prefix(counts.inBag))
        #expect(kept == kept.sorted())
        let features = sample.drawFeatures(tree: 5)
        #expect(features.count == 4)
        #expect(features == features.sorted())
        #expect(sample.drawFeatures(tree: 5) == features)
    }

    @Test("portable exp and log are accurate")
    func portableMath() {
        for x in stride(from: -700.0, through: 700.0, by: 0.37) {
            let expected = Foundation.exp(x)
            #expect(abs(PortableMath.exp(x) - expected) <= 4 * expected.ulp)
        }
        for x in [1e-300, 1e-10, 0.1, 0.5, 0.999, 1, 1.5, 2, 10, 12345.678, 1e300, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 3] {
            let expected = Foundation.log(x)
            #expect(abs(PortableMath.log(x) - expected) <= 4 * max(abs(expected).ulp, Double.leastNormalMagnitude))
        }
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.exp(-800) == 0)
        #expect(PortableMath.exp(800) == .infinity)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
        #expect(PortableMath.sigmoid(0) == 0.5)
    }

    @Test("median selection matches sorting")
    func medians() {
        var random = TrainRandom(seed: 2)
        for count in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<count).map { _ in (random.unit() * 20).rounded() }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            let buffer = TrainingBuffer<Double>(count: count)
            for (i, value) in values.enumerated() { buffer.base[i] = value }
            let median = LeafMedianRefit.median(buffer.base, count: count)
            #expect(median == expected)
        }
    }
}
