import Frame
import TestSupport
@testable import Trees

/// The seeded generator of the trainer tests' synthetic data.
typealias TrainRandom = SplitMix64

extension SplitMix64 {
    /// Roughly normal (sum of four uniforms, centred and scaled).
    mutating func normal() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.732 }
}

/// Synthetic training data for the trainer tests.
enum TrainingFixtures {
    /// `rowCount` rows of six mixed-type features (float, int, bool, timestamp, float, duration),
    /// with about `nullRate` nulls in each, and three targets computed from the values before nulls:
    /// a noisy regression value, a 0/1 label and a class id in 0..<3.
    static func mixed(rowCount: Int, seed: UInt64, nullRate: Double = 0.05)
        -> (features: [Column], regression: Column, binary: Column, multiclass: Column)
    {
        var random = TrainRandom(seed: seed)
        var a = [Double](), b = [Int64](), c = [Bool](), d = [Int64](), e = [Double](), f = [Int64]()
        var yr = [Double](), yb = [Int64](), ym = [Int64]()
        for _ in 0..<rowCount {
            let x0 = random.uniform(-3, 3)
            let x1 = Int64(random.next() % 10)
            let x2 = random.unit() < 0.4
            let x3 = 1_700_000_000_000_000 + Int64(random.next() % 86_400_000_000)
            let x4 = random.normal()
            let x5 = Int64(random.next() % 1000) * 1_000_000
            a.append(x0); b.append(x1); c.append(x2); d.append(x3); e.append(x4); f.append(x5)
            let signal = 2 * (x0 > 0.5 ? 1 : 0) + Double(x1) * 0.3 + (x2 ? 1.5 : -0.5) + x4 * x4 * 0.5
                + Double(x3 - 1_700_000_000_000_000) / 86_400_000_000
            yr.append(signal + random.normal() * 0.3)
            yb.append(signal + random.normal() * 0.5 > 2.2 ? 1 : 0)
            ym.append(signal < 1.5 ? 0 : (signal < 3 ? 1 : 2))
        }
        func validity() -> [Bool] { (0..<rowCount).map { _ in random.unit() >= nullRate } }
        let features = [
            Column(name: "a", floats: a, validity: validity()),
            Column(name: "b", ints: b, validity: validity()),
            Column(name: "c", bools: c, validity: validity()),
            Column(name: "d", timestamps: d, validity: validity()),
            Column(name: "e", floats: e, validity: validity()),
            Column(name: "f", durations: f, validity: validity()),
        ]
        return (features, Column(name: "y", floats: yr), Column(name: "y", ints: yb), Column(name: "y", ints: ym))
    }

    /// Every Double of a model (base score, each tree's thresholds, values, covers and gains,
    /// validation history) as bit patterns, plus its integer structure, for exact comparison.
    static func fingerprint(_ model: BoostedModel) -> [UInt64] {
        var bits = model.baseScore.map(\.bitPattern)
        for tree in model.trees {
            bits.append(UInt64(tree.nodeCount))
            bits += tree.feature.map { UInt64(bitPattern: Int64($0)) }
            bits += tree.leftChild.map { UInt64(bitPattern: Int64($0)) }
            bits += tree.rightChild.map { UInt64(bitPattern: Int64($0)) }
            bits += tree.defaultLeft.map { $0 ? 1 : 0 }
            bits += tree.threshold.map(\.bitPattern)
            bits += tree.value.map(\.bitPattern)
            bits += tree.cover.map(\.bitPattern)
            bits += tree.gain.map(\.bitPattern)
        }
        bits += model.validationHistory.map(\.bitPattern)
        bits.append(UInt64(bitPattern: Int64(model.bestRound ?? -1)))
        return bits
    }

    /// Rows `range` of every column (a holdout split).
    static func slice(_ columns: [Column], _ range: Range<Int>) -> [Column] {
        columns.map { slice($0, range) }
    }

    static func slice(_ column: Column, _ range: Range<Int>) -> Column {
        let validity = column.validity.map { bitmap in range.map { bitmap.isValid($0) } }
        switch column.storage {
        case .int64(let values):
            let part = range.map { values[$0] }
            switch column.type {
            case .timestamp: return Column(name: column.name, timestamps: part, validity: validity)
            case .duration: return Column(name: column.name, durations: part, validity: validity)
            default: return Column(name: column.name, ints: part, validity: validity)
            }
        case .float64(let values):
            return Column(name: column.name, floats: range.map { values[$0] }, validity: validity)
        case .bool(let values):
            return Column(name: column.name, bools: range.map { values[$0] != 0 }, validity: validity)
        case .utf8(let strings):
            return Column(name: column.name, strings: range.map { strings.string(at: $0) })
        case .dictionary:
            return slice(column.plainEncoded(), range)
        }
    }

    /// A buffer-taking metric applied to two arrays.
    static func score(
        _ labels: [Double], _ predictions: [Double],
        _ metric: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Double
    ) -> Double {
        labels.withUnsafeBufferPointer { l in predictions.withUnsafeBufferPointer { p in metric(l, p) } }
    }

    /// The values of a numeric column as Doubles (nulls as NaN).
    static func doubles(_ column: Column) -> [Double] {
        (0..<column.count).map { row in
            switch column.scalar(at: row) {
            case .int(let v), .timestamp(let v), .duration(let v): return Double(v)
            case .float(let v): return v
            case .bool(let v): return v ? 1 : 0
            default: return .nan
            }
        }
    }
}
