import Frame

/// Running out of space while writing: SQLite says only "database or disk is full", so the store's
/// error names the file and says that nothing was written (the transaction rolled back).
extension FeatureStore {
    /// `error`, met while writing, as a store error naming `action`; out of space, it says so.
    func writeFailure(_ error: any Error, _ action: String) -> StoreError {
        guard Self.isOutOfSpace(error) else { return StoreError.wrap(error, action) }
        return StoreError(
            .database,
            "\(action): store '\(path)' is full (no space left on its disk, or its size limit reached); nothing was written")
    }

    /// SQLITE_FULL, also when the frame writer or a store read has wrapped it (keeping SQLite's words).
    static func isOutOfSpace(_ error: any Error) -> Bool {
        switch error {
        case let error as SQLiteError: error.primaryCode == 13
        case let error as FrameError: error.message.hasSuffix(sqliteFullMessage)
        case let error as StoreError: error.kind == .database && error.message.hasSuffix(sqliteFullMessage)
        default: false
        }
    }

    /// SQLite's message for SQLITE_FULL.
    static let sqliteFullMessage = "database or disk is full"
}
