/// What a loss model learns; metrics that share one (MSE and RMSE, MSLE and RMSLE) share a model,
/// which NannyML trains twice to the same effect.
enum LossKind: Sendable, Equatable {
    case absolute, absolutePercentage, squared, squaredLog

    init(_ metric: PerformanceMetric) {
        switch metric {
        case .mae: self = .absolute
        case .mape: self = .absolutePercentage
        case .msle, .rmsle: self = .squaredLog
        default: self = .squared
        }
    }

    /// A metric whose per-row loss this is.
    var metric: PerformanceMetric {
        switch self {
        case .absolute: return .mae
        case .absolutePercentage: return .mape
        case .squared: return .mse
        case .squaredLog: return .msle
        }
    }
}

/// A trained loss model.
struct LossModel: Sendable {
    let kind: LossKind
    let model: TreeModel
    /// The power of two the losses were multiplied by for training (predictions are divided by it).
    let scale: Double

    /// A predicted (scaled) loss as a loss: back to the data's units, clipped at 0.
    @inline(__always) func clipped(_ prediction: Double) -> Double {
        prediction > 0 ? prediction / scale : 0
    }

    /// A power of two that brings the mean training loss to about 1024.
    ///
    /// Squared-error boosting without regularisation is scale-equivariant (same splits, leaf values
    /// scaled), except for the trainer's absolute minimum split gain (1e-6): on small losses such as
    /// MAPE's or MSLE's it would stop splits LightGBM still makes, whose threshold is 0. A power of
    /// two keeps the scaling exact.
    static func scale(_ losses: [Double], _ rows: [Int]) -> Double {
        var sum = 0.0
        for row in rows { sum += losses[row] }
        let mean = sum / Double(max(1, rows.count))
        guard mean.isFinite, mean > 0 else { return 1 }
        let exponent = min(max(10 - Int(mean.exponent), -900), 900)
        return Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
