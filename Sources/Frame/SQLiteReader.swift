/// Frames from SQLite: a whole table, or the rows of one query with bound parameters.
///
/// Column types: see `SQLiteTypeMapping` (declared family first, then the stored values: integers →
/// int, integers and reals → float, any text → string). Result names that repeat get `_2`, `_3`, …
extension DataFrame {
    /// Reads every row of `table` from the database file at `path` (opened read-only).
    public static func readSQLite(path: String, table: String) throws(FrameError) -> DataFrame {
        let connection = try SQLiteConnection.open(path, mode: .readOnly)
        return try readSQLite(connection: connection, table: table)
    }

    /// Reads every row of `table` through an open connection.
    public static func readSQLite(connection: SQLiteConnection, table: String) throws(FrameError) -> DataFrame {
        let quoted: String
        do throws(SQLiteError) {
            quoted = try SQLiteIdentifier.quoted(table)
        } catch {
            throw error.frameError("cannot read", file: connection.path)
        }
        return try runQuery(connection: connection, sql: "SELECT * FROM \(quoted)", parameters: [], action: "cannot read")
    }

    /// Runs one SQL statement on the database at `path` (opened read-only) and returns its rows;
    /// `parameters` are bound to the `?` placeholders in order.
    public static func query(path: String, sql: String, parameters: [Scalar] = []) throws(FrameError) -> DataFrame {
        let connection = try SQLiteConnection.open(path, mode: .readOnly)
        return try query(connection: connection, sql: sql, parameters: parameters)
    }

    /// Runs one SQL statement through an open connection and returns its rows.
    public static func query(connection: SQLiteConnection, sql: String, parameters: [Scalar] = []) throws(FrameError)
        -> DataFrame
    {
        try runQuery(connection: connection, sql: sql, parameters: parameters, action: "query failed on")
    }

    static func runQuery(connection: SQLiteConnection, sql: String, parameters: [Scalar], action: String)
        throws(FrameError) -> DataFrame
    {
        let file = connection.path
        do {
            let statement = try connection.prepare(sql)
            let expected = statement.parameterCount
            if expected != parameters.count {
                throw FrameError(
                    .invalidArgument,
                    "\(action) '\(file)': the SQL has \(expected) placeholder\(expected == 1 ? "" : "s") but \(parameters.count) parameter\(parameters.count == 1 ? " was" : "s were") given")
            }
            for (offset, value) in parameters.enumerated() {
                try statement.bind(value, at: offset + 1)
            }
            return try frame(from: statement, file: file, action: action)
        } catch let error as SQLiteError {
            throw explain(error, action: action, connection: connection)
        } catch let error as FrameError {
            throw error
        } catch {
            throw FrameError(.io, "\(action) '\(file)': \(error)")
        }
    }

    /// Steps `statement` to the end and assembles its columns.
    static func frame(from statement: SQLiteStatement, file: String, action: String) throws(FrameError) -> DataFrame {
        let width = statement.columnCount
        var names: [String] = []
        for index in 0..<width {
            let name = statement.columnName(index)
            names.append(name.isEmpty ? "column_\(index + 1)" : name)
        }
        names = CSVParse.uniqued(names)
        var builders: [SQLiteColumnBuilder] = []
        for index in 0..<width {
            builders.append(SQLiteColumnBuilder(name: names[index], declaredType: statement.declaredType(index)))
        }
        do throws(SQLiteError) {
            try builders.withUnsafeMutableBufferPointer { (columns: inout UnsafeMutableBufferPointer<SQLiteColumnBuilder>) throws(SQLiteError) in
                while try statement.step() {
                    for index in 0..<width { columns[index].append(from: statement, column: index) }
                }
            }
        } catch {
            throw error.frameError(action, file: file)
        }
        var columns: [Column] = []
        columns.reserveCapacity(width)
        for builder in builders { columns.append(try builder.finish(file: file)) }
        return DataFrame(unchecked: columns, height: columns.first?.count ?? 0)
    }

    /// SQLite's error as an engine error; a missing table gets a hint listing the tables there are.
    static func explain(_ error: SQLiteError, action: String, connection: SQLiteConnection) -> FrameError {
        guard error.message.hasPrefix("no such table") else { return error.frameError(action, file: connection.path) }
        let missing = error.message.split(separator: ":", maxSplits: 1).last.map {
            String($0.drop(while: { $0 == " " }))
        } ?? ""
        let tables = (try? connection.tableNames()) ?? []
        var hint: String
        if tables.isEmpty {
            hint = "'\(connection.path)' has no tables"
        } else {
            let shown = tables.prefix(12).joined(separator: ", ") + (tables.count > 12 ? ", …" : "")
            hint = "tables: \(shown)"
            if let near = closestName(to: missing, among: tables) { hint = "did you mean '\(near)'? " + hint }
        }
        return error.frameError(action, file: connection.path, hint: hint)
    }
}

extension SQLiteConnection {
    /// Opens a database for the frame reader and writer, as an engine error naming the file.
    static func open(_ path: String, mode: OpenMode) throws(FrameError) -> SQLiteConnection {
        do throws(SQLiteError) {
            let connection = try SQLiteConnection(path: path, mode: mode)
            try connection.setBusyTimeout(milliseconds: 5_000)
            return connection
        } catch {
            throw error.frameError("cannot open", file: path)
        }
    }
}

extension SQLiteStatement {
    /// Binds an engine value: timestamps and durations as integer microseconds, bools as 0/1.
    public func bind(_ value: Scalar, at index: Int) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case .int(let v), .timestamp(let v), .duration(let v): try bind(v, at: index)
        case .float(let v): try bind(v, at: index)
        case .bool(let v): try bind(Int64(v ? 1 : 0), at: index)
        case .string(let v): try bind(v, at: index)
        }
    }
}
