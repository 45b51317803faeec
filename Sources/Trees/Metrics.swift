/// Scores of predictions against labels over raw buffers; callers drop null rows first.
///
/// Definitions follow scikit-learn. Every sum runs in row order on one thread and logarithms come
/// from `PortableMath`, so a score (and a model's validation history) is the same bytes on every
/// run and platform. A score of an empty input, or of buffers of different lengths, is NaN.
public enum Metrics {
    /// Probabilities are clipped to `[probabilityFloor, 1 - probabilityFloor]` before a logarithm.
    public static let probabilityFloor = 1e-15

    /// Root mean squared error.
    public static func rmse(_ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        var sum = 0.0
        for row in 0..<labels.count {
            let difference = labels[row] - predictions[row]
            sum += difference * difference
        }
        return (sum / Double(labels.count)).squareRoot()
    }

    /// Mean absolute error.
    public static func mae(_ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        var sum = 0.0
        for row in 0..<labels.count {
            sum += abs(labels[row] - predictions[row])
        }
        return sum / Double(labels.count)
    }

    /// Coefficient of determination 1 − SSres/SStot; with constant labels 1 for a perfect fit and
    /// 0 otherwise (scikit-learn's `force_finite`).
    public static func r2(_ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        var total = 0.0
        for row in 0..<labels.count {
            total += labels[row]
        }
        let mean = total / Double(labels.count)
        var residual = 0.0
        var spread = 0.0
        for row in 0..<labels.count {
            let error = labels[row] - predictions[row]
            let deviation = labels[row] - mean
            residual += error * error
            spread += deviation * deviation
        }
        if spread == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / spread
    }

    /// Mean absolute percentage error as a fraction (0.1 is 10%); a label's magnitude is floored
    /// at the Double epsilon as scikit-learn does, so a zero label gives a huge but finite term.
    public static func mape(_ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        var sum = 0.0
        for row in 0..<labels.count {
            sum += abs(predictions[row] - labels[row]) / max(abs(labels[row]), Double.ulpOfOne)
        }
        return sum / Double(labels.count)
    }

    /// Binary cross-entropy of the probability of class 1 against 0/1 labels.
    public static func logloss(_ labels: UnsafeBufferPointer<Double>, _ probabilities: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == probabilities.count, labels.count > 0 else { return .nan }
        var sum = 0.0
        for row in 0..<labels.count {
            let p = clipped(probabilities[row])
            let y = labels[row]
            sum -= y * PortableMath.log(p) + (1 - y) * PortableMath.log(1 - p)
        }
        return sum / Double(labels.count)
    }

    /// Cross-entropy of row-major `rows × classCount` probabilities against class-index labels;
    /// NaN when a label is not a class index.
    public static func multiclassLogloss(
        _ labels: UnsafeBufferPointer<Double>, probabilities: UnsafeBufferPointer<Double>, classCount: Int
    ) -> Double {
        guard classCount > 0, labels.count > 0, probabilities.count == labels.count * classCount else { return .nan }
        var sum = 0.0
        for row in 0..<labels.count {
            guard let label = classIndex(labels[row], classCount: classCount) else { return .nan }
            sum -= PortableMath.log(clipped(probabilities[row * classCount + label]))
        }
        return sum / Double(labels.count)
    }

    /// Area under the ROC curve of `scores` for labels equal to 1 against all others, tied scores
    /// counting one half (Mann–Whitney U); NaN when a class is absent or a score is NaN.
    public static func auc(_ labels: UnsafeBufferPointer<Double>, _ scores: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == scores.count else { return .nan }
        var positives: [Double] = []
        var negatives: [Double] = []
        for row in 0..<labels.count {
            let score = scores[row]
            if score.isNaN { return .nan }
            if labels[row] == 1 { positives.append(score) } else { negatives.append(score) }
        }
        return separation(positives: &positives, negatives: &negatives)
    }

    /// Macro average over classes of the one-vs-rest AUC (scikit-learn's `multi_class="ovr"`);
    /// NaN when a class is absent.
    public static func multiclassAUC(
        _ labels: UnsafeBufferPointer<Double>, probabilities: UnsafeBufferPointer<Double>, classCount: Int
    ) -> Double {
        guard classCount > 1, probabilities.count == labels.count * classCount else { return .nan }
        var sum = 0.0
        var positives: [Double] = []
        var negatives: [Double] = []
        for target in 0..<classCount {
            positives.removeAll(keepingCapacity: true)
            negatives.removeAll(keepingCapacity: true)
            for row in 0..<labels.count {
                let score = probabilities[row * classCount + target]
                if score.isNaN { return .nan }
                if labels[row] == Double(target) { positives.append(score) } else { negatives.append(score) }
            }
            sum += separation(positives: &positives, negatives: &negatives)
        }
        return sum / Double(classCount)
    }

    /// Fraction of rows whose predicted class (probability `> threshold` means 1, as XGBoost's
    /// `error`) differs from the 0/1 label.
    public static func errorRate(
        _ labels: UnsafeBufferPointer<Double>, _ probabilities: UnsafeBufferPointer<Double>, threshold: Double = 0.5
    ) -> Double {
        guard labels.count == probabilities.count, labels.count > 0 else { return .nan }
        var wrong = 0
        for row in 0..<labels.count {
            let predicted: Double = probabilities[row] > threshold ? 1 : 0
            if predicted != labels[row] { wrong += 1 }
        }
        return Double(wrong) / Double(labels.count)
    }

    /// Fraction of rows whose most probable class (the first on ties) differs from the label.
    public static func multiclassErrorRate(
        _ labels: UnsafeBufferPointer<Double>, probabilities: UnsafeBufferPointer<Double>, classCount: Int
    ) -> Double {
        guard classCount > 0, labels.count > 0, probabilities.count == labels.count * classCount else { return .nan }
        var wrong = 0
        for row in 0..<labels.count {
            if Double(argmax(probabilities, row: row, classCount: classCount)) != labels[row] { wrong += 1 }
        }
        return Double(wrong) / Double(labels.count)
    }

    /// The score `metric` names: predictions are values for regression, probabilities of class 1
    /// for binary models and row-major class probabilities when `classCount > 1`.
    public static func value(
        of metric: Metric, labels: UnsafeBufferPointer<Double>, predictions: UnsafeBufferPointer<Double>, classCount: Int
    ) -> Double {
        let multiclass = classCount > 1
        switch metric {
        case .rmse: return rmse(labels, predictions)
        case .mae: return mae(labels, predictions)
        case .logloss:
            return multiclass
                ? multiclassLogloss(labels, probabilities: predictions, classCount: classCount)
                : logloss(labels, predictions)
        case .auc:
            return multiclass
                ? multiclassAUC(labels, probabilities: predictions, classCount: classCount)
                : auc(labels, predictions)
        case .error:
            return multiclass
                ? multiclassErrorRate(labels, probabilities: predictions, classCount: classCount)
                : errorRate(labels, predictions)
        }
    }

    /// Index of the largest of the `classCount` values of `row` (the first one on ties).
    @inlinable
    public static func argmax(_ values: UnsafeBufferPointer<Double>, row: Int, classCount: Int) -> Int {
        guard classCount > 1 else { return 0 }
        let start = row * classCount
        var best = 0
        var bestValue = values[start]
        for k in 1..<classCount where values[start + k] > bestValue {
            best = k
            bestValue = values[start + k]
        }
        return best
    }

    private static func clipped(_ p: Double) -> Double {
        // `min`/`max` keep NaN out of the way only one way round; a NaN probability stays NaN.
        if p < probabilityFloor { return probabilityFloor }
        if p > 1 - probabilityFloor { return 1 - probabilityFloor }
        return p
    }

    private static func classIndex(_ label: Double, classCount: Int) -> Int? {
        guard label >= 0, label < Double(classCount), label == label.rounded(.towardZero) else { return nil }
        return Int(label)
    }

    /// P(score of a positive > score of a negative) + ½ P(equal), by sorting both sides and
    /// walking them together; exact in integers until the final division.
    private static func separation(positives: inout [Double], negatives: inout [Double]) -> Double {
        guard !positives.isEmpty, !negatives.isEmpty else { return .nan }
        // Radix sort: no NaN reaches here, and -0.0 becoming +0.0 changes no comparison.
        SampleSort.sort(&positives)
        SampleSort.sort(&negatives)
        var below = 0
        var twiceWins = 0
        var index = 0
        while index < positives.count {
            let score = positives[index]
            var sameScore = 1
            while index + sameScore < positives.count && positives[index + sameScore] == score { sameScore += 1 }
            while below < negatives.count && negatives[below] < score { below += 1 }
            var equal = 0
            while below + equal < negatives.count && negatives[below + equal] == score { equal += 1 }
            twiceWins += sameScore * (2 * below + equal)
            index += sameScore
        }
        return Double(twiceWins) / (2 * Double(positives.count) * Double(negatives.count))
    }
}
