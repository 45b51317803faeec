/// The loss a model is trained to minimise; it fixes the gradient, the link from raw margin to
/// prediction and the default validation metric.
public enum Objective: String, Sendable, CaseIterable, Equatable {
    /// Squared error; prediction is the raw margin.
    case squaredError = "regression"
    /// Absolute error (leaf values refit to the median residual); prediction is the raw margin.
    case absoluteError = "regression_l1"
    /// Huber loss with `TrainingParameters.huberDelta`; prediction is the raw margin.
    case huber = "huber"
    /// Binary logistic loss on a 0/1 target; prediction is the probability of class 1.
    case binaryLogistic = "binary"
    /// Softmax over `classCount` classes; one tree per class per round.
    case multiclassSoftmax = "multiclass"

    /// The metric early stopping watches unless the caller names one.
    public var defaultMetric: Metric {
        switch self {
        case .squaredError, .huber: return .rmse
        case .absoluteError: return .mae
        case .binaryLogistic, .multiclassSoftmax: return .logloss
        }
    }
}

/// A validation metric early stopping can watch.
public enum Metric: String, Sendable, CaseIterable, Equatable {
    case rmse, mae, logloss, auc, error

    /// True when a larger value is better (AUC), false when smaller is (losses, error rates).
    public var higherIsBetter: Bool { self == .auc }
}
