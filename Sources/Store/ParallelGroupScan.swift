import Frame

/// A feature group's offline table read in two halves at once — the rows up to the middle rowid on
/// the store's connection, the rest on a second, read-only connection to the same file — for the
/// point-in-time join of `trainingData` on a cold store, where the scan is SQLite's row decoding
/// on one core. Only for a caller that holds the write lock: then no commit can land between the
/// two halves, so both connections see the same rows. The halves and then the history rows are
/// put together in the order one query gives, so the result equals the serial read.
extension FeatureStore {
    /// The rows of `names` as of `watermark` with the event-time `filter` (SQL starting with ` AND`,
    /// with its `parameters`), or nil when the store is in memory, the table small, or a stored
    /// value does not fit its type (the caller reads serially then).
    func parallelScan(
        _ group: FeatureGroup, names: [String], watermark: Int64, filter: String, parameters: [Scalar], rowids: Int
    ) throws -> DataFrame? {
        guard path != ":memory:", rowids >= parallelScanRows else { return nil }
        var schema: [FeatureColumn] = []
        for name in names {
            guard let column = group.columns.first(where: { $0.name == name }) else { return nil }
            schema.append(column)
        }
        let tables = GroupTables(group: group, columns: group.columns)
        let list = tables.list(names)
        let offline = GroupTables.q(group.tableName)
        let middle = Int64(rowids / 2)
        let lower = try statement("SELECT \(list) FROM \(offline) WHERE rowid <= ? AND fti_commit <= ?\(filter)")
        try lower.bindAll([.int(middle), .int(watermark)] + parameters)
        defer { try? lower.reset() }
        let upper = try scanConnection().prepare("SELECT \(list) FROM \(offline) WHERE rowid > ? AND fti_commit <= ?\(filter)")
        try upper.bindAll([.int(middle), .int(watermark)] + parameters)
        let jobs = ScanJobs(statements: [lower, upper], schema: schema, expectedRows: rowids / 2 + 1)
        let halves = ParallelTasks.run(2, parallel: true) { index -> Result<TypedScan?, any Error> in
            Result { try TypedScan.scan(jobs.statements[index], schema: jobs.schema, expectedRows: jobs.expectedRows) }
        }
        try upper.reset()
        guard let first = try halves[0].get(), let second = try halves[1].get() else { return nil }
        let history = try statement(
            "SELECT \(list) FROM \(GroupTables.q(group.historyTable)) WHERE fti_commit <= ? AND fti_superseded > ?\(filter)")
        try history.bindAll([.int(watermark), .int(watermark)] + parameters)
        defer { try? history.reset() }
        guard let third = try TypedScan.scan(history, schema: schema, expectedRows: 0) else { return nil }
        return try TypedScan.frame([first, second, third], schema: schema)
    }

    /// The read-only connection the second half is read on, opened once per store.
    private func scanConnection() throws -> SQLiteConnection {
        if let scanReader { return scanReader }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        try connection.setBusyTimeout(milliseconds: 5_000)
        scanReader = connection
        return connection
    }
}

/// The statements the two threads of `parallelScan` step, one each (a statement is only ever used
/// by one thread at a time, and its connection by no other).
private struct ScanJobs: @unchecked Sendable {
    let statements: [SQLiteStatement]
    let schema: [FeatureColumn]
    let expectedRows: Int
}
