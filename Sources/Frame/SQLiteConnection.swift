import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open SQLite database: a thin wrapper over one `sqlite3` handle (the frame reader and writer
/// use it, and so will the feature store).
///
/// Values always travel as bound parameters (`prepare` + `SQLiteStatement.bind`); names that must
/// appear in SQL text go through `SQLiteIdentifier.quoted`. The connection is not Sendable: use it
/// from one task at a time (it is opened without SQLite's own mutex).
public final class SQLiteConnection {
    /// How to open the file.
    public enum OpenMode: Sendable, Equatable {
        /// The file must exist; writes fail.
        case readOnly
        /// The file must exist.
        case readWrite
        /// The file is created when missing.
        case readWriteCreate
    }

    /// How `begin` takes locks: deferred waits for the first read or write; immediate takes the
    /// write lock at once (what writers want, so two writers never deadlock on an upgrade).
    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED", immediate = "IMMEDIATE", exclusive = "EXCLUSIVE"
    }

    /// SQLite's journal modes (`PRAGMA journal_mode`).
    public enum JournalMode: String, Sendable {
        case delete = "delete", truncate = "truncate", persist = "persist", memory = "memory", wal = "wal", off = "off"
    }

    /// The path it was opened with (`:memory:` for a private in-memory database).
    public let path: String
    @usableFromInline var handle: OpaquePointer?
    /// How many `transaction` calls are running, so that nested ones become savepoints.
    var transactionDepth = 0

    /// Opens (or, with `.readWriteCreate`, creates) the database at `path`; `:memory:` opens a fresh
    /// in-memory database. A missing file in the other modes is an error that says so.
    public init(path: String, mode: OpenMode = .readWriteCreate) throws(SQLiteError) {
        self.path = path
        if path.isEmpty || path.utf8.contains(0) {
            throw SQLiteError(code: 14, message: "invalid database path")
        }
        if mode != .readWriteCreate && path != ":memory:" && access(path, F_OK) != 0 {
            throw SQLiteError(code: 14, message: "no such file")
        }
        var flags: Int32
        switch mode {
        case .readOnly: flags = SQLITE_OPEN_READONLY
        case .readWrite: flags = SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        flags |= SQLITE_OPEN_NOMUTEX
        var opened: OpaquePointer? = nil
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw SQLiteError(code: code, message: message)
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
    }

    /// A fresh private in-memory database.
    public static func inMemory() throws(SQLiteError) -> SQLiteConnection {
        try SQLiteConnection(path: ":memory:")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Closes the database now; later calls fail with "database is closed". Statements still alive
    /// keep SQLite's handle open until they are released (sqlite3_close_v2 semantics).
    public func close() throws(SQLiteError) {
        guard let handle else { return }
        let code = sqlite3_close_v2(handle)
        self.handle = nil
        if code != SQLITE_OK { throw SQLiteError(code: code, message: "cannot close the database") }
    }

    /// Whether `close` has been called.
    public var isClosed: Bool { handle == nil }

    /// The open handle, or the error every call on a closed connection gets.
    @usableFromInline func openHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw SQLiteError(code: 21, message: "database is closed") }
        return handle
    }

    /// The error SQLite reports for the last failed call, with the code the call returned.
    func lastError(_ code: Int32) -> SQLiteError {
        guard let handle else { return SQLiteError(code: code, message: "database is closed") }
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(code: extended != 0 ? extended : code, message: String(cString: sqlite3_errmsg(handle)))
    }

    // MARK: - Statements

    /// Compiles exactly one SQL statement. SQL holding more than one statement is refused, so a value
    /// that slipped into SQL text could never chain a second one.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        let handle = try openHandle()
        var statement: OpaquePointer? = nil
        var failure: SQLiteError? = nil
        sql.withCString { text in
            var tail: UnsafePointer<CChar>? = nil
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if code != SQLITE_OK {
                failure = lastError(code)
                return
            }
            guard let tail, Self.hasMoreSQL(tail) else { return }
            // Something follows the first statement: refuse it unless it is only comments.
            var extra: OpaquePointer? = nil
            let extraCode = sqlite3_prepare_v2(handle, tail, -1, &extra, nil)
            sqlite3_finalize(extra)
            if extraCode != SQLITE_OK || extra != nil {
                failure = SQLiteError(code: 1, message: "more than one SQL statement; run them one at a time")
            }
        }
        if let failure {
            sqlite3_finalize(statement)
            throw failure
        }
        guard let statement else { throw SQLiteError(code: 21, message: "no SQL statement to run") }
        return SQLiteStatement(handle: statement, connection: self)
    }

    /// True when `tail` holds anything but whitespace and semicolons.
    static func hasMoreSQL(_ tail: UnsafePointer<CChar>) -> Bool {
        var pointer = tail
        while pointer.pointee != 0 {
            switch UInt8(bitPattern: pointer.pointee) {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: ";"): pointer += 1
            default: return true
            }
        }
        return false
    }

    /// Runs SQL that returns no rows (DDL, PRAGMA settings, BEGIN/COMMIT); several statements
    /// separated by `;` are allowed. Never pass values in the text: prepare and bind them.
    public func execute(_ sql: String) throws(SQLiteError) {
        let handle = try openHandle()
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        if code != SQLITE_OK { throw lastError(code) }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// The rowid of the last inserted row.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// True while a transaction is open (SQLite is out of autocommit mode).
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    // MARK: - Transactions

    /// Opens a transaction.
    public func begin(_ kind: TransactionKind = .deferred) throws(SQLiteError) {
        try execute("BEGIN \(kind.rawValue)")
    }

    /// Commits the open transaction.
    public func commit() throws(SQLiteError) {
        try execute("COMMIT")
    }

    /// Rolls back the open transaction.
    public func rollback() throws(SQLiteError) {
        try execute("ROLLBACK")
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws
    /// (the error is rethrown unchanged). Nested calls become savepoints, so they compose.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        let savepoint = transactionDepth > 0 || isInTransaction ? "fti_savepoint_\(transactionDepth)" : nil
        if let savepoint {
            try execute("SAVEPOINT \(savepoint)")
        } else {
            try begin(kind)
        }
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        let result: T
        do {
            result = try body()
        } catch {
            undo(savepoint)
            throw error
        }
        do {
            try execute(savepoint.map { "RELEASE \($0)" } ?? "COMMIT")
        } catch {
            undo(savepoint)
            throw error
        }
        return result
    }

    /// Rolls back a failed transaction or savepoint. SQLite may already have rolled back by itself
    /// (after a full disk, say), in which case there is nothing left to undo and the error is ignored.
    private func undo(_ savepoint: String?) {
        if let savepoint {
            try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
        } else if isInTransaction {
            try? rollback()
        }
    }

    // MARK: - Settings

    /// Sets the journal mode and returns the one in force (an in-memory database stays `memory`).
    /// WAL lets readers run while one writer writes, and survives a crash mid-transaction.
    @discardableResult
    public func setJournalMode(_ mode: JournalMode) throws(SQLiteError) -> JournalMode {
        let statement = try prepare("PRAGMA journal_mode = \(mode.rawValue)")
        guard try statement.step(), let text = statement.string(at: 0) else {
            throw SQLiteError(code: 1, message: "journal_mode returned nothing")
        }
        return JournalMode(rawValue: text.lowercased()) ?? mode
    }

    /// The journal mode in force.
    public func journalMode() throws(SQLiteError) -> JournalMode? {
        let statement = try prepare("PRAGMA journal_mode")
        guard try statement.step(), let text = statement.string(at: 0) else { return nil }
        return JournalMode(rawValue: text.lowercased())
    }

    /// How long a call waits for another connection's lock before failing with SQLITE_BUSY.
    public func setBusyTimeout(milliseconds: Int) throws(SQLiteError) {
        let code = sqlite3_busy_timeout(try openHandle(), Int32(clamping: max(0, milliseconds)))
        if code != SQLITE_OK { throw lastError(code) }
    }

    // MARK: - Schema

    /// Names of the tables and views, sorted (SQLite's internal tables excluded).
    public func tableNames() throws(SQLiteError) -> [String] {
        let statement = try prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        var names: [String] = []
        while try statement.step() {
            if let name = statement.string(at: 0) { names.append(name) }
        }
        return names
    }

    /// Whether a table or view called `name` exists (exact, case-insensitive as SQLite compares names).
    public func tableExists(_ name: String) throws(SQLiteError) -> Bool {
        let statement = try prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE")
        try statement.bind(name, at: 1)
        return try statement.step()
    }

    /// The columns of table `name` in order, with their declared types (empty when there is no such table).
    public func tableColumns(_ name: String) throws(SQLiteError) -> [(name: String, declaredType: String)] {
        let statement = try prepare("SELECT name, type FROM pragma_table_info(?) ORDER BY cid")
        try statement.bind(name, at: 1)
        var columns: [(name: String, declaredType: String)] = []
        while try statement.step() {
            columns.append((statement.string(at: 0) ?? "", statement.string(at: 1) ?? ""))
        }
        return columns
    }
}
