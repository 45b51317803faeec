/// A model-performance metric (NannyML's keys as raw values).
public enum PerformanceMetric: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Area under the ROC curve of the scores (classification).
    case rocAUC = "roc_auc"
    /// F1 of class 1 (binary) or its macro average over classes (multiclass).
    case f1
    /// Precision, as F1.
    case precision
    /// Recall (sensitivity), as F1.
    case recall
    /// TN / (TN + FP), as F1.
    case specificity
    /// Share of correct predictions.
    case accuracy
    /// The four binary confusion-matrix counts, reported as `true_positive`, `true_negative`,
    /// `false_positive` and `false_negative` (binary only, not normalised).
    case confusionMatrix = "confusion_matrix"
    /// Mean absolute error (regression).
    case mae
    /// Mean absolute percentage error as a fraction, |y| floored at machine epsilon (regression).
    case mape
    /// Mean squared error (regression).
    case mse
    /// Mean squared logarithmic error, `mean((log1p y − log1p ŷ)²)` (regression; no negatives).
    case msle
    /// Root mean squared error (regression).
    case rmse
    /// Root mean squared logarithmic error (regression; no negatives).
    case rmsle

    /// Whether the metric applies to classification (otherwise regression).
    public var isClassification: Bool {
        switch self {
        case .rocAUC, .f1, .precision, .recall, .specificity, .accuracy, .confusionMatrix: return true
        default: return false
        }
    }

    /// The names of the quantities it reports, in NannyML's order.
    public var componentNames: [String] {
        self == .confusionMatrix ? ["true_positive", "true_negative", "false_positive", "false_negative"] : [rawValue]
    }

    /// The range of its values: [0, 1] for rates, [0, ∞) for errors and counts.
    var limits: ValueLimits {
        isClassification && self != .confusionMatrix ? .unitInterval : .nonNegative
    }
}

/// One class of a multiclass model and the column holding its predicted probability.
public struct ClassProbabilityColumn: Sendable, Equatable {
    /// The class label, as it appears in the label and prediction columns (numbers in decimal).
    public var label: String
    /// The column with the model's probability of this class.
    public var column: String

    /// Class `label` with its probability in `column`.
    public init(label: String, column: String) {
        self.label = label
        self.column = column
    }
}

/// What kind of model is monitored and where its outputs are.
public enum ModelOutputs: Sendable, Equatable {
    /// A binary classifier: the score (probability of class 1) and the predicted label (0 or 1).
    /// Either may be nil when no requested metric needs it.
    case binaryClassification(score: String?, prediction: String?)
    /// A multiclass classifier: one probability column per class, and the predicted label.
    case multiclassClassification(classes: [ClassProbabilityColumn], prediction: String)
    /// A regression model's prediction.
    case regression(prediction: String)

    /// Whether this is a classifier.
    var isClassification: Bool {
        if case .regression = self { return false }
        return true
    }
}
