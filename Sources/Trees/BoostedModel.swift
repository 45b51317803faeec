/// A trained gradient-boosted ensemble: what `predict`, `explain`, `importance` and the model
/// file work from.
///
/// Trees are stored round-major: tree `round * classCount + k` adds to the margin of class `k`
/// (one tree per round unless the objective is multiclass).
public struct BoostedModel: Sendable, Equatable {
    /// The settings the model was trained with (recorded in the model file).
    public var parameters: TrainingParameters
    /// Names of the features, in the order `Tree.feature` indexes them.
    public var featureNames: [String]
    /// Starting raw margin per class (one entry unless multiclass), from the training target.
    public var baseScore: [Double]
    /// The trees, round-major.
    public var trees: [Tree]
    /// The round (1-based count of rounds kept) early stopping chose; nil when it did not run.
    public var bestRound: Int?
    /// Validation metric after each round (empty without a validation frame).
    public var validationHistory: [Double]

    /// Assembles a model from its parts.
    public init(
        parameters: TrainingParameters, featureNames: [String], baseScore: [Double], trees: [Tree],
        bestRound: Int? = nil, validationHistory: [Double] = []
    ) {
        self.parameters = parameters
        self.featureNames = featureNames
        self.baseScore = baseScore
        self.trees = trees
        self.bestRound = bestRound
        self.validationHistory = validationHistory
    }

    /// Objective the model was trained for.
    public var objective: Objective { parameters.objective }

    /// Trees per round: the class count for multiclass, else 1.
    public var treesPerRound: Int { parameters.objective == .multiclassSoftmax ? max(1, parameters.classCount) : 1 }

    /// Number of boosting rounds stored.
    public var roundCount: Int { trees.count / max(1, treesPerRound) }
}
