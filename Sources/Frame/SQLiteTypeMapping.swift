/// How frame types and SQLite declared types correspond.
///
/// Writing declares `INTEGER`, `REAL`, `BOOLEAN` (0/1), `TEXT`, `TIMESTAMP` (integer microseconds
/// since the epoch, UTC) and `DURATION` (integer microseconds), so a frame written and read back is
/// equal, nulls included. Reading takes the declared type's family first (bool, timestamp, duration),
/// then the values actually stored, because SQLite lets any column hold any storage class.
public enum SQLiteTypeMapping {
    /// What a declared type says about a column, following SQLite's affinity rules plus the
    /// names SQLite gives no meaning but every tool uses (BOOLEAN, DATETIME, TIMESTAMP, …).
    public enum Family: Sendable, Equatable {
        case bool, timestamp, duration, integer, real, text, numeric
        /// No declared type, or BLOB: anything goes.
        case any
    }

    /// The declared type written for a frame column of type `type`.
    public static func declaredType(for type: DataType) -> String {
        switch type {
        case .int: "INTEGER"
        case .float: "REAL"
        case .bool: "BOOLEAN"
        case .string: "TEXT"
        case .timestamp: "TIMESTAMP"
        case .duration: "DURATION"
        }
    }

    /// The family of a declared type (case-insensitive). `DATE`, `DATETIME` and `TIMESTAMP…` are
    /// timestamps; `DURATION` and `INTERVAL` durations; then SQLite's rules: `INT` → integer,
    /// `CHAR`/`CLOB`/`TEXT` → text, `BLOB` or nothing → any, `REAL`/`FLOA`/`DOUB` → real, else numeric.
    public static func family(of declared: String?) -> Family {
        guard let declared, !declared.isEmpty else { return .any }
        let upper = declared.uppercased()
        if upper.contains("BOOL") { return .bool }
        if upper.hasPrefix("TIMESTAMP") || upper.hasPrefix("DATETIME") || upper == "DATE" { return .timestamp }
        if upper.contains("DURATION") || upper.contains("INTERVAL") { return .duration }
        if upper.contains("INT") { return .integer }
        if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return .text }
        if upper.contains("BLOB") { return .any }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return .real }
        return .numeric
    }

    /// The column type for a column that holds no values at all (empty or all null): the declared
    /// family decides, and without one the column is string (as `read_csv` does).
    static func typeWithoutValues(_ family: Family) -> DataType {
        switch family {
        case .bool: .bool
        case .timestamp: .timestamp
        case .duration: .duration
        case .integer: .int
        case .real, .numeric: .float
        case .text, .any: .string
        }
    }

    /// Whether a frame column of type `type` may be appended to a table column of `family`:
    /// the same kind, or int into a REAL/NUMERIC column, or anything into an untyped column.
    public static func canAppend(_ type: DataType, to family: Family) -> Bool {
        switch (type, family) {
        case (_, .any): true
        case (.int, .integer), (.int, .real), (.int, .numeric): true
        case (.float, .real), (.float, .numeric): true
        case (.bool, .bool): true
        case (.string, .text): true
        case (.timestamp, .timestamp): true
        case (.duration, .duration): true
        default: false
        }
    }
}
