import Frame

/// Reading a feature group's offline data: the history in a time range, the state at an event
/// time, and time travel to an earlier commit.
extension FeatureStore {
    /// The offline rows with event time in `[start, end)` (nil = open), ordered by event time then
    /// key; reference groups return every row ordered by key. Columns are the group's schema.
    public func read(_ group: FeatureGroup, start: Int64? = nil, end: Int64? = nil) throws(StoreError) -> DataFrame {
        let current = try featureGroup(named: group.name, version: group.version)
        if current.isReference && (start != nil || end != nil) {
            throw StoreError(.invalidArgument, "read of \(current.label): start and end need an event time, and the group is reference data")
        }
        return try offlineRows(current, start: start, end: end, watermark: nil)
    }

    /// The offline rows as they were just after commit `commit` (time travel: later updates undone,
    /// later inserts absent).
    public func read(_ group: FeatureGroup, asOfCommit commit: Int64) throws(StoreError) -> DataFrame {
        let current = try featureGroup(named: group.name, version: group.version)
        return try offlineRows(current, start: nil, end: nil, watermark: commit)
    }

    /// The state at event time `time`: per key, the row with the latest event time at or before
    /// `time` (reference groups: every row). Ordered by key.
    public func asOf(_ group: FeatureGroup, time: Int64) throws(StoreError) -> DataFrame {
        let current = try featureGroup(named: group.name, version: group.version)
        if current.columns.isEmpty { return DataFrame() }
        guard let eventTime = current.spec.eventTime else { return try offlineRows(current, start: nil, end: nil, watermark: nil) }
        let tables = GroupTables(group: current, columns: current.columns)
        let timeColumn = GroupTables.q(eventTime)
        let keyMatch = tables.keys.map { "b.\(GroupTables.q($0)) = a.\(GroupTables.q($0))" }.joined(separator: " AND ")
        let sql = """
            SELECT \(tables.list(current.columns.map(\.name), "a")) FROM \(GroupTables.q(current.tableName)) AS a
            WHERE a.\(timeColumn) = (SELECT MAX(b.\(timeColumn)) FROM \(GroupTables.q(current.tableName)) AS b WHERE \(keyMatch) AND b.\(timeColumn) <= ?)
            ORDER BY \(tables.list(tables.keys, "a"))
            """
        return try query(sql, [.int(time)], current)
    }

    /// The online table of an online group: the latest row per key, ordered by key.
    public func onlineRows(_ group: FeatureGroup) throws(StoreError) -> DataFrame {
        let current = try featureGroup(named: group.name, version: group.version)
        guard current.spec.online else {
            throw StoreError(.invalidArgument, "\(current.label) is not online; create a version with online: true")
        }
        if current.columns.isEmpty { return DataFrame() }
        let tables = GroupTables(group: current, columns: current.columns)
        return try query(
            "SELECT \(tables.list(current.columns.map(\.name))) FROM \(GroupTables.q(current.onlineTable)) ORDER BY \(tables.list(tables.keys))",
            [], current)
    }

    /// Runs a query whose columns are (a subset of) the group's schema: read straight into
    /// columns of the schema's types (`TypedScan`), or, when a stored value does not fit its
    /// type, by Frame's general reader with the types conformed.
    func query(_ sql: String, _ parameters: [Scalar], _ group: FeatureGroup, expectedRows: Int = 0) throws(StoreError) -> DataFrame {
        try reading("cannot read \(group.label)") { () throws -> DataFrame in
            let statement = try self.statement(sql)
            try statement.bindAll(parameters)
            defer { try? statement.reset() }
            var schema: [FeatureColumn] = []
            for index in 0..<statement.columnCount {
                let name = statement.columnName(index)
                guard let column = group.columns.first(where: { $0.name == name }) else { break }
                schema.append(column)
            }
            if schema.count == statement.columnCount,
                let frame = try TypedScan.frame(statement, schema: schema, expectedRows: expectedRows)
            {
                return frame
            }
            try statement.reset()
            let frame = try DataFrame.query(connection: connection, sql: sql, parameters: parameters)
            return try FrameTypes.conform(frame, to: group.columns)
        }
    }

    /// Offline rows of `group` (current, or as of commit `watermark`), optionally in an event-time
    /// range, with the given columns (default: the schema). `scan` reads in storage order with a
    /// plain table scan (for the point-in-time join, which sorts by itself and reads most rows);
    /// otherwise rows are ordered by event time and key.
    ///
    /// A scan as of a commit is kept (`OfflineCache`): rows as of a commit never change, so the
    /// next point-in-time join over the same group, columns and range reuses them.
    ///
    /// `exclusive` (the caller holds the write lock, so no commit can land meanwhile) lets a large
    /// scan as of a commit read the table in two halves at once (`parallelScan`).
    func offlineRows(
        _ group: FeatureGroup, start: Int64?, end: Int64?, watermark: Int64?, columns: [String]? = nil, scan: Bool = false,
        exclusive: Bool = false
    ) throws(StoreError) -> DataFrame {
        if group.columns.isEmpty { return DataFrame() }
        if scan, let watermark {
            let key = OfflineCache.Key(
                watermark: watermark, columns: columns ?? group.columns.map(\.name), start: start, end: end)
            if let rows = offlineCache.rows(group: group.id, key: key) { return rows }
            let rows = try uncachedOfflineRows(
                group, start: start, end: end, watermark: watermark, columns: columns, scan: true, exclusive: exclusive)
            // Only rows read from committed state are kept: inside a transaction the caller did not
            // open for this read, the watermark might belong to a commit that is rolled back.
            if exclusive || !connection.isInTransaction { offlineCache.keep(rows, group: group.id, key: key) }
            return rows
        }
        return try uncachedOfflineRows(group, start: start, end: end, watermark: watermark, columns: columns, scan: scan)
    }

    /// `offlineRows` read from the tables.
    private func uncachedOfflineRows(
        _ group: FeatureGroup, start: Int64?, end: Int64?, watermark: Int64?, columns: [String]?, scan: Bool,
        exclusive: Bool = false
    ) throws(StoreError) -> DataFrame {
        let tables = GroupTables(group: group, columns: group.columns)
        let names = columns ?? group.columns.map(\.name)
        var conditions: [String] = []
        var parameters: [Scalar] = []
        if let eventTime = group.spec.eventTime {
            // A unary plus keeps SQLite off the time index: a scan beats an index walk with one
            // table lookup per row when most rows qualify.
            let time = (scan ? "+" : "") + GroupTables.q(eventTime)
            if let start {
                conditions.append("\(time) >= ?")
                parameters.append(.int(start))
            }
            if let end {
                conditions.append("\(time) < ?")
                parameters.append(.int(end))
            }
        }
        let filter = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
        let filterParameters = parameters
        let order = scan ? "" : " ORDER BY " + tables.list(group.spec.eventTime.map { [$0] + tables.keys } ?? tables.keys)
        let sql: String
        if let watermark {
            sql = """
                SELECT \(tables.list(names)) FROM \(GroupTables.q(group.tableName)) WHERE fti_commit <= ?\(filter)
                UNION ALL
                SELECT \(tables.list(names)) FROM \(GroupTables.q(group.historyTable))
                WHERE fti_commit <= ? AND fti_superseded > ?\(filter)\(order)
                """
            parameters = [.int(watermark)] + parameters + [.int(watermark), .int(watermark)] + parameters
        } else {
            sql = "SELECT \(tables.list(names)) FROM \(GroupTables.q(group.tableName)) WHERE 1\(filter)\(order)"
        }
        // A scan reads most rows: the largest rowid bounds them (rows are never deleted), so the
        // buffers are sized once instead of doubling their way up.
        var expected = 0
        if scan {
            expected = try reading("cannot read \(group.label)") { () throws -> Int in
                Int(try firstRow("SELECT COALESCE(MAX(rowid), 0) FROM \(GroupTables.q(group.tableName))")?.first?.integerValue ?? 0)
            }
            if exclusive, let watermark {
                let halves = try reading("cannot read \(group.label)") { () throws -> DataFrame? in
                    try parallelScan(
                        group, names: names, watermark: watermark, filter: filter, parameters: filterParameters, rowids: expected)
                }
                if let halves { return halves }
            }
        }
        return try query(sql, parameters, group, expectedRows: expected)
    }
}
