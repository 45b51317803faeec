import Frame

/// Per-row explanations of a trained model: how much each feature moved the raw margin.
public enum Explanation {
    /// Rows per parallel task; between tasks `EngineInterrupt.flag` is checked.
    static let rowsPerTask = 256

    /// Exact TreeSHAP contributions, one matrix per model output (`classCount` for multiclass,
    /// else one): row-major `rows × (featureCount + 1)`, the last entry of a row the bias (base
    /// score plus the trees' expected value), so a row sums to its raw margin.
    ///
    /// `features` are matched to `model.featureNames` by position; int, float, bool, timestamp
    /// and duration columns are read as Double, and a null follows the split's default direction.
    /// Every stored tree is used. Rows run on `model.parameters.threads` threads; each row's sum
    /// runs tree by tree in model order, so the result does not depend on the thread count.
    public static func contributions(_ model: BoostedModel, features: [Column]) throws(TreesError) -> [[Double]] {
        let depths: [Int]
        do {
            depths = try ModelFileValidation.treeDepths(of: model)
        } catch {
            throw TreesError(error.kind, "explain: inconsistent model: \(error.message)")
        }
        let featureCount = model.featureNames.count
        let rows = try ExplanationInput.rowMajor(features, featureNames: model.featureNames)
        let rowCount = featureCount == 0 ? 0 : rows.count / featureCount
        let outputs = model.treesPerRound
        let stride = featureCount + 1
        let matrixSize = rowCount * stride

        var bias = model.baseScore
        for (index, tree) in model.trees.enumerated() {
            bias[index % outputs] += TreeSHAP.expectedValue(of: tree)
        }
        var flat = [Double](repeating: 0, count: outputs * matrixSize)
        for output in 0..<outputs {
            for row in 0..<rowCount {
                flat[output * matrixSize + row * stride + featureCount] = bias[output]
            }
        }
        // Without features every tree is a single leaf and the bias is the whole margin.
        if rowCount > 0 && !model.trees.isEmpty {
            let maxDepth = depths.max() ?? 0
            let taskCount = (rowCount + rowsPerTask - 1) / rowsPerTask
            let forest = TreeSHAPForest(model.trees)
            let treeCount = model.trees.count
            rows.withUnsafeBufferPointer { values in
                flat.withUnsafeMutableBufferPointer { target in
                    guard let input = values.baseAddress, let output = target.baseAddress else { return }
                    ParallelTasks.run(taskCount, threads: model.parameters.threads) { task in
                        if EngineInterrupt.flag.load(ordering: .relaxed) { return }
                        let explainer = TreeSHAP(featureCount: featureCount, maxDepth: maxDepth)
                        let first = task * rowsPerTask
                        for row in first..<min(rowCount, first + rowsPerTask) {
                            for k in 0..<outputs {
                                let slots = output + k * matrixSize + row * stride
                                var index = k
                                while index < treeCount {
                                    explainer.accumulate(
                                        forest, root: forest.roots[index], row: input + row * featureCount, into: slots)
                                    index += outputs
                                }
                            }
                        }
                    }
                }
            }
            if EngineInterrupt.flag.load(ordering: .relaxed) {
                EngineInterrupt.flag.store(false, ordering: .relaxed)
                throw TreesError(.interrupted, "explain: interrupted")
            }
        }
        return (0..<outputs).map { Array(flat[($0 * matrixSize)..<(($0 + 1) * matrixSize)]) }
    }
}

/// The feature columns of an explanation as one row-major Double matrix, NaN for null.
enum ExplanationInput {
    /// Checks the columns against the model's features and copies them row by row.
    static func rowMajor(_ columns: [Column], featureNames: [String]) throws(TreesError) -> [Double] {
        if columns.count != featureNames.count {
            let expected = featureNames.joined(separator: ", ")
            throw TreesError(
                .invalidArgument,
                "explain: the model has \(featureNames.count) features (\(expected)) but \(columns.count) columns were given")
        }
        guard let first = columns.first else { return [] }
        let rowCount = first.count
        let featureCount = columns.count
        for (index, column) in columns.enumerated() {
            if column.type == .string {
                throw TreesError(
                    .invalidData,
                    "explain: column '\(column.name)' (feature '\(featureNames[index])') is a string; features must be numeric")
            }
            if column.count != rowCount {
                throw TreesError(
                    .invalidData, "explain: column '\(column.name)' has \(column.count) rows, '\(first.name)' has \(rowCount)")
            }
        }
        var matrix = [Double](repeating: .nan, count: rowCount * featureCount)
        for (feature, column) in columns.enumerated() {
            switch column.storage {
            case .float64(let values):
                for row in 0..<rowCount { matrix[row * featureCount + feature] = values[row] }
            case .int64(let values):
                for row in 0..<rowCount { matrix[row * featureCount + feature] = Double(values[row]) }
            case .bool(let values):
                for row in 0..<rowCount { matrix[row * featureCount + feature] = Double(values[row]) }
            case .utf8, .dictionary:
                break
            }
            if let validity = column.validity {
                for row in 0..<rowCount where !validity.isValid(row) {
                    matrix[row * featureCount + feature] = .nan
                }
            }
        }
        return matrix
    }
}
