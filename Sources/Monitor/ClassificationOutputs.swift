import Frame

/// A binary classifier's columns read in chunk order: labels and predictions are 0, 1 or NaN
/// (null), scores are probabilities of class 1 or NaN. A column that was not asked for is nil.
struct BinaryOutputs: Sendable {
    var labels: [Double]?
    var predictions: [Double]?
    var scores: [Double]?

    /// Reads the target (when `target` is given and present in the frame), prediction and score.
    static func read(
        _ frame: DataFrame, score: String?, prediction: String?, target: String?, targetRequired: Bool, order: [Int]?
    ) throws(MonitorError) -> BinaryOutputs {
        var outputs = BinaryOutputs()
        if let score {
            let column = try ColumnValues.require(frame, score, role: "the predicted probability")
            outputs.scores = try ColumnValues.probabilities(column, order: order, role: "the predicted probability")
        }
        if let prediction {
            let column = try ColumnValues.require(frame, prediction, role: "the predicted label")
            outputs.predictions = try ColumnValues.binaryLabels(column, order: order, role: "the predicted label")
        }
        if let target {
            if let column = frame.column(named: target) {
                outputs.labels = try ColumnValues.binaryLabels(column, order: order, role: "the target")
            } else if targetRequired {
                throw MonitorError.missing(target, role: "the target", in: frame)
            }
        }
        return outputs
    }
}

/// A multiclass classifier's columns read in chunk order: labels and predictions as class indices
/// (-1 for null), one probability column per class (NaN for null).
struct MulticlassOutputs: Sendable {
    var labels: [Int32]?
    var predictions: [Int32]
    var probabilities: [[Double]]

    /// Reads the class probability columns, the prediction and (when present) the target.
    static func read(
        _ frame: DataFrame, classes: [ClassProbabilityColumn], prediction: String, target: String?, targetRequired: Bool,
        order: [Int]?
    ) throws(MonitorError) -> MulticlassOutputs {
        let labels = classes.map(\.label)
        var probabilities: [[Double]] = []
        for entry in classes {
            let column = try ColumnValues.require(frame, entry.column, role: "the probability of class '\(entry.label)'")
            probabilities.append(
                try ColumnValues.probabilities(column, order: order, role: "the probability of class '\(entry.label)'"))
        }
        let predictionColumn = try ColumnValues.require(frame, prediction, role: "the predicted label")
        let predictions = try ClassLabels.codes(predictionColumn, classes: labels, order: order, role: "the predicted label")
        var targets: [Int32]? = nil
        if let target {
            if let column = frame.column(named: target) {
                targets = try ClassLabels.codes(column, classes: labels, order: order, role: "the target")
            } else if targetRequired {
                throw MonitorError.missing(target, role: "the target", in: frame)
            }
        }
        return MulticlassOutputs(labels: targets, predictions: predictions, probabilities: probabilities)
    }
}

/// Counts of a binary chunk over rows where both label and prediction are present.
struct BinaryConfusion: Sendable, Equatable {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var trueNegatives = 0

    /// Rows counted.
    var count: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    init(labels: [Double], predictions: [Double], range: Range<Int>) {
        for i in range {
            let y = labels[i]
            let p = predictions[i]
            if y.isNaN || p.isNaN { continue }
            if p == 1 {
                if y == 1 { truePositives += 1 } else { falsePositives += 1 }
            } else {
                if y == 1 { falseNegatives += 1 } else { trueNegatives += 1 }
            }
        }
    }

    /// Whether the labels hold both classes.
    var labelsHaveBothClasses: Bool { truePositives + falseNegatives > 0 && trueNegatives + falsePositives > 0 }
    /// Whether the predictions hold both classes.
    var predictionsHaveBothClasses: Bool { truePositives + falsePositives > 0 && trueNegatives + falseNegatives > 0 }
}
