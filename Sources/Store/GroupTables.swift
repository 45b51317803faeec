import Frame

/// The SQLite tables behind a feature group version, and the SQL fragments its writes share.
///
/// - offline `fg_<name>_v<version>`: one row per key and event time (per key for reference data),
///   with the commit that last wrote it and when; unique index on (key…, event time).
/// - history `…_history`: every superseded version of an offline row, with the commit that replaced
///   it, so that reads as of an earlier commit see exactly what was there.
/// - online `…_online` (online groups): the latest row per key, primary key on the key columns.
/// - rejects `…_rejects`: rows a lenient insert refused, with the commit, batch row and reason.
struct GroupTables {
    let group: FeatureGroup
    /// The schema the statements are built for.
    let columns: [FeatureColumn]

    var keys: [String] { group.spec.primaryKey }
    /// The columns a row is identified by: the key plus the event time.
    var identity: [String] { keys + (group.spec.eventTime.map { [$0] } ?? []) }
    /// The columns that are neither key nor event time.
    var values: [String] { columns.map(\.name).filter { !identity.contains($0) } }

    static func q(_ name: String) -> String { StoreNames.quoted(name) }

    /// `"a", "b"` with an optional alias prefix.
    func list(_ names: [String], _ alias: String? = nil) -> String {
        names.map { (alias.map { $0 + "." } ?? "") + Self.q($0) }.joined(separator: ", ")
    }

    /// `t.a = s.a AND …` over the identity columns.
    func identityMatch(_ left: String, _ right: String) -> String {
        identity.map { "\(left).\(Self.q($0)) = \(right).\(Self.q($0))" }.joined(separator: " AND ")
    }

    /// `t.x IS s.x AND …` over the value columns (null-safe), or `1` when there are none.
    func sameValues(_ left: String, _ right: String) -> String {
        if values.isEmpty { return "1" }
        return values.map { "\(left).\(Self.q($0)) IS \(right).\(Self.q($0))" }.joined(separator: " AND ")
    }

    func definitions(_ columns: [FeatureColumn]) -> [String] {
        columns.map { column in
            let notNull = identity.contains(column.name) ? " NOT NULL" : ""
            return "\(Self.q(column.name)) \(SQLiteTypeMapping.declaredType(for: column.type))\(notNull)"
        }
    }

    /// Creates every table of the group for the first batch.
    func create(_ store: FeatureStore) throws {
        let offline = Self.q(group.tableName)
        let body = definitions(columns).joined(separator: ", ")
        try store.connection.execute(
            "CREATE TABLE \(offline) (\(body), fti_commit INTEGER NOT NULL, fti_ingested_at INTEGER NOT NULL)")
        try store.connection.execute(
            "CREATE UNIQUE INDEX \(Self.q(group.tableName + "_identity")) ON \(offline) (\(list(identity)))")
        if let eventTime = group.spec.eventTime {
            try store.connection.execute(
                "CREATE INDEX \(Self.q(group.tableName + "_time")) ON \(offline) (\(Self.q(eventTime)))")
        }
        try store.connection.execute(
            """
            CREATE TABLE \(Self.q(group.historyTable)) (\(body), fti_commit INTEGER NOT NULL,
                fti_ingested_at INTEGER NOT NULL, fti_superseded INTEGER NOT NULL)
            """)
        try store.connection.execute(
            "CREATE INDEX \(Self.q(group.historyTable + "_identity")) ON \(Self.q(group.historyTable)) (\(list(identity)))")
        if group.spec.online {
            try store.connection.execute(
                """
                CREATE TABLE \(Self.q(group.onlineTable)) (\(body), fti_commit INTEGER NOT NULL,
                    fti_ingested_at INTEGER NOT NULL, PRIMARY KEY (\(list(keys)))) WITHOUT ROWID
                """)
        }
        let plain = columns.map { "\(Self.q($0.name)) \(SQLiteTypeMapping.declaredType(for: $0.type))" }
        try store.connection.execute(
            """
            CREATE TABLE \(Self.q(group.rejectTable)) (fti_commit INTEGER NOT NULL, fti_row INTEGER NOT NULL,
                fti_reason TEXT NOT NULL, \(plain.joined(separator: ", ")))
            """)
    }

    /// Adds `added` (nullable) to every table of the group.
    func addColumns(_ added: [FeatureColumn], _ store: FeatureStore) throws {
        var tables = [group.tableName, group.historyTable, group.rejectTable]
        if group.spec.online { tables.append(group.onlineTable) }
        for column in added {
            let definition = "\(Self.q(column.name)) \(SQLiteTypeMapping.declaredType(for: column.type))"
            for table in tables { try store.connection.execute("ALTER TABLE \(Self.q(table)) ADD COLUMN \(definition)") }
        }
    }
}
