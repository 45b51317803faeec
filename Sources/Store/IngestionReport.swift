/// What one `insert` did: rows inserted, updated (a new version of an existing key and event
/// time), unchanged (identical to what was stored) and rejected, with the validation report.
public struct IngestionReport: Sendable, Equatable {
    /// The group's name.
    public var group: String
    /// The group's version.
    public var version: Int
    /// The commit sequence number of the write (increasing across the store).
    public var commit: Int64
    /// Rows with a key and event time the group did not have.
    public var inserted: Int
    /// Rows that replaced different values at an existing key and event time (the old ones go to history).
    public var updated: Int
    /// Rows equal to what was stored (an insert repeated changes nothing).
    public var unchanged: Int
    /// Rows a lenient policy sent to the reject table.
    public var rejected: Int
    /// Columns this batch added to the schema (every column on the first insert).
    public var addedColumns: [String]
    /// The validation report stored with the commit.
    public var validation: ValidationReport
}
