import Testing
@testable import Trees
import TestSupport

@Suite("Trainer: histogram layouts")
struct HistogramLayoutTests {
    @Test("packed sums decode to the gradient sum and the row count, negative sums included")
    func packedSums() {
        var random = TrainRandom(seed: 17)
        for rowCount in [1, 7, 1000, 100_000] {
            let countBits = PackedHistogram.countBits(rowCount: rowCount)
            let limit = 1 << PackedHistogram.gradientBits(countBits: countBits)
            var packed: Int64 = 0
            var gradientSum: Int64 = 0
            var parent: Int64 = 0
            for row in 0..<rowCount {
                let g = Int32(Int(random.next() % UInt64(2 * limit + 1)) - limit)
                let value = Int64.widen(Int64.row(gradient: g, hessian: 1, countBits: countBits))
                packed &+= value
                gradientSum += Int64(g)
                if row % 3 == 0 { parent &+= value }
            }
            let sums = packed.sums(countBits: countBits)
            #expect(sums.gradient == gradientSum)
            #expect(sums.hessian == Int64(rowCount))
            // Subtraction works on the packed words.
            var sibling = packed
            sibling &-= parent
            let siblingSums = sibling.sums(countBits: countBits)
            let parentSums = parent.sums(countBits: countBits)
            #expect(siblingSums.gradient + parentSums.gradient == gradientSum)
            #expect(siblingSums.hessian + parentSums.hessian == Int64(rowCount))
        }
    }

    @Test("the packed layout is used only with a unit hessian and enough gradient bits")
    func layoutChoice() {
        #expect(PackedHistogram.countBits(rowCount: 1_000_000, unitHessian: true) == 20)
        #expect(PackedHistogram.gradientBits(countBits: 20) == 22)
        #expect(PackedHistogram.countBits(rowCount: 1_000_000, unitHessian: false) == nil)
        #expect(PackedHistogram.countBits(rowCount: 3_000_000, unitHessian: true) == nil)
        #expect(PackedHistogram.gradientBits(countBits: 3) == 30)
    }

    /// Grows one tree with the given layout from gradients that are small integers (exact in both).
    static func grow<Entry: HistogramEntry>(_ entry: Entry.Type, packed: Bool, gradients: [Double], x: [Double]) throws -> Tree {
        let source = try #require(FeatureSource(.init(name: "x", floats: x)))
        let binning = FeatureBinning(sources: [source], maxBins: 255, threads: 1)
        let matrix = binning.binRows(of: [source], threads: 1, columnMajor: true)
        var p = TrainingParameters()
        p.maxDepth = 3
        p.lambda = 0
        let countBits = PackedHistogram.countBits(rowCount: x.count)
        let grower = TreeGrower<Entry>(matrix: matrix, binning: binning, parameters: p, countBits: packed ? countBits : 0)
        let quantizer = GradientQuantizer(
            largestGradient: gradients.map(abs).max() ?? 0, largestHessian: 1, unitHessian: true,
            packedCountBits: packed ? countBits : nil)
        for (row, gradient) in gradients.enumerated() {
            grower.rows.base[row] = UInt32(row)
            grower.pairs.base[row] = quantizer.row(gradient: gradient, hessian: 1, as: Entry.self)
        }
        let search = SplitSearch(
            lambda: 0, alpha: 0, minChildWeight: 1, gradientUnit: quantizer.gradientUnit,
            hessianUnit: quantizer.hessianUnit)
        return grower.grow(sampleCount: x.count, features: [0], search: search, allRows: true).tree
    }

    @Test("packed and pair histograms grow the same tree")
    func layoutsAgree() throws {
        var random = TrainRandom(seed: 8)
        let x = (0..<5000).map { _ in (random.unit() * 64).rounded() }
        let gradients = x.map { ($0 > 20 ? -4.0 : 3.0) + ($0 > 50 ? -2.0 : 0.0) + Double(Int($0) % 3) }
        let packed = try Self.grow(Int64.self, packed: true, gradients: gradients, x: x)
        let pairs = try Self.grow(HistogramBin.self, packed: false, gradients: gradients, x: x)
        #expect(packed.nodeCount > 3)
        #expect(packed == pairs)
    }
}
