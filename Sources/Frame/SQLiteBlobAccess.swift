import CSQLite

/// Blobs bound and read in place, for bulk binary data (the store's columnar training datasets
/// bind column chunks straight from column buffers and decode them straight from SQLite's pages).
extension SQLiteStatement {
    /// Binds `count` bytes at `bytes` as a blob without copying: they must stay alive and unchanged
    /// until the statement is stepped and reset. A zero-length blob is bound as an empty blob, not NULL.
    public func bindBlob(noCopy bytes: UnsafeRawPointer?, count: Int, at index: Int) throws(SQLiteError) {
        let position = Int32(clamping: index)
        guard let bytes, count > 0 else {
            try check(sqlite3_bind_zeroblob(handle, position, 0))
            return
        }
        // A nil destructor is SQLITE_STATIC: SQLite reads the caller's bytes when the statement runs.
        try check(sqlite3_bind_blob64(handle, position, bytes, sqlite3_uint64(count), nil))
    }

    /// Calls `body` with the bytes of blob (or text) column `index` of the current row in place
    /// (valid only during the call); empty for NULL and zero-length values.
    @inlinable public func withBlob<Result, Failure: Error>(
        at index: Int, _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let column = Int32(truncatingIfNeeded: index)
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }
}
