import Trees

/// Realized classification metrics of one chunk as NannyML computes them (scikit-learn's
/// definitions plus NannyML's NaN rules). NaN means "cannot be computed here".
enum RealizedClassification {
    /// The realized value of `metric` (component `component` of the confusion matrix) over `range`.
    ///
    /// NaN rules (NannyML): no rows with the needed values present; for ROC AUC one class in the
    /// labels; for F1, precision and recall one class in the labels or in the predictions;
    /// specificity when TN + FP = 0 or only one class occurs at all (scikit-learn's confusion
    /// matrix then has one cell).
    static func binary(
        _ metric: PerformanceMetric, component: Int, _ data: BinaryOutputs, _ range: Range<Int>
    ) -> Double {
        guard let labels = data.labels else { return .nan }
        if metric == .rocAUC {
            guard let scores = data.scores else { return .nan }
            var y: [Double] = []
            var s: [Double] = []
            for i in range where !labels[i].isNaN && !scores[i].isNaN {
                y.append(labels[i])
                s.append(scores[i])
            }
            // Metrics.auc counts ties as one half (Mann-Whitney), as roc_auc_score does; NaN for one class.
            return y.withUnsafeBufferPointer { yb in s.withUnsafeBufferPointer { Metrics.auc(yb, $0) } }
        }
        guard let predictions = data.predictions else { return .nan }
        let c = BinaryConfusion(labels: labels, predictions: predictions, range: range)
        if c.count == 0 { return .nan }
        let tp = Double(c.truePositives)
        let fp = Double(c.falsePositives)
        let fn = Double(c.falseNegatives)
        let tn = Double(c.trueNegatives)
        switch metric {
        case .f1, .precision, .recall:
            if !c.labelsHaveBothClasses || !c.predictionsHaveBothClasses { return .nan }
            if metric == .f1 { return 2 * tp / (2 * tp + fp + fn) }
            return metric == .precision ? tp / (tp + fp) : tp / (tp + fn)
        case .specificity:
            // scikit-learn's unlabelled confusion matrix needs both classes among labels and predictions.
            let hasOne = tp + fn + fp > 0
            let hasZero = tn + fp + fn > 0
            if !(hasOne && hasZero) || tn + fp == 0 { return .nan }
            return tn / (tn + fp)
        case .accuracy: return (tp + tn) / Double(c.count)
        case .confusionMatrix: return [tp, tn, fp, fn][component]
        default: return .nan
        }
    }

    /// The number of rows a binary metric's sampling error counts (rows with its inputs present).
    static func binaryRowCount(
        _ metric: PerformanceMetric, _ labels: [Double]?, _ predictions: [Double]?, _ scores: [Double]?, _ range: Range<Int>
    ) -> Int {
        let first = metric == .rocAUC ? scores : predictions
        var count = 0
        for i in range {
            if let labels, labels[i].isNaN { continue }
            if let first, first[i].isNaN { continue }
            count += 1
        }
        return count
    }

    /// Realized multiclass metrics: macro averages over the classes (scikit-learn `average="macro"`
    /// with every class as a label), ROC AUC one-vs-rest on the raw probabilities.
    ///
    /// NaN rules (NannyML): ROC AUC when the chunk's labels miss a class; the others when the labels
    /// or the predictions hold a single class; specificity when a class has TN + FP = 0.
    static func multiclass(_ metric: PerformanceMetric, _ data: MulticlassOutputs, _ range: Range<Int>) -> Double {
        guard let labels = data.labels else { return .nan }
        let k = data.probabilities.count
        if metric == .rocAUC {
            var rows: [Int] = []
            for i in range where labels[i] >= 0 {
                var complete = true
                for c in 0..<k where data.probabilities[c][i].isNaN { complete = false }
                if complete { rows.append(i) }
            }
            var seen = [Bool](repeating: false, count: k)
            for i in rows { seen[Int(labels[i])] = true }
            if rows.isEmpty || seen.contains(false) { return .nan }
            var scores: [Double] = []
            var y = [Double](repeating: 0, count: rows.count)
            var s = [Double](repeating: 0, count: rows.count)
            for c in 0..<k {
                for (j, i) in rows.enumerated() {
                    y[j] = labels[i] == Int32(c) ? 1 : 0
                    s[j] = data.probabilities[c][i]
                }
                scores.append(y.withUnsafeBufferPointer { yb in s.withUnsafeBufferPointer { Metrics.auc(yb, $0) } })
            }
            return NumPySum.mean(scores)
        }
        // Confusion counts over rows with both label and prediction.
        var matrix = [Int](repeating: 0, count: k * k)
        var n = 0
        for i in range {
            let y = Int(labels[i])
            let p = Int(data.predictions[i])
            if y < 0 || p < 0 { continue }
            matrix[y * k + p] += 1
            n += 1
        }
        if n == 0 { return .nan }
        var labelClasses = 0
        var predictionClasses = 0
        for c in 0..<k {
            var actual = 0
            var predicted = 0
            for other in 0..<k {
                actual += matrix[c * k + other]
                predicted += matrix[other * k + c]
            }
            if actual > 0 { labelClasses += 1 }
            if predicted > 0 { predictionClasses += 1 }
        }
        if labelClasses <= 1 || predictionClasses <= 1 { return .nan }
        if metric == .accuracy {
            var correct = 0
            for c in 0..<k { correct += matrix[c * k + c] }
            return Double(correct) / Double(n)
        }
        var perClass: [Double] = []
        for c in 0..<k {
            var actual = 0
            var predicted = 0
            for other in 0..<k {
                actual += matrix[c * k + other]
                predicted += matrix[other * k + c]
            }
            let tp = Double(matrix[c * k + c])
            let fp = Double(predicted) - tp
            let fn = Double(actual) - tp
            let tn = Double(n) - tp - fp - fn
            switch metric {
            case .f1: perClass.append(2 * tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn))
            case .precision: perClass.append(tp + fp == 0 ? 0 : tp / (tp + fp))
            case .recall: perClass.append(tp + fn == 0 ? 0 : tp / (tp + fn))
            case .specificity: perClass.append(tn + fp == 0 ? .nan : tn / (tn + fp))
            default: return .nan
            }
        }
        return NumPySum.mean(perClass)
    }
}
