/// What `writeSQLite` does when the table already exists.
public enum SQLiteWriteMode: String, Sendable, CaseIterable {
    /// Create the table; an existing one is an error.
    case create
    /// Drop the existing table (if any) and create it anew, in the same transaction as the rows.
    case replace
    /// Add the rows to the existing table (created when missing), whose columns must match by name and type.
    case append
}

/// Frames into SQLite tables: one transaction per write, one prepared INSERT reused for every row,
/// values always bound (text straight from the column's bytes, without copies).
extension DataFrame {
    /// Writes the frame to `table` in the database file at `path`, created when missing.
    public func writeSQLite(path: String, table: String, mode: SQLiteWriteMode = .create) throws(FrameError) {
        let connection = try SQLiteConnection.open(path, mode: .readWriteCreate)
        try writeSQLite(connection: connection, table: table, mode: mode)
    }

    /// Writes the frame to `table` through an open connection, in one transaction (a savepoint
    /// when the caller has a transaction open): on any error nothing is written.
    public func writeSQLite(connection: SQLiteConnection, table: String, mode: SQLiteWriteMode = .create)
        throws(FrameError)
    {
        let file = connection.path
        guard width > 0 else {
            throw FrameError(.invalidArgument, "cannot write '\(file)': a frame without columns cannot be a table")
        }
        do {
            let quotedTable = try SQLiteIdentifier.quoted(table)
            var quotedColumns: [String] = []
            for column in columns { quotedColumns.append(try SQLiteIdentifier.quoted(column.name)) }
            try connection.transaction(.immediate) { () throws in
                let exists = try connection.tableExists(table)
                switch mode {
                case .create:
                    if exists {
                        throw FrameError(
                            .invalidArgument, "cannot write '\(file)': table '\(table)' already exists",
                            hint: "pass mode: \"replace\" to overwrite it or mode: \"append\" to add rows")
                    }
                    try createTable(quotedTable, quotedColumns, connection)
                case .replace:
                    if exists { try connection.execute("DROP TABLE \(quotedTable)") }
                    try createTable(quotedTable, quotedColumns, connection)
                case .append:
                    if exists {
                        try checkAppendable(to: table, connection)
                    } else {
                        try createTable(quotedTable, quotedColumns, connection)
                    }
                }
                try insertRows(quotedTable, quotedColumns, connection)
            }
        } catch let error as SQLiteError {
            throw error.frameError("cannot write", file: file)
        } catch let error as FrameError {
            throw error
        } catch {
            throw FrameError(.io, "cannot write '\(file)': \(error)")
        }
    }

    func createTable(_ quotedTable: String, _ quotedColumns: [String], _ connection: SQLiteConnection) throws(SQLiteError) {
        var definitions: [String] = []
        for (column, quoted) in zip(columns, quotedColumns) {
            definitions.append("\(quoted) \(SQLiteTypeMapping.declaredType(for: column.type))")
        }
        try connection.execute("CREATE TABLE \(quotedTable) (\(definitions.joined(separator: ", ")))")
    }

    /// The existing table must have exactly the frame's column names (in any order) with types that
    /// can hold the frame's values (`SQLiteTypeMapping.canAppend`).
    func checkAppendable(to table: String, _ connection: SQLiteConnection) throws {
        let file = connection.path
        let existing = try connection.tableColumns(table)
        let existingNames = existing.map(\.name)
        for column in columns {
            guard let match = existing.first(where: { $0.name.lowercased() == column.name.lowercased() }) else {
                throw FrameError(
                    .columnNotFound,
                    "cannot append to table '\(table)' in '\(file)': it has no column '\(column.name)'",
                    column: column.name, hint: "its columns are \(existingNames.joined(separator: ", "))")
            }
            let family = SQLiteTypeMapping.family(of: match.declaredType)
            if !SQLiteTypeMapping.canAppend(column.type, to: family) {
                throw FrameError(
                    .typeMismatch,
                    "cannot append to table '\(table)' in '\(file)': column '\(column.name)' is \(column.type.name) in the frame but \(match.declaredType.isEmpty ? "untyped" : match.declaredType) in the table",
                    column: column.name)
            }
        }
        let frameNames = columns.map { $0.name.lowercased() }
        let missing = existingNames.filter { !frameNames.contains($0.lowercased()) }
        if !missing.isEmpty {
            throw FrameError(
                .columnNotFound,
                "cannot append to table '\(table)' in '\(file)': the frame has no column \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                column: missing[0])
        }
    }

    /// One prepared INSERT, bound and stepped per row.
    func insertRows(_ quotedTable: String, _ quotedColumns: [String], _ connection: SQLiteConnection) throws(SQLiteError) {
        let placeholders = [String](repeating: "?", count: width).joined(separator: ", ")
        let statement = try connection.prepare(
            "INSERT INTO \(quotedTable) (\(quotedColumns.joined(separator: ", "))) VALUES (\(placeholders))")
        let raw = columns.map(RowMajorColumn.init)
        try withExtendedLifetime(self) { () throws(SQLiteError) in
            for row in 0..<height {
                for (offset, column) in raw.enumerated() {
                    let index = offset + 1
                    if column.isNull(row) {
                        try statement.bindNull(at: index)
                        continue
                    }
                    switch column.layout {
                    case .int64: try statement.bind(column.int64(row), at: index)
                    case .float64: try statement.bind(column.double(row), at: index)
                    case .bool: try statement.bind(Int64(column.bool(row) ? 1 : 0), at: index)
                    case .utf8, .dictionary:
                        let text = column.text(row)
                        guard let base = text.baseAddress else {
                            try statement.bind("", at: index)
                            continue
                        }
                        try statement.bindText(noCopy: base, count: text.count, at: index)
                    }
                }
                try statement.run()
                try statement.reset()
            }
        }
    }
}
