/// scikit-learn's `IsotonicRegression(increasing=True, out_of_bounds="clip")` as NannyML's CBPE
/// uses it: a non-decreasing step function from score to probability, interpolated linearly.
///
/// Fit: rows sorted by score; scores closer than 1e-15 (NumPy's float64 resolution) to the first
/// of a run are one point whose target is the run's mean; pool-adjacent-violators on those points,
/// weighted by their counts (equal neighbours pool too); then interior points whose value equals
/// both neighbours' are dropped. Predict: clip to the fitted score range, then interpolate as
/// scipy's `interp1d` does (between the two fitted points around the score, the left one when the
/// score is a fitted point).
struct IsotonicCalibrator: Sendable, Equatable {
    /// Fitted scores, ascending.
    let x: [Double]
    /// Fitted probabilities, non-decreasing.
    let y: [Double]

    /// Fits on complete `scores` and `targets` (no NaN); with no rows every calibration is NaN.
    init(scores: [Double], targets: [Double]) {
        self.init(scores: scores, targets: targets, ascending: DoubleRadixSort.order(scores), skipping: nil, mark: 0)
    }

    /// Fits on the rows of `ascending` (all rows, by ascending score) except those whose `skipping`
    /// entry equals `mark`, so repeated fits on subsets of one set of scores share a single sort.
    init(scores: [Double], targets: [Double], ascending order: [Int], skipping: [Int32]?, mark: Int32) {
        var pointX: [Double] = []
        var pointY: [Double] = []
        var weights: [Double] = []
        var started = false
        var currentX = 0.0
        var sum = 0.0
        var weight = 0.0
        let resolution = 1e-15
        scores.withUnsafeBufferPointer { scores in
            targets.withUnsafeBufferPointer { targets in
                for index in order {
                    if let skipping, skipping[index] == mark { continue }
                    let value = scores[index]
                    if !started {
                        started = true
                        currentX = value
                        weight = 1
                        sum = targets[index]
                    } else if value - currentX >= resolution {
                        pointX.append(currentX)
                        weights.append(weight)
                        pointY.append(sum / weight)
                        currentX = value
                        weight = 1
                        sum = targets[index]
                    } else {
                        weight += 1
                        sum += targets[index]
                    }
                }
            }
        }
        guard started else {
            x = []
            y = []
            return
        }
        pointX.append(currentX)
        weights.append(weight)
        pointY.append(sum / weight)
        let fitted = IsotonicCalibrator.poolAdjacentViolators(pointY, weights)
        // Keep the ends and every point whose value differs from a neighbour's.
        var keptX: [Double] = []
        var keptY: [Double] = []
        for i in 0..<fitted.count {
            let interior = i > 0 && i < fitted.count - 1
            if !interior || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1] {
                keptX.append(pointX[i])
                keptY.append(fitted[i])
            }
        }
        x = keptX
        y = keptY
    }

    /// Weighted pool-adjacent-violators for a non-decreasing fit (scipy's `isotonic_regression`).
    static func poolAdjacentViolators(_ values: [Double], _ weights: [Double]) -> [Double] {
        var means: [Double] = []
        var blockWeights: [Double] = []
        var sizes: [Int] = []
        for i in 0..<values.count {
            var mean = values[i]
            var weight = weights[i]
            var size = 1
            while let last = means.last, last >= mean {
                let lastWeight = blockWeights.removeLast()
                means.removeLast()
                mean = (last * lastWeight + mean * weight) / (lastWeight + weight)
                weight += lastWeight
                size += sizes.removeLast()
            }
            means.append(mean)
            blockWeights.append(weight)
            sizes.append(size)
        }
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for (mean, size) in zip(means, sizes) { out.append(contentsOf: repeatElement(mean, count: size)) }
        return out
    }

    /// The calibrated probability of `score` (NaN stays NaN).
    func calibrate(_ score: Double) -> Double {
        x.withUnsafeBufferPointer { xs in y.withUnsafeBufferPointer { IsotonicCalibrator.interpolate(score, xs, $0) } }
    }

    /// Calibrates every score.
    func calibrate(_ scores: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: scores.count)
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                out.withUnsafeMutableBufferPointer { target in
                    for i in 0..<scores.count { target[i] = IsotonicCalibrator.interpolate(scores[i], xs, ys) }
                }
            }
        }
        return out
    }

    /// Clip, then scipy's `interp1d` between the fitted points around `score`.
    @inline(__always)
    static func interpolate(_ score: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        let n = x.count
        if score.isNaN || n == 0 { return .nan }
        if n == 1 { return y[0] }
        let t = min(max(score, x[0]), x[n - 1])
        // First fitted point ≥ t (searchsorted left), clamped to 1...n-1.
        var low = 0
        var high = n
        while low < high {
            let middle = (low + high) / 2
            if x[middle] < t { low = middle + 1 } else { high = middle }
        }
        let hi = min(max(low, 1), n - 1)
        let lo = hi - 1
        let slope = (y[hi] - y[lo]) / (x[hi] - x[lo])
        return slope * (t - x[lo]) + y[lo]
    }
}
