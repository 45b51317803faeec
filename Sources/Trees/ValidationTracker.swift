/// The validation rows during training: their bins (cut with the training cuts), their margins
/// updated tree by tree, the metric after each round and the early-stopping decision.
final class ValidationTracker {
    let rowCount: Int
    let featureCount: Int
    let classCount: Int
    let metric: Metric
    let objective: Objective
    let patience: Int
    let threads: Int
    private let matrix: BinMatrix
    private let labels: [Double]
    /// Row-major `rowCount × classCount` margins.
    let margins: TrainingBuffer<Double>
    private var predictions: [Double]

    /// Metric after each evaluated round.
    private(set) var history: [Double] = []
    /// Rounds kept (1-based) at the best metric so far.
    private(set) var bestRound = 0
    private var bestValue = Double.nan

    init(
        sources: [FeatureSource], labels: [Double], binning: FeatureBinning, baseScore: [Double],
        parameters: TrainingParameters, classCount: Int
    ) {
        rowCount = labels.count
        featureCount = sources.count
        self.classCount = classCount
        metric = parameters.effectiveMetric
        objective = parameters.objective
        patience = parameters.earlyStoppingRounds
        threads = max(1, parameters.threads)
        matrix = binning.binRows(of: sources, threads: threads, columnMajor: false)
        self.labels = labels
        margins = TrainingBuffer(count: rowCount * classCount)
        for row in 0..<rowCount {
            for k in 0..<classCount { margins.base[row * classCount + k] = baseScore[k] }
        }
        predictions = [Double](repeating: 0, count: rowCount * classCount)
    }

    /// Adds one tree (for class `classIndex`) to every validation row's margin.
    func add(_ tree: BinnedTreeTable, classIndex: Int) {
        let blocks = (rowCount + 4095) / 4096
        let context = SendableBox((matrix.rowMajor.base, margins.base))
        ParallelTasks.run(blocks, threads: rowCount >= 16_384 ? threads : 1) { block in
            let (bins, margins) = context.value
            let first = block * 4096
            tree.addLeafValues(
                bins: bins, stride: featureCount, rows: nil, first: first, count: min(4096, rowCount - first),
                margins: margins, marginStride: classCount, marginOffset: classIndex)
        }
    }

    /// Scores the margins after a round; returns true when training should stop (no improvement
    /// for `patience` rounds; never when early stopping is off).
    func endRound(_ round: Int) -> Bool {
        predictions.withUnsafeMutableBufferPointer { output in
            ModelResponse.transform(
                UnsafeBufferPointer(start: margins.base, count: rowCount * classCount), objective: objective,
                classCount: classCount, into: output)
        }
        let value = labels.withUnsafeBufferPointer { labels in
            predictions.withUnsafeBufferPointer { predictions in
                Metrics.value(of: metric, labels: labels, predictions: predictions, classCount: classCount)
            }
        }
        history.append(value)
        // The first round is the best so far; a NaN score (a class absent for AUC) never improves.
        let better = metric.higherIsBetter ? value > bestValue : value < bestValue
        let improved = bestRound == 0 || (bestValue.isNaN && !value.isNaN) || better
        if improved {
            bestValue = value
            bestRound = round
        }
        return patience > 0 && round - bestRound >= patience
    }
}
