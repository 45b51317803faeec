import Frame
import Testing
import Trees

@testable import Monitor
import TestSupport

@Suite("Domain classifier units")
struct DomainClassifierUnitTests {
    /// scikit-learn's StratifiedKFold(shuffle=False) written out step by step: classes numbered by
    /// first appearance, per-fold class counts from dealing the sorted labels round-robin
    /// (`np.bincount(y_sorted[i::k])`), then each class's rows in order take `repeat(folds, counts)`.
    static func naiveFolds(_ labels: [Double], _ k: Int) -> [Int32] {
        var classes: [Double] = []
        for label in labels where !classes.contains(label) { classes.append(label) }
        let encoded = labels.map { label in classes.firstIndex(of: label) ?? 0 }
        let sorted = encoded.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: k)
        for fold in 0..<k {
            var position = fold
            while position < sorted.count {
                allocation[fold][sorted[position]] += 1
                position += k
            }
        }
        var result = [Int32](repeating: -1, count: labels.count)
        for c in 0..<classes.count {
            var sequence: [Int32] = []
            for fold in 0..<k { sequence += [Int32](repeating: Int32(fold), count: allocation[fold][c]) }
            var next = 0
            for row in 0..<labels.count where encoded[row] == c {
                result[row] = sequence[next]
                next += 1
            }
        }
        return result
    }

    @Test func stratifiedFoldsMatchScikitLearn() {
        #expect(StratifiedFolds.assign([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], folds: 3) == [0, 0, 0, 1, 1, 2, 2, 0, 1, 2])
        // The first row's label is class 0, whatever its value.
        #expect(StratifiedFolds.assign([1, 1, 0, 0, 0, 0, 1], folds: 2) == [0, 0, 0, 0, 1, 1, 1])
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let n = 1 + Int(random.uniform() * 60)
            let k = 2 + Int(random.uniform() * 5)
            let rate = random.uniform()
            let labels = (0..<n).map { _ in random.uniform() < rate ? 1.0 : 0.0 }
            #expect(StratifiedFolds.assign(labels, folds: k) == Self.naiveFolds(labels, k), "\(labels) in \(k) folds")
        }
    }

    @Test func lightGBMBinsFewValues() {
        // Few distinct values: one bin each, boundaries just above the midpoints; a value seen fewer
        // than 3 times shares the next bin.
        let values: [Double] = [1, 1, 1, 2, 2, 2, 2, 3, 5, 5, 5, 5]
        let bins = LightGBMBins(values, rows: nil)
        #expect(bins.bounds == [LightGBMBins.zeroThreshold, (1.5).nextUp, (2.5).nextUp, .infinity])
        #expect(bins.numbers(of: [1, 2, 3, 5, 4, .nan, -7], rows: nil).dropLast(2) == [1, 2, 3, 3, 3])
        // Negative values bin apart from positive ones, around a bin for zero; the lowest occupied
        // bin takes values below every bin.
        let signed = LightGBMBins([-3, -3, -3, 0, 0, 0, 4, 4, 4], rows: nil)
        #expect(signed.bounds == [-LightGBMBins.zeroThreshold, LightGBMBins.zeroThreshold, .infinity])
        #expect(signed.numbers(of: [-10, -3, 0, 4, 100], rows: [0, 1, 2, 3, 4]) == [0, 0, 1, 2, 2])
        // Bins no training row fell in take the number of the occupied bin below them.
        let gap = LightGBMBins([-1, -1, -1, 10, 10, 10], rows: nil)
        #expect(gap.bounds.count == 3)
        #expect(gap.numbers(of: [0], rows: nil) == [0])
    }

    @Test func lightGBMBinsManyValues() {
        var random = SplitMix64(seed: 12)
        let values = (0..<20_000).map { _ in (random.normal() * 1000).rounded() / 10 }
        let bins = LightGBMBins(values, rows: nil)
        #expect(bins.bounds.count <= 255 && bins.bounds.count > 200)
        #expect(bins.bounds.last == .infinity)
        #expect(zip(bins.bounds, bins.bounds.dropFirst()).allSatisfy { $0 < $1 })
        // Roughly equal counts per bin (greedy, so not exactly).
        var counts = [Int](repeating: 0, count: bins.bounds.count)
        for value in values { counts[LightGBMBins.bin(value, bins.bounds)] += 1 }
        let occupied = counts.filter { $0 > 0 }
        #expect(occupied.count > 200 && (occupied.max() ?? 0) < 400)
        // Bins fitted on some rows only.
        let half = LightGBMBins(values, rows: Array(0..<10_000))
        #expect(half.bounds != bins.bounds)
        // The search finds the first bound ≥ the value, as a scan does, bounds themselves included.
        let probes: [Double] = Array(values[..<2_000]) + bins.bounds + bins.bounds.map(\.nextDown) + [-.infinity, .infinity]
        for value in probes {
            #expect(LightGBMBins.bin(value, bins.bounds) == bins.bounds.firstIndex { $0 >= value }, "\(value)")
        }
    }

    /// A reference of `rows` rows: a normal number, a category among 6 (ordinal-coded), a bool,
    /// another among 3 (one-hot); the analysis shifts the number by `shift`.
    static func frame(rows: Int, seed: UInt64, shift: Double = 0, extraCategory: Bool = false) throws -> DataFrame {
        var random = SplitMix64(seed: seed)
        var x: [Double] = []
        var many: [String?] = []
        var flag: [Bool] = []
        var few: [String?] = []
        for i in 0..<rows {
            x.append(random.normal() + shift)
            many.append(extraCategory && i % 50 == 0 ? "zz" : ["a", "b", "c", "d", "e", "f"][Int(random.uniform() * 6)])
            flag.append(random.uniform() < 0.3)
            few.append(i % 11 == 0 ? nil : ["p", "q", "r"][Int(random.uniform() * 3)])
        }
        return try DataFrame(columns: [
            Column(name: "x", floats: x), Column(name: "many", strings: many), Column(name: "flag", bools: flag),
            Column(name: "few", strings: few),
        ])
    }

    static func calculator(chunk: Int) -> DomainClassifierCalculator {
        var parameters = DomainClassifierCalculator.defaultParameters
        parameters.rounds = 10
        return DomainClassifierCalculator(
            columns: ["x", "many", "flag", "few"], chunker: .size(chunk), parameters: parameters)
    }

    @Test func tellsAShiftedChunkFromTheReference() throws {
        let fitted = try Self.calculator(chunk: 400).fit(reference: try Self.frame(rows: 1200, seed: 21))
        #expect(fitted.featureOrder == ["few", "flag", "many", "x"])
        #expect(fitted.thresholds == ThresholdBounds(lower: 0.45, upper: 0.65))
        let same = try fitted.calculate(try Self.frame(rows: 400, seed: 22, extraCategory: true))
        let shifted = try fitted.calculate(try Self.frame(rows: 400, seed: 23, shift: 2))
        let sameRow = try #require(same.rows(name: "domain_classifier_auroc", period: .analysis).first)
        let shiftedRow = try #require(shifted.rows(name: "domain_classifier_auroc", period: .analysis).first)
        #expect(sameRow.alert == false && abs((sameRow.value ?? 0) - 0.5) < 0.1)
        #expect(shiftedRow.alert == true && (shiftedRow.value ?? 0) > 0.8)
        #expect(same.rows.count == 4 && same.rows.prefix(3).allSatisfy { $0.period == .reference })
        #expect(same.dataFrame().columnNames == MonitorResult.frameColumns)
    }

    @Test func chunksRunSideBySideWithTheSameAnswers() throws {
        let reference = try Self.frame(rows: 1200, seed: 26)
        let analysis = try Self.frame(rows: 1200, seed: 27, shift: 0.5)
        var results: [[Double?]] = []
        for threads in [1, 2, 3] {
            var calculator = Self.calculator(chunk: 300)
            calculator.parameters.threads = threads
            results.append(try calculator.fit(reference: reference).calculate(analysis).rows.map(\.value))
        }
        #expect(results[0].count == 8 && results[0].allSatisfy { $0 != nil })
        #expect(results[1] == results[0] && results[2] == results[0])
    }

    @Test func parallelChunksKeepOrderAndReportTheFirstError() throws {
        let values = try ParallelChunks.map(9, threads: 2) { (index) throws(MonitorError) in index * index }
        #expect(values == (0..<9).map { $0 * $0 })
        do {
            _ = try ParallelChunks.map(9, threads: 2) { (index) throws(MonitorError) -> Int in
                if index == 3 || index == 6 { throw MonitorError(.invalidArgument, "task \(index)") }
                return index
            }
            Issue.record("no error")
        } catch {
            #expect(error.message == "task 3")
        }
    }

    @Test func oneReferenceChunkScoresOneHalf() throws {
        // The only reference chunk is the whole reference: one class, so NannyML's 0.5.
        let fitted = try Self.calculator(chunk: 300).fit(reference: try Self.frame(rows: 300, seed: 24))
        #expect(fitted.referenceResult.rows.map(\.value) == [0.5])
    }

    @Test func refusesBadInput() throws {
        let reference = try Self.frame(rows: 100, seed: 25)
        func kind(_ calculator: DomainClassifierCalculator, _ frame: DataFrame) -> MonitorError.Kind? {
            do {
                _ = try calculator.fit(reference: frame)
                return nil
            } catch { return error.kind }
        }
        var calculator = Self.calculator(chunk: 50)
        calculator.folds = 1
        #expect(kind(calculator, reference) == .invalidArgument)
        calculator = Self.calculator(chunk: 50)
        calculator.columns = []
        #expect(kind(calculator, reference) == .invalidArgument)
        calculator.columns = ["x", "missing"]
        #expect(kind(calculator, reference) == .missingColumn)
        calculator.columns = ["x"]
        calculator.minChildSamples = -1
        #expect(kind(calculator, reference) == .invalidArgument)
        calculator = Self.calculator(chunk: 2)
        calculator.folds = 5
        #expect(kind(calculator, reference.head(3)) == .tooFewRows)
        let stamped = try reference.setting(Column(name: "x", timestamps: [Int64](repeating: 1, count: 100)))
        #expect(kind(Self.calculator(chunk: 50), stamped) == .wrongType)
        calculator = Self.calculator(chunk: 50)
        calculator.parameters.earlyStoppingRounds = 3
        #expect(kind(calculator, reference) == .invalidArgument)
        let fitted = try Self.calculator(chunk: 50).fit(reference: reference)
        let texts = try reference.setting(Column(name: "x", strings: [String?](repeating: "t", count: 100)))
        #expect(throws: MonitorError.self) { try fitted.calculate(texts) }
        let numbers = try reference.setting(Column(name: "many", floats: [Double](repeating: 1, count: 100)))
        #expect(throws: MonitorError.self) { try fitted.calculate(numbers) }
    }
}
