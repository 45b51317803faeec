import Frame

/// Which data set a chunk belongs to.
public enum DataPeriod: String, Sendable, Equatable {
    /// The reference set the calculator was fitted on.
    case reference
    /// A set compared with the reference.
    case analysis
}

/// One long-form result row: one chunk, one monitored quantity.
///
/// `name` is the drifting column (drift) or the performance metric (performance); `method` is the
/// drift method (`jensen_shannon`, ...) or how performance was obtained (`realized`, `cbpe`).
/// Fields that do not apply, or could not be computed (an empty chunk, one class only), are nil.
public struct MonitorRow: Sendable, Equatable {
    /// Reference or analysis.
    public var period: DataPeriod
    /// Index into `MonitorResult.referenceChunks` or `analysisChunks`.
    public var chunkIndex: Int
    /// The column (drift) or metric (performance) this row is about.
    public var name: String
    /// The drift method, or `realized` / `cbpe` for performance.
    public var method: String
    /// The drift statistic, or the realized or estimated metric.
    public var value: Double?
    /// The standard error of `value` expected from the chunk's size.
    public var samplingError: Double?
    /// Lower end of the confidence band (value − 3 sampling errors, clipped to the metric's limits).
    public var lowerConfidenceBound: Double?
    /// Upper end of the confidence band (value + 3 sampling errors, clipped).
    public var upperConfidenceBound: Double?
    /// The lower alert threshold, if any.
    public var lowerThreshold: Double?
    /// The upper alert threshold, if any.
    public var upperThreshold: Double?
    /// Whether the value is outside the thresholds (for chi-squared: whether p < 0.05).
    public var alert: Bool?
    /// For estimators: the realized metric when the chunk has targets.
    public var realized: Double?

    /// A row with only its identity filled in.
    public init(period: DataPeriod, chunkIndex: Int, name: String, method: String) {
        self.period = period
        self.chunkIndex = chunkIndex
        self.name = name
        self.method = method
    }
}

/// What a monitoring calculator returns: the chunks of both periods and one row per chunk and
/// monitored quantity, reference chunks first, each chunk's rows in the calculator's order.
public struct MonitorResult: Sendable, Equatable {
    /// The reference set's chunks.
    public let referenceChunks: [Chunk]
    /// The analysis set's chunks (empty when only the reference was evaluated).
    public let analysisChunks: [Chunk]
    /// The long-form rows.
    public let rows: [MonitorRow]
    /// True for estimators, whose frame carries a `realized` column.
    public let hasRealized: Bool
    /// Things worth knowing that are not errors (too few chunks, a constant reference column, ...).
    public let warnings: [String]

    /// A result from its parts.
    public init(
        referenceChunks: [Chunk], analysisChunks: [Chunk], rows: [MonitorRow], hasRealized: Bool, warnings: [String]
    ) {
        self.referenceChunks = referenceChunks
        self.analysisChunks = analysisChunks
        self.rows = rows
        self.hasRealized = hasRealized
        self.warnings = warnings
    }

    /// The chunk a row refers to.
    public func chunk(of row: MonitorRow) -> Chunk {
        row.period == .reference ? referenceChunks[row.chunkIndex] : analysisChunks[row.chunkIndex]
    }

    /// The rows about `name` (and `method`, when given), optionally of one period, in chunk order.
    public func rows(name: String, method: String? = nil, period: DataPeriod? = nil) -> [MonitorRow] {
        rows.filter { row in
            row.name == name && (method == nil || row.method == method) && (period == nil || row.period == period)
        }
    }

    /// The column names of `dataFrame()`, in order.
    public static let frameColumns = [
        "chunk_key", "chunk_index", "start_index", "end_index", "start_date", "end_date", "period", "name", "method",
        "value", "sampling_error", "lower_confidence_bound", "upper_confidence_bound", "lower_threshold",
        "upper_threshold", "alert",
    ]

    /// The rows as a long-form frame (columns `frameColumns`, plus `realized` for estimators);
    /// nil fields are nulls, dates are timestamps.
    public func dataFrame() -> DataFrame {
        let n = rows.count
        var keys: [String?] = []
        var indices: [Int64] = []
        var starts: [Int64] = []
        var ends: [Int64] = []
        var startDates: [Int64] = []
        var endDates: [Int64] = []
        var hasDate: [Bool] = []
        var periods: [String?] = []
        var names: [String?] = []
        var methods: [String?] = []
        keys.reserveCapacity(n)
        for row in rows {
            let chunk = chunk(of: row)
            keys.append(chunk.key)
            indices.append(Int64(chunk.index))
            starts.append(Int64(chunk.startIndex))
            ends.append(Int64(chunk.endIndex))
            startDates.append(chunk.startDate ?? 0)
            endDates.append(chunk.endDate ?? 0)
            hasDate.append(chunk.startDate != nil)
            periods.append(row.period.rawValue)
            names.append(row.name)
            methods.append(row.method)
        }
        func floats(_ name: String, _ field: (MonitorRow) -> Double?) -> Column {
            var values = [Double](repeating: 0, count: n)
            var valid = [Bool](repeating: false, count: n)
            for (i, row) in rows.enumerated() {
                if let value = field(row), !value.isNaN {
                    values[i] = value
                    valid[i] = true
                }
            }
            return Column(name: name, floats: values, validity: valid)
        }
        var columns = [
            Column(name: "chunk_key", strings: keys),
            Column(name: "chunk_index", ints: indices),
            Column(name: "start_index", ints: starts),
            Column(name: "end_index", ints: ends),
            Column(name: "start_date", timestamps: startDates, validity: hasDate),
            Column(name: "end_date", timestamps: endDates, validity: hasDate),
            Column(name: "period", strings: periods),
            Column(name: "name", strings: names),
            Column(name: "method", strings: methods),
            floats("value", \.value),
            floats("sampling_error", \.samplingError),
            floats("lower_confidence_bound", \.lowerConfidenceBound),
            floats("upper_confidence_bound", \.upperConfidenceBound),
            floats("lower_threshold", \.lowerThreshold),
            floats("upper_threshold", \.upperThreshold),
            Column(name: "alert", bools: rows.map { $0.alert ?? false }, validity: rows.map { $0.alert != nil }),
        ]
        if hasRealized { columns.append(floats("realized", \.realized)) }
        // The names above are distinct and every column has `n` rows, so this cannot fail.
        return (try? DataFrame(columns: columns)) ?? DataFrame()
    }
}
