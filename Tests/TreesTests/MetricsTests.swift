import Foundation
import Testing
@testable import Trees
import TestSupport

@Suite("Metrics")
struct MetricsTests {
    @Test("regression scores match hand-computed values")
    func regressionByHand() {
        let labels: [Double] = [1, 2, 3]
        let predictions: [Double] = [1, 2, 5]
        #expect(scored(labels, predictions, Metrics.rmse) == (4.0 / 3.0).squareRoot())
        #expect(scored(labels, predictions, Metrics.mae) == 2.0 / 3.0)
        #expect(scored(labels, predictions, Metrics.r2) == -1)
        #expect(abs(scored(labels, predictions, Metrics.mape) - 2.0 / 9.0) < 1e-15)
        #expect(scored([3, 3], [3, 3], Metrics.r2) == 1)
        #expect(scored([3, 3], [3, 4], Metrics.r2) == 0)
        #expect(scored([0], [1], Metrics.mape) == 1 / Double.ulpOfOne)
    }

    @Test("empty or mismatched buffers give NaN")
    func degenerateInputs() {
        #expect(scored([], [], Metrics.rmse).isNaN)
        #expect(scored([1, 2], [1], Metrics.mae).isNaN)
        #expect(scored([], [], Metrics.logloss).isNaN)
        #expect(scored([], [], Metrics.accuracy).isNaN)
        #expect(scored([1], [1, 2], Metrics.auc).isNaN)
    }

    @Test("binary logloss, clipping and error rate")
    func binaryProbabilities() {
        let expected = -(log(0.8) + log(0.7)) / 2
        #expect(abs(scored([1, 0], [0.8, 0.3], Metrics.logloss) - expected) < 1e-15)
        #expect(abs(scored([1], [0], Metrics.logloss) - -log(1e-15)) < 1e-9)
        #expect(abs(scored([0], [1], Metrics.logloss) - -log(1e-15)) < 1e-2)
        #expect(scored([1, 0, 1, 0], [0.9, 0.6, 0.5, 0.1], { Metrics.errorRate($0, $1) }) == 0.5)
        #expect(scored([1, 0], [0.7, 0.7], { Metrics.errorRate($0, $1, threshold: 0.8) }) == 0.5)
    }

    @Test("multiclass logloss and error rate")
    func multiclassProbabilities() {
        let labels: [Double] = [0, 2, 1]
        let probabilities: [Double] = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.4, 0.4, 0.2]
        let loss = scored(labels, probabilities) { Metrics.multiclassLogloss($0, probabilities: $1, classCount: 3) }
        #expect(abs(loss - -(log(0.7) + log(0.6) + log(0.4)) / 3) < 1e-15)
        // Row 2 ties classes 0 and 1: the first wins, so it counts as wrong.
        let error = scored(labels, probabilities) { Metrics.multiclassErrorRate($0, probabilities: $1, classCount: 3) }
        #expect(error == 1.0 / 3.0)
        let badLabel = scored([3], [0.2, 0.3, 0.5]) { Metrics.multiclassLogloss($0, probabilities: $1, classCount: 3) }
        #expect(badLabel.isNaN)
    }

    @Test("AUC by hand, with ties, and NaN for one class")
    func aucByHand() {
        #expect(scored([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], Metrics.auc) == 0.75)
        #expect(scored([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], Metrics.auc) == 0.875)
        #expect(scored([1, 1, 0, 0], [0.3, 0.3, 0.3, 0.3], Metrics.auc) == 0.5)
        #expect(scored([1, 1], [0.2, 0.3], Metrics.auc).isNaN)
        #expect(scored([0, 1], [Double.nan, 0.3], Metrics.auc).isNaN)
    }

    @Test("precision, recall and F1 for the positive class and macro-averaged")
    func classificationByHand() {
        let labels: [Double] = [1, 1, 0, 0, 1]
        let predictions: [Double] = [1, 0, 1, 0, 1]
        #expect(scored(labels, predictions, Metrics.accuracy) == 0.6)
        #expect(scored(labels, predictions) { Metrics.precision($0, $1) } == 2.0 / 3.0)
        #expect(scored(labels, predictions) { Metrics.recall($0, $1) } == 2.0 / 3.0)
        #expect(scored(labels, predictions) { Metrics.f1($0, $1) } == 2.0 / 3.0)
        #expect(scored([1, 0], [0, 0]) { Metrics.precision($0, $1) } == 0)
        #expect(scored([0, 0], [0, 0]) { Metrics.recall($0, $1) } == 0)
        #expect(scored([0, 0], [0, 0]) { Metrics.f1($0, $1) } == 0)

        let classes: [Double] = [0, 1, 2, 2]
        let guesses: [Double] = [0, 2, 2, 1]
        #expect(scored(classes, guesses) { Metrics.precision($0, $1, averaging: .macro) } == 0.5)
        #expect(scored(classes, guesses) { Metrics.recall($0, $1, averaging: .macro) } == 0.5)
        #expect(scored(classes, guesses) { Metrics.f1($0, $1, averaging: .macro) } == 0.5)
    }

    @Test("confusion matrix sorts classes and counts (actual, predicted)")
    func confusionMatrix() {
        let labels: [Double] = [2, 0, 2, 5, .nan]
        let predictions: [Double] = [2, 2, 0, 7, 1]
        let matrix = labels.withUnsafeBufferPointer { a in
            predictions.withUnsafeBufferPointer { b in Metrics.confusionMatrix(a, b) }
        }
        #expect(matrix.classes == [0, 2, 5, 7])
        #expect(matrix.counts == [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(matrix.count(actual: 2, predicted: 3) == 1)
        #expect(matrix.total == 4)
        #expect(matrix.correct == 1)
    }

    @Test("value(of:) dispatches on the metric and the class count")
    func dispatch() {
        let labels: [Double] = [1, 0, 1]
        let probabilities: [Double] = [0.9, 0.4, 0.3]
        #expect(scored(labels, probabilities) { Metrics.value(of: .rmse, labels: $0, predictions: $1, classCount: 1) }
            == scored(labels, probabilities, Metrics.rmse))
        #expect(scored(labels, probabilities) { Metrics.value(of: .mae, labels: $0, predictions: $1, classCount: 1) }
            == scored(labels, probabilities, Metrics.mae))
        #expect(scored(labels, probabilities) { Metrics.value(of: .logloss, labels: $0, predictions: $1, classCount: 1) }
            == scored(labels, probabilities, Metrics.logloss))
        #expect(scored(labels, probabilities) { Metrics.value(of: .auc, labels: $0, predictions: $1, classCount: 1) } == 0.5)
        #expect(scored(labels, probabilities) { Metrics.value(of: .error, labels: $0, predictions: $1, classCount: 1) }
            == 1.0 / 3.0)
        let multi: [Double] = [0.1, 0.9, 0.8, 0.2, 0.4, 0.6]
        #expect(scored(labels, multi) { Metrics.value(of: .error, labels: $0, predictions: $1, classCount: 2) } == 0)
        #expect(scored(labels, multi) { Metrics.value(of: .auc, labels: $0, predictions: $1, classCount: 2) } == 1)
        #expect(scored(labels, multi) { Metrics.value(of: .logloss, labels: $0, predictions: $1, classCount: 2) }
            == scored(labels, multi) { Metrics.multiclassLogloss($0, probabilities: $1, classCount: 2) })
    }

    @Test("random data: every score equals a naive row-by-row reference", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func againstReference(seed: UInt64) {
        var random = UseTestRandom(seed: seed)
        let count = 1 + random.below(300)
        // Coarse scores so that ties are frequent.
        let labels = (0..<count).map { _ in Double(random.below(2)) }
        let scores = (0..<count).map { _ in Double(random.below(20)) / 20 }
        let values = (0..<count).map { _ in random.uniform(-5, 5) }
        let guesses = (0..<count).map { _ in random.uniform(-5, 5) }

        var squares = 0.0, absolutes = 0.0, percents = 0.0, mean = 0.0
        for row in 0..<count {
            squares += (values[row] - guesses[row]) * (values[row] - guesses[row])
            absolutes += abs(values[row] - guesses[row])
            percents += abs(guesses[row] - values[row]) / max(abs(values[row]), Double.ulpOfOne)
            mean += values[row]
        }
        mean /= Double(count)
        var spread = 0.0
        for value in values { spread += (value - mean) * (value - mean) }
        #expect(scored(values, guesses, Metrics.rmse) == (squares / Double(count)).squareRoot())
        #expect(scored(values, guesses, Metrics.mae) == absolutes / Double(count))
        #expect(scored(values, guesses, Metrics.mape) == percents / Double(count))
        #expect(scored(values, guesses, Metrics.r2) == 1 - squares / spread)

        // AUC: every (positive, negative) pair, ties counting one half.
        var wins = 0.0, pairs = 0.0
        for i in 0..<count where labels[i] == 1 {
            for j in 0..<count where labels[j] == 0 {
                pairs += 1
                if scores[i] > scores[j] { wins += 1 } else if scores[i] == scores[j] { wins += 0.5 }
            }
        }
        let auc = scored(labels, scores, Metrics.auc)
        if pairs == 0 { #expect(auc.isNaN) } else { #expect(auc == wins / pairs) }

        var loss = 0.0, wrong = 0.0
        for row in 0..<count {
            let p = min(max(scores[row], 1e-15), 1 - 1e-15)
            loss -= labels[row] * PortableMath.log(p) + (1 - labels[row]) * PortableMath.log(1 - p)
            if (scores[row] > 0.5 ? 1.0 : 0.0) != labels[row] { wrong += 1 }
        }
        #expect(scored(labels, scores, Metrics.logloss) == loss / Double(count))
        #expect(scored(labels, scores, { Metrics.errorRate($0, $1) }) == wrong / Double(count))

        // Classification counts over three classes against a per-class tally.
        let actual = (0..<count).map { _ in Double(random.below(3)) }
        let predicted = (0..<count).map { _ in Double(random.below(3)) }
        var precisions = 0.0, recalls = 0.0, f1s = 0.0, correct = 0.0
        for row in 0..<count where actual[row] == predicted[row] { correct += 1 }
        let present = (0..<3).filter { k in actual.contains(Double(k)) || predicted.contains(Double(k)) }
        for k in present {
            let c = Double(k)
            var tp = 0, fp = 0, fn = 0
            for row in 0..<count {
                if actual[row] == c && predicted[row] == c { tp += 1 }
                if actual[row] != c && predicted[row] == c { fp += 1 }
                if actual[row] == c && predicted[row] != c { fn += 1 }
            }
            precisions += tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            recalls += tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
            f1s += 2 * tp + fp + fn == 0 ? 0 : Double(2 * tp) / Double(2 * tp + fp + fn)
        }
        let classCount = Double(present.count)
        #expect(scored(actual, predicted, Metrics.accuracy) == correct / Double(count))
        #expect(scored(actual, predicted) { Metrics.precision($0, $1, averaging: .macro) } == precisions / classCount)
        #expect(scored(actual, predicted) { Metrics.recall($0, $1, averaging: .macro) } == recalls / classCount)
        #expect(scored(actual, predicted) { Metrics.f1($0, $1, averaging: .macro) } == f1s / classCount)
        let matrix = actual.withUnsafeBufferPointer { a in
            predicted.withUnsafeBufferPointer { b in Metrics.confusionMatrix(a, b) }
        }
        #expect(matrix.classes == present.map(Double.init))
        #expect(matrix.total == count)
    }
}
