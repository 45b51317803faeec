import Frame

/// The offline rows point-in-time joins read, kept by the open store, one scan per group.
///
/// A scan as of commit `w` (the rows written by commits up to `w`, as they were then) never
/// changes: later commits add rows and move superseded ones to the history table, where a read as
/// of `w` still finds them. So a scan keyed by (watermark, columns, event-time range) stays right
/// however the file changes, and building training data again over unchanged groups reads no
/// rows from SQLite. Commit numbers are never reused once committed, and scans are kept only when
/// read from committed state (not inside a transaction that might still roll its commits back).
/// An insert into a group drops its scan (its next join needs a newer watermark anyway) so the
/// memory goes back at once; closing the store drops them all.
struct OfflineCache {
    /// What a kept scan was read for.
    struct Key: Equatable {
        var watermark: Int64
        var columns: [String]
        var start: Int64?
        var end: Int64?
    }

    private var scans: [Int64: (key: Key, rows: DataFrame)] = [:]

    /// The kept scan of group `group` if it was read for `key`.
    func rows(group: Int64, key: Key) -> DataFrame? {
        guard let kept = scans[group], kept.key == key else { return nil }
        return kept.rows
    }

    /// Keeps `rows` as group `group`'s scan, replacing the one kept before.
    mutating func keep(_ rows: DataFrame, group: Int64, key: Key) {
        scans[group] = (key, rows)
    }

    /// Drops group `group`'s scan.
    mutating func drop(group: Int64) {
        scans[group] = nil
    }

    /// Drops every scan.
    mutating func removeAll() {
        scans.removeAll()
    }
}
