import Frame
@testable import Store

/// Everything a store file holds, table by table (its SQL and its rows, in a fixed order), so a test
/// can show that a failed write left no trace: the fingerprint after equals the one before.
struct StoreFingerprint: Equatable {
    /// Table name → its CREATE statement and its rows, each rendered and sorted.
    var tables: [String: [String]] = [:]

    init(_ store: FeatureStore, ignoring ignored: Set<String> = []) throws {
        let names = try store.rows("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
        for entry in names {
            guard let name = entry[0].stringValue, !ignored.contains(name) else { continue }
            var lines = [entry[1].stringValue ?? ""]
            if try store.connection.tableExists(name) {
                let rows = try store.rows("SELECT * FROM \(StoreNames.quoted(name))")
                lines += rows.map { $0.map { "\($0)" }.joined(separator: "|") }.sorted()
            }
            tables[name] = lines
        }
    }

    /// The tables whose SQL or rows differ from `other`, by name.
    func differences(from other: StoreFingerprint) -> [String] {
        Set(tables.keys).union(other.tables.keys).sorted().filter { tables[$0] != other.tables[$0] }
    }
}
