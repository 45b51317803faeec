import Frame

/// NannyML's CBPE (confidence-based performance estimation): classification performance estimated
/// without targets, from the expected confusion matrix under calibrated probabilities.
///
/// Fit order (NannyML's, which matters): sampling-error components come from the reference labels,
/// predictions and raw scores; thresholds from the *realized* metric on the reference chunks (raw
/// scores, true labels), so they equal PerformanceCalculator's; then the calibration decision and
/// an isotonic calibrator fitted on the *whole* reference, so reference-period estimates are
/// in-sample. Alerts compare the estimate with the thresholds; the confidence band (estimate ± 3
/// sampling errors, clipped to the metric's range) plays no part. Rows have `method` `cbpe` and a
/// `realized` value wherever the chunk has targets.
public struct CBPE: Sendable {
    /// A binary or multiclass classifier's output columns.
    public var outputs: ModelOutputs
    /// The target column: required in the reference, optional in analysis sets.
    public var target: String
    /// The metrics, in output order (confusion matrix for binary models only).
    public var metrics: [PerformanceMetric]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// Custom thresholds per metric; the rest use `Threshold.standard`.
    public var thresholds: [PerformanceMetric: Threshold]
    /// Whether the scores are calibrated first.
    public var calibration: CalibrationPolicy

    /// An estimator of `metrics` for the classifier `outputs`, fitted against `target`.
    public init(
        outputs: ModelOutputs, target: String, metrics: [PerformanceMetric], chunker: Chunker = Chunker(),
        thresholds: [PerformanceMetric: Threshold] = [:], calibration: CalibrationPolicy = .automatic
    ) {
        self.outputs = outputs
        self.target = target
        self.metrics = metrics
        self.chunker = chunker
        self.thresholds = thresholds
        self.calibration = calibration
    }

    /// Fits sampling errors, thresholds and calibration on `reference`, and estimates its chunks.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedCBPE {
        guard outputs.isClassification else {
            throw MonitorError(.invalidArgument, "CBPE estimates classification performance; use DLE for regression")
        }
        if case .binaryClassification(let score, let prediction) = outputs, score == nil || prediction == nil {
            throw MonitorError(.invalidArgument, "CBPE needs both the predicted probability and the predicted label column")
        }
        try PerformanceCalculator.validate(outputs: outputs, metrics: metrics, thresholds: thresholds)
        try chunker.validate()
        let chunked = try chunker.splitReference(reference)
        let data = try PerformanceData.read(
            reference, outputs: outputs, target: target, targetRequired: true, order: chunked.order)
        var warnings: [String] = []
        let calibrators = try CBPE.fitCalibrators(
            data, outputs: outputs, target: target, policy: calibration, warnings: &warnings)
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
        if chunked.chunks.count < 6 {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        var fitted = FittedCBPE(
            estimator: self, calibrators: calibrators, errors: errors, bounds: bounds, referenceChunks: chunked.chunks,
            referenceRows: [], warnings: warnings)
        fitted.referenceRows = try fitted.rows(.reference, data, chunked.chunks)
        return fitted
    }

    /// One calibrator per class (binary: one), nil where the policy or NannyML's test says no.
    static func fitCalibrators(
        _ data: PerformanceData, outputs: ModelOutputs, target: String, policy: CalibrationPolicy, warnings: inout [String]
    ) throws(MonitorError) -> [IsotonicCalibrator?] {
        switch data {
        case .binary(let binary):
            guard let labels = binary.labels, let scores = binary.scores,
                case .binaryClassification(let scoreColumn?, _) = outputs
            else { return [nil] }
            // NannyML's calibration test refuses missing reference targets and scores.
            try ColumnValues.requireComplete(labels, target, role: "the target")
            try ColumnValues.requireComplete(scores, scoreColumn, role: "the predicted probability")
            if !labels.contains(0) || !labels.contains(1) {
                warnings.append("the reference targets hold one class: scores are not calibrated")
            }
            let ascending = DoubleRadixSort.order(scores)
            let wanted: Bool
            switch policy {
            case .automatic:
                wanted = try CalibrationDecision.needsCalibration(labels: labels, scores: scores, order: ascending)
            case .always: wanted = true
            case .never: wanted = false
            case .classes(let list): wanted = !list.isEmpty
            }
            if !wanted { return [nil] }
            return [IsotonicCalibrator(scores: scores, targets: labels, ascending: ascending, skipping: nil, mark: 0)]
        case .multiclass(let multiclass):
            guard let labels = multiclass.labels, case .multiclassClassification(let classes, _) = outputs else { return [] }
            var missing = 0
            for code in labels where code < 0 { missing += 1 }
            if missing > 0 {
                throw MonitorError(.nullValues, "column '\(target)' (the target) has \(missing) null values", column: target)
            }
            var calibrators: [IsotonicCalibrator?] = []
            for (c, entry) in classes.enumerated() {
                let scores = multiclass.probabilities[c]
                try ColumnValues.requireComplete(scores, entry.column, role: "the probability of class '\(entry.label)'")
                var binary = [Double](repeating: 0, count: labels.count)
                for i in 0..<labels.count where labels[i] == Int32(c) { binary[i] = 1 }
                let ascending = DoubleRadixSort.order(scores)
                let wanted: Bool
                switch policy {
                case .automatic:
                    wanted = try CalibrationDecision.needsCalibration(labels: binary, scores: scores, order: ascending)
                case .always: wanted = true
                case .never: wanted = false
                case .classes(let list): wanted = list.contains(entry.label)
                }
                calibrators.append(
                    wanted ? IsotonicCalibrator(scores: scores, targets: binary, ascending: ascending, skipping: nil, mark: 0) : nil)
            }
            return calibrators
        case .regression: return []
        }
    }
}

/// A fitted CBPE estimator: calibration, sampling errors and thresholds, ready to estimate
/// analysis sets.
public struct FittedCBPE: Sendable {
    /// The settings it was fitted with.
    public let estimator: CBPE
    /// One calibrator per class (binary: one); nil where the scores are left as they are.
    let calibrators: [IsotonicCalibrator?]
    let errors: PerformanceSamplingErrors
    let bounds: [[ThresholdBounds]]
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    var referenceRows: [MonitorRow]
    /// Warnings from fitting.
    public let warnings: [String]

    /// Binary: whether the scores are calibrated. Multiclass: whether any class is.
    public var isCalibrated: Bool { calibrators.contains { $0 != nil } }

    /// The labels of the calibrated classes (binary: `["1"]` when calibrated).
    public var calibratedClasses: [String] {
        switch estimator.outputs {
        case .multiclassClassification(let classes, _):
            return zip(classes, calibrators).compactMap { $1 == nil ? nil : $0.label }
        default: return isCalibrated ? ["1"] : []
        }
    }

    /// The calibrated probabilities of `scores` for class `classIndex` (binary: 0), before
    /// multiclass renormalisation.
    public func calibrate(_ scores: [Double], classIndex: Int = 0) -> [Double] {
        guard classIndex < calibrators.count, let calibrator = calibrators[classIndex] else { return scores }
        return calibrator.calibrate(scores)
    }

    /// The fitted thresholds of `metric` (its first component, or `component`).
    public func thresholds(of metric: PerformanceMetric, component: Int = 0) -> ThresholdBounds? {
        guard let index = estimator.metrics.firstIndex(of: metric), component < bounds[index].count else { return nil }
        return bounds[index][component]
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
        let rows = try rows(.analysis, data, chunked.chunks)
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks, rows: referenceRows + rows, hasRealized: true,
            warnings: warnings)
    }

    /// Chunk-major rows of every metric component.
    func rows(_ period: DataPeriod, _ data: PerformanceData, _ chunks: [Chunk]) throws(MonitorError) -> [MonitorRow] {
        let estimates = CBPEChunkEstimates(data: data, calibrators: calibrators)
        var out: [MonitorRow] = []
        for chunk in chunks {
            try MonitorError.checkInterrupt()
            for (m, metric) in estimator.metrics.enumerated() {
                let n = estimates.rowCount(metric, range: chunk.rows)
                for (component, name) in metric.componentNames.enumerated() {
                    var row = MonitorRow(period: period, chunkIndex: chunk.index, name: name, method: "cbpe")
                    let value = estimates.value(metric, component: component, range: chunk.rows)
                    let error = errors.error(metric, component: component, rows: n)
                    let fitted = bounds[m][component]
                    row.value = value.isNaN ? nil : value
                    row.samplingError = error.isNaN ? nil : error
                    if !value.isNaN && !error.isNaN {
                        let band = metric.limits.confidenceBand(value, error)
                        row.lowerConfidenceBound = band.lower
                        row.upperConfidenceBound = band.upper
                    }
                    row.lowerThreshold = fitted.lower
                    row.upperThreshold = fitted.upper
                    row.alert = fitted.alert(value)
                    if data.hasTargets {
                        let realized = data.realized(metric, component: component, range: chunk.rows)
                        row.realized = realized.isNaN ? nil : realized
                    }
                    out.append(row)
                }
            }
        }
        return out
    }
}
