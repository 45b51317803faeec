/// NannyML's sampling-error model for classification metrics: per metric a standard deviation
/// `s` and a fraction `f` computed once on the reference set, then `SE = s / sqrt(n · f)` for a
/// chunk of `n` rows (accuracy `s / sqrt(n)`).
///
/// Each `s` is the NumPy population std of a per-row indicator over the rows that matter: for
/// precision 1 for TP and 0 for FP over predicted positives; recall TP/FN over actual positives;
/// specificity TN/FP over actual negatives; F1 `c` for TP and 0 for FP and FN with
/// `c = (TP+FP+FN) / (TP + (FP+FN)/2)`; accuracy "correct" over all rows.
struct BinarySamplingErrors: Sendable {
    /// `(s, f)` per metric.
    var components: [PerformanceMetric: (deviation: Double, fraction: Double)] = [:]
    /// Confusion-matrix cells TP, TN, FP, FN: std of the cell's indicator over all rows.
    var confusionDeviations: [Double] = []

    /// Components from reference labels, predictions and raw scores (NaN rows left out per metric).
    init(labels: [Double], predictions: [Double]?, scores: [Double]?) {
        if let scores {
            var y: [Double] = []
            var s: [Double] = []
            for i in 0..<labels.count where !labels[i].isNaN && !scores[i].isNaN {
                y.append(labels[i])
                s.append(scores[i])
            }
            components[.rocAUC] = BinarySamplingErrors.rocAUCComponents(labels: y, scores: s, variance: false)
        }
        guard let predictions else { return }
        let c = BinaryConfusion(labels: labels, predictions: predictions, range: 0..<labels.count)
        let n = Double(c.count)
        let tp = c.truePositives
        let fp = c.falsePositives
        let fn = c.falseNegatives
        let tn = c.trueNegatives
        let relevant = tp + fp + fn
        if relevant > 0 {
            let factor = Double(relevant) / (Double(fn + fp) * 0.5 + Double(tp))
            components[.f1] = (BinarySamplingErrors.deviation([(factor, tp), (0, fn + fp)]), Double(relevant) / n)
        } else {
            components[.f1] = (.nan, 0)
        }
        components[.precision] = (BinarySamplingErrors.deviation([(1, tp), (0, fp)]), Double(tp + fp) / n)
        components[.recall] = (BinarySamplingErrors.deviation([(1, tp), (0, fn)]), Double(tp + fn) / n)
        components[.specificity] = (BinarySamplingErrors.deviation([(1, tn), (0, fp)]), Double(tn + fp) / n)
        var correct: [Double] = []
        correct.reserveCapacity(c.count)
        for i in 0..<labels.count where !labels[i].isNaN && !predictions[i].isNaN {
            correct.append(labels[i] == predictions[i] ? 1 : 0)
        }
        components[.accuracy] = (NumPySum.standardDeviation(correct), 1)
        let total = c.count
        confusionDeviations = [tp, tn, fp, fn].map { cell in
            BinarySamplingErrors.deviation([(1, cell), (0, total - cell)])
        }
    }

    /// The sampling error of `metric` (confusion-matrix `component`) for a chunk of `n` rows.
    func error(_ metric: PerformanceMetric, component: Int, rows n: Int) -> Double {
        if n == 0 { return .nan }
        let size = Double(n)
        if metric == .confusionMatrix {
            guard component < confusionDeviations.count else { return .nan }
            // NannyML: (std / sqrt(n)) · n for an unnormalised count.
            return confusionDeviations[component] / size.squareRoot() * size
        }
        guard let (deviation, fraction) = components[metric] else { return .nan }
        if metric == .accuracy { return deviation / size.squareRoot() }
        return deviation / (size * fraction).squareRoot()
    }

    /// NumPy's population std (or variance) of a vector of `count` copies of each value, in order.
    static func deviation(_ runs: [(value: Double, count: Int)], variance: Bool = false) -> Double {
        var values: [Double] = []
        values.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for run in runs { values.append(contentsOf: repeatElement(run.value, count: run.count)) }
        return variance ? NumPySum.variance(values) : NumPySum.standardDeviation(values)
    }

    /// NannyML's ROC AUC components `(s, f)` (binary: std; multiclass per class: variance).
    ///
    /// If more than half the labels are 1, labels and scores are flipped. The rows are ranked by
    /// score ascending; for the j-th positive at rank r_j the share of negatives ranked below it is
    /// `(r_j − j) / N_neg`, and `s` is their std, `f = N_pos / N`.
    /// NannyML surprises: a positive at rank 0 is dropped (an artefact of its code), and ties are
    /// ranked by NumPy's unstable sort, so `s` depends on tie order. Here ties keep row order (a
    /// stable sort); on the car loan data that gives 0.0905620 where NannyML got 0.0906652.
    static func rocAUCComponents(labels: [Double], scores: [Double], variance: Bool) -> (deviation: Double, fraction: Double) {
        let n = labels.count
        if n == 0 { return (.nan, 0) }
        var positives = 0.0
        for y in labels { positives += y }
        let flip = positives / Double(n) > 0.5
        var y = labels
        var s = scores
        if flip {
            for i in 0..<n {
                y[i] = abs(y[i] - 1)
                s[i] = 1 - s[i]
            }
        }
        let order = DoubleRadixSort.order(s)
        var shares: [Double] = []
        var positivePositions = 0
        var positiveCount = 0
        for rank in 0..<n where y[order[rank]] == 1 {
            positiveCount += 1
            if rank == 0 { continue }
            shares.append(Double(rank - positivePositions))
            positivePositions += 1
        }
        let negatives = Double(n - positiveCount)
        for i in 0..<shares.count { shares[i] /= negatives }
        let spread = variance ? NumPySum.variance(shares) : NumPySum.standardDeviation(shares)
        return (spread, Double(positiveCount) / Double(n))
    }
}

/// NannyML's multiclass sampling errors: per class one-vs-rest components `(variance, f)` as in the
/// binary case (F1's per-row value is 1, not `c`), combined as `SE = sqrt(Σ_c var_c / (n f_c)) / K`.
///
/// NannyML surprise: the ROC AUC sampling error carries an unexplained extra factor of 1.2.
/// Accuracy is `std(row correct) / sqrt(n)`.
struct MulticlassSamplingErrors: Sendable {
    var components: [PerformanceMetric: [(variance: Double, fraction: Double)]] = [:]
    var accuracyDeviation = Double.nan

    /// Components from reference class codes and raw class probabilities.
    init(labels: [Int32], predictions: [Int32], probabilities: [[Double]], metrics: [PerformanceMetric]) {
        let k = probabilities.count
        if metrics.contains(.rocAUC) {
            var perClass: [(Double, Double)] = []
            for c in 0..<k {
                var y: [Double] = []
                var s: [Double] = []
                for i in 0..<labels.count where labels[i] >= 0 && !probabilities[c][i].isNaN {
                    y.append(labels[i] == Int32(c) ? 1 : 0)
                    s.append(probabilities[c][i])
                }
                perClass.append(BinarySamplingErrors.rocAUCComponents(labels: y, scores: s, variance: true))
            }
            components[.rocAUC] = perClass
        }
        var rows: [Int] = []
        for i in 0..<labels.count where labels[i] >= 0 && predictions[i] >= 0 { rows.append(i) }
        let n = Double(rows.count)
        var f1: [(Double, Double)] = []
        var precision: [(Double, Double)] = []
        var recall: [(Double, Double)] = []
        var specificity: [(Double, Double)] = []
        for c in 0..<k {
            var tp = 0
            var fp = 0
            var fn = 0
            var tn = 0
            for i in rows {
                let actual = labels[i] == Int32(c)
                let predicted = predictions[i] == Int32(c)
                if actual && predicted { tp += 1 } else if predicted { fp += 1 } else if actual { fn += 1 } else { tn += 1 }
            }
            f1.append((BinarySamplingErrors.deviation([(1, tp), (0, fn + fp)], variance: true), Double(tp + fn + fp) / n))
            precision.append((BinarySamplingErrors.deviation([(1, tp), (0, fp)], variance: true), Double(tp + fp) / n))
            recall.append((BinarySamplingErrors.deviation([(1, tp), (0, fn)], variance: true), Double(tp + fn) / n))
            specificity.append((BinarySamplingErrors.deviation([(1, tn), (0, fp)], variance: true), Double(tn + fp) / n))
        }
        components[.f1] = f1
        components[.precision] = precision
        components[.recall] = recall
        components[.specificity] = specificity
        var correct: [Double] = []
        correct.reserveCapacity(rows.count)
        for i in rows { correct.append(labels[i] == predictions[i] ? 1 : 0) }
        accuracyDeviation = NumPySum.standardDeviation(correct)
    }

    /// The sampling error of `metric` for a chunk of `n` rows.
    func error(_ metric: PerformanceMetric, rows n: Int) -> Double {
        if n == 0 { return .nan }
        let size = Double(n)
        if metric == .accuracy { return accuracyDeviation / size.squareRoot() }
        guard let perClass = components[metric], !perClass.isEmpty else { return .nan }
        var terms: [Double] = []
        for (variance, fraction) in perClass { terms.append(variance / (size * fraction)) }
        let combined = NumPySum.sum(terms).squareRoot() / Double(perClass.count)
        return metric == .rocAUC ? combined * 1.2 : combined
    }
}
