import Frame

/// A size limit on the store file, so tests can make it run out of space the way a full disk does
/// (SQLite answers both with SQLITE_FULL). Not public: a user's store is limited by its disk only.
extension FeatureStore {
    /// Caps the file at `pages` pages for this connection (SQLite's `max_page_count`, never below the
    /// pages in use) and returns the cap in force.
    @discardableResult
    func limitSize(toPages pages: Int) throws(StoreError) -> Int {
        try pragmaNumber("PRAGMA max_page_count = \(max(1, pages))")
    }

    /// The pages the file uses now.
    func pageCount() throws(StoreError) -> Int {
        try pragmaNumber("PRAGMA page_count")
    }

    private func pragmaNumber(_ sql: String) throws(StoreError) -> Int {
        try reading("cannot read the size of store '\(path)'") { () throws -> Int in
            let statement = try connection.prepare(sql)
            guard try statement.step() else { return 0 }
            return Int(statement.int64(at: 0))
        }
    }
}
