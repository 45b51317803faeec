import Frame

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feature store in one SQLite file: feature groups (offline history, online latest values),
/// validation reports, feature views, training datasets, models and their lineage.
///
/// Opening creates the file when missing, turns on WAL mode and foreign keys, and brings the
/// registry tables up to the current schema version. Every write runs in one transaction. The
/// store is not Sendable: use it from one task at a time (it owns one SQLite connection).
public final class FeatureStore {
    /// The path it was opened with (`:memory:` for a throwaway in-memory store).
    public let path: String
    /// The SQLite connection every call goes through.
    let connection: SQLiteConnection
    /// Microseconds since the Unix epoch, UTC: the ingestion time of rows and reports, and "now"
    /// for online TTLs. Injected so that notebooks replay byte for byte.
    let clock: () -> Int64
    /// Compiled statements by SQL text (prepared once; online lookups reuse them).
    var statements: [String: SQLiteStatement] = [:]
    /// Serving parameters by view id, with the training dataset they came from (checked per call).
    var servingFits: [Int64: (key: ServingFitKey, fitted: [FittedTransformation])] = [:]
    /// Offline rows read for point-in-time joins, by group (valid for their commit; see `OfflineCache`).
    var offlineCache = OfflineCache()
    /// A second, read-only connection for `parallelScan` (opened when first needed).
    var scanReader: SQLiteConnection?
    /// Offline tables with at least this many rowids are read in two halves by `parallelScan`.
    var parallelScanRows = 100_000

    /// Opens the store at `path`, creating it when missing; `:memory:` gives a throwaway store.
    /// `clock` returns microseconds since the epoch (UTC); the default reads the system clock.
    public init(path: String, clock: @escaping () -> Int64 = FeatureStore.systemClock) throws(StoreError) {
        self.path = path
        self.clock = clock
        do throws(SQLiteError) {
            connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try connection.setBusyTimeout(milliseconds: 5_000)
        } catch {
            throw StoreError(.database, "cannot open store '\(path)': \(error.message)")
        }
        try prepareConnection()
        try migrate()
    }

    /// A throwaway store in memory.
    public static func inMemory(clock: @escaping () -> Int64 = FeatureStore.systemClock) throws(StoreError) -> FeatureStore {
        try FeatureStore(path: ":memory:", clock: clock)
    }

    /// The system clock in microseconds since the Unix epoch.
    public static func systemClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }

    /// Closes the file; later calls fail with "database is closed".
    public func close() throws(StoreError) {
        statements.removeAll()
        offlineCache.removeAll()
        try? scanReader?.close()
        scanReader = nil
        do throws(SQLiteError) {
            try connection.close()
        } catch {
            throw StoreError.database(error, "cannot close store '\(path)'")
        }
    }

    /// The registry schema version of the open file (equal to the current one after opening).
    public func schemaVersion() throws(StoreError) -> Int {
        try reading("cannot read the schema version of '\(path)'") { () throws -> Int in
            guard try connection.tableExists("fti_schema_version") else { return 0 }
            return Int(try firstRow("SELECT version FROM fti_schema_version")?.first?.integerValue ?? 0)
        }
    }

    /// The schema version this build of fti writes.
    public static var currentSchemaVersion: Int { StoreMigrations.current }

    /// Foreign keys on; WAL mode, in which a crash mid-transaction leaves the last commit intact and
    /// readers never block the writer. Also the first read, which fails for a file that is not a database.
    private func prepareConnection() throws(StoreError) {
        do throws(SQLiteError) {
            try connection.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:" {
                try setWriteAheadLogging()
            }
        } catch {
            let reason = error.primaryCode == 26 ? "not an SQLite database" : error.message
            throw StoreError(.database, "cannot open store '\(path)': \(reason)")
        }
    }

    /// Switches the file to WAL. Entering WAL needs an exclusive lock, and SQLite may answer BUSY
    /// without calling the busy handler while another process creates the same file, so BUSY and
    /// LOCKED are retried for as long as the busy timeout (5 s).
    private func setWriteAheadLogging() throws(SQLiteError) {
        var waited = 0
        while true {
            do throws(SQLiteError) {
                try connection.setJournalMode(.wal)
                return
            } catch {
                guard error.isBusy, waited < 5_000 else { throw error }
                usleep(10_000)
                waited += 10
            }
        }
    }

    /// Applies the migrations the file lacks, all in one transaction.
    private func migrate() throws(StoreError) {
        let version = try schemaVersion()
        if version > StoreMigrations.current {
            throw StoreError(
                .database,
                "store '\(path)' has schema version \(version), newer than this fti understands (\(StoreMigrations.current)); upgrade fti")
        }
        if version == StoreMigrations.current { return }
        // One read of the table list: two (does the version table exist, then what else is there)
        // could straddle another process's migration and take a fresh store for a foreign database.
        let tables = try reading("cannot open store '\(path)'") { try connection.tableNames() }
        if !tables.isEmpty && !tables.contains(where: { $0.lowercased() == "fti_schema_version" }) {
            throw StoreError(
                .database,
                "'\(path)' is an SQLite database but not a feature store (it has tables and no fti_schema_version)")
        }
        try writing("cannot upgrade store '\(path)'") { () throws in
            // Read again under the write lock: another process opening the file at the same time
            // may have upgraded it since the first look.
            let locked = try schemaVersion()
            if locked >= StoreMigrations.current { return }
            if !(try connection.tableExists("fti_schema_version")) {
                try connection.execute("CREATE TABLE fti_schema_version (version INTEGER NOT NULL)")
                try run("INSERT INTO fti_schema_version (version) VALUES (0)")
            }
            for step in locked..<StoreMigrations.current {
                for sql in StoreMigrations.all[step] { try connection.execute(sql) }
            }
            try run("UPDATE fti_schema_version SET version = ?", [.int(Int64(StoreMigrations.current))])
        }
    }

    /// Checks the file's structure (`PRAGMA integrity_check`): nil when sound, else SQLite's first complaint.
    public func integrityProblem() throws(StoreError) -> String? {
        try reading("cannot check store '\(path)'") { () throws -> String? in
            let text = try firstRow("PRAGMA integrity_check")?.first?.stringValue ?? "no answer"
            return text == "ok" ? nil : text
        }
    }
}
