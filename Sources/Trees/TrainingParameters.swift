/// How a tree grows: XGBoost's level by level, or LightGBM's best leaf first.
public enum GrowthPolicy: String, Sendable, Equatable, CaseIterable {
    /// Split every node of a level until `maxDepth` (XGBoost `depthwise`).
    case depthWise = "depthwise"
    /// Split the leaf with the largest gain until `maxLeaves` (LightGBM, XGBoost `lossguide`).
    case leafWise = "leafwise"
}

/// Every setting of a training run; the defaults follow XGBoost's `hist` where the two peers
/// differ, except `learningRate` (0.1, as the language's `gbdt` documents).
public struct TrainingParameters: Sendable, Equatable {
    /// The loss to minimise.
    public var objective: Objective = .squaredError
    /// Number of classes for `multiclassSoftmax` (target values 0 ..< classCount); 1 otherwise.
    public var classCount: Int = 1
    /// Boosting rounds (trees per class).
    public var rounds: Int = 100
    /// Shrinkage applied to each new tree's leaf values.
    public var learningRate: Double = 0.1
    /// Level-by-level or best-leaf-first growth.
    public var growth: GrowthPolicy = .depthWise
    /// Deepest level a split may create (0 = unlimited, only with leaf-wise growth).
    public var maxDepth: Int = 6
    /// Most leaves per tree for leaf-wise growth (0 = unlimited, only with depth-wise growth).
    public var maxLeaves: Int = 0
    /// Value bins per feature, null bin not counted (≤ 255 so a bin fits in a byte).
    public var maxBins: Int = 255
    /// L2 regularisation on leaf weights.
    public var lambda: Double = 1
    /// L1 regularisation on leaf weights.
    public var alpha: Double = 0
    /// Minimum loss reduction for a split to be kept.
    public var gamma: Double = 0
    /// Minimum hessian sum in each child.
    public var minChildWeight: Double = 1
    /// Fraction of rows drawn (without replacement, keyed by seed/round/row) for each tree.
    public var subsample: Double = 1
    /// Fraction of features drawn for each tree.
    public var colsample: Double = 1
    /// Transition point of the Huber loss.
    public var huberDelta: Double = 1
    /// Rounds without improvement of the validation metric before training stops; 0 = off.
    public var earlyStoppingRounds: Int = 0
    /// Validation metric watched by early stopping; nil means the objective's default.
    public var metric: Metric? = nil
    /// Seed of every random draw (row and feature sampling).
    public var seed: UInt64 = 42
    /// Worker threads; the model does not depend on it.
    public var threads: Int = 2

    /// Parameters with every default.
    public init() {}

    /// The metric early stopping and the summary use.
    public var effectiveMetric: Metric { metric ?? objective.defaultMetric }
}
