import Foundation
import Testing
@testable import Frame

/// A fresh, empty temporary folder for one test.
func sqliteTestFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
}

/// Runs `body` and returns the SQLiteError it threw, or nil.
func sqliteError<T>(_ body: () throws -> T) -> SQLiteError? {
    do {
        _ = try body()
        return nil
    } catch let error as SQLiteError {
        return error
    } catch {
        return nil
    }
}

/// The thin wrapper over SQLite's C API: statements, binding, errors, transactions, settings.
@Suite struct SQLiteConnectionTests {
    /// Every value kind bound, stored and read back with its storage class.
    @Test func bindStepAndReadEveryKind() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        #expect(insert.parameterCount == 5)
        try insert.bind(Int64.min, at: 1)
        try insert.bind(0.1 + 0.2, at: 2)
        try insert.bind("ünï \"q\" 🎉", at: 3)
        try insert.bind(blob: [0, 255, 7], at: 4)
        try insert.bindNull(at: 5)
        try insert.run()
        #expect(db.changes == 1)
        try insert.reset()
        try insert.bind(Int64.max, at: 1)
        try insert.bind(-0.5, at: 2)
        try insert.bind("", at: 3)
        try insert.bind(blob: [], at: 4)
        try insert.bind(Int64(3), at: 5)
        try insert.run()
        #expect(db.lastInsertRowID == 2)

        let select = try db.prepare("SELECT i, r, s, b, n FROM t ORDER BY rowid")
        #expect(select.columnCount == 5)
        #expect(select.columnName(2) == "s")
        #expect(select.declaredType(0) == "INTEGER")
        #expect(select.declaredType(4) == nil || select.declaredType(4) == "")
        #expect(try select.step())
        #expect(select.columnType(0) == .integer && select.int64(at: 0) == Int64.min)
        #expect(select.columnType(1) == .float && select.double(at: 1) == 0.1 + 0.2)
        #expect(select.columnType(2) == .text && select.string(at: 2) == "ünï \"q\" 🎉")
        #expect(select.columnType(3) == .blob && select.blob(at: 3) == [0, 255, 7])
        #expect(select.isNull(at: 4) && select.string(at: 4) == nil)
        #expect(try select.step())
        #expect(select.int64(at: 0) == Int64.max)
        #expect(select.string(at: 2) == "")
        #expect(select.blob(at: 3) == [])
        #expect(select.int64(at: 4) == 3)
        #expect(try select.step() == false)
    }

    @Test func statementsRunAgainAfterReset() throws {
        let db = try SQLiteConnection.inMemory()
        let square = try db.prepare("SELECT ?1 * ?1")
        for value in Int64(1)...4 {
            try square.bind(value, at: 1)
            #expect(try square.step())
            #expect(square.int64(at: 0) == value * value)
            try square.reset()
        }
        square.clearBindings()
        #expect(try square.step())
        #expect(square.isNull(at: 0))
    }

    @Test func namedParameters() throws {
        let db = try SQLiteConnection.inMemory()
        let statement = try db.prepare("SELECT :a || :b")
        #expect(statement.parameterIndex(named: ":b") == 2)
        #expect(statement.parameterIndex(named: ":c") == nil)
        try statement.bind("x", at: 1)
        try statement.bind("y", at: 2)
        #expect(try statement.step())
        #expect(statement.string(at: 0) == "xy")
    }

    @Test func errorsCarrySQLitesCodeAndMessage() throws {
        let db = try SQLiteConnection.inMemory()
        let syntax = sqliteError { try db.prepare("SELEC 1") }
        #expect(syntax?.primaryCode == 1)
        #expect(syntax?.message.contains("syntax error") == true)
        let table = sqliteError { try db.prepare("SELECT * FROM nowhere") }
        #expect(table?.message == "no such table: nowhere")
        let range = sqliteError { try db.prepare("SELECT ?").bind(Int64(1), at: 2) }
        #expect(range?.primaryCode == 25)

        try db.execute("CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
        try db.execute("INSERT INTO k (name) VALUES ('a')")
        let insert = try db.prepare("INSERT INTO k (name) VALUES (?)")
        try insert.bind("a", at: 1)
        let unique = sqliteError { try insert.run() }
        #expect(unique?.isConstraintViolation == true)
        #expect(unique?.code == 2067)
        #expect(unique?.message.contains("UNIQUE constraint failed") == true)
        // The statement is usable again after the failure.
        try insert.bind("b", at: 1)
        try insert.run()
    }

    @Test func oneStatementAtATime() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE y (a INTEGER)")
        let chained = sqliteError { try db.prepare("SELECT 1; DROP TABLE y") }
        #expect(chained?.message.contains("more than one SQL statement") == true)
        #expect(try db.tableExists("y"))
        // Trailing semicolons, spaces and comments are not statements.
        _ = try db.prepare("SELECT 1;  \n")
        _ = try db.prepare("SELECT 1; -- done")
        #expect(sqliteError { try db.prepare("   ") } != nil)
    }

    @Test func transactionCommitsOnReturnAndRollsBackOnError() throws {
        struct Boom: Error {}
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE t (a INTEGER)")
        try db.transaction { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(throws: Boom.self) {
            try db.transaction(.immediate) {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try count(db, "t") == 1)
        // A failing statement inside rolls back too, and its error comes out unchanged.
        let error = sqliteError {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (3)")
                try db.execute("INSERT INTO missing VALUES (4)")
            }
        }
        #expect(error?.message == "no such table: missing")
        #expect(try count(db, "t") == 1)
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        struct Boom: Error {}
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE t (a INTEGER)")
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (1)")
            try? db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
            try db.transaction { try db.execute("INSERT INTO t VALUES (3)") }
            #expect(db.isInTransaction)
        }
        let values = try db.prepare("SELECT a FROM t ORDER BY a")
        var seen: [Int64] = []
        while try values.step() { seen.append(values.int64(at: 0)) }
        #expect(seen == [1, 3])
    }

    @Test func manualBeginCommitRollback() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE t (a INTEGER)")
        try db.begin(.immediate)
        #expect(db.isInTransaction)
        try db.execute("INSERT INTO t VALUES (1)")
        try db.rollback()
        #expect(try count(db, "t") == 0)
        try db.begin()
        try db.execute("INSERT INTO t VALUES (1)")
        try db.commit()
        #expect(try count(db, "t") == 1)
        #expect(sqliteError { try db.commit() }?.message.contains("no transaction is active") == true)
    }

    @Test func walModeOnAFileAndMemoryModeInMemory() throws {
        let folder = try sqliteTestFolder()
        let db = try SQLiteConnection(path: folder + "/wal.db")
        #expect(try db.setJournalMode(.wal) == .wal)
        #expect(try db.journalMode() == .wal)
        try db.execute("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)")
        // A second connection reads while the first holds an open write transaction.
        try db.begin(.immediate)
        try db.execute("INSERT INTO t VALUES (2)")
        let reader = try SQLiteConnection(path: folder + "/wal.db", mode: .readOnly)
        #expect(try count(reader, "t") == 1)
        try db.commit()
        #expect(try count(reader, "t") == 2)
        let memory = try SQLiteConnection.inMemory()
        #expect(try memory.setJournalMode(.wal) == .memory)
    }

    @Test func busyTimeoutGivesUpWithBusy() throws {
        let folder = try sqliteTestFolder()
        let first = try SQLiteConnection(path: folder + "/busy.db")
        try first.execute("CREATE TABLE t (a INTEGER)")
        let second = try SQLiteConnection(path: folder + "/busy.db")
        try second.setBusyTimeout(milliseconds: 20)
        try first.begin(.immediate)
        let busy = sqliteError { try second.begin(.immediate) }
        #expect(busy?.isBusy == true)
        try first.commit()
        try second.begin(.immediate)
        try second.rollback()
    }

    @Test func openModes() throws {
        let folder = try sqliteTestFolder()
        #expect(sqliteError { try SQLiteConnection(path: folder + "/absent.db", mode: .readOnly) }?.message == "no such file")
        #expect(sqliteError { try SQLiteConnection(path: folder + "/absent.db", mode: .readWrite) }?.message == "no such file")
        #expect(!FileManager.default.fileExists(atPath: folder + "/absent.db"))
        let writer = try SQLiteConnection(path: folder + "/made.db")
        try writer.execute("CREATE TABLE t (a INTEGER)")
        let reader = try SQLiteConnection(path: folder + "/made.db", mode: .readOnly)
        let refused = sqliteError { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(refused?.message.contains("readonly") == true)
        #expect(sqliteError { try SQLiteConnection(path: "") } != nil)
    }

    @Test func closedConnectionsRefuseWork() throws {
        let db = try SQLiteConnection.inMemory()
        try db.close()
        #expect(db.isClosed)
        #expect(sqliteError { try db.prepare("SELECT 1") }?.message == "database is closed")
        try db.close()
    }

    @Test func schemaQueries() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE b (x INTEGER, y TEXT); CREATE TABLE a (z TIMESTAMP); CREATE VIEW v AS SELECT x FROM b")
        #expect(try db.tableNames() == ["a", "b", "v"])
        #expect(try db.tableExists("B"))
        #expect(try !db.tableExists("c"))
        let columns = try db.tableColumns("b")
        #expect(columns.map(\.name) == ["x", "y"])
        #expect(columns.map(\.declaredType) == ["INTEGER", "TEXT"])
        #expect(try db.tableColumns("none").isEmpty)
    }

    @Test func identifiersAreQuotedNeverSpliced() throws {
        #expect(try SQLiteIdentifier.quoted("plain") == "\"plain\"")
        #expect(try SQLiteIdentifier.quoted("x\"; DROP TABLE y; --") == "\"x\"\"; DROP TABLE y; --\"")
        #expect(sqliteError { try SQLiteIdentifier.quoted("") } != nil)
        #expect(sqliteError { try SQLiteIdentifier.quoted("a\u{0}b") } != nil)
        let db = try SQLiteConnection.inMemory()
        let name = "x\"; DROP TABLE y; --"
        try db.execute("CREATE TABLE y (a INTEGER)")
        try db.execute("CREATE TABLE \(try SQLiteIdentifier.quoted(name)) (\(try SQLiteIdentifier.quoted("odd \"col\"")) TEXT)")
        #expect(try db.tableNames() == [name, "y"])
        #expect(try db.tableColumns(name).map(\.name) == ["odd \"col\""])
    }

    @Test func declaredTypeFamilies() {
        typealias M = SQLiteTypeMapping
        #expect(M.family(of: "INTEGER") == .integer)
        #expect(M.family(of: "bigint") == .integer)
        #expect(M.family(of: "VARCHAR(20)") == .text)
        #expect(M.family(of: "DOUBLE PRECISION") == .real)
        #expect(M.family(of: "BOOLEAN") == .bool)
        #expect(M.family(of: "TIMESTAMP") == .timestamp)
        #expect(M.family(of: "datetime") == .timestamp)
        #expect(M.family(of: "DATE") == .timestamp)
        #expect(M.family(of: "DURATION") == .duration)
        #expect(M.family(of: "INTERVAL") == .duration)
        #expect(M.family(of: "DECIMAL(10,2)") == .numeric)
        #expect(M.family(of: "BLOB") == .any)
        #expect(M.family(of: nil) == .any)
        for type in [DataType.int, .float, .bool, .string, .timestamp, .duration] {
            #expect(M.family(of: M.declaredType(for: type)) != .any)
            #expect(M.canAppend(type, to: M.family(of: M.declaredType(for: type))))
        }
        #expect(M.canAppend(.int, to: .real))
        #expect(!M.canAppend(.string, to: .integer))
        #expect(!M.canAppend(.float, to: .integer))
    }

    func count(_ db: SQLiteConnection, _ table: String) throws -> Int64 {
        let statement = try db.prepare("SELECT count(*) FROM \(try SQLiteIdentifier.quoted(table))")
        _ = try statement.step()
        return statement.int64(at: 0)
    }
}
