/// The best split of a node, as found in its histogram.
struct SplitCandidate: Sendable {
    /// Loss reduction (XGBoost's un-halved convention); −inf when no valid split exists.
    var gain: Double = -.infinity
    var feature: Int = -1
    /// Rows with a value bin below `bin` go left.
    var bin: Int = 0
    /// Where the node's nulls go (meaningful when `nullsSeen`).
    var nullsLeft = false
    /// Whether the node has rows with a null in `feature`.
    var nullsSeen = false
    /// Fixed-point sums of the left child.
    var leftGradient: Int64 = 0
    var leftHessian: Int64 = 0

    /// True when this candidate should replace `other` as the best: a strictly larger gain, so that
    /// among equal gains the one scanned first wins (lower feature, lower bin, nulls right first).
    @inline(__always) func beats(_ other: SplitCandidate) -> Bool { gain > other.gain }
}

/// XGBoost's regularised second-order split gain and leaf weight.
///
/// With T(G) = sign(G)·max(|G| − α, 0), a node's weight is −T(G)/(H + λ) and its score
/// T(G)²/(H + λ); a split's gain is score(left) + score(right) − score(node), compared with γ
/// without XGBoost's paper's ½ (as its code does). A child needs H ≥ min_child_weight and H > 0.
struct SplitSearch: Sendable {
    let lambda: Double
    let alpha: Double
    let minChildWeight: Double
    let gradientUnit: Double
    let hessianUnit: Double

    /// Smallest gain that makes a split (XGBoost's kRtEps), before γ.
    static let minimumGain = 1e-6

    @inline(__always) func thresholded(_ g: Double) -> Double {
        if alpha == 0 { return g }
        if g > alpha { return g - alpha }
        if g < -alpha { return g + alpha }
        return 0
    }

    /// T(G)² / (H + λ), 0 when H + λ ≤ 0.
    @inline(__always) func score(_ g: Double, _ h: Double) -> Double {
        let denominator = h + lambda
        guard denominator > 0 else { return 0 }
        let t = thresholded(g)
        return t * t / denominator
    }

    /// −T(G) / (H + λ), 0 when H + λ ≤ 0 (never −0, which a model file would print as "-0").
    @inline(__always) func weight(_ g: Double, _ h: Double) -> Double {
        let denominator = h + lambda
        guard denominator > 0 else { return 0 }
        return -thresholded(g) / denominator + 0
    }

    /// The leaf weight of fixed-point sums.
    func weight(gradient: Int64, hessian: Int64) -> Double {
        weight(Double(gradient) * gradientUnit, Double(hessian) * hessianUnit)
    }

    /// The best split over `features` of a node with fixed-point sums (G, H) and histogram
    /// `histogram` (`countBits` is the packed layout's count width).
    func best<Entry: HistogramEntry>(
        histogram: UnsafePointer<Entry>, countBits: Int, features: UnsafeBufferPointer<Int32>,
        valueBinCounts: UnsafePointer<Int32>, gradient: Int64, hessian: Int64
    ) -> SplitCandidate {
        var best = SplitCandidate()
        let parentScore = score(Double(gradient) * gradientUnit, Double(hessian) * hessianUnit)
        for featureIndex in features {
            let feature = Int(featureIndex)
            let binCount = Int(valueBinCounts[feature])
            if binCount < 2 { continue }
            let bins = histogram + feature &<< 8
            let nulls = bins[255].sums(countBits: countBits)
            let nullsSeen = nulls.hessian != 0
            var leftG: Int64 = 0
            var leftH: Int64 = 0
            for bin in 0..<(binCount - 1) {
                let entry = bins[bin].sums(countBits: countBits)
                if entry.hessian == 0 { continue }  // empty: same partition as the previous, lower bin
                leftG &+= entry.gradient
                leftH &+= entry.hessian
                evaluate(
                    leftG, leftH, gradient, hessian, parentScore, feature: feature, bin: bin + 1,
                    nullsLeft: false, nullsSeen: nullsSeen, best: &best)
                if nullsSeen {
                    evaluate(
                        leftG &+ nulls.gradient, leftH &+ nulls.hessian, gradient, hessian, parentScore, feature: feature,
                        bin: bin + 1, nullsLeft: true, nullsSeen: true, best: &best)
                }
            }
        }
        return best
    }

    @inline(__always)
    private func evaluate(
        _ leftG: Int64, _ leftH: Int64, _ gradient: Int64, _ hessian: Int64, _ parentScore: Double,
        feature: Int, bin: Int, nullsLeft: Bool, nullsSeen: Bool, best: inout SplitCandidate
    ) {
        let rightH = hessian &- leftH
        if leftH <= 0 || rightH <= 0 { return }
        let hl = Double(leftH) * hessianUnit
        let hr = Double(rightH) * hessianUnit
        if hl < minChildWeight || hr < minChildWeight { return }
        let gl = Double(leftG) * gradientUnit
        let gr = Double(gradient &- leftG) * gradientUnit
        let gain = score(gl, hl) + score(gr, hr) - parentScore
        if gain > best.gain {
            best = SplitCandidate(
                gain: gain, feature: feature, bin: bin, nullsLeft: nullsLeft, nullsSeen: nullsSeen,
                leftGradient: leftG, leftHessian: leftH)
        }
    }
}
