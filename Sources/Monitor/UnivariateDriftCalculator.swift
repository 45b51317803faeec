import Frame

/// NannyML's UnivariateDriftCalculator: per column and chunk, how far the chunk's distribution is
/// from the reference's, with thresholds fitted on the reference chunks.
///
/// Thresholds default to `Threshold.upperOnly` (mean + 3 std of the reference-chunk values, no
/// lower threshold), clipped to each method's range (KS to [0, 1], the rest to ≥ 0).
/// NannyML surprise: chi-squared reports the statistic but alerts on its p-value (p < 0.05); its
/// thresholds are always none and a custom chi-squared threshold is ignored with a warning.
public struct UnivariateDriftCalculator: Sendable {
    /// The columns to monitor.
    public var columns: [String]
    /// Columns to treat as categorical whatever their type (e.g. an integer `y_pred`).
    public var treatAsCategorical: [String]
    /// Columns to treat as continuous whatever their type.
    public var treatAsContinuous: [String]
    /// Methods for continuous columns, in output order.
    public var continuousMethods: [ContinuousDriftMethod]
    /// Methods for categorical columns, in output order.
    public var categoricalMethods: [CategoricalDriftMethod]
    /// How both data sets are cut into chunks.
    public var chunker: Chunker
    /// Custom thresholds by method key (`"jensen_shannon"`, ...); the rest use `Threshold.upperOnly`.
    public var thresholds: [String: Threshold]
    /// Exact or binned KS and Wasserstein.
    public var cdfComputation: CDFComputation
    /// Number of bins of the binned KS and Wasserstein path (NannyML's `n_bins`, 10,000).
    public var cdfBins: Int

    /// A calculator with NannyML's defaults: Jensen-Shannon for both kinds of column, ten chunks.
    public init(
        columns: [String], treatAsCategorical: [String] = [], treatAsContinuous: [String] = [],
        continuousMethods: [ContinuousDriftMethod] = [.jensenShannon],
        categoricalMethods: [CategoricalDriftMethod] = [.jensenShannon], chunker: Chunker = Chunker(),
        thresholds: [String: Threshold] = [:], cdfComputation: CDFComputation = .automatic, cdfBins: Int = 10_000
    ) {
        self.columns = columns
        self.treatAsCategorical = treatAsCategorical
        self.treatAsContinuous = treatAsContinuous
        self.continuousMethods = continuousMethods
        self.categoricalMethods = categoricalMethods
        self.chunker = chunker
        self.thresholds = thresholds
        self.cdfComputation = cdfComputation
        self.cdfBins = cdfBins
    }

    /// Fits every column's reference distribution and thresholds on `reference`.
    public func fit(reference: DataFrame) throws(MonitorError) -> FittedUnivariateDrift {
        var warnings = try validate()
        let chunked = try chunker.splitReference(reference)
        if chunked.chunks.count < 6 {
            warnings.append("the reference gives \(chunked.chunks.count) chunks; thresholds from fewer than 6 are unreliable")
        }
        var models: [FittedUnivariateDrift.ColumnModel] = []
        var order: [(name: String, kind: DriftColumnKind, forced: Bool)] = []
        for name in columns {
            let column = try ColumnValues.require(reference, name, role: "a drift column")
            let kind = try UnivariateDriftCalculator.kind(
                of: column, forcedCategorical: treatAsCategorical.contains(name),
                forcedContinuous: treatAsContinuous.contains(name))
            order.append((name, kind, treatAsCategorical.contains(name) || treatAsContinuous.contains(name)))
        }
        // NannyML's output order: auto-typed by name, forced ones after, continuous first.
        let sortedColumns =
            order.filter { $0.kind == .continuous && !$0.forced }.sorted { $0.name < $1.name }
            + order.filter { $0.kind == .continuous && $0.forced }
            + order.filter { $0.kind == .categorical && !$0.forced }.sorted { $0.name < $1.name }
            + order.filter { $0.kind == .categorical && $0.forced }
        for entry in sortedColumns {
            try MonitorError.checkInterrupt()
            let column = try ColumnValues.require(reference, entry.name, role: "a drift column")
            let model = try FittedUnivariateDrift.ColumnModel(
                column: column, kind: entry.kind, chunked: chunked, calculator: self, warnings: &warnings)
            models.append(model)
        }
        return FittedUnivariateDrift(
            calculator: self, models: models, referenceChunks: chunked.chunks, warnings: warnings)
    }

    /// Checks the arguments; returns the warnings they deserve.
    func validate() throws(MonitorError) -> [String] {
        var warnings: [String] = []
        if columns.isEmpty { throw MonitorError(.invalidArgument, "no columns to monitor") }
        for (i, name) in columns.enumerated() where columns[..<i].contains(name) {
            throw MonitorError(.invalidArgument, "column '\(name)' is listed twice", column: name)
        }
        for name in treatAsCategorical where treatAsContinuous.contains(name) {
            throw MonitorError(.invalidArgument, "column '\(name)' is forced both categorical and continuous", column: name)
        }
        for name in treatAsCategorical + treatAsContinuous where !columns.contains(name) {
            warnings.append("ignoring forced type of '\(name)': it is not among the monitored columns")
        }
        if continuousMethods.isEmpty || categoricalMethods.isEmpty {
            throw MonitorError(.invalidArgument, "each column kind needs at least one drift method")
        }
        if cdfBins < 1 { throw MonitorError(.invalidArgument, "the number of CDF bins must be 1 or more, found \(cdfBins)") }
        for (key, threshold) in thresholds.sorted(by: { $0.key < $1.key }) {
            let known = ContinuousDriftMethod(rawValue: key) != nil || CategoricalDriftMethod(rawValue: key) != nil
            if !known { throw MonitorError(.invalidArgument, "unknown drift method '\(key)' in thresholds") }
            try threshold.validate(for: key)
            if key == CategoricalDriftMethod.chi2.rawValue {
                warnings.append("ignoring the custom threshold for 'chi2': it alerts on its p-value")
            }
        }
        try chunker.validate()
        return warnings
    }

    /// The kind of a column: int and float continuous, bool and string categorical, unless forced.
    static func kind(of column: Column, forcedCategorical: Bool, forcedContinuous: Bool) throws(MonitorError)
        -> DriftColumnKind
    {
        switch column.type {
        case .timestamp, .duration:
            throw MonitorError(
                .wrongType, "column '\(column.name)' is \(column.type.name); drift needs numbers, bools or strings",
                column: column.name)
        case .string:
            if forcedContinuous {
                throw MonitorError(.wrongType, "column '\(column.name)' is string and cannot be continuous", column: column.name)
            }
            return .categorical
        case .bool: return forcedContinuous ? .continuous : .categorical
        case .int, .float: return forcedCategorical ? .categorical : .continuous
        }
    }

    /// The threshold of a method key.
    func threshold(_ key: String) -> Threshold {
        thresholds[key] ?? .upperOnly
    }
}

/// A fitted univariate drift calculator: the reference distributions and thresholds, ready to
/// compare analysis sets.
public struct FittedUnivariateDrift: Sendable {
    /// The settings it was fitted with.
    public let calculator: UnivariateDriftCalculator
    let models: [ColumnModel]
    /// The reference chunks.
    public let referenceChunks: [Chunk]
    /// Warnings from fitting.
    public let warnings: [String]

    /// The continuous columns, in output order.
    public var continuousColumns: [String] { models.filter { $0.kind == .continuous }.map(\.name) }
    /// The categorical columns, in output order.
    public var categoricalColumns: [String] { models.filter { $0.kind == .categorical }.map(\.name) }

    /// The reference chunks' rows only.
    public var referenceResult: MonitorResult {
        MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: [],
            rows: rows(.reference, referenceChunks.count, models.map(\.referenceValues)), hasRealized: false,
            warnings: warnings)
    }

    /// Compares `analysis` with the reference: reference rows first, then the analysis chunks'.
    public func calculate(_ analysis: DataFrame) throws(MonitorError) -> MonitorResult {
        let chunked = try calculator.chunker.split(analysis)
        var values: [[ChunkValue]] = []
        for model in models {
            try MonitorError.checkInterrupt()
            let column = try ColumnValues.require(analysis, model.name, role: "a drift column")
            values.append(try model.values(of: column, chunked: chunked))
        }
        let analysisRows = rows(.analysis, chunked.chunks.count, values)
        return MonitorResult(
            referenceChunks: referenceChunks, analysisChunks: chunked.chunks,
            rows: rows(.reference, referenceChunks.count, models.map(\.referenceValues)) + analysisRows, hasRealized: false,
            warnings: warnings)
    }

    /// Chunk-major rows: for each chunk, each column in order, each of its methods.
    private func rows(_ period: DataPeriod, _ chunkCount: Int, _ perModel: [[ChunkValue]]) -> [MonitorRow] {
        var out: [MonitorRow] = []
        for chunk in 0..<chunkCount {
            for (m, model) in models.enumerated() {
                for (k, method) in model.methodKeys.enumerated() {
                    let value = perModel[m][chunk * model.methodKeys.count + k]
                    var row = MonitorRow(period: period, chunkIndex: chunk, name: model.name, method: method)
                    let bounds = model.bounds[k]
                    row.value = value.value.isNaN ? nil : value.value
                    row.lowerThreshold = bounds.lower
                    row.upperThreshold = bounds.upper
                    if let pValue = value.pValue {
                        row.alert = pValue.isNaN ? nil : pValue < 0.05
                    } else {
                        row.alert = bounds.alert(value.value)
                    }
                    out.append(row)
                }
            }
        }
        return out
    }

    /// One statistic, plus the p-value for chi-squared.
    struct ChunkValue: Sendable {
        var value: Double
        var pValue: Double?
    }

    /// One column's fitted reference, thresholds and reference-chunk values.
    struct ColumnModel: Sendable {
        let name: String
        let kind: DriftColumnKind
        let type: DataType
        let methodKeys: [String]
        let continuous: ContinuousDriftReference?
        let categorical: CategoricalDriftReference?
        let encoder: CategoryEncoder?
        /// Thresholds per method (none for chi-squared).
        let bounds: [ThresholdBounds]
        /// Reference values, chunk-major (`chunk * methods + method`).
        let referenceValues: [ChunkValue]

        init(
            column: Column, kind: DriftColumnKind, chunked: ChunkedRows, calculator: UnivariateDriftCalculator,
            warnings: inout [String]
        ) throws(MonitorError) {
            name = column.name
            self.kind = kind
            type = column.type
            switch kind {
            case .continuous:
                methodKeys = calculator.continuousMethods.map(\.rawValue)
                let values = try ColumnValues.doubles(column, order: chunked.order, role: "a drift column")
                let present = ColumnValues.present(values, 0..<values.count)
                if present.isEmpty {
                    throw MonitorError(.nullValues, "column '\(name)' has no values in the reference data", column: name)
                }
                for value in present where value.isInfinite {
                    throw MonitorError(.outOfRange, "column '\(name)' holds an infinite reference value", column: name)
                }
                let reference = ContinuousDriftReference(
                    values: present, computation: calculator.cdfComputation, bins: calculator.cdfBins)
                if reference.sorted.first == reference.sorted.last {
                    warnings.append("column '\(name)' is constant in the reference data")
                }
                continuous = reference
                categorical = nil
                encoder = nil
                let referenceValues = try ColumnModel.continuousValues(
                    reference, calculator.continuousMethods, values, chunked.chunks)
                self.referenceValues = referenceValues
                bounds = calculator.continuousMethods.enumerated().map { k, method in
                    calculator.threshold(method.rawValue).bounds(
                        fittedOn: ColumnModel.column(referenceValues, k, calculator.continuousMethods.count),
                        limits: method.limits)
                }
            case .categorical:
                methodKeys = calculator.categoricalMethods.map(\.rawValue)
                var encoder = CategoryEncoder(type: column.type)
                let codes = encoder.fitReference(column, order: chunked.order)
                if encoder.count == 0 {
                    throw MonitorError(.nullValues, "column '\(name)' has no values in the reference data", column: name)
                }
                if encoder.count == 1 { warnings.append("column '\(name)' is constant in the reference data") }
                let reference = CategoricalDriftReference(codes: codes, categoryCount: encoder.count)
                continuous = nil
                categorical = reference
                self.encoder = encoder
                let referenceValues = try ColumnModel.categoricalValues(
                    reference, calculator.categoricalMethods, codes, chunked.chunks)
                self.referenceValues = referenceValues
                bounds = calculator.categoricalMethods.enumerated().map { k, method in
                    if method == .chi2 { return ThresholdBounds(lower: nil, upper: nil) }
                    return calculator.threshold(method.rawValue).bounds(
                        fittedOn: ColumnModel.column(referenceValues, k, calculator.categoricalMethods.count),
                        limits: method.limits)
                }
            }
        }

        /// The values of method `k` across chunks.
        static func column(_ values: [ChunkValue], _ k: Int, _ methods: Int) -> [Double] {
            stride(from: k, to: values.count, by: methods).map { values[$0].value }
        }

        static func continuousValues(
            _ reference: ContinuousDriftReference, _ methods: [ContinuousDriftMethod], _ values: [Double], _ chunks: [Chunk]
        ) throws(MonitorError) -> [ChunkValue] {
            var out: [ChunkValue] = []
            for chunk in chunks {
                try MonitorError.checkInterrupt()
                let present = ColumnValues.present(values, chunk.rows)
                for method in methods { out.append(ChunkValue(value: reference.statistic(method, chunk: present))) }
            }
            return out
        }

        static func categoricalValues(
            _ reference: CategoricalDriftReference, _ methods: [CategoricalDriftMethod], _ codes: [Int32],
            _ chunks: [Chunk]
        ) throws(MonitorError) -> [ChunkValue] {
            var out: [ChunkValue] = []
            for chunk in chunks {
                try MonitorError.checkInterrupt()
                let counts = CategoricalDriftReference.tally(codes, chunk.rows, categoryCount: reference.referenceCategories)
                for method in methods {
                    let result = reference.statistic(method, chunkCounts: counts)
                    out.append(ChunkValue(value: result.value, pValue: result.pValue))
                }
            }
            return out
        }

        /// The values of an analysis column, chunk-major.
        func values(of column: Column, chunked: ChunkedRows) throws(MonitorError) -> [ChunkValue] {
            if let continuous {
                if column.type == .string || column.type == .timestamp || column.type == .duration {
                    throw MonitorError(
                        .wrongType, "column '\(name)' is \(column.type.name) in the analysis data, \(type.name) in the reference",
                        column: name)
                }
                let values = try ColumnValues.doubles(column, order: chunked.order, role: "a drift column")
                let methods = methodKeys.compactMap { ContinuousDriftMethod(rawValue: $0) }
                return try ColumnModel.continuousValues(continuous, methods, values, chunked.chunks)
            }
            guard let categorical, var encoder else { return [] }
            if !CategoryEncoder.compatible(column.type, type) || column.type == .timestamp || column.type == .duration {
                throw MonitorError(
                    .wrongType, "column '\(name)' is \(column.type.name) in the analysis data, \(type.name) in the reference",
                    column: name)
            }
            let codes = encoder.encode(column, order: chunked.order)
            let methods = methodKeys.compactMap { CategoricalDriftMethod(rawValue: $0) }
            return try ColumnModel.categoricalValues(categorical, methods, codes, chunked.chunks)
        }
    }
}
