/// Counts of rows by (actual class, predicted class), classes sorted ascending: the table every
/// classification score is read from.
public struct ConfusionMatrix: Sendable, Equatable {
    /// The classes seen in labels or predictions, ascending (rows and columns follow this order).
    public let classes: [Double]
    /// Row-major `classes.count × classes.count` counts; row = actual class, column = predicted.
    public let counts: [Int]

    /// Tallies `labels` against `predictions` (class values, not probabilities); rows where either
    /// is NaN are left out, and buffers of different lengths give an empty matrix.
    public init(labels: UnsafeBufferPointer<Double>, predictions: UnsafeBufferPointer<Double>) {
        guard labels.count == predictions.count else {
            classes = []
            counts = []
            return
        }
        var seen: [Double] = []
        seen.reserveCapacity(labels.count * 2)
        for row in 0..<labels.count where !labels[row].isNaN && !predictions[row].isNaN {
            seen.append(labels[row])
            seen.append(predictions[row])
        }
        seen.sort()
        var distinct: [Double] = []
        for value in seen where distinct.last != value {
            distinct.append(value)
        }
        let size = distinct.count
        var tally = [Int](repeating: 0, count: size * size)
        for row in 0..<labels.count where !labels[row].isNaN && !predictions[row].isNaN {
            let actual = Self.position(of: labels[row], in: distinct)
            let predicted = Self.position(of: predictions[row], in: distinct)
            tally[actual * size + predicted] += 1
        }
        classes = distinct
        counts = tally
    }

    /// Number of classes (rows and columns).
    public var classCount: Int { classes.count }

    /// Rows of class index `actual` predicted as class index `predicted`.
    public func count(actual: Int, predicted: Int) -> Int {
        counts[actual * classes.count + predicted]
    }

    /// Rows counted (NaN rows excluded).
    public var total: Int { counts.reduce(0, +) }

    /// Rows on the diagonal.
    public var correct: Int {
        var sum = 0
        for k in 0..<classes.count { sum += count(actual: k, predicted: k) }
        return sum
    }

    /// True positives, false positives and false negatives of class index `k` one-vs-rest.
    public func outcomes(ofClass k: Int) -> (truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        var predictedAsK = 0
        var actuallyK = 0
        for other in 0..<classes.count {
            predictedAsK += count(actual: other, predicted: k)
            actuallyK += count(actual: k, predicted: other)
        }
        let hits = count(actual: k, predicted: k)
        return (hits, predictedAsK - hits, actuallyK - hits)
    }

    /// Index of `value` in the sorted distinct `classes` (it is always present).
    private static func position(of value: Double, in classes: [Double]) -> Int {
        var low = 0
        var high = classes.count - 1
        while low < high {
            let middle = (low + high) / 2
            if classes[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
