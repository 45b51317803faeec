/// The outcome of one expectation on one batch.
public struct ExpectationResult: Sendable, Equatable {
    /// The expectation as written, e.g. `not_null(.athlete_id)`.
    public var expectation: String
    /// Whether it held.
    public var success: Bool
    /// Values it looked at: non-null values for row checks (all rows for `not_null`), rows for batch checks.
    public var elementCount: Int
    /// Rows it rejected (row checks) — 0 for batch checks.
    public var unexpectedCount: Int
    /// The observed value of a batch check (row count, mean, null fraction); nil otherwise or when undefined.
    public var observed: Double?
    /// Up to five offending rows, each as `row 3: null` (0-based row of the batch, then its value).
    public var examples: [String]

    /// A result.
    public init(
        expectation: String, success: Bool, elementCount: Int, unexpectedCount: Int, observed: Double? = nil,
        examples: [String] = []
    ) {
        self.expectation = expectation
        self.success = success
        self.elementCount = elementCount
        self.unexpectedCount = unexpectedCount
        self.observed = observed
        self.examples = examples
    }
}

/// What became of a validated batch.
public enum ValidationOutcome: String, Sendable, Equatable {
    /// Every expectation held and every row was written.
    case ingested
    /// Lenient policy: some rows went to the reject table, or a batch check failed; the rest was written.
    case partiallyIngested = "partially_ingested"
    /// Strict policy: an expectation failed and nothing was written.
    case rejected
}

/// The validation report of one insert: every expectation's result, stored with the group and
/// readable back with `validationReports(for:)`.
public struct ValidationReport: Sendable, Equatable {
    /// The group's name.
    public var group: String
    /// The group's version.
    public var version: Int
    /// The report's id in the store.
    public var id: Int64
    /// The commit that wrote the batch; nil when nothing was written.
    public var commit: Int64?
    /// When it ran, microseconds since the epoch (the store's clock).
    public var ranAt: Int64
    /// The policy in force.
    public var policy: ValidationPolicy
    /// What became of the batch.
    public var outcome: ValidationOutcome
    /// Rows in the batch.
    public var rowCount: Int
    /// Rows sent to the reject table (lenient) or refused with the batch (strict: all of them).
    public var rejectedRows: Int
    /// One result per expectation, in suite order (the automatic key-uniqueness check first).
    public var results: [ExpectationResult]

    /// True when every expectation held.
    public var success: Bool { results.allSatisfy(\.success) }

    /// The results that failed.
    public var failures: [ExpectationResult] { results.filter { !$0.success } }

    /// One line naming each failed expectation with its count, e.g.
    /// `2 of 5 expectations failed: not_null(.id) 3 rows (row 0: null, …); mean_between(.x, …) observed 12`.
    public var summary: String {
        let failed = failures
        if failed.isEmpty { return "all \(results.count) expectation\(results.count == 1 ? "" : "s") passed" }
        let parts = failed.map { result -> String in
            if result.unexpectedCount > 0 {
                let shown = result.examples.prefix(3).joined(separator: ", ")
                let more = result.unexpectedCount > 3 ? ", …" : ""
                return "\(result.expectation) \(result.unexpectedCount) row\(result.unexpectedCount == 1 ? "" : "s") (\(shown)\(more))"
            }
            let observed = result.observed.map { NumberText.short($0) } ?? "none"
            return "\(result.expectation) observed \(observed)"
        }
        return "\(failed.count) of \(results.count) expectation\(results.count == 1 ? "" : "s") failed: " + parts.joined(separator: "; ")
    }
}
