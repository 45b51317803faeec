import Trees

/// Whether CBPE calibrates the scores before estimating.
public enum CalibrationPolicy: Sendable, Equatable {
    /// NannyML's test: calibrate when isotonic calibration lowers the expected calibration error
    /// over 10 stratified 90/10 splits of the reference (see `CalibrationDecision`).
    case automatic
    /// Always calibrate (every class, for multiclass).
    case always
    /// Never calibrate.
    case never
    /// Calibrate exactly the listed classes (multiclass labels; for binary, any non-empty list
    /// means calibrate). Use it to pin NannyML's recorded decision when its random splits decided
    /// differently from ours.
    case classes([String])
}

/// NannyML's `needs_calibration`, with deterministic splits.
///
/// Do not calibrate when the labels hold one class or the reference ROC AUC exceeds 0.999.
/// Otherwise make 10 stratified splits holding out 10% of the rows, fit an isotonic calibrator on
/// each 90%, calibrate the held-out 10%, and compare the expected calibration error (10 equal-count
/// bins by position after sorting by the probability) of the raw and calibrated held-out scores:
/// calibrate iff the raw error is larger.
/// NannyML draws its splits from NumPy's random generator (seed 42) and sorts with NumPy's unstable
/// sort, neither of which can be reproduced; here splits come from SplitMix64 (seed 42) and the
/// sort is stable. The decision is the same whenever the two errors are not within noise of each
/// other (car loan: 0.0276 against 0.0031), but can flip when they are.
enum CalibrationDecision {
    /// Whether to calibrate `scores` against 0/1 `labels` (complete, same length); `order` is the
    /// rows by ascending score when the caller has it.
    static func needsCalibration(labels: [Double], scores: [Double], order: [Int]? = nil) throws(MonitorError) -> Bool {
        let n = labels.count
        var positives = 0
        for y in labels where y == 1 { positives += 1 }
        let negatives = n - positives
        if positives == 0 || negatives == 0 { return false }
        let auc = labels.withUnsafeBufferPointer { yb in scores.withUnsafeBufferPointer { Metrics.auc(yb, $0) } }
        if auc > 0.999 { return false }
        // scikit-learn refuses stratified splits of a class with fewer than 2 rows.
        if positives < 2 || negatives < 2 { return false }
        let testCount = (Double(n) * 0.1).rounded(.up)
        var positiveTest = Int((testCount * Double(positives) / Double(n)).rounded())
        positiveTest = min(max(positiveTest, 1), positives - 1)
        var negativeTest = Int(testCount) - positiveTest
        negativeTest = min(max(negativeTest, 1), negatives - 1)
        var positiveRows: [Int] = []
        var negativeRows: [Int] = []
        positiveRows.reserveCapacity(positives)
        negativeRows.reserveCapacity(negatives)
        for i in 0..<n {
            if labels[i] == 1 { positiveRows.append(i) } else { negativeRows.append(i) }
        }
        // One sort serves all ten fits: each skips the rows its split holds out.
        let ascending = order ?? DoubleRadixSort.order(scores)
        var generator = SplitMix64(seed: 42)
        let heldPerSplit = positiveTest + negativeTest
        var heldLabels = [Double](repeating: 0, count: 10 * heldPerSplit)
        var heldRaw = [Double](repeating: 0, count: 10 * heldPerSplit)
        var heldCalibrated = [Double](repeating: 0, count: 10 * heldPerSplit)
        var heldIn = [Int32](repeating: -1, count: n)
        var test = [Int](repeating: 0, count: heldPerSplit)
        for split in 0..<10 {
            try MonitorError.checkInterrupt()
            generator.shuffle(&positiveRows)
            generator.shuffle(&negativeRows)
            for j in 0..<positiveTest { test[j] = positiveRows[j] }
            for j in 0..<negativeTest { test[positiveTest + j] = negativeRows[j] }
            generator.shuffle(&test)
            for row in test { heldIn[row] = Int32(split) }
            let calibrator = IsotonicCalibrator(
                scores: scores, targets: labels, ascending: ascending, skipping: heldIn, mark: Int32(split))
            for (j, row) in test.enumerated() {
                let slot = split * heldPerSplit + j
                heldLabels[slot] = labels[row]
                heldRaw[slot] = scores[row]
                heldCalibrated[slot] = calibrator.calibrate(scores[row])
            }
        }
        let before = expectedCalibrationError(labels: heldLabels, probabilities: heldRaw)
        let after = expectedCalibrationError(labels: heldLabels, probabilities: heldCalibrated)
        return before > after
    }

    /// NannyML's ECE: rows sorted by probability, cut by position into 10 bins of `M / 10` rows
    /// (the last takes the rest; `M / 2` bins when M ≤ 20), `Σ |bin|/M · |mean p − mean y|`.
    static func expectedCalibrationError(labels: [Double], probabilities: [Double]) -> Double {
        let m = labels.count
        var bins = 10
        if m <= 2 * bins { bins = m / 2 }
        if bins < 2 { return .nan }
        let width = m / bins
        var edges = Array(stride(from: 0, through: m, by: width))
        edges[edges.count - 1] = m
        let order = DoubleRadixSort.order(probabilities)
        var terms: [Double] = []
        var p: [Double] = []
        var y: [Double] = []
        for b in 0..<(edges.count - 1) {
            p.removeAll(keepingCapacity: true)
            y.removeAll(keepingCapacity: true)
            for position in edges[b]..<edges[b + 1] {
                p.append(probabilities[order[position]])
                y.append(labels[order[position]])
            }
            terms.append(Double(p.count) / Double(m) * abs(NumPySum.mean(p) - NumPySum.mean(y)))
        }
        return NumPySum.sum(terms)
    }
}

/// Sebastiano Vigna's SplitMix64: a small, documented, seedable generator, so calibration
/// decisions are the same on every machine and run.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by rejection to avoid modulo bias.
    mutating func next(below bound: Int) -> Int {
        let limit = UInt64(bound)
        while true {
            let value = next()
            // The rejection threshold 2^64 mod limit is below limit, so a value ≥ limit (all but
            // about limit / 2^64 of them) passes without the division that computes it.
            if value >= limit || value >= (0 &- limit) % limit { return Int(value % limit) }
        }
    }

    /// Fisher-Yates shuffle.
    mutating func shuffle(_ values: inout [Int]) {
        if values.count < 2 { return }
        values.withUnsafeMutableBufferPointer { values in
            for i in stride(from: values.count - 1, to: 0, by: -1) {
                let j = next(below: i + 1)
                values.swapAt(i, j)
            }
        }
    }
}
