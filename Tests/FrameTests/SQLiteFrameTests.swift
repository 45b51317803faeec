import Foundation
import Testing
@testable import Frame
import TestSupport

/// Frames through SQLite: round trips, write modes, type mapping on read, errors.
@Suite struct SQLiteFrameTests {
    /// One column of every type, with nulls in each.
    static func everyType() throws -> DataFrame {
        try DataFrame(columns: [
            Column(name: "i", ints: [1, Int64.min, Int64.max, 0], validity: [true, true, true, false]),
            Column(name: "f", floats: [0.1 + 0.2, -0.0, .infinity, 1e-300], validity: [true, false, true, true]),
            Column(name: "b", bools: [true, false, true, false], validity: [true, true, false, true]),
            Column(name: "s", strings: ["ünï 🎉", "", nil, "a \"q\", b\nc"]),
            Column(name: "t", timestamps: [0, -1, 1_714_545_000_123_456, 253_402_300_799_999_999], validity: [true, true, false, true]),
            Column(name: "d", durations: [86_400_000_000, -1, 0, 5], validity: [false, true, true, true]),
        ])
    }

    @Test func everyTypeRoundTripsWithNulls() throws {
        let folder = try sqliteTestFolder()
        let frame = try Self.everyType()
        try frame.writeSQLite(path: folder + "/a.db", table: "t")
        let back = try DataFrame.readSQLite(path: folder + "/a.db", table: "t")
        #expect(back == frame)
        #expect(back.columns.map(\.type) == [.int, .float, .bool, .string, .timestamp, .duration])
        let db = try SQLiteConnection(path: folder + "/a.db", mode: .readOnly)
        #expect(try db.tableColumns("t").map(\.declaredType) == ["INTEGER", "REAL", "BOOLEAN", "TEXT", "TIMESTAMP", "DURATION"])
    }

    @Test func randomFramesRoundTripExactly() throws {
        let db = try SQLiteConnection.inMemory()
        for seed in UInt64(1)...12 {
            var random = SplitMix64(state: seed)
            let frame = try randomTestFrame(&random, rows: random.below(60), nan: false)
            try frame.writeSQLite(connection: db, table: "r\(seed)")
            let back = try DataFrame.readSQLite(connection: db, table: "r\(seed)")
            #expect(back == frame, "seed \(seed)")
            // The reader agrees with a naive row-by-row reading through the wrapper.
            #expect(try naiveRead(db, "r\(seed)", types: frame.columns.map(\.type)) == frame.columns.map(\.scalars), "seed \(seed)")
        }
    }

    @Test func emptyAndOneRowFrames() throws {
        let db = try SQLiteConnection.inMemory()
        let frame = try Self.everyType()
        let empty = frame.head(0)
        try empty.writeSQLite(connection: db, table: "empty")
        let emptyBack = try DataFrame.readSQLite(connection: db, table: "empty")
        #expect(emptyBack == empty)
        #expect(emptyBack.height == 0 && emptyBack.columns.map(\.type) == frame.columns.map(\.type))
        let one = frame.slice(3..<4)
        try one.writeSQLite(connection: db, table: "one")
        #expect(try DataFrame.readSQLite(connection: db, table: "one") == one)
        let noColumns = frameError { try DataFrame().writeSQLite(connection: db, table: "none") }
        #expect(noColumns?.message.contains("without columns") == true)
    }

    @Test func nanIsStoredAsNull() throws {
        let db = try SQLiteConnection.inMemory()
        try DataFrame(columns: [Column(name: "x", floats: [.nan, 1.5])]).writeSQLite(connection: db, table: "t")
        #expect(try DataFrame.readSQLite(connection: db, table: "t").columns[0].scalars == [.null, .float(1.5)])
    }

    @Test func writeModes() throws {
        let folder = try sqliteTestFolder()
        let path = folder + "/m.db"
        let first = try DataFrame(columns: [Column(name: "a", ints: [1, 2]), Column(name: "b", strings: ["x", "y"])])
        let second = try DataFrame(columns: [Column(name: "b", strings: ["z"]), Column(name: "a", ints: [3])])
        try first.writeSQLite(path: path, table: "t")
        let again = frameError { try first.writeSQLite(path: path, table: "t") }
        #expect(again?.message == "cannot write '\(path)': table 't' already exists")
        #expect(again?.hint?.contains("mode: \"replace\"") == true)
        // Append matches columns by name, whatever their order.
        try second.writeSQLite(path: path, table: "t", mode: .append)
        let appended = try DataFrame.readSQLite(path: path, table: "t")
        #expect(appended.columns[0].scalars == [.int(1), .int(2), .int(3)])
        #expect(appended.columns[1].scalars == [.string("x"), .string("y"), .string("z")])
        try second.writeSQLite(path: path, table: "t", mode: .replace)
        #expect(try DataFrame.readSQLite(path: path, table: "t") == second)
        // Append to a missing table creates it; replace of a missing table too.
        try first.writeSQLite(path: path, table: "fresh", mode: .append)
        try first.writeSQLite(path: path, table: "fresh2", mode: .replace)
        #expect(try DataFrame.readSQLite(path: path, table: "fresh") == first)
        #expect(try DataFrame.readSQLite(path: path, table: "fresh2") == first)
    }

    @Test func appendChecksNamesAndTypesAndWritesNothingOnError() throws {
        let db = try SQLiteConnection.inMemory()
        let frame = try DataFrame(columns: [Column(name: "a", ints: [1]), Column(name: "b", strings: ["x"])])
        try frame.writeSQLite(connection: db, table: "t")
        let wrongType = try DataFrame(columns: [Column(name: "a", strings: ["1"]), Column(name: "b", strings: ["y"])])
        let mismatch = frameError { try wrongType.writeSQLite(connection: db, table: "t", mode: .append) }
        #expect(mismatch?.code == .typeMismatch)
        #expect(mismatch?.message == "cannot append to table 't' in ':memory:': column 'a' is string in the frame but INTEGER in the table")
        let extra = try frame.setting(Column(name: "c", floats: [1]))
        #expect(frameError { try extra.writeSQLite(connection: db, table: "t", mode: .append) }?.message.contains("it has no column 'c'") == true)
        let fewer = try frame.select(["a"])
        #expect(frameError { try fewer.writeSQLite(connection: db, table: "t", mode: .append) }?.message.contains("the frame has no column 'b'") == true)
        // An int frame column may go into a REAL table column.
        try db.execute("CREATE TABLE r (x REAL)")
        try DataFrame(columns: [Column(name: "x", ints: [2])]).writeSQLite(connection: db, table: "r", mode: .append)
        #expect(try DataFrame.readSQLite(connection: db, table: "r").columns[0].scalars == [.float(2)])
        #expect(try DataFrame.readSQLite(connection: db, table: "t") == frame)
    }

    @Test func failedWriteLeavesTheOldTable() throws {
        let db = try SQLiteConnection.inMemory()
        let frame = try DataFrame(columns: [Column(name: "a", ints: [1, 2])])
        try frame.writeSQLite(connection: db, table: "t")
        try db.execute("CREATE TRIGGER stop BEFORE INSERT ON t WHEN NEW.a = 9 BEGIN SELECT RAISE(ABORT, 'nine refused'); END")
        let bad = try DataFrame(columns: [Column(name: "a", ints: [5, 9])])
        let error = frameError { try bad.writeSQLite(connection: db, table: "t", mode: .append) }
        #expect(error?.message == "cannot write ':memory:': nine refused")
        #expect(try DataFrame.readSQLite(connection: db, table: "t") == frame)
        // Inside the caller's transaction the write is a savepoint that the caller may still roll back.
        try db.begin()
        try bad.head(1).writeSQLite(connection: db, table: "t", mode: .append)
        try db.rollback()
        #expect(try DataFrame.readSQLite(connection: db, table: "t") == frame)
    }

    @Test func injectionInNamesIsQuotedAway() throws {
        let folder = try sqliteTestFolder()
        let path = folder + "/i.db"
        let victim = try DataFrame(columns: [Column(name: "v", ints: [1])])
        try victim.writeSQLite(path: path, table: "y")
        let hostile = "x\"; DROP TABLE y; --"
        let frame = try DataFrame(columns: [Column(name: "a\"); DROP TABLE y; --", ints: [7]), Column(name: "b c", strings: ["'; --"])])
        try frame.writeSQLite(path: path, table: hostile)
        #expect(try DataFrame.readSQLite(path: path, table: hostile) == frame)
        #expect(try DataFrame.readSQLite(path: path, table: "y") == victim)
        try frame.writeSQLite(path: path, table: hostile, mode: .replace)
        #expect(try DataFrame.readSQLite(path: path, table: "y") == victim)
        let empty = frameError { try frame.writeSQLite(path: path, table: "") }
        #expect(empty?.message.contains("empty name") == true)
    }

    @Test func missingFileTableAndNonDatabase() throws {
        let folder = try sqliteTestFolder()
        let missing = frameError { try DataFrame.readSQLite(path: folder + "/none.db", table: "t") }
        #expect(missing?.code == .io)
        #expect(missing?.message == "cannot open '\(folder)/none.db': no such file")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.db"))

        let path = folder + "/d.db"
        try DataFrame(columns: [Column(name: "a", ints: [1])]).writeSQLite(path: path, table: "activities")
        try DataFrame(columns: [Column(name: "a", ints: [1])]).writeSQLite(path: path, table: "athletes")
        let table = frameError { try DataFrame.readSQLite(path: path, table: "activites") }
        #expect(table?.message == "cannot read '\(path)': no such table: activites")
        #expect(table?.hint == "did you mean 'activities'? tables: activities, athletes")
        let far = frameError { try DataFrame.query(path: path, sql: "SELECT * FROM zzz") }
        #expect(far?.hint == "tables: activities, athletes")

        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: folder + "/x.csv"))
        let notDatabase = frameError { try DataFrame.readSQLite(path: folder + "/x.csv", table: "t") }
        #expect(notDatabase?.message == "cannot read '\(folder)/x.csv': not an SQLite database")
        let emptyFile = folder + "/empty.db"
        _ = try SQLiteConnection(path: emptyFile)
        #expect(frameError { try DataFrame.readSQLite(path: emptyFile, table: "t") }?.hint == "'\(emptyFile)' has no tables")
    }

    @Test func queriesBindParametersInOrder() throws {
        let folder = try sqliteTestFolder()
        let path = folder + "/q.db"
        let frame = try DataFrame(columns: [
            Column(name: "x", ints: [1, 2, 3, 4]), Column(name: "s", strings: ["a", "b", "c", "d"]),
            Column(name: "t", timestamps: [0, 10, 20, 30]),
        ])
        try frame.writeSQLite(path: path, table: "t")
        let rows = try DataFrame.query(
            path: path, sql: "SELECT s, t FROM t WHERE x > ? AND s <> ? AND t < ? ORDER BY x",
            parameters: [.int(1), .string("c"), .timestamp(31)])
        #expect(rows.columns[0].scalars == [.string("b"), .string("d")])
        #expect(rows.columns[1].scalars == [.timestamp(10), .timestamp(30)])
        let nothing = try DataFrame.query(path: path, sql: "SELECT x FROM t WHERE s = ?", parameters: [.string("x' OR '1'='1")])
        #expect(nothing.height == 0 && nothing.columns[0].type == .int)
        let count = frameError { try DataFrame.query(path: path, sql: "SELECT * FROM t WHERE x > ?", parameters: []) }
        #expect(count?.message == "query failed on '\(path)': the SQL has 1 placeholder but 0 parameters were given")
        let chained = frameError { try DataFrame.query(path: path, sql: "SELECT 1; DELETE FROM t") }
        #expect(chained?.message.contains("more than one SQL statement") == true)
        let write = frameError { try DataFrame.query(path: path, sql: "DELETE FROM t") }
        #expect(write?.message.contains("readonly") == true)
        #expect(try DataFrame.readSQLite(path: path, table: "t") == frame)
        let syntax = frameError { try DataFrame.query(path: path, sql: "SELEC x FROM t") }
        #expect(syntax?.message == "query failed on '\(path)': near \"SELEC\": syntax error")
    }

    @Test func columnTypesFollowDeclaredTypesAndValues() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("""
            CREATE TABLE m (n NUMERIC, mixed, txt TEXT, flag BOOLEAN, notflag BOOL, at DATETIME, bad TIMESTAMP, day DATE, gap INTERVAL);
            INSERT INTO m VALUES (1, 1, '7', 1, 2, '2024-05-01 06:30:00', 'soon', '2024-05-01', 60000000);
            INSERT INTO m VALUES (2.5, 'x', NULL, 0, 0, 1714545000000000, '2024-01-01', NULL, NULL);
            """)
        let frame = try DataFrame.readSQLite(connection: db, table: "m")
        #expect(frame.columns.map(\.type) == [.float, .string, .string, .bool, .int, .timestamp, .string, .timestamp, .duration])
        #expect(frame.columns[1].scalars == [.string("1"), .string("x")])
        #expect(frame.columns[5].scalars == [.timestamp(1_714_545_000_000_000), .timestamp(1_714_545_000_000_000)])
        #expect(frame.columns[7].scalars == [.timestamp(1_714_521_600_000_000), .null])
        #expect(frame.columns[8].scalars == [.duration(60_000_000), .null])

        let expressions = try DataFrame.query(
            connection: db, sql: "SELECT count(*) AS rows, avg(n) AS mean, NULL AS missing, 1 AS n, 2 AS n FROM m")
        #expect(expressions.columnNames == ["rows", "mean", "missing", "n", "n_2"])
        #expect(expressions.columns.map(\.type) == [.int, .float, .string, .int, .int])

        try db.execute("CREATE TABLE e (i INTEGER, r REAL, s TEXT, b BOOLEAN, t TIMESTAMP, d DURATION, x)")
        let empty = try DataFrame.readSQLite(connection: db, table: "e")
        #expect(empty.height == 0)
        #expect(empty.columns.map(\.type) == [.int, .float, .string, .bool, .timestamp, .duration, .string])
    }

    @Test func blobsAreRefusedWithAHint() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE b (k INTEGER, data BLOB); INSERT INTO b VALUES (1, NULL), (2, x'00ff')")
        let error = frameError { try DataFrame.readSQLite(connection: db, table: "b") }
        #expect(error?.message == "cannot read ':memory:': column 'data' holds binary data (BLOB) in row 2")
        #expect(error?.hint?.contains("hex(data)") == true)
        #expect(try DataFrame.query(connection: db, sql: "SELECT hex(data) AS h FROM b").columns[0].scalars == [.string(""), .string("00FF")])
    }

    /// Reads a table value by value with the wrapper alone, typed as `types` says.
    func naiveRead(_ db: SQLiteConnection, _ table: String, types: [DataType]) throws -> [[Scalar]] {
        let statement = try db.prepare("SELECT * FROM \(try SQLiteIdentifier.quoted(table))")
        var columns = [[Scalar]](repeating: [], count: types.count)
        while try statement.step() {
            for (index, type) in types.enumerated() {
                if statement.isNull(at: index) {
                    columns[index].append(.null)
                    continue
                }
                switch type {
                case .int: columns[index].append(.int(statement.int64(at: index)))
                case .float: columns[index].append(.float(statement.double(at: index)))
                case .bool: columns[index].append(.bool(statement.int64(at: index) != 0))
                case .string: columns[index].append(.string(statement.string(at: index) ?? ""))
                case .timestamp: columns[index].append(.timestamp(statement.int64(at: index)))
                case .duration: columns[index].append(.duration(statement.int64(at: index)))
                }
            }
        }
        return columns
    }
}
