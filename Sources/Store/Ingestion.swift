import Frame

/// Writes into a feature group: check the schema, validate, then publish in one transaction
/// (write-audit-publish). The batch is staged in a table and merged with set-based SQL, so a batch
/// of any size costs a few statements; a strict failure writes nothing but the report.
extension FeatureStore {
    /// Upserts `batch` into `group` on (primary key, event time) and returns what happened.
    ///
    /// Checks first, writing nothing when they fail: key and event-time columns present and never
    /// null, the schema rules (columns may be added; removing, renaming or retyping needs a new
    /// version), then the expectation suite (plus an automatic uniqueness check of key and event
    /// time). Strict policy: a failed expectation stores the report and throws `validationFailed`.
    /// Lenient: rows failing a row check go to the reject table with the reason. Reference groups
    /// refuse changes to existing rows. Online groups replace an online row only with an equal or
    /// newer event time.
    @discardableResult
    public func insert(_ group: FeatureGroup, _ batch: DataFrame) throws(StoreError) -> IngestionReport {
        let current = try featureGroup(named: group.name, version: group.version)
        offlineCache.drop(group: current.id)
        let nextVersion = try nextGroupVersion(current.name)
        let schema = try BatchSchema(group: current, batch: batch, nextVersion: nextVersion)
        let context = "insert into \(current.label)"
        let suite = [FeatureExpectation.unique(current.spec.primaryKey + (current.spec.eventTime.map { [$0] } ?? []))]
            + current.expectations
        let validation = try ExpectationEvaluator.evaluate(suite, on: schema.frame, context: context)
        let ranAt = clock()
        let rowCount = schema.frame.height
        if current.policy == .strict && !validation.results.allSatisfy(\.success) {
            var report = ValidationReport(
                group: current.name, version: current.version, id: 0, commit: nil, ranAt: ranAt, policy: .strict,
                outcome: .rejected, rowCount: rowCount, rejectedRows: rowCount, results: validation.results)
            try writing("cannot store the validation report of \(current.label)") { () throws in
                report.id = try storeReport(report, groupID: current.id)
            }
            throw StoreError(.validationFailed, "\(context) rejected (policy strict): \(report.summary)", report: report)
        }
        var good: [Int] = []
        var bad: [Int] = []
        good.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            if validation.rowFailures[row] == 0 { good.append(row) } else { bad.append(row) }
        }
        let written = try writing("\(context) failed") { () throws -> IngestionReport? in
            // The checks above ran without the write lock: when another process has changed the group
            // since (its first batch created the tables, or it added a column), start again from it.
            guard try loadGroup(id: current.id) == current else { return nil }
            try run(
                "INSERT INTO fti_commit (group_id, committed_at, inserted, updated, unchanged, rejected) VALUES (?, ?, 0, 0, 0, 0)",
                [.int(current.id), .int(ranAt)])
            let commit = connection.lastInsertRowID
            let tables = GroupTables(group: current, columns: schema.columns)
            try recordSchema(current, schema, tables: tables, commit: commit)
            let counts = try merge(schema.frame.gather(good), tables: tables, commit: commit, ingestedAt: ranAt)
            if !bad.isEmpty {
                try storeRejects(schema.frame, rows: bad, validation: validation, group: current, commit: commit)
            }
            try run(
                "UPDATE fti_commit SET inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE seq = ?",
                [
                    .int(Int64(counts.inserted)), .int(Int64(counts.updated)),
                    .int(Int64(good.count - counts.inserted - counts.updated)), .int(Int64(bad.count)), .int(commit),
                ])
            var report = ValidationReport(
                group: current.name, version: current.version, id: 0, commit: commit, ranAt: ranAt,
                policy: current.policy,
                outcome: bad.isEmpty && validation.results.allSatisfy(\.success) ? .ingested : .partiallyIngested,
                rowCount: rowCount, rejectedRows: bad.count, results: validation.results)
            report.id = try storeReport(report, groupID: current.id)
            return IngestionReport(
                group: current.name, version: current.version, commit: commit, inserted: counts.inserted,
                updated: counts.updated, unchanged: good.count - counts.inserted - counts.updated, rejected: bad.count,
                addedColumns: schema.added.map(\.name), validation: report)
        }
        if let written { return written }
        return try insert(group, batch)
    }

    /// Creates the tables on the first batch, or adds the batch's new columns; records the schema.
    private func recordSchema(_ group: FeatureGroup, _ schema: BatchSchema, tables: GroupTables, commit: Int64) throws {
        guard !schema.added.isEmpty else { return }
        if group.columns.isEmpty {
            try tables.create(self)
        } else {
            try tables.addColumns(schema.added, self)
        }
        for (offset, column) in schema.added.enumerated() {
            try run(
                "INSERT INTO fti_feature_group_column (group_id, position, name, type, added_commit) VALUES (?, ?, ?, ?, ?)",
                [
                    .int(group.id), .int(Int64(group.columns.count + offset)), .string(column.name),
                    .string(column.type.name), .int(commit),
                ])
        }
    }

    /// Merges the staged rows into the offline table (and the online one): returns how many were
    /// inserted and updated; the rest were unchanged.
    private func merge(_ rows: DataFrame, tables: GroupTables, commit: Int64, ingestedAt: Int64) throws
        -> (inserted: Int, updated: Int)
    {
        let group = tables.group
        let stage = "fti_stage"
        try rows.writeSQLite(connection: connection, table: stage, mode: .replace)
        defer { try? connection.execute("DROP TABLE IF EXISTS \(stage)") }
        let offline = GroupTables.q(group.tableName)
        let all = tables.columns.map(\.name)
        let stamp: [Scalar] = [.int(commit), .int(ingestedAt)]
        var updated = 0
        if group.isReference {
            if let row = try firstRow(
                "SELECT s.rowid - 1, \(tables.list(tables.keys, "s")) FROM \(stage) AS s JOIN \(offline) AS t ON \(tables.identityMatch("t", "s")) WHERE NOT (\(tables.sameValues("t", "s"))) LIMIT 1")
            {
                let key = row.dropFirst().map { ValueText.render($0) }.joined(separator: ", ")
                throw StoreError(
                    .immutableReference,
                    "insert into \(group.label): a row with key (\(key)) would change; reference data (no event time) is immutable, so create a new version or give the group an event time")
            }
        } else {
            updated = try run(
                """
                INSERT INTO \(GroupTables.q(group.historyTable)) (\(tables.list(all)), fti_commit, fti_ingested_at, fti_superseded)
                SELECT \(tables.list(all, "t")), t.fti_commit, t.fti_ingested_at, ? FROM \(offline) AS t
                JOIN \(stage) AS s ON \(tables.identityMatch("t", "s")) WHERE NOT (\(tables.sameValues("t", "s")))
                """, [.int(commit)])
            if updated > 0 {
                let assignments = tables.values.map { "\(GroupTables.q($0)) = s.\(GroupTables.q($0))" }
                try run(
                    """
                    UPDATE \(offline) AS t SET \((assignments + ["fti_commit = ?", "fti_ingested_at = ?"]).joined(separator: ", "))
                    FROM \(stage) AS s WHERE \(tables.identityMatch("t", "s")) AND NOT (\(tables.sameValues("t", "s")))
                    """, stamp)
            }
        }
        let inserted = try run(
            """
            INSERT INTO \(offline) (\(tables.list(all)), fti_commit, fti_ingested_at)
            SELECT \(tables.list(all, "s")), ?, ? FROM \(stage) AS s
            WHERE NOT EXISTS (SELECT 1 FROM \(offline) AS t WHERE \(tables.identityMatch("t", "s"))) ORDER BY s.rowid
            """, stamp)
        if group.spec.online {
            try mergeOnline(stage, tables: tables, stamp: stamp)
        }
        return (inserted, updated)
    }

    /// The online rule: a key's row is replaced only by a row with an equal or newer event time
    /// (and only when something differs); reference rows are added once.
    private func mergeOnline(_ stage: String, tables: GroupTables, stamp: [Scalar]) throws {
        let group = tables.group
        let online = GroupTables.q(group.onlineTable)
        let all = tables.columns.map(\.name)
        let insert = "INSERT INTO \(online) AS o (\(tables.list(all)), fti_commit, fti_ingested_at) SELECT \(tables.list(all, "s")), ?, ? FROM \(stage) AS s WHERE true"
        guard let eventTime = group.spec.eventTime else {
            try run(insert + " ON CONFLICT (\(tables.list(tables.keys))) DO NOTHING", stamp)
            return
        }
        let time = GroupTables.q(eventTime)
        let changeable = all.filter { !tables.keys.contains($0) }
        let assignments = changeable.map { "\(GroupTables.q($0)) = excluded.\(GroupTables.q($0))" }
            + ["fti_commit = excluded.fti_commit", "fti_ingested_at = excluded.fti_ingested_at"]
        let differs = changeable.map { "o.\(GroupTables.q($0)) IS excluded.\(GroupTables.q($0))" }.joined(separator: " AND ")
        try run(
            """
            \(insert) ORDER BY s.\(time), s.rowid
            ON CONFLICT (\(tables.list(tables.keys))) DO UPDATE SET \(assignments.joined(separator: ", "))
            WHERE excluded.\(time) >= o.\(time) AND NOT (\(differs))
            """, stamp)
    }

    /// Sends the rejected rows of a lenient insert to the group's reject table with their reasons.
    private func storeRejects(_ frame: DataFrame, rows: [Int], validation: BatchValidation, group: FeatureGroup, commit: Int64) throws {
        let rejected = frame.gather(rows)
        let bookkeeping = try DataFrame(columns: [
            Column(name: "fti_commit", ints: [Int64](repeating: commit, count: rows.count)),
            Column(name: "fti_row", ints: rows.map { Int64($0) }),
            Column(name: "fti_reason", strings: rows.map { validation.reason($0) }),
        ])
        let combined = try DataFrame(columns: bookkeeping.columns + rejected.columns)
        try combined.writeSQLite(connection: connection, table: group.rejectTable, mode: .append)
    }
}
