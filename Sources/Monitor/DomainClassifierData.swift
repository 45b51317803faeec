import Frame
import Trees

/// The reference side of a domain classifier: its feature columns in NannyML's matrix order, and
/// the cross-validated ROC AUC of a tree model telling a chunk's rows from the reference's.
///
/// NannyML's recipe per chunk: the data is the whole reference (label 0) followed by the chunk
/// (label 1) — or, for a reference chunk, the reference alone with label 1 inside the chunk; each
/// categorical column is ordinal-encoded with the sorted categories of *that* combined data; the
/// matrix is the categorical columns, then the continuous ones; 5-fold stratified
/// cross-validation (no shuffle) pools the held-out probabilities into one ROC AUC (0.5 when only
/// one class is present).
struct DomainClassifierData: Sendable {
    /// One monitored column.
    struct Feature: Sendable {
        let name: String
        let categorical: Bool
        let type: DataType
        /// Continuous: the reference values in chunk order (NaN for null).
        let values: [Double]
        /// Categorical: the reference column in chunk order.
        let column: Column?
    }

    /// The columns in matrix order.
    let features: [Feature]
    /// Number of reference rows.
    let rowCount: Int

    /// Reads `columns` (in matrix order) of `reference`, rows in `order`.
    init(reference: DataFrame, columns: [(name: String, categorical: Bool)], order: [Int]?) throws(MonitorError) {
        var features: [Feature] = []
        for entry in columns {
            let column = try ColumnValues.require(reference, entry.name, role: "a domain classifier column")
            if entry.categorical {
                let ordered = order.map { column.gather($0) } ?? column
                features.append(Feature(name: entry.name, categorical: true, type: column.type, values: [], column: ordered))
            } else {
                let values = try ColumnValues.doubles(column, order: order, role: "a domain classifier column")
                features.append(Feature(name: entry.name, categorical: false, type: column.type, values: values, column: nil))
            }
        }
        self.features = features
        rowCount = reference.height
    }

    /// The cross-validated AUC of reference chunk `rows` (label 1) against the rest of the reference.
    func referenceAUC(
        _ rows: Range<Int>, parameters: TrainingParameters, folds: Int, minChildSamples: Int
    ) throws(MonitorError) -> Double {
        var labels = [Double](repeating: 0, count: rowCount)
        for row in rows { labels[row] = 1 }
        var matrix: [[Double]] = []
        var names: [String] = []
        var binned: [Bool] = []
        for feature in features {
            if let column = feature.column {
                var encoder = CategoryEncoder(type: column.type)
                let codes = encoder.fitReference(column, order: nil)
                Self.appendCategorical(codes, categoryCount: encoder.count, feature.name, &matrix, &names, &binned)
            } else {
                matrix.append(feature.values)
                names.append(feature.name)
                binned.append(true)
            }
        }
        return try Self.crossValidatedAUC(
            matrix, names: names, binned: binned, labels: labels, parameters: parameters, folds: folds,
            minChildSamples: minChildSamples)
    }

    /// The cross-validated AUC of the analysis chunk `chunkRows` (frame rows of `analysis`, label 1)
    /// appended to the whole reference (label 0).
    func analysisAUC(
        _ analysis: DataFrame, chunkRows: [Int], parameters: TrainingParameters, folds: Int, minChildSamples: Int
    ) throws(MonitorError) -> Double {
        let n = chunkRows.count
        var labels = [Double](repeating: 0, count: rowCount + n)
        for i in rowCount..<(rowCount + n) { labels[i] = 1 }
        var matrix: [[Double]] = []
        var names: [String] = []
        var binned: [Bool] = []
        for feature in features {
            let column = try ColumnValues.require(analysis, feature.name, role: "a domain classifier column")
            let chunk = column.gather(chunkRows)
            if let reference = feature.column {
                let combined = try Self.concatenate(reference, chunk, feature)
                var encoder = CategoryEncoder(type: combined.type)
                let codes = encoder.fitReference(combined, order: nil)
                Self.appendCategorical(codes, categoryCount: encoder.count, feature.name, &matrix, &names, &binned)
            } else {
                let values = try ColumnValues.doubles(chunk, order: nil, role: "a domain classifier column")
                matrix.append(feature.values + values)
                names.append(feature.name)
                binned.append(true)
            }
        }
        return try Self.crossValidatedAUC(
            matrix, names: names, binned: binned, labels: labels, parameters: parameters, folds: folds,
            minChildSamples: minChildSamples)
    }

    /// The reference column followed by the chunk's, under the reference's name.
    private static func concatenate(_ reference: Column, _ chunk: Column, _ feature: Feature) throws(MonitorError) -> Column {
        if !CategoryEncoder.compatible(chunk.type, feature.type) || chunk.type == .timestamp || chunk.type == .duration {
            throw MonitorError(
                .wrongType,
                "column '\(feature.name)' is \(chunk.type.name) in the analysis data, \(feature.type.name) in the reference",
                column: feature.name)
        }
        do {
            let top = try DataFrame(columns: [reference])
            let bottom = try DataFrame(columns: [chunk.renamed(reference.name)])
            let joined = try DataFrame.concat([top, bottom])
            guard let column = joined.column(named: reference.name) else {
                throw MonitorError(.wrongType, "column '\(feature.name)' could not be combined", column: feature.name)
            }
            return column
        } catch let error as MonitorError {
            throw error
        } catch {
            throw MonitorError(.wrongType, "column '\(feature.name)': \(error)", column: feature.name)
        }
    }

    /// The tree features of a categorical column with codes over `categoryCount` sorted categories:
    /// one-vs-rest indicators up to LightGBM's one-hot limit, the ordinal code (null as NaN) above.
    private static func appendCategorical(
        _ codes: [Int32], categoryCount: Int, _ name: String, _ matrix: inout [[Double]], _ names: inout [String],
        _ binned: inout [Bool]
    ) {
        if categoryCount <= TreeFeatures.oneHotLimit {
            let categories = (0..<categoryCount).map { Int32($0) }
            matrix.append(contentsOf: TreeFeatures.indicators(codes, categories: categories))
            names.append(contentsOf: categories.map { "\(name)=\($0)" })
            binned.append(contentsOf: repeatElement(false, count: categoryCount))
        } else {
            let table = [Double.nan] + (0..<categoryCount).map { Double($0) }
            matrix.append(TreeFeatures.lookup(codes, table: table, unseen: .nan))
            names.append(name)
            binned.append(false)
        }
    }

    /// Pooled held-out probabilities of `folds`-fold stratified cross-validation, scored by ROC AUC
    /// (ties count one half, as scikit-learn's); 0.5 when only one class is present.
    static func crossValidatedAUC(
        _ matrix: [[Double]], names: [String], binned: [Bool], labels: [Double], parameters: TrainingParameters,
        folds: Int, minChildSamples: Int
    ) throws(MonitorError) -> Double {
        var positives = 0
        for label in labels where label == 1 { positives += 1 }
        if positives == 0 || positives == labels.count { return 0.5 }
        let assignment = StratifiedFolds.assign(labels, folds: folds)
        var scores = [Double](repeating: .nan, count: labels.count)
        for fold in 0..<folds {
            var training: [Int] = []
            var held: [Int] = []
            training.reserveCapacity(labels.count)
            for (row, assigned) in assignment.enumerated() {
                if assigned == Int32(fold) { held.append(row) } else { training.append(row) }
            }
            if held.isEmpty { continue }
            var foldParameters = parameters
            if minChildSamples > 0 {
                var trainingPositives = 0
                for row in training where labels[row] == 1 { trainingPositives += 1 }
                let rate = Double(trainingPositives) / Double(max(1, training.count))
                foldParameters.minChildWeight = max(parameters.minChildWeight, Double(minChildSamples) * rate * (1 - rate))
            }
            let model = try TreeFeatures.train(
                matrix, names: names, binned: binned, labels: labels, rows: training, parameters: foldParameters)
            let predictions = try TreeFeatures.predict(
                model, matrix, names: names, rows: held, threads: parameters.threads)
            for (i, row) in held.enumerated() { scores[row] = predictions[i] }
        }
        return labels.withUnsafeBufferPointer { labelBuffer in
            scores.withUnsafeBufferPointer { Metrics.auc(labelBuffer, $0) }
        }
    }
}
