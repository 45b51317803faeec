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
        let prepared = PreparedFeatures(values, names: names, binned: binned, rows: rows)
        return try trainKeepingMargins(prepared, labels: labels, parameters: parameters).model
    }

    /// Trains on features binned beforehand (several models on the same rows share one binning),
    /// against `labels` indexed like the full value arrays; also returns the model's margins on the
    /// training rows (in `prepared.rows` order), equal to its predicted margins there bit for bit,
    /// or nil when the trainer cannot provide them.
    static func trainKeepingMargins(
        _ prepared: PreparedFeatures, labels: [Double], parameters: TrainingParameters
    ) throws(MonitorError) -> (model: TreeModel, margins: [Double]?) {
        var target = labels
        if let rows = prepared.rows { target = gather(labels, rows) }
        do {
            let trained = try GradientBoosting.trainKeepingMargins(
                features: prepared.columns, target: Column(name: "target", floats: target), parameters: parameters)
            return (TreeModel(model: trained.model, bins: prepared.bins), trained.margins)
        } catch {
            throw monitorError(error)
        }
    }

    /// The model's predictions (probabilities for a classifier) for `rows` of `values` (all rows
    /// when nil).
    static func predict(
        _ model: TreeModel, _ values: [[Double]], names: [String], rows: [Int]?, threads: Int
    ) throws(MonitorError) -> [Double] {
        try predict(model, inputs: inputs(values, names: names, bins: model.bins, rows: rows), threads: threads)
    }

    /// The model's predictions for feature columns already through its bins (`inputs`).
    static func predict(_ model: TreeModel, inputs: [Column], threads: Int) throws(MonitorError) -> [Double] {
        do {
            let predictions = try GradientBoosting.predict(model.model, features: inputs, threads: max(1, threads))
            return predictions.first ?? []
        } catch {
            throw monitorError(error)
        }
    }

    /// The feature columns a model with `bins` reads for `rows` of `values` (all rows when nil):
    /// binned features as bin numbers, the others as they are.
    static func inputs(_ values: [[Double]], names: [String], bins: [LightGBMBins?], rows: [Int]?) -> [Column] {
        var features: [Column] = []
        for (j, column) in values.enumerated() {
            let input: [Double]
            if let fitted = bins[j] {
                input = fitted.numbers(of: column, rows: rows)
            } else {
                input = rows == nil ? column : gather(column, rows ?? [])
            }
            features.append(Column(name: names[j], floats: input))
        }
        return features
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

/// Training features binned once: LightGBM bins fitted on the training rows, and the training
/// rows' inputs (bin numbers, or the values as they are for unbinned features).
struct PreparedFeatures: Sendable {
    /// The training rows (all rows when nil).
    let rows: [Int]?
    /// Per feature: its bins, or nil for a feature passed through.
    let bins: [LightGBMBins?]
    /// The training rows' inputs, one column per feature.
    let columns: [Column]

    /// Fits the bins of the features marked in `binned` on `rows` of `values`.
    init(_ values: [[Double]], names: [String], binned: [Bool], rows: [Int]?) {
        self.rows = rows
        bins = values.enumerated().map { j, column in binned[j] ? LightGBMBins(column, rows: rows) : nil }
        columns = TreeFeatures.inputs(values, names: names, bins: bins, rows: rows)
    }
}
