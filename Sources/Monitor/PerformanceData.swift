import Frame

/// A model's outputs (and targets, when present) read from one frame in chunk order.
enum PerformanceData: Sendable {
    case binary(BinaryOutputs)
    case multiclass(MulticlassOutputs)
    case regression(labels: [Double]?, predictions: [Double])

    /// Reads `outputs` and `target` from `frame`; a missing target is an error when `targetRequired`.
    static func read(
        _ frame: DataFrame, outputs: ModelOutputs, target: String, targetRequired: Bool, order: [Int]?
    ) throws(MonitorError) -> PerformanceData {
        switch outputs {
        case .binaryClassification(let score, let prediction):
            return .binary(
                try BinaryOutputs.read(
                    frame, score: score, prediction: prediction, target: target, targetRequired: targetRequired, order: order))
        case .multiclassClassification(let classes, let prediction):
            return .multiclass(
                try MulticlassOutputs.read(
                    frame, classes: classes, prediction: prediction, target: target, targetRequired: targetRequired,
                    order: order))
        case .regression(let prediction):
            let predictionColumn = try ColumnValues.require(frame, prediction, role: "the prediction")
            let predictions = try ColumnValues.doubles(predictionColumn, order: order, role: "the prediction")
            var labels: [Double]? = nil
            if let column = frame.column(named: target) {
                labels = try ColumnValues.doubles(column, order: order, role: "the target")
            } else if targetRequired {
                throw MonitorError.missing(target, role: "the target", in: frame)
            }
            return .regression(labels: labels, predictions: predictions)
        }
    }

    /// Whether the frame had a target column.
    var hasTargets: Bool {
        switch self {
        case .binary(let data): return data.labels != nil
        case .multiclass(let data): return data.labels != nil
        case .regression(let labels, _): return labels != nil
        }
    }

    /// Number of non-null targets.
    var targetCount: Int {
        switch self {
        case .binary(let data): return data.labels?.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } ?? 0
        case .multiclass(let data): return data.labels?.reduce(0) { $0 + ($1 < 0 ? 0 : 1) } ?? 0
        case .regression(let labels, _): return labels?.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } ?? 0
        }
    }

    /// The realized value of `metric` (confusion-matrix `component`) over `range`.
    func realized(_ metric: PerformanceMetric, component: Int, range: Range<Int>) -> Double {
        switch self {
        case .binary(let data): return RealizedClassification.binary(metric, component: component, data, range)
        case .multiclass(let data): return RealizedClassification.multiclass(metric, data, range)
        case .regression(let labels, let predictions):
            guard let labels else { return .nan }
            return RegressionPerformance.value(metric, labels: labels, predictions: predictions, range: range)
        }
    }

    /// The row count a realized metric's sampling error uses: rows where its inputs (targets
    /// included) are present.
    func realizedRowCount(_ metric: PerformanceMetric, range: Range<Int>) -> Int {
        switch self {
        case .binary(let data):
            return RealizedClassification.binaryRowCount(metric, data.labels, data.predictions, data.scores, range)
        case .multiclass(let data):
            guard let labels = data.labels else { return 0 }
            var count = 0
            for i in range where labels[i] >= 0 {
                if metric == .rocAUC {
                    var complete = true
                    for c in 0..<data.probabilities.count where data.probabilities[c][i].isNaN { complete = false }
                    if complete { count += 1 }
                } else if data.predictions[i] >= 0 {
                    count += 1
                }
            }
            return count
        case .regression(let labels, let predictions):
            guard let labels else { return 0 }
            return RegressionPerformance.rowCount(labels: labels, predictions: predictions, range: range)
        }
    }
}
