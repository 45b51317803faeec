/// Scores of predicted classes (not probabilities) against labels, as scikit-learn defines them.
extension Metrics {
    /// How precision, recall and F1 summarise the classes.
    public enum Averaging: String, Sendable, Equatable {
        /// The score of class 1 alone (scikit-learn's `pos_label=1`).
        case binary
        /// The unweighted mean of every class's one-vs-rest score, classes being those seen in
        /// labels or predictions.
        case macro
    }

    /// Fraction of rows whose predicted class equals the label.
    public static func accuracy(_ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        var correct = 0
        for row in 0..<labels.count where labels[row] == predictions[row] {
            correct += 1
        }
        return Double(correct) / Double(labels.count)
    }

    /// TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's `zero_division`
    /// default, which warns and returns 0).
    public static func precision(
        _ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>, averaging: Averaging = .binary
    ) -> Double {
        score(labels, predictions, averaging) { tp, fp, _ in ratio(tp, tp + fp) }
    }

    /// TP / (TP + FN); 0 when no row is actually positive.
    public static func recall(
        _ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>, averaging: Averaging = .binary
    ) -> Double {
        score(labels, predictions, averaging) { tp, _, fn in ratio(tp, tp + fn) }
    }

    /// Harmonic mean of precision and recall, 2TP / (2TP + FP + FN); 0 when that is 0 / 0.
    public static func f1(
        _ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>, averaging: Averaging = .binary
    ) -> Double {
        score(labels, predictions, averaging) { tp, fp, fn in ratio(2 * tp, 2 * tp + fp + fn) }
    }

    /// The confusion matrix of predicted classes against labels.
    public static func confusionMatrix(
        _ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>
    ) -> ConfusionMatrix {
        ConfusionMatrix(labels: labels, predictions: predictions)
    }

    /// Applies `perClass` (called once per class, not per row) to class 1, or averages it over
    /// every class.
    private static func score(
        _ labels: UnsafeBufferPointer<Double>, _ predictions: UnsafeBufferPointer<Double>, _ averaging: Averaging,
        _ perClass: (Int, Int, Int) -> Double
    ) -> Double {
        guard labels.count == predictions.count, labels.count > 0 else { return .nan }
        switch averaging {
        case .binary:
            var truePositives = 0
            var falsePositives = 0
            var falseNegatives = 0
            for row in 0..<labels.count {
                let actual = labels[row] == 1
                let predicted = predictions[row] == 1
                if actual && predicted {
                    truePositives += 1
                } else if predicted {
                    falsePositives += 1
                } else if actual {
                    falseNegatives += 1
                }
            }
            return perClass(truePositives, falsePositives, falseNegatives)
        case .macro:
            let matrix = ConfusionMatrix(labels: labels, predictions: predictions)
            guard matrix.classCount > 0 else { return .nan }
            var sum = 0.0
            for k in 0..<matrix.classCount {
                let outcome = matrix.outcomes(ofClass: k)
                sum += perClass(outcome.truePositives, outcome.falsePositives, outcome.falseNegatives)
            }
            return sum / Double(matrix.classCount)
        }
    }

    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}
