#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Realized regression metrics (scikit-learn's, NumPy-summed) and NannyML's regression sampling
/// errors, over rows where both target and prediction are present.
enum RegressionPerformance {
    /// The per-row loss a metric averages.
    static func loss(_ metric: PerformanceMetric, _ y: Double, _ prediction: Double) -> Double {
        switch metric {
        case .mae: return abs(prediction - y)
        case .mape: return abs(prediction - y) / max(abs(y), Double.ulpOfOne)
        case .mse, .rmse: return (y - prediction) * (y - prediction)
        default:
            let difference = log1p(y) - log1p(prediction)
            return difference * difference
        }
    }

    /// The realized value of `metric` over `range`; NaN when no row has both values.
    static func value(_ metric: PerformanceMetric, labels: [Double], predictions: [Double], range: Range<Int>) -> Double {
        var losses: [Double] = []
        losses.reserveCapacity(range.count)
        for i in range where !labels[i].isNaN && !predictions[i].isNaN {
            losses.append(loss(metric, labels[i], predictions[i]))
        }
        let mean = NumPySum.mean(losses)
        return metric == .rmse || metric == .rmsle ? mean.squareRoot() : mean
    }

    /// NannyML's reference components: the std of the per-row quantity (and, for RMSE and RMSLE,
    /// its mean, for the delta method).
    ///
    /// NannyML surprises: MAPE's component divides by the raw target (no epsilon floor, no
    /// absolute value), unlike the metric; MSLE's uses `log(1 + y)`, not `log1p`.
    static func components(
        _ metric: PerformanceMetric, labels: [Double], predictions: [Double]
    ) -> (deviation: Double, mean: Double) {
        var values: [Double] = []
        values.reserveCapacity(labels.count)
        for i in 0..<labels.count where !labels[i].isNaN && !predictions[i].isNaN {
            let y = labels[i]
            let p = predictions[i]
            switch metric {
            case .mae: values.append(abs(y - p))
            case .mape: values.append(abs(y - p) / y)
            case .mse, .rmse: values.append((y - p) * (y - p))
            default:
                let difference = log(1 + y) - log(1 + p)
                values.append(difference * difference)
            }
        }
        return (NumPySum.standardDeviation(values), NumPySum.mean(values))
    }

    /// The sampling error for `n` rows: `std / sqrt(n)`, or for RMSE and RMSLE
    /// `sqrt(std² / (4 n mean))`.
    static func error(_ metric: PerformanceMetric, _ components: (deviation: Double, mean: Double), rows n: Int) -> Double {
        if n == 0 { return .nan }
        let size = Double(n)
        if metric == .rmse || metric == .rmsle {
            return (components.deviation * components.deviation / (4 * size * components.mean)).squareRoot()
        }
        return components.deviation / size.squareRoot()
    }

    /// Rows with both values present in `range`.
    static func rowCount(labels: [Double], predictions: [Double], range: Range<Int>) -> Int {
        var count = 0
        for i in range where !labels[i].isNaN && !predictions[i].isNaN { count += 1 }
        return count
    }

    /// Logarithmic metrics refuse negative targets or predictions (NannyML raises, as does
    /// scikit-learn).
    static func checkNonNegative(_ values: [Double], column: String, role: String) throws(MonitorError) {
        for value in values where value < 0 {
            throw MonitorError(
                .outOfRange, "column '\(column)' (\(role)) holds the negative value \(value); msle and rmsle need values ≥ 0",
                column: column)
        }
    }
}
