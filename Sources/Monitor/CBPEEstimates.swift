/// CBPE's estimated metrics: the expected confusion matrix of a chunk under its calibrated
/// probabilities, and the metrics read from it.
enum CBPEEstimates {
    /// The expected confusion matrix over rows with both `p` and the prediction present:
    /// `TP = Σ_{ŷ=1} p`, `FP = Σ_{ŷ=1} (1 − p)`, `FN = Σ_{ŷ=0} p`, `TN = Σ_{ŷ=0} (1 − p)`, each
    /// NumPy-summed over all those rows (zeros where the condition fails), as NannyML sums them.
    static func expectedConfusion(
        probabilities p: [Double], predictions: [Double], range: Range<Int>
    ) -> (tp: Double, fp: Double, fn: Double, tn: Double, rows: Int) {
        var tp: [Double] = []
        var fp: [Double] = []
        var fn: [Double] = []
        var tn: [Double] = []
        tp.reserveCapacity(range.count)
        fp.reserveCapacity(range.count)
        fn.reserveCapacity(range.count)
        tn.reserveCapacity(range.count)
        for i in range where !p[i].isNaN && !predictions[i].isNaN {
            let positive = predictions[i] == 1
            tp.append(positive ? p[i] : 0)
            fp.append(positive ? 1 - p[i] : 0)
            fn.append(positive ? 0 : p[i])
            tn.append(positive ? 0 : 1 - p[i])
        }
        return (NumPySum.sum(tp), NumPySum.sum(fp), NumPySum.sum(fn), NumPySum.sum(tn), tp.count)
    }

    /// An estimated binary metric (not ROC AUC) from the expected confusion matrix; a rate whose
    /// denominator is 0 is 0 (NannyML). NaN when no row has both inputs.
    static func binary(
        _ metric: PerformanceMetric, component: Int, probabilities: [Double], predictions: [Double], range: Range<Int>
    ) -> Double {
        let m = expectedConfusion(probabilities: probabilities, predictions: predictions, range: range)
        if m.rows == 0 { return .nan }
        func rate(_ numerator: Double, _ denominator: Double) -> Double { denominator != 0 ? numerator / denominator : 0 }
        switch metric {
        case .f1: return rate(m.tp, m.tp + 0.5 * (m.fp + m.fn))
        case .precision: return rate(m.tp, m.tp + m.fp)
        case .recall: return rate(m.tp, m.tp + m.fn)
        case .specificity: return rate(m.tn, m.tn + m.fp)
        case .accuracy: return (m.tp + m.tn) / Double(m.rows)
        case .confusionMatrix:
            // NannyML: mean of the cell's per-row values times the row count.
            let n = Double(m.rows)
            return [m.tp, m.tn, m.fp, m.fn][component] / n * n
        default: return .nan
        }
    }

    /// NannyML's estimated ROC AUC.
    ///
    /// Rows are ordered by the uncalibrated score, descending (NumPy's ascending argsort reversed;
    /// here a stable sort, so tied rows come in reverse row order). Walking them with the
    /// calibrated `p`, `TP_k = Σ_{j<k} p_j` and `FP_k = k − TP_k`; NannyML surprise: both are
    /// rounded to 5 decimals (half to even) before normalising by their totals, then the area under
    /// (FPR, TPR) is the trapezoid sum. In binary CBPE tied scores share one calibrated value, so
    /// their order cannot matter; in multiclass the renormalised probabilities of tied rows differ
    /// and the tie order shifts the estimate slightly (~1e-5).
    static func rocAUC(calibrated: [Double], uncalibrated: [Double], range: Range<Int>) -> Double {
        var p: [Double] = []
        var s: [Double] = []
        for i in range where !calibrated[i].isNaN && !uncalibrated[i].isNaN {
            p.append(calibrated[i])
            s.append(uncalibrated[i])
        }
        let n = p.count
        if n == 0 { return .nan }
        let order = DoubleRadixSort.order(s)
        var tps = [Double](repeating: 0, count: n + 1)
        var fps = [Double](repeating: 0, count: n + 1)
        var running = 0.0
        for k in 0..<n {
            running += p[order[n - 1 - k]]
            tps[k + 1] = round5(running)
            fps[k + 1] = round5(Double(k + 1) - running)
        }
        let tpTotal = tps[n]
        let fpTotal = fps[n]
        var terms = [Double](repeating: 0, count: n)
        var decreasing = false
        for k in 0..<n {
            let dx = fps[k + 1] / fpTotal - fps[k] / fpTotal
            if dx < 0 { decreasing = true }
            terms[k] = dx * (tps[k + 1] / tpTotal + tps[k] / tpTotal) / 2.0
        }
        if decreasing { return .nan }
        return NumPySum.sum(terms)
    }

    /// `numpy.round(x, 5)`: x·10⁵ rounded half to even, divided back.
    @inline(__always) static func round5(_ x: Double) -> Double {
        (x * 100_000.0).rounded(.toNearestOrEven) / 100_000.0
    }
}
