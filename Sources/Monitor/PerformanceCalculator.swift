import Frame

/// NannyML's PerformanceCalculator: realized model performance per chunk, from targets, with
/// sampling errors from the reference set and thresholds fitted on the reference chunks.
///
/// Rows have `method` `realized`; confidence bounds are nil (NannyML reports none here). A chunk
/// whose metric cannot be computed (one class only, no targets) has a nil value and no alert.
public struct PerformanceCalculator: Sendable {
    /// The model kind and its output columns.
    public var outputs: ModelOutputs
    /// The target column (required in the reference and analysis sets).
    public var target: String
    /// The metrics, in output order.
    public var metrics: [PerformanceMetric]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// Custom thresholds per metric; the rest use `Threshold.standard` (mean ± 3 std).
    public var thresholds: [PerformanceMetric: Threshold]

    /// A calculator of `metrics` for the model `outputs` against `target`.
    public init(
        outputs: ModelOutputs, target: String, metrics: [PerformanceMetric], chunker: Chunker = Chunker(),
        thresholds: [PerformanceMetric: Threshold] = [:]
    ) {
        self.outputs = outputs
        self.target = target
        self.metrics = metrics
        self.chunker = chunker
        self.thresholds = thresholds
    }

    /// Fits sampling errors and thresholds on `reference`.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedPerformanceCalculator {
        try PerformanceCalculator.validate(outputs: outputs, metrics: metrics, thresholds: thresholds)
        try chunker.validate()
        let chunked = try chunker.splitReference(reference)
        let data = try PerformanceData.read(
            reference, outputs: outputs, target: target, targetRequired: true, order: chunked.order)
        if data.targetCount == 0 {
            throw MonitorError(.nullValues, "target column '\(target)' has no values in the reference data", column: target)
        }
        try PerformanceCalculator.checkLogarithmic(data, outputs: outputs, target: target, metrics: metrics)
        let errors = PerformanceSamplingErrors(data: data, metrics: metrics)
        var bounds: [[ThresholdBounds]] = []
        for metric in metrics {
            try MonitorError.checkInterrupt()
            bounds.append(
                metric.componentNames.indices.map { component in
                    let values = chunked.chunks.map { data.realized(metric, component: component, range: $0.rows) }
                    return (thresholds[metric] ?? .standard).bounds(fittedOn: values, limits: metric.limits)
                })
        }
        var warnings: [String] = []
        if chunked.chunks.count < 6 {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        let fitted = FittedPerformanceCalculator(
            calculator: self, errors: errors, bounds: bounds, referenceChunks: chunked.chunks, referenceRows: [],
            warnings: warnings)
        return fitted.with(referenceRows: try fitted.rows(.reference, data, chunked.chunks))
    }

    /// Checks that the metrics suit the model kind and that their input columns are named.
    static func validate(
        outputs: ModelOutputs, metrics: [PerformanceMetric], thresholds: [PerformanceMetric: Threshold]
    ) throws(MonitorError) {
        if metrics.isEmpty { throw MonitorError(.invalidArgument, "no performance metrics asked for") }
        for (i, metric) in metrics.enumerated() where metrics[..<i].contains(metric) {
            throw MonitorError(.invalidArgument, "metric '\(metric.rawValue)' is listed twice")
        }
        for metric in metrics where metric.isClassification != outputs.isClassification {
            throw MonitorError(
                .invalidArgument,
                "metric '\(metric.rawValue)' is for \(metric.isClassification ? "classification" : "regression") models")
        }
        switch outputs {
        case .binaryClassification(let score, let prediction):
            if metrics.contains(.rocAUC) && score == nil {
                throw MonitorError(.invalidArgument, "metric 'roc_auc' needs the predicted probability column")
            }
            if let metric = metrics.first(where: { $0 != .rocAUC }), prediction == nil {
                throw MonitorError(.invalidArgument, "metric '\(metric.rawValue)' needs the predicted label column")
            }
        case .multiclassClassification(let classes, _):
            if metrics.contains(.confusionMatrix) {
                throw MonitorError(.invalidArgument, "metric 'confusion_matrix' is for binary classification only")
            }
            if classes.count < 2 { throw MonitorError(.invalidArgument, "a multiclass model needs at least 2 classes") }
            for (i, entry) in classes.enumerated() where classes[..<i].contains(where: { $0.label == entry.label }) {
                throw MonitorError(.invalidArgument, "class '\(entry.label)' is listed twice")
            }
        case .regression: break
        }
        for metric in PerformanceMetric.allCases {
            if let threshold = thresholds[metric] { try threshold.validate(for: metric.rawValue) }
        }
    }

    /// MSLE and RMSLE refuse negative targets and predictions.
    static func checkLogarithmic(
        _ data: PerformanceData, outputs: ModelOutputs, target: String, metrics: [PerformanceMetric]
    ) throws(MonitorError) {
        guard metrics.contains(.msle) || metrics.contains(.rmsle),
            case .regression(let labels, let predictions) = data, case .regression(let prediction) = outputs
        else { return }
        try RegressionPerformance.checkNonNegative(predictions, column: prediction, role: "the prediction")
        if let labels { try RegressionPerformance.checkNonNegative(labels, column: target, role: "the target") }
    }
}

/// Sampling-error components of every kind of model, fitted on the reference.
enum PerformanceSamplingErrors: Sendable {
    case binary(BinarySamplingErrors)
    case multiclass(MulticlassSamplingErrors)
    case regression([PerformanceMetric: (deviation: Double, mean: Double)])

    init(data: PerformanceData, metrics: [PerformanceMetric]) {
        switch data {
        case .binary(let outputs):
            self = .binary(
                BinarySamplingErrors(labels: outputs.labels ?? [], predictions: outputs.predictions, scores: outputs.scores))
        case .multiclass(let outputs):
            self = .multiclass(
                MulticlassSamplingErrors(
                    labels: outputs.labels ?? [], predictions: outputs.predictions, probabilities: outputs.probabilities,
                    metrics: metrics))
        case .regression(let labels, let predictions):
            var components: [PerformanceMetric: (deviation: Double, mean: Double)] = [:]
            for metric in metrics {
                components[metric] = RegressionPerformance.components(metric, labels: labels ?? [], predictions: predictions)
            }
            self = .regression(components)
        }
    }

    /// The sampling error of `metric` (component) for a chunk of `n` rows.
    func error(_ metric: PerformanceMetric, component: Int, rows n: Int) -> Double {
        switch self {
        case .binary(let errors): return errors.error(metric, component: component, rows: n)
        case .multiclass(let errors): return errors.error(metric, rows: n)
        case .regression(let components):
            guard let parts = components[metric] else { return .nan }
            return RegressionPerformance.error(metric, parts, rows: n)
        }
    }
}

/// A fitted performance calculator, ready to evaluate analysis sets with targets.
public struct FittedPerformanceCalculator: Sendable {
    /// The settings it was fitted with.
    public let calculator: PerformanceCalculator
    let errors: PerformanceSamplingErrors
    /// Per metric, per component: the fitted thresholds.
    let bounds: [[ThresholdBounds]]
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    let referenceRows: [MonitorRow]
    /// Warnings from fitting.
    public let warnings: [String]

    func with(referenceRows: [MonitorRow]) -> FittedPerformanceCalculator {
        FittedPerformanceCalculator(
            calculator: calculator, errors: errors, bounds: bounds, referenceChunks: referenceChunks,
            referenceRows: referenceRows, warnings: warnings)
    }

    /// The fitted thresholds of `metric` (its first component, or `component`).
    public func thresholds(of metric: PerformanceMetric, component: Int = 0) -> ThresholdBounds? {
        guard let index = calculator.metrics.firstIndex(of: metric), component < bounds[index].count else { return nil }
        return bounds[index][component]
    }

    /// The reference chunks' rows only.
    public var referenceResult: MonitorResult {
        MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: [], rows: referenceRows, hasRealized: false, warnings: warnings)
    }

    /// Realized performance of `analysis` (which must hold the target column), after the
    /// reference rows.
    public func calculate(_ analysis: DataFrame) throws(MonitorError) -> MonitorResult {
        let chunked = try calculator.chunker.split(analysis)
        let data = try PerformanceData.read(
            analysis, outputs: calculator.outputs, target: calculator.target, targetRequired: true, order: chunked.order)
        try PerformanceCalculator.checkLogarithmic(
            data, outputs: calculator.outputs, target: calculator.target, metrics: calculator.metrics)
        let rows = try rows(.analysis, data, chunked.chunks)
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks, rows: referenceRows + rows,
            hasRealized: false, warnings: warnings)
    }

    /// Chunk-major rows of every metric component.
    func rows(_ period: DataPeriod, _ data: PerformanceData, _ chunks: [Chunk]) throws(MonitorError) -> [MonitorRow] {
        var out: [MonitorRow] = []
        for chunk in chunks {
            try MonitorError.checkInterrupt()
            for (m, metric) in calculator.metrics.enumerated() {
                let n = data.realizedRowCount(metric, range: chunk.rows)
                for (component, name) in metric.componentNames.enumerated() {
                    var row = MonitorRow(period: period, chunkIndex: chunk.index, name: name, method: "realized")
                    let value = data.realized(metric, component: component, range: chunk.rows)
                    let error = errors.error(metric, component: component, rows: n)
                    let fitted = bounds[m][component]
                    row.value = value.isNaN ? nil : value
                    row.samplingError = error.isNaN ? nil : error
                    row.lowerThreshold = fitted.lower
                    row.upperThreshold = fitted.upper
                    row.alert = fitted.alert(value)
                    out.append(row)
                }
            }
        }
        return out
    }
}
