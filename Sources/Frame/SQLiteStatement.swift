import CSQLite

/// The storage class of one value in a result row.
public enum SQLiteValueType: Sendable, Equatable {
    case integer, float, text, blob, null
}

/// One compiled SQL statement: bind parameters, step through rows, read columns, reset, run again.
///
/// Parameter and column indexes follow SQLite: parameters are 1-based (`?1` is index 1), result
/// columns 0-based. Column readers are valid after `step` returned true; text and blobs they return
/// are copies. The statement is finalized when the object goes away.
public final class SQLiteStatement {
    @usableFromInline let handle: OpaquePointer
    /// The connection, kept alive as long as the statement is.
    public let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The SQL text it was compiled from.
    public var sql: String { sqlite3_sql(handle).map { String(cString: $0) } ?? "" }

    /// Throws SQLite's message unless `code` is SQLITE_OK.
    @inline(__always) func check(_ code: Int32) throws(SQLiteError) {
        if code != SQLITE_OK { throw connection.lastError(code) }
    }

    // MARK: - Parameters

    /// Number of parameters (`?`, `?NNN`, `:name`, `@name`, `$name`) in the statement.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The 1-based index of a named parameter written with its prefix (`:id`), or nil.
    public func parameterIndex(named name: String) -> Int? {
        let index = Int(sqlite3_bind_parameter_index(handle, name))
        return index > 0 ? index : nil
    }

    /// Binds an integer to parameter `index` (1-based).
    public func bind(_ value: Int64, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, Int32(clamping: index), value))
    }

    /// Binds a float to parameter `index`. SQLite stores NaN as NULL.
    public func bind(_ value: Double, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, Int32(clamping: index), value))
    }

    /// Binds text (copied by SQLite) to parameter `index`.
    public func bind(_ value: String, at index: Int) throws(SQLiteError) {
        var value = value
        let code = value.withUTF8 { bytes in
            // A NULL pointer would bind SQL NULL, so empty text gets a literal's address.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return shim_sqlite3_bind_text_transient(handle, Int32(clamping: index), "", 0)
            }
            return shim_sqlite3_bind_text_transient(
                handle, Int32(clamping: index), UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                Int32(clamping: bytes.count))
        }
        try check(code)
    }

    /// Binds a blob (copied by SQLite) to parameter `index`.
    public func bind(blob: [UInt8], at index: Int) throws(SQLiteError) {
        let code = blob.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(handle, Int32(clamping: index), 0)
            }
            return shim_sqlite3_bind_blob_transient(handle, Int32(clamping: index), base, Int32(clamping: bytes.count))
        }
        try check(code)
    }

    /// Binds NULL to parameter `index`.
    public func bindNull(at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, Int32(clamping: index)))
    }

    /// Binds UTF-8 bytes without copying: they must stay alive and unchanged until the statement
    /// is stepped and reset (the frame writer binds straight from a column's byte buffer).
    @usableFromInline func bindText(noCopy bytes: UnsafePointer<UInt8>, count: Int, at index: Int) throws(SQLiteError) {
        let pointer = UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self)
        try check(shim_sqlite3_bind_text_static(handle, Int32(clamping: index), pointer, Int32(clamping: count)))
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: - Running

    /// Runs the statement to its next row: true when a row is ready to read, false when done.
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let error = connection.lastError(code)
        sqlite3_reset(handle)
        throw error
    }

    /// Steps to completion, for statements that return no rows (INSERT, UPDATE, DDL).
    public func run() throws(SQLiteError) {
        while try step() {}
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() throws(SQLiteError) {
        try check(sqlite3_reset(handle))
    }

    // MARK: - Columns

    /// Number of result columns (0 for statements that return no rows).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of result column `index` (its `AS` alias, else SQLite's choice).
    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(clamping: index)).map { String(cString: $0) } ?? "column_\(index + 1)"
    }

    /// The declared type of result column `index` when it is a table column (`INTEGER`, `TIMESTAMP`),
    /// nil for expressions.
    public func declaredType(_ index: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(clamping: index)).map { String(cString: $0) }
    }

    /// The storage class of column `index` in the current row.
    @inlinable public func columnType(_ index: Int) -> SQLiteValueType {
        switch sqlite3_column_type(handle, Int32(truncatingIfNeeded: index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .float
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    /// Column `index` of the current row as an integer (SQLite converts other classes; NULL is 0).
    @inlinable public func int64(at index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(truncatingIfNeeded: index))
    }

    /// Column `index` of the current row as a float (NULL is 0).
    @inlinable public func double(at index: Int) -> Double {
        sqlite3_column_double(handle, Int32(truncatingIfNeeded: index))
    }

    /// Column `index` of the current row as text, nil when NULL (invalid UTF-8 is repaired with U+FFFD).
    public func string(at index: Int) -> String? {
        if columnType(index) == .null { return nil }
        return withText(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Column `index` of the current row as bytes, nil when NULL.
    public func blob(at index: Int) -> [UInt8]? {
        let column = Int32(clamping: index)
        if columnType(index) == .null { return nil }
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Whether column `index` of the current row is NULL.
    @inlinable public func isNull(at index: Int) -> Bool { columnType(index) == .null }

    /// Calls `body` with the UTF-8 text of column `index` in place (valid only during the call).
    @inlinable public func withText<T>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let column = Int32(truncatingIfNeeded: index)
        let pointer = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }
}
