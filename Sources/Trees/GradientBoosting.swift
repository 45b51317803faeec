import Frame

/// Histogram gradient boosting: training (`train`) and prediction (`predict`) of `BoostedModel`s.
///
/// Models are bit-identical for a given seed whatever the thread count: histograms are summed in
/// fixed point, random draws are keyed by (seed, round, row), and ties are broken by a fixed rule.
public enum GradientBoosting {
    /// Trains a model on `features` (numeric columns: int, float, bool, timestamp, duration; nulls allowed) predicting `target`.
    public static func train(
        features: [Column], target: Column, parameters: TrainingParameters,
        validation: (features: [Column], target: Column)? = nil,
        progress: ((_ round: Int, _ rounds: Int) -> Void)? = nil
    ) throws(TreesError) -> BoostedModel {
        try trainKeepingMargins(
            features: features, target: target, parameters: parameters, validation: validation, progress: progress
        ).model
    }

    /// `train`, also returning the training rows' margins (row-major, one per output), equal bit for
    /// bit to `predict(margin: true)` on the training features; nil if early stopping dropped trees.
    /// Callers that need predictions on the training rows save a walk of every tree.
    public static func trainKeepingMargins(
        features: [Column], target: Column, parameters: TrainingParameters,
        validation: (features: [Column], target: Column)? = nil,
        progress: ((_ round: Int, _ rounds: Int) -> Void)? = nil
    ) throws(TreesError) -> (model: BoostedModel, margins: [Double]?) {
        try TrainingInput.check(parameters, hasValidation: validation != nil)
        if features.isEmpty { throw TreesError(.invalidArgument, "no feature columns to train on") }
        if target.count == 0 { throw TreesError(.invalidData, "the training frame has no rows") }
        if target.count >= Int(UInt32.max) {
            throw TreesError(.invalidData, "the training frame has \(target.count) rows; at most 4294967294 are supported")
        }
        let sources = try TrainingInput.sources(features, rowCount: target.count, role: "training")
        let labels = try TrainingInput.labels(target, parameters: parameters, role: "")
        var validationData: (sources: [FeatureSource], labels: [Double])? = nil
        if let validation {
            try TrainingInput.matchValidation(validation.features, training: features)
            if validation.target.count == 0 { throw TreesError(.invalidData, "the validation frame has no rows") }
            let validationSources = try TrainingInput.sources(
                validation.features, rowCount: validation.target.count, role: "validation")
            let validationLabels = try TrainingInput.labels(validation.target, parameters: parameters, role: "validation ")
            validationData = (validationSources, validationLabels)
        }
        let run = BoostingRun(
            parameters: parameters, featureNames: features.map(\.name), sources: sources, labels: labels,
            validation: validationData)
        let model = try run.train(progress: progress)
        return (model, run.finalMargins)
    }

    /// Predictions per row: one array per output (classCount arrays for multiclass, else one);
    /// the response (probability for binary/multiclass) unless `margin` asks for raw margins.
    public static func predict(
        _ model: BoostedModel, features: [Column], margin: Bool = false, threads: Int = 2
    ) throws(TreesError) -> [[Double]] {
        let featureCount = model.featureNames.count
        if features.count != featureCount {
            throw TreesError(
                .invalidArgument, "the model has \(featureCount) features; got \(features.count) columns")
        }
        let rowCount = features.first?.count ?? 0
        var sources: [FeatureSource] = []
        for (index, column) in features.enumerated() {
            if column.count != rowCount {
                throw TreesError(
                    .invalidData, "feature .\(column.name) has \(column.count) rows; .\(features[0].name) has \(rowCount)")
            }
            guard let source = FeatureSource(column) else {
                throw TreesError(
                    .invalidData,
                    "feature .\(column.name) (model feature \(model.featureNames[index])) is a string column; the model needs numbers")
            }
            sources.append(source)
        }
        let depths = try ModelFileValidation.treeDepths(of: model)
        let forest = FlatForest(model, depths: depths)
        return forest.predict(
            sources, rowCount: rowCount, objective: model.objective, margin: margin, threads: max(1, threads))
    }
}
