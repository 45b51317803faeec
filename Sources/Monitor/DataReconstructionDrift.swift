import Frame

/// NannyML's DataReconstructionDriftCalculator: multivariate drift as the mean error with which a
/// PCA fitted on the reference reconstructs each chunk's rows.
///
/// Preprocessing is `ReconstructionEncoding` (impute, frequency-encode categories, standardise);
/// the PCA keeps the fewest components explaining more than `components`' share of the reference
/// variance. Per chunk: `value` is the mean row error, `sampling_error` the std (ddof 1) of the
/// chunk's *own* row errors over √n, and the confidence band value ± 3 sampling errors, floored at
/// 0. Thresholds are mean ± 3 std of the reference chunks' values.
///
/// NannyML surprises kept: a lower threshold at or below 0 becomes *none* (not 0), and a value
/// exactly on a threshold alerts (`alert = !(lower < value < upper)`).
public struct DataReconstructionDriftCalculator: Sendable {
    /// The columns to reconstruct, in matrix order.
    public var columns: [String]
    /// Numeric columns to treat as categorical (frequency-encoded) whatever their type.
    public var treatAsCategorical: [String]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// How many principal components to keep.
    public var components: PrincipalComponentCount
    /// How the thresholds are set (NannyML: mean ± 3 std of the reference chunks).
    public var threshold: Threshold

    /// The name and method of every result row.
    public static let name = "reconstruction_error"
    /// The result rows' `method`.
    public static let method = "data_reconstruction"

    /// A calculator with NannyML's defaults: 65% explained variance, mean ± 3 std, ten chunks.
    public init(
        columns: [String], treatAsCategorical: [String] = [], chunker: Chunker = Chunker(),
        components: PrincipalComponentCount = .varianceShare(0.65), threshold: Threshold = .standard
    ) {
        self.columns = columns
        self.treatAsCategorical = treatAsCategorical
        self.chunker = chunker
        self.components = components
        self.threshold = threshold
    }

    /// The limits thresholds are clipped to: ≥ 0, a lower threshold at or below 0 becoming none.
    static let limits = ValueLimits(lower: 0, upper: nil, replaceWithNone: true)

    /// Fits the preprocessing, the PCA and the thresholds on `reference`.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedDataReconstructionDrift {
        var warnings = try validate()
        try chunker.validate()
        let chunked = try chunker.splitReference(reference)
        if chunked.chunks.count < 6 {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        var typed: [(name: String, categorical: Bool)] = []
        for name in columns {
            let column = try ColumnValues.require(reference, name, role: "a reconstruction column")
            let kind = try UnivariateDriftCalculator.kind(
                of: column, forcedCategorical: treatAsCategorical.contains(name), forcedContinuous: false)
            typed.append((name, kind == .categorical))
        }
        let (encoding, matrix) = try ReconstructionEncoding.fit(reference, columns: typed, order: chunked.order)
        let pca = try PrincipalComponents(matrix, rows: reference.height, columns: encoding.dimension, keeping: components)
        let values = try FittedDataReconstructionDrift.chunkValues(pca, matrix, chunked.chunks)
        let bounds = threshold.bounds(fittedOn: values.map(\.value), limits: Self.limits)
        return FittedDataReconstructionDrift(
            calculator: self, encoding: encoding, pca: pca, thresholds: bounds, referenceChunks: chunked.chunks,
            referenceValues: values, warnings: warnings)
    }

    /// Checks the arguments; returns the warnings they deserve.
    func validate() throws(MonitorError) -> [String] {
        var warnings: [String] = []
        if columns.count < 2 {
            throw MonitorError(.invalidArgument, "reconstruction drift needs at least 2 columns, found \(columns.count)")
        }
        for (i, name) in columns.enumerated() where columns[..<i].contains(name) {
            throw MonitorError(.invalidArgument, "column '\(name)' is listed twice", column: name)
        }
        for name in treatAsCategorical where !columns.contains(name) {
            warnings.append("ignoring forced type of '\(name)': it is not among the monitored columns")
        }
        try components.validate()
        try threshold.validate(for: Self.name)
        return warnings
    }
}

/// A fitted data-reconstruction drift calculator, ready to compare analysis sets.
public struct FittedDataReconstructionDrift: Sendable {
    /// The settings it was fitted with.
    public let calculator: DataReconstructionDriftCalculator
    let encoding: ReconstructionEncoding
    let pca: PrincipalComponents
    /// The fitted thresholds (a lower one at or below 0 is none).
    public let thresholds: ThresholdBounds
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    let referenceValues: [ChunkError]
    /// Warnings from fitting.
    public let warnings: [String]

    /// Number of principal components kept.
    public var componentCount: Int { pca.componentCount }
    /// Every component's share of the reference variance, largest first (kept ones first).
    public var explainedVarianceRatio: [Double] { pca.explainedVarianceRatio }

    /// One chunk's mean reconstruction error and its sampling error.
    struct ChunkError: Sendable {
        var value: Double
        var samplingError: Double
    }

    /// The reference chunks' rows only.
    public var referenceResult: MonitorResult {
        MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: [], rows: rows(.reference, referenceValues),
            hasRealized: false, warnings: warnings)
    }

    /// Reconstruction drift of `analysis`, after the reference rows.
    public func calculate(_ analysis: DataFrame) throws(MonitorError) -> MonitorResult {
        let chunked = try calculator.chunker.split(analysis)
        let matrix = try encoding.matrix(of: analysis, order: chunked.order)
        let values = try Self.chunkValues(pca, matrix, chunked.chunks)
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks,
            rows: rows(.reference, referenceValues) + rows(.analysis, values), hasRealized: false, warnings: warnings)
    }

    /// NannyML's alert rule here: `!(lower < value < upper)` with a missing threshold as ∓∞, so a
    /// value exactly on a threshold alerts. Nil for a NaN value.
    static func alert(_ value: Double, _ bounds: ThresholdBounds) -> Bool? {
        if value.isNaN { return nil }
        let lower = bounds.lower ?? -.infinity
        let upper = bounds.upper ?? .infinity
        return !(lower < value && value < upper)
    }

    /// Mean row error and sampling error of every chunk of the standardised `matrix`.
    static func chunkValues(
        _ pca: PrincipalComponents, _ matrix: [Double], _ chunks: [Chunk]
    ) throws(MonitorError) -> [ChunkError] {
        var out: [ChunkError] = []
        for chunk in chunks {
            try MonitorError.checkInterrupt()
            let errors = pca.reconstructionErrors(matrix, rows: chunk.rows)
            let mean = NumPySum.mean(errors)
            var samplingError = Double.nan
            if errors.count > 1 {
                var squares = [Double](repeating: 0, count: errors.count)
                for i in 0..<errors.count { squares[i] = (errors[i] - mean) * (errors[i] - mean) }
                let variance = NumPySum.sum(squares) / Double(errors.count - 1)
                samplingError = variance.squareRoot() / Double(errors.count).squareRoot()
            }
            out.append(ChunkError(value: mean, samplingError: samplingError))
        }
        return out
    }

    /// One row per chunk.
    private func rows(_ period: DataPeriod, _ values: [ChunkError]) -> [MonitorRow] {
        values.enumerated().map { index, chunk in
            var row = MonitorRow(
                period: period, chunkIndex: index, name: DataReconstructionDriftCalculator.name,
                method: DataReconstructionDriftCalculator.method)
            row.value = chunk.value.isNaN ? nil : chunk.value
            row.samplingError = chunk.samplingError.isNaN ? nil : chunk.samplingError
            if !chunk.value.isNaN && !chunk.samplingError.isNaN {
                let band = ValueLimits.nonNegative.confidenceBand(chunk.value, chunk.samplingError)
                row.lowerConfidenceBound = band.lower
                row.upperConfidenceBound = band.upper
            }
            row.lowerThreshold = thresholds.lower
            row.upperThreshold = thresholds.upper
            row.alert = Self.alert(chunk.value, thresholds)
            return row
        }
    }
}
