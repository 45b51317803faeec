import CSQLite

extension SQLiteConnection {
    /// Makes this connection refuse statements that reach other database files: `ATTACH`,
    /// `DETACH` (and `VACUUM INTO`, which attaches its target), plus the `load_extension` SQL
    /// function. A sandbox installs it so that SQL cannot open files the sandbox would refuse.
    /// A refused statement fails to prepare with SQLite's "not authorized" error.
    public func refuseOtherDatabaseFiles() throws(SQLiteError) {
        let handle = try openHandle()
        // A closure literal without captures, so it converts to the C function pointer SQLite wants.
        let code = sqlite3_set_authorizer(handle, { _, action, _, second, _, _ in
            switch action {
            case SQLITE_ATTACH, SQLITE_DETACH:
                return SQLITE_DENY
            case SQLITE_FUNCTION:
                guard let second else { return SQLITE_OK }
                return String(cString: second).lowercased() == "load_extension" ? SQLITE_DENY : SQLITE_OK
            default:
                return SQLITE_OK
            }
        }, nil)
        if code != SQLITE_OK { throw lastError(code) }
    }
}

extension DataFrame {
    /// Like `query(path:sql:parameters:)`, on a connection that refuses other database files
    /// (`refuseOtherDatabaseFiles`), for SQL written by someone a sandbox does not trust.
    public static func confinedQuery(path: String, sql: String, parameters: [Scalar] = []) throws(FrameError) -> DataFrame {
        let connection = try SQLiteConnection.open(path, mode: .readOnly)
        do throws(SQLiteError) {
            try connection.refuseOtherDatabaseFiles()
        } catch {
            throw error.frameError("cannot open", file: path)
        }
        return try query(connection: connection, sql: sql, parameters: parameters)
    }
}
