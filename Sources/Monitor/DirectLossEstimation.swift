import Frame
import Trees

/// NannyML's DLE (direct loss estimation): regression performance estimated without targets, by a
/// tree model of each row's loss trained on the reference.
///
/// Per metric the loss model learns the row's absolute error (MAE), absolute percentage error
/// (MAPE), squared error (MSE, RMSE) or squared log error (MSLE, RMSLE) from the features and the
/// monitored prediction; a chunk's estimate is the mean of its rows' predicted losses, each clipped
/// at 0 first (the square root of it for RMSE and RMSLE). Sampling errors and thresholds are the
/// realized-performance ones (reference components; thresholds from the *realized* metric on the
/// reference chunks); alerts compare the estimate; the confidence band is estimate ± 3 sampling
/// errors floored at 0. Reference estimates are in-sample. Rows have `method` `dle` and a
/// `realized` value wherever the chunk has targets.
public struct DLE: Sendable {
    /// The features the loss models see (besides the prediction).
    public var features: [String]
    /// The monitored model's prediction column.
    public var prediction: String
    /// The target column: required in the reference, optional in analysis sets.
    public var target: String
    /// Regression metrics, in output order.
    public var metrics: [PerformanceMetric]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// Custom thresholds per metric; the rest use `Threshold.standard`.
    public var thresholds: [PerformanceMetric: Threshold]
    /// The loss models' settings (a regression objective).
    public var parameters: TrainingParameters

    /// The result rows' `method`.
    public static let method = "dle"

    /// NannyML's loss model, LightGBM's `LGBMRegressor()` defaults, as far as our trainer has them:
    /// squared error, 100 rounds at learning rate 0.1, leaf-wise growth to 31 leaves without a
    /// depth limit, no L1/L2 penalty, 255 bins, no row or column sampling, and a minimum hessian of
    /// 20 per leaf — with squared error every row's hessian is 1, so this is LightGBM's
    /// `min_child_samples` of 20 (its `min_child_weight` of 1e-3 then never binds).
    public static var defaultParameters: TrainingParameters {
        .lightGBMDefaults(objective: .squaredError, minChildWeight: 20)
    }

    /// An estimator of regression `metrics` for the model whose prediction is `prediction`.
    public init(
        features: [String], prediction: String, target: String, metrics: [PerformanceMetric],
        chunker: Chunker = Chunker(), thresholds: [PerformanceMetric: Threshold] = [:],
        parameters: TrainingParameters = DLE.defaultParameters
    ) {
        self.features = features
        self.prediction = prediction
        self.target = target
        self.metrics = metrics
        self.chunker = chunker
        self.thresholds = thresholds
        self.parameters = parameters
    }

    var outputs: ModelOutputs { .regression(prediction: prediction) }

    /// Fits sampling errors, thresholds and one loss model per kind of loss on `reference`, and
    /// estimates its chunks.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedDLE {
        try validate()
        let chunked = try chunker.splitReference(reference)
        let data = try PerformanceData.read(
            reference, outputs: outputs, target: target, targetRequired: true, order: chunked.order)
        try PerformanceCalculator.checkLogarithmic(data, outputs: outputs, target: target, metrics: metrics)
        guard case .regression(let labels?, let predictions) = data else {
            throw MonitorError.missing(target, role: "the target", in: reference)
        }
        var trainingRows: [Int] = []
        for i in 0..<labels.count where !labels[i].isNaN && !predictions[i].isNaN { trainingRows.append(i) }
        if trainingRows.isEmpty {
            throw MonitorError(
                .nullValues, "no reference row has both a target ('\(target)') and a prediction ('\(prediction)')",
                column: target)
        }
        var warnings: [String] = []
        if chunked.chunks.count < 6 {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        let errors = PerformanceSamplingErrors(data: data, metrics: metrics)
        var bounds: [ThresholdBounds] = []
        for metric in metrics {
            let values = chunked.chunks.map { data.realized(metric, component: 0, range: $0.rows) }
            bounds.append((thresholds[metric] ?? .standard).bounds(fittedOn: values, limits: metric.limits))
        }
        let (encoding, matrix) = try DirectLossFeatures.fit(reference, columns: features + [prediction], order: chunked.order)
        var distinctKinds: [LossKind] = []
        for metric in metrics where !distinctKinds.contains(LossKind(metric)) { distinctKinds.append(LossKind(metric)) }
        let kinds = distinctKinds
        // The loss models share nothing: train them side by side, one thread each.
        var single = parameters
        single.threads = kinds.count > 1 ? 1 : parameters.threads
        // One binning for every model: they train on the same rows of the same features.
        let prepared = PreparedFeatures(matrix, names: encoding.names, binned: encoding.binned, rows: trainingRows)
        let (rowsToTrain, modelParameters) = (trainingRows, single)
        let trained = try ParallelChunks.map(kinds.count, threads: parameters.threads) {
            (index) throws(MonitorError) -> (LossModel, [Double]?) in
            let kind = kinds[index]
            var losses = [Double](repeating: 0, count: labels.count)
            for i in rowsToTrain { losses[i] = RegressionPerformance.loss(kind.metric, labels[i], predictions[i]) }
            let scale = LossModel.scale(losses, rowsToTrain)
            for i in rowsToTrain { losses[i] *= scale }
            let (model, margins) = try TreeFeatures.trainKeepingMargins(
                prepared, labels: losses, parameters: modelParameters)
            return (LossModel(kind: kind, model: model, scale: scale), margins)
        }
        let models = trained.map(\.0)
        var fitted = FittedDLE(
            estimator: self, encoding: encoding, models: models, errors: errors, bounds: bounds,
            referenceChunks: chunked.chunks, referenceRows: [], warnings: warnings)
        // In-sample estimates: the trainer's final margins are the models' predictions on the
        // training rows, so only rows left out of training (no target or prediction) are walked.
        var referenceLosses: [[Double]] = []
        let untrained = (0..<labels.count).filter { labels[$0].isNaN || predictions[$0].isNaN }
        let untrainedInputs = untrained.isEmpty
            ? [] : TreeFeatures.inputs(matrix, names: encoding.names, bins: prepared.bins, rows: untrained)
        for (model, margins) in trained {
            guard let margins else {
                referenceLosses.append(
                    try fitted.predictedLosses(model, TreeFeatures.inputs(matrix, names: encoding.names, bins: prepared.bins, rows: nil)))
                continue
            }
            var values = [Double](repeating: 0, count: labels.count)
            for (i, row) in trainingRows.enumerated() { values[row] = model.clipped(margins[i]) }
            if !untrained.isEmpty {
                let rest = try fitted.predictedLosses(model, untrainedInputs)
                for (i, row) in untrained.enumerated() { values[row] = rest[i] }
            }
            referenceLosses.append(values)
        }
        fitted.referenceRows = try fitted.rows(.reference, data, referenceLosses, chunked.chunks)
        return fitted
    }

    /// Checks the arguments alone.
    func validate() throws(MonitorError) {
        try PerformanceCalculator.validate(outputs: outputs, metrics: metrics, thresholds: thresholds)
        if features.isEmpty { throw MonitorError(.invalidArgument, "DLE needs at least one feature column") }
        for (i, name) in features.enumerated() where features[..<i].contains(name) {
            throw MonitorError(.invalidArgument, "feature '\(name)' is listed twice", column: name)
        }
        if features.contains(prediction) {
            throw MonitorError(
                .invalidArgument, "the prediction '\(prediction)' is always a loss-model input; do not list it as a feature",
                column: prediction)
        }
        if features.contains(target) {
            throw MonitorError(.invalidArgument, "the target '\(target)' cannot be a feature", column: target)
        }
        switch parameters.objective {
        case .squaredError, .absoluteError, .huber: break
        default:
            throw MonitorError(
                .invalidArgument, "DLE's loss models need a regression objective, found '\(parameters.objective.rawValue)'")
        }
        try chunker.validate()
    }
}

/// A fitted DLE estimator: loss models, sampling errors and thresholds, ready to estimate analysis
/// sets.
public struct FittedDLE: Sendable {
    /// The settings it was fitted with.
    public let estimator: DLE
    let encoding: DirectLossFeatures
    let models: [LossModel]
    let errors: PerformanceSamplingErrors
    /// Per metric: the fitted thresholds.
    let bounds: [ThresholdBounds]
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    var referenceRows: [MonitorRow]
    /// Warnings from fitting.
    public let warnings: [String]

    /// The fitted thresholds of `metric`.
    public func thresholds(of metric: PerformanceMetric) -> ThresholdBounds? {
        guard let index = estimator.metrics.firstIndex(of: metric) else { return nil }
        return bounds[index]
    }

    /// The loss model behind `metric`. Its inputs are the encoded features, the prediction last,
    /// with numeric ones replaced by their LightGBM bin numbers.
    public func lossModel(for metric: PerformanceMetric) -> BoostedModel? {
        guard estimator.metrics.contains(metric) else { return nil }
        return models.first { $0.kind == LossKind(metric) }?.model.model
    }

    /// The reference chunks' rows only.
    public var referenceResult: MonitorResult {
        MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: [], rows: referenceRows, hasRealized: true, warnings: warnings)
    }

    /// Estimates `analysis` (targets optional: with them, each row also has its realized value),
    /// after the reference rows.
    public func estimate(_ analysis: DataFrame) throws(MonitorError) -> MonitorResult {
        let chunked = try estimator.chunker.split(analysis)
        let data = try PerformanceData.read(
            analysis, outputs: estimator.outputs, target: estimator.target, targetRequired: false, order: chunked.order)
        try PerformanceCalculator.checkLogarithmic(
            data, outputs: estimator.outputs, target: estimator.target, metrics: estimator.metrics)
        let matrix = try encoding.matrix(of: analysis, order: chunked.order)
        var losses: [[Double]] = []
        // Every model was trained on the same binning (`PreparedFeatures`), so one set of inputs serves all.
        let inputs = TreeFeatures.inputs(matrix, names: encoding.names, bins: models.first?.model.bins ?? [], rows: nil)
        for model in models { losses.append(try predictedLosses(model, inputs)) }
        let rows = try rows(.analysis, data, losses, chunked.chunks)
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks, rows: referenceRows + rows, hasRealized: true,
            warnings: warnings)
    }

    /// Every row's predicted loss under `model` from its `inputs` (`TreeFeatures.inputs`), clipped
    /// at 0 as NannyML clips before averaging.
    func predictedLosses(_ model: LossModel, _ inputs: [Column]) throws(MonitorError) -> [Double] {
        try MonitorError.checkInterrupt()
        var values = try TreeFeatures.predict(model.model, inputs: inputs, threads: estimator.parameters.threads)
        for i in 0..<values.count { values[i] = model.clipped(values[i]) }
        return values
    }

    /// Chunk-major rows of every metric, from each model's predicted losses (`losses[m]` per row).
    func rows(
        _ period: DataPeriod, _ data: PerformanceData, _ losses: [[Double]], _ chunks: [Chunk]
    ) throws(MonitorError) -> [MonitorRow] {
        guard case .regression(_, let predictions) = data else { return [] }
        var out: [MonitorRow] = []
        for chunk in chunks {
            try MonitorError.checkInterrupt()
            var n = 0
            for i in chunk.rows where !predictions[i].isNaN { n += 1 }
            for (m, metric) in estimator.metrics.enumerated() {
                var row = MonitorRow(period: period, chunkIndex: chunk.index, name: metric.rawValue, method: DLE.method)
                let kind = LossKind(metric)
                var value = Double.nan
                if let index = models.firstIndex(where: { $0.kind == kind }), !chunk.rows.isEmpty {
                    value = NumPySum.mean(Array(losses[index][chunk.rows]))
                    if metric == .rmse || metric == .rmsle { value = value.squareRoot() }
                }
                let error = errors.error(metric, component: 0, rows: n)
                row.value = value.isNaN ? nil : value
                row.samplingError = error.isNaN ? nil : error
                if !value.isNaN && !error.isNaN {
                    let band = metric.limits.confidenceBand(value, error)
                    row.lowerConfidenceBound = band.lower
                    row.upperConfidenceBound = band.upper
                }
                row.lowerThreshold = bounds[m].lower
                row.upperThreshold = bounds[m].upper
                row.alert = bounds[m].alert(value)
                if data.hasTargets {
                    let realized = data.realized(metric, component: 0, range: chunk.rows)
                    row.realized = realized.isNaN ? nil : realized
                }
                out.append(row)
            }
        }
        return out
    }
}
