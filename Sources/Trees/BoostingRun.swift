import Frame
import Synchronization

/// One training run: bins the data once, then adds trees round by round, keeping the training
/// margins up to date from the leaves' row ranges and the validation margins tree by tree.
///
/// Every reduction is either an integer sum or runs in a fixed order on one thread, and every
/// random draw is keyed by (seed, round, index), so the model is the same for any thread count.
final class BoostingRun {
    let parameters: TrainingParameters
    let featureNames: [String]
    let sources: [FeatureSource]
    let labels: [Double]
    let validation: (sources: [FeatureSource], labels: [Double])?
    let threads: Int
    let loss: LossFunction
    /// After `train`: the training rows' margins (row-major, one per class), which are the model's
    /// margins on those rows bit for bit; nil when early stopping dropped trees after they were added.
    private(set) var finalMargins: [Double]?

    /// Rows per task of the row-wise passes (gradients, sample fills, margin updates).
    static let blockRows = 16_384

    init(
        parameters: TrainingParameters, featureNames: [String], sources: [FeatureSource], labels: [Double],
        validation: (sources: [FeatureSource], labels: [Double])?
    ) {
        self.parameters = parameters
        self.featureNames = featureNames
        self.sources = sources
        self.labels = labels
        self.validation = validation
        threads = max(1, parameters.threads)
        loss = LossFunction(parameters: parameters)
    }

    /// Trains the model, calling `progress` after each round.
    func train(progress: ((Int, Int) -> Void)?) throws(TreesError) -> BoostedModel {
        let binning = FeatureBinning(sources: sources, maxBins: parameters.maxBins, threads: threads)
        let binned = binning.binRows(of: sources, threads: threads, columnMajor: true)
        if let countBits = PackedHistogram.countBits(rowCount: labels.count, unitHessian: loss.hasUnitHessian) {
            let grower = TreeGrower<Int64>(matrix: binned, binning: binning, parameters: parameters, countBits: countBits)
            return try boost(grower, binning: binning, binned: binned, progress: progress)
        }
        let grower = TreeGrower<HistogramBin>(matrix: binned, binning: binning, parameters: parameters, countBits: 0)
        return try boost(grower, binning: binning, binned: binned, progress: progress)
    }

    /// The rounds, with histograms of the grower's layout.
    private func boost<Entry: HistogramEntry>(
        _ grower: TreeGrower<Entry>, binning: FeatureBinning, binned: BinMatrix, progress: ((Int, Int) -> Void)?
    ) throws(TreesError) -> BoostedModel {
        let rowCount = labels.count
        let classCount = loss.classCount
        let baseScore = labels.withUnsafeBufferPointer { loss.baseScore(labels: $0) }
        let margins = TrainingBuffer<Double>(count: rowCount * classCount)
        for row in 0..<rowCount {
            for k in 0..<classCount { margins.base[row * classCount + k] = baseScore[k] }
        }
        // Gradient arrays only for multiclass; the other objectives compute pairs straight from margins.
        let gradients = TrainingBuffer<Double>(count: loss.fusesGradients ? 0 : rowCount * classCount)
        let hessians = TrainingBuffer<Double>(count: loss.fusesGradients ? 0 : rowCount * classCount)
        let sample = TrainingSample(parameters: parameters, featureCount: sources.count)
        let inBag = TrainingBuffer<UInt32>(count: sample.usesAllRows ? 0 : rowCount)
        let outOfBag = TrainingBuffer<UInt32>(count: sample.usesAllRows ? 0 : rowCount)
        let refitScratch = TrainingBuffer<Double>(count: parameters.objective == .absoluteError ? rowCount : 0)
        let tracker = validation.map {
            ValidationTracker(
                sources: $0.sources, labels: $0.labels, binning: binning, baseScore: baseScore,
                parameters: parameters, classCount: classCount)
        }
        var trees: [Tree] = []
        trees.reserveCapacity(parameters.rounds * classCount)

        for round in 0..<parameters.rounds {
            if EngineInterrupt.flag.load(ordering: .relaxed) {
                EngineInterrupt.flag.store(false, ordering: .relaxed)
                throw TreesError(.interrupted, "interrupted")
            }
            if !loss.fusesGradients {
                computeGradients(margins: margins, gradients: gradients, hessians: hessians)
            }
            var sampleCount = rowCount
            var outOfBagCount = 0
            if !sample.usesAllRows {
                (sampleCount, outOfBagCount) = sample.drawRows(
                    round: round, rowCount: rowCount, inBag: inBag.base, outOfBag: outOfBag.base)
            }
            let sampleRows: UnsafePointer<UInt32>? = sample.usesAllRows ? nil : UnsafePointer(inBag.base)
            for k in 0..<classCount {
                let quantizer = loss.fusesGradients
                    ? fillSample(grower, margins: margins, sampleRows: sampleRows, count: sampleCount)
                    : fillSample(
                        grower, gradients: gradients.base + k * rowCount, hessians: hessians.base + k * rowCount,
                        sampleRows: sampleRows, count: sampleCount)
                let search = SplitSearch(
                    lambda: parameters.lambda, alpha: parameters.alpha, minChildWeight: parameters.minChildWeight,
                    gradientUnit: quantizer.gradientUnit, hessianUnit: quantizer.hessianUnit)
                var grown = grower.grow(
                    sampleCount: sampleCount, features: sample.drawFeatures(tree: round * classCount + k),
                    search: search, allRows: sample.usesAllRows)
                if parameters.objective == .absoluteError {
                    let values = labels.withUnsafeBufferPointer { labelBuffer in
                        LeafMedianRefit.values(
                            leaves: grown.leaves, rows: grower.rows.base,
                            labels: labelBuffer.baseAddress ?? UnsafePointer(refitScratch.base), margins: margins.base,
                            marginStride: classCount, learningRate: parameters.learningRate,
                            scratch: refitScratch.base, threads: threads)
                    }
                    for (leaf, value) in zip(grown.leaves, values) { grown.tree.value[leaf.node] = value }
                }
                let table = BinnedTreeTable(grown)
                addLeaves(grown, rows: grower.rows.base, margins: margins, classIndex: k, classCount: classCount)
                if outOfBagCount > 0 {
                    addByWalking(
                        table, bins: binned.rowMajor.base, rows: outOfBag.base, count: outOfBagCount, margins: margins,
                        classIndex: k, classCount: classCount)
                }
                tracker?.add(table, classIndex: k)
                trees.append(grown.tree)
            }
            progress?(round + 1, parameters.rounds)
            if let tracker, tracker.endRound(round + 1) { break }
        }

        var bestRound: Int? = nil
        let added = trees.count
        if let tracker, parameters.earlyStoppingRounds > 0 {
            bestRound = tracker.bestRound
            trees.removeLast(trees.count - tracker.bestRound * classCount)
        }
        // Leaves were added in tree order starting from the base score, the order prediction sums in.
        finalMargins = trees.count == added
            ? Array(UnsafeBufferPointer(start: margins.base, count: rowCount * classCount)) : nil
        return withExtendedLifetime(binned) {
            BoostedModel(
                parameters: parameters, featureNames: featureNames, baseScore: baseScore, trees: trees,
                bestRound: bestRound, validationHistory: tracker?.history ?? [])
        }
    }
}
