/// The calibrated probabilities of one frame and CBPE's per-chunk estimates over them.
struct CBPEChunkEstimates: Sendable {
    /// Binary: the calibrated score, the raw score and the 0/1 prediction.
    /// Multiclass: per class the calibrated, renormalised probability and the raw one, and the
    /// predicted class index (-1 for null).
    enum Probabilities: Sendable {
        case binary(calibrated: [Double], raw: [Double], predictions: [Double])
        case multiclass(calibrated: [[Double]], raw: [[Double]], predictions: [Int32])
    }

    let probabilities: Probabilities

    /// Calibrates `data`'s scores with `calibrators` (nil: left as they are).
    ///
    /// Multiclass: after calibrating each class column every row is renormalised to sum to 1 (a row
    /// summing to 0 gets 1/K per class), whether or not any class was calibrated (NannyML).
    init(data: PerformanceData, calibrators: [IsotonicCalibrator?]) {
        switch data {
        case .binary(let outputs):
            let raw = outputs.scores ?? []
            let calibrated = calibrators.first.flatMap { $0 }?.calibrate(raw) ?? raw
            probabilities = .binary(calibrated: calibrated, raw: raw, predictions: outputs.predictions ?? [])
        case .multiclass(let outputs):
            let k = outputs.probabilities.count
            var calibrated: [[Double]] = []
            for c in 0..<k {
                let raw = outputs.probabilities[c]
                calibrated.append(c < calibrators.count ? calibrators[c]?.calibrate(raw) ?? raw : raw)
            }
            let n = outputs.predictions.count
            for i in 0..<n {
                var sum = 0.0
                for c in 0..<k { sum += calibrated[c][i] }
                for c in 0..<k { calibrated[c][i] = sum != 0 ? calibrated[c][i] / sum : 1 / Double(k) }
            }
            probabilities = .multiclass(calibrated: calibrated, raw: outputs.probabilities, predictions: outputs.predictions)
        case .regression:
            probabilities = .binary(calibrated: [], raw: [], predictions: [])
        }
    }

    /// The estimate of `metric` (component) over `range`; NaN when no row has the inputs.
    func value(_ metric: PerformanceMetric, component: Int, range: Range<Int>) -> Double {
        switch probabilities {
        case .binary(let calibrated, let raw, let predictions):
            if metric == .rocAUC { return CBPEEstimates.rocAUC(calibrated: calibrated, uncalibrated: raw, range: range) }
            return CBPEEstimates.binary(
                metric, component: component, probabilities: calibrated, predictions: predictions, range: range)
        case .multiclass(let calibrated, let raw, let predictions):
            let rows = completeRows(metric, range: range)
            if rows.isEmpty { return .nan }
            let k = calibrated.count
            if metric == .accuracy {
                // The mean calibrated probability of the predicted class.
                var chosen = [Double](repeating: 0, count: rows.count)
                for (j, i) in rows.enumerated() { chosen[j] = calibrated[Int(predictions[i])][i] }
                return NumPySum.mean(chosen)
            }
            var perClass: [Double] = []
            var p = [Double](repeating: 0, count: rows.count)
            var second = [Double](repeating: 0, count: rows.count)
            for c in 0..<k {
                for (j, i) in rows.enumerated() {
                    p[j] = calibrated[c][i]
                    second[j] = metric == .rocAUC ? raw[c][i] : (predictions[i] == Int32(c) ? 1 : 0)
                }
                if metric == .rocAUC {
                    perClass.append(CBPEEstimates.rocAUC(calibrated: p, uncalibrated: second, range: 0..<rows.count))
                } else {
                    perClass.append(
                        CBPEEstimates.binary(metric, component: 0, probabilities: p, predictions: second, range: 0..<rows.count))
                }
            }
            // The macro average of the one-vs-rest estimates.
            return NumPySum.mean(perClass)
        }
    }

    /// The rows a sampling error counts: scores (and, except for ROC AUC, the prediction) present.
    func rowCount(_ metric: PerformanceMetric, range: Range<Int>) -> Int {
        switch probabilities {
        case .binary(let calibrated, _, let predictions):
            var count = 0
            for i in range where !calibrated[i].isNaN && (metric == .rocAUC || !predictions[i].isNaN) { count += 1 }
            return count
        case .multiclass:
            return completeRows(metric, range: range).count
        }
    }

    /// Multiclass rows with every class probability present (calibrated and raw) and, except for
    /// ROC AUC, a prediction.
    func completeRows(_ metric: PerformanceMetric, range: Range<Int>) -> [Int] {
        guard case .multiclass(let calibrated, let raw, let predictions) = probabilities else { return [] }
        var rows: [Int] = []
        rows.reserveCapacity(range.count)
        for i in range {
            if metric != .rocAUC && predictions[i] < 0 { continue }
            var complete = true
            for c in 0..<calibrated.count where calibrated[c][i].isNaN || raw[c][i].isNaN { complete = false }
            if complete { rows.append(i) }
        }
        return rows
    }
}
