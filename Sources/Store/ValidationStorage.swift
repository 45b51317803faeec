import Frame

/// Validation reports in the store: one row per report, one per expectation result. Every insert
/// stores its report, rejected ones included, so the history of a group's data quality stays readable.
extension FeatureStore {
    /// Writes `report` for group `groupID` and returns its id (the caller holds a transaction).
    func storeReport(_ report: ValidationReport, groupID: Int64) throws -> Int64 {
        try run(
            """
            INSERT INTO fti_validation_report (group_id, commit_seq, ran_at, policy, outcome, row_count, rejected_rows)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(groupID), report.commit.map(Scalar.int) ?? .null, .int(report.ranAt), .string(report.policy.rawValue),
                .string(report.outcome.rawValue), .int(Int64(report.rowCount)), .int(Int64(report.rejectedRows)),
            ])
        let id = connection.lastInsertRowID
        for (position, result) in report.results.enumerated() {
            try run(
                """
                INSERT INTO fti_validation_result (report_id, position, expectation, success, element_count,
                    unexpected_count, observed, examples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(id), .int(Int64(position)), .string(result.expectation), .int(result.success ? 1 : 0),
                    .int(Int64(result.elementCount)), .int(Int64(result.unexpectedCount)),
                    result.observed.map(Scalar.float) ?? .null, .string(result.examples.joined(separator: "\u{1F}")),
                ])
        }
        return id
    }

    /// Every validation report of `group`, oldest first.
    public func validationReports(for group: FeatureGroup) throws(StoreError) -> [ValidationReport] {
        let current = try featureGroup(named: group.name, version: group.version)
        return try reading("cannot read the validation reports of \(current.label)") { () throws -> [ValidationReport] in
            var reports: [ValidationReport] = []
            for row in try rows(
                """
                SELECT id, commit_seq, ran_at, policy, outcome, row_count, rejected_rows FROM fti_validation_report
                WHERE group_id = ? ORDER BY id
                """, [.int(current.id)])
            {
                let id = row[0].integerValue ?? 0
                let results = try rows(
                    """
                    SELECT expectation, success, element_count, unexpected_count, observed, examples
                    FROM fti_validation_result WHERE report_id = ? ORDER BY position
                    """, [.int(id)]
                ).map { result in
                    let examples = result[5].stringValue ?? ""
                    return ExpectationResult(
                        expectation: result[0].stringValue ?? "", success: result[1].integerValue == 1,
                        elementCount: Int(result[2].integerValue ?? 0), unexpectedCount: Int(result[3].integerValue ?? 0),
                        observed: result[4].doubleValue,
                        examples: examples.isEmpty ? [] : examples.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
                }
                reports.append(
                    ValidationReport(
                        group: current.name, version: current.version, id: id, commit: row[1].integerValue,
                        ranAt: row[2].integerValue ?? 0, policy: ValidationPolicy(rawValue: row[3].stringValue ?? "") ?? .strict,
                        outcome: ValidationOutcome(rawValue: row[4].stringValue ?? "") ?? .rejected,
                        rowCount: Int(row[5].integerValue ?? 0), rejectedRows: Int(row[6].integerValue ?? 0),
                        results: results))
            }
            return reports
        }
    }

    /// The rows lenient inserts refused, with `fti_commit`, `fti_row` (row of its batch) and `fti_reason`.
    public func rejectedRows(of group: FeatureGroup) throws(StoreError) -> DataFrame {
        let current = try featureGroup(named: group.name, version: group.version)
        if current.columns.isEmpty { return DataFrame() }
        return try reading("cannot read the rejected rows of \(current.label)") { () throws -> DataFrame in
            let names = ["fti_commit", "fti_row", "fti_reason"] + current.columns.map(\.name)
            let frame = try DataFrame.query(
                connection: connection,
                sql: "SELECT \(names.map(StoreNames.quoted).joined(separator: ", ")) FROM \(StoreNames.quoted(current.rejectTable)) ORDER BY fti_commit, fti_row")
            return try FrameTypes.conform(frame, to: current.columns)
        }
    }
}
