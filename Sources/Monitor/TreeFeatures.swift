import Frame
import Trees

/// Feature columns for the monitoring tree models (DLE's loss models, the domain classifier),
/// and the calls into `Trees` with its errors mapped to `MonitorError`.
///
/// NannyML passes categorical columns to LightGBM as `categorical_feature`. LightGBM splits a
/// categorical feature one-vs-rest when its bins (one per category plus one for missing values)
/// number at most `max_cat_to_onehot` (4), which a 0/1 indicator column per category reproduces
/// exactly; our trainer has no categorical splits, so a larger categorical column becomes one
/// ordinal code column (numeric splits on the codes), where LightGBM would group categories by
/// their gradient statistics.
enum TreeFeatures {
    /// The most categories LightGBM splits one-vs-rest: `max_cat_to_onehot` (4) bins, one of which
    /// is its bin for missing values.
    static let oneHotLimit = 3

    /// `table[code + 1]` for each code (so a null, code −1, reads `table[0]`); codes past the table
    /// (categories first seen after fitting) read `unseen`.
    static func lookup(_ codes: [Int32], table: [Double], unseen: Double) -> [Double] {
        var values = [Double](repeating: unseen, count: codes.count)
        table.withUnsafeBufferPointer { entries in
            codes.withUnsafeBufferPointer { source in
                for i in 0..<source.count {
                    let slot = Int(source[i]) + 1
                    if slot >= 0 && slot < entries.count { values[i] = entries[slot] }
                }
            }
        }
        return values
    }

    /// One 0/1 column per entry of `categories` (a code, or −1 for null): 1 where the row has it.
    static func indicators(_ codes: [Int32], categories: [Int32]) -> [[Double]] {
        let size = Int(categories.max() ?? -1) + 2
        return categories.map { category in
            var table = [Double](repeating: 0, count: size)
            table[Int(category) + 1] = 1
            return lookup(codes, table: table, unseen: 0)
        }
    }

    /// Trains `parameters` on the feature `values` (one array per feature) against `labels`, on
    /// `rows` only when given. Features marked in `binned` are first replaced by their LightGBM bin
    /// numbers (fitted on those rows), so the trainer sees LightGBM's histogram bins.
    static func train(
        _ values: [[Double]], names: [String], binned: [Bool], labels: [Double], rows: [Int]?,
        parameters: TrainingParameters
    ) throws(MonitorError) -> TreeModel {
        try trainKeepingMargins(values, names: names, binned: binned, labels: labels, rows: rows, parameters: parameters)
            .model
    }

    /// `train`, also returning the model's margins on the training rows (in `rows` order), which
    /// equal its predicted margins there bit for bit; nil when the trainer cannot provide them.
    static func trainKeepingMargins(
        _ values: [[Double]], names: [String], binned: [Bool], labels: [Double], rows: [Int]?,
        parameters: TrainingParameters
    ) throws(MonitorError) -> (model: TreeModel, margins: [Double]?) {
        var bins: [LightGBMBins?] = []
        var inputs: [[Double]] = []
        for (j, column) in values.enumerated() {
            if binned[j] {
                let fitted = LightGBMBins(column, rows: rows)
                bins.append(fitted)
                inputs.append(fitted.numbers(of: column, rows: rows))
            } else {
                bins.append(nil)
                inputs.append(rows == nil ? column : gather(column, rows ?? []))
            }
        }
        var target = labels
        if let rows { target = gather(labels, rows) }
        let features = zip(names, inputs).map { Column(name: $0, floats: $1) }
        do {
            let trained = try GradientBoosting.trainKeepingMargins(
                features: features, target: Column(name: "target", floats: target), parameters: parameters)
            return (TreeModel(model: trained.model, bins: bins), trained.margins)
        } catch {
            throw monitorError(error)
        }
    }

    /// The model's predictions (probabilities for a classifier) for `rows` of `values` (all rows
    /// when nil).
    static func predict(
        _ model: TreeModel, _ values: [[Double]], names: [String], rows: [Int]?, threads: Int
    ) throws(MonitorError) -> [Double] {
        var features: [Column] = []
        for (j, column) in values.enumerated() {
            let input: [Double]
            if let bins = model.bins[j] {
                input = bins.numbers(of: column, rows: rows)
            } else {
                input = rows == nil ? column : gather(column, rows ?? [])
            }
            features.append(Column(name: names[j], floats: input))
        }
        do {
            let predictions = try GradientBoosting.predict(model.model, features: features, threads: max(1, threads))
            return predictions.first ?? []
        } catch {
            throw monitorError(error)
        }
    }

    /// `values[rows]`.
    static func gather(_ values: [Double], _ rows: [Int]) -> [Double] {
        var picked = [Double](repeating: 0, count: rows.count)
        values.withUnsafeBufferPointer { source in
            for (i, row) in rows.enumerated() { picked[i] = source[row] }
        }
        return picked
    }

    /// A trainer error as a monitoring error (an interrupt stays an interrupt).
    static func monitorError(_ error: TreesError) -> MonitorError {
        switch error.kind {
        case .interrupted: return MonitorError(.interrupted, "interrupted")
        case .invalidArgument: return MonitorError(.invalidArgument, "tree model: \(error.message)")
        default: return MonitorError(.wrongType, "tree model: \(error.message)")
        }
    }
}

/// A trained tree model and the LightGBM bins its binned features were replaced with.
struct TreeModel: Sendable {
    let model: BoostedModel
    /// Per feature: the bins, or nil for a feature passed through (indicators, category codes).
    let bins: [LightGBMBins?]
}
