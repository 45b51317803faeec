import Frame
import Trees

/// NannyML's DomainClassifierCalculator: multivariate drift as the cross-validated ROC AUC of a
/// tree model that tells each chunk's rows from the reference's (0.5: indistinguishable).
///
/// Thresholds default to NannyML's constants [0.45, 0.65], clipped to [0, 1]; the alert is
/// `value < lower || value > upper`. The model is our gradient-boosted trees with LightGBM's
/// settings as NannyML passes them (`defaultParameters`), not LightGBM itself, so values agree
/// with NannyML's only approximately. Each chunk costs `folds` model fits, reference chunks
/// included (they are scored at fit time); chunks run concurrently, one fit per thread.
public struct DomainClassifierCalculator: Sendable {
    /// The columns the classifier sees.
    public var columns: [String]
    /// Numeric columns to treat as categorical whatever their type.
    public var treatAsCategorical: [String]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// Cross-validation folds (NannyML's `cv_folds_num`, 5).
    public var folds: Int
    /// How the thresholds are set (NannyML: the constants 0.45 and 0.65).
    public var threshold: Threshold
    /// The tree model's settings; the objective is always binary logistic.
    public var parameters: TrainingParameters
    /// LightGBM's `min_child_samples` (rows per leaf, 20), which our trainer lacks: emulated per
    /// fit as a minimum leaf hessian of `minChildSamples × π(1 − π)`, the hessian of that many rows
    /// at the training set's share π of chunk rows (the larger of it and `parameters.minChildWeight`
    /// is used); 0 turns the emulation off.
    public var minChildSamples: Int

    /// The result rows' `name`.
    public static let name = "domain_classifier_auroc"
    /// The result rows' `method`.
    public static let method = "domain_classifier"

    /// NannyML's LightGBM classifier settings (`DEFAULT_LGBM_HYPERPARAMS`) as far as our trainer
    /// has them: 100 rounds at learning rate 0.1, leaf-wise growth to 31 leaves without a depth
    /// limit, no L1/L2 penalty, a minimum hessian of 1e-3 per leaf, no row or column sampling.
    /// LightGBM's `min_child_samples` (20 rows per leaf) has no counterpart here.
    public static var defaultParameters: TrainingParameters {
        var parameters = TrainingParameters.lightGBMDefaults(objective: .binaryLogistic, minChildWeight: 1e-3)
        parameters.seed = 13
        return parameters
    }

    /// A calculator with NannyML's defaults.
    public init(
        columns: [String], treatAsCategorical: [String] = [], chunker: Chunker = Chunker(), folds: Int = 5,
        threshold: Threshold = .constant(lower: 0.45, upper: 0.65),
        parameters: TrainingParameters = DomainClassifierCalculator.defaultParameters, minChildSamples: Int = 20
    ) {
        self.columns = columns
        self.treatAsCategorical = treatAsCategorical
        self.chunker = chunker
        self.folds = folds
        self.threshold = threshold
        self.parameters = parameters
        self.minChildSamples = minChildSamples
    }

    /// Reads the reference, scores its chunks and sets the thresholds.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedDomainClassifier {
        var warnings = try validate()
        try chunker.validate()
        let chunked = try chunker.splitReference(reference)
        if reference.height < folds {
            throw MonitorError(
                .tooFewRows, "the reference data has \(reference.height) rows, fewer than the \(folds) cross-validation folds")
        }
        if chunked.chunks.count < 6, !isConstantThreshold {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        var typed: [(name: String, kind: DriftColumnKind, forced: Bool)] = []
        for name in columns {
            let column = try ColumnValues.require(reference, name, role: "a domain classifier column")
            let forced = treatAsCategorical.contains(name)
            let kind = try UnivariateDriftCalculator.kind(of: column, forcedCategorical: forced, forcedContinuous: false)
            typed.append((name, kind, forced && column.type.isNumeric))
        }
        // NannyML's matrix: auto-typed categorical columns by name, forced ones after, then the
        // continuous columns by name.
        let ordered =
            typed.filter { $0.kind == .categorical && !$0.forced }.sorted { $0.name < $1.name }
            + typed.filter { $0.kind == .categorical && $0.forced }
            + typed.filter { $0.kind == .continuous }.sorted { $0.name < $1.name }
        let data = try DomainClassifierData(
            reference: reference, columns: ordered.map { ($0.name, $0.kind == .categorical) }, order: chunked.order)
        let model = modelParameters
        let chunks = chunked.chunks
        let (folds, minChildSamples) = (folds, minChildSamples)
        let values = try ParallelChunks.map(chunks.count, threads: parameters.threads) { (index) throws(MonitorError) in
            try data.referenceAUC(chunks[index].rows, parameters: model, folds: folds, minChildSamples: minChildSamples)
        }
        let bounds = threshold.bounds(fittedOn: values, limits: .unitInterval)
        return FittedDomainClassifier(
            calculator: self, data: data, thresholds: bounds, referenceChunks: chunked.chunks, referenceValues: values,
            warnings: warnings)
    }

    /// The parameters with the objective forced to binary logistic, for one fit on one thread
    /// (`ParallelChunks` spreads the chunks over `parameters.threads`).
    var modelParameters: TrainingParameters {
        var model = parameters
        model.objective = .binaryLogistic
        model.classCount = 1
        model.threads = 1
        return model
    }

    private var isConstantThreshold: Bool {
        if case .constant = threshold { return true }
        return false
    }

    /// Checks the arguments; returns the warnings they deserve.
    func validate() throws(MonitorError) -> [String] {
        var warnings: [String] = []
        if columns.isEmpty { throw MonitorError(.invalidArgument, "no columns for the domain classifier") }
        for (i, name) in columns.enumerated() where columns[..<i].contains(name) {
            throw MonitorError(.invalidArgument, "column '\(name)' is listed twice", column: name)
        }
        for name in treatAsCategorical where !columns.contains(name) {
            warnings.append("ignoring forced type of '\(name)': it is not among the monitored columns")
        }
        if minChildSamples < 0 {
            throw MonitorError(.invalidArgument, "minChildSamples must be 0 or more, found \(minChildSamples)")
        }
        if folds < 2 {
            throw MonitorError(.invalidArgument, "the domain classifier needs at least 2 cross-validation folds, found \(folds)")
        }
        try threshold.validate(for: Self.name)
        return warnings
    }
}

/// A fitted domain classifier: the reference features and thresholds, ready to score analysis sets.
public struct FittedDomainClassifier: Sendable {
    /// The settings it was fitted with.
    public let calculator: DomainClassifierCalculator
    let data: DomainClassifierData
    /// The fitted thresholds.
    public let thresholds: ThresholdBounds
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    let referenceValues: [Double]
    /// Warnings from fitting.
    public let warnings: [String]

    /// The columns in the order the model sees them (categorical first).
    public var featureOrder: [String] { data.features.map(\.name) }

    /// The reference chunks' rows only.
    public var referenceResult: MonitorResult {
        MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: [], rows: rows(.reference, referenceValues),
            hasRealized: false, warnings: warnings)
    }

    /// Scores every chunk of `analysis` against the reference, after the reference rows.
    public func calculate(_ analysis: DataFrame) throws(MonitorError) -> MonitorResult {
        let chunked = try calculator.chunker.split(analysis)
        let model = calculator.modelParameters
        let (data, folds, minChildSamples) = (data, calculator.folds, calculator.minChildSamples)
        let values = try ParallelChunks.map(chunked.chunks.count, threads: calculator.parameters.threads) {
            (index) throws(MonitorError) in
            try data.analysisAUC(
                analysis, chunkRows: chunked.frameRows(of: chunked.chunks[index]), parameters: model, folds: folds,
                minChildSamples: minChildSamples)
        }
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks,
            rows: rows(.reference, referenceValues) + rows(.analysis, values), hasRealized: false, warnings: warnings)
    }

    /// One row per chunk.
    private func rows(_ period: DataPeriod, _ values: [Double]) -> [MonitorRow] {
        values.enumerated().map { index, value in
            var row = MonitorRow(
                period: period, chunkIndex: index, name: DomainClassifierCalculator.name,
                method: DomainClassifierCalculator.method)
            row.value = value.isNaN ? nil : value
            row.lowerThreshold = thresholds.lower
            row.upperThreshold = thresholds.upper
            row.alert = thresholds.alert(value)
            return row
        }
    }
}
