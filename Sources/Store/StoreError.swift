import Frame

/// Every failure of the feature store: a kind for programs and a one-line message for people that
/// names the group, view, column, expectation or argument concerned.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, so callers can react without parsing the message.
    public enum Kind: String, Sendable, Equatable {
        /// A name that cannot be a group, view, model or column name.
        case invalidName
        /// An argument out of range or inconsistent with the others.
        case invalidArgument
        /// No feature group, feature view, training dataset or model with that name and version.
        case notFound
        /// Opening something with a definition that differs from the stored one.
        case definitionMismatch
        /// A batch that would remove, rename or retype a column, or change the key.
        case schemaChange
        /// A column the call needs is missing from a frame.
        case missingColumn
        /// A column of the wrong type.
        case typeMismatch
        /// A null primary key or event time in a batch or a spine.
        case nullKey
        /// A row of a reference group (no event time) would change.
        case immutableReference
        /// A strict expectation suite failed: nothing was written; `report` says why.
        case validationFailed
        /// Two features (or a feature and a label) would get the same output name.
        case duplicateName
        /// A key asked for online is not in the online table.
        case missingKey
        /// A model failed its registration gate.
        case gateFailed
        /// The database failed (I/O, corruption, a newer store format).
        case database
        /// A dataframe operation failed inside the store.
        case frame
    }

    /// The kind of failure.
    public var kind: Kind
    /// One line, lowercase start, no trailing period.
    public var message: String
    /// The validation report of a rejected batch (kind `validationFailed`).
    public var report: ValidationReport?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, report: ValidationReport? = nil) {
        self.kind = kind
        self.message = message
        self.report = report
    }

    /// The message, for printing.
    public var description: String { message }

    /// SQLite's failure as a store error naming what was being done.
    static func database(_ error: SQLiteError, _ action: String) -> StoreError {
        StoreError(.database, "\(action): \(error.message)")
    }

    /// A frame engine failure as a store error naming what was being done.
    static func frame(_ error: FrameError, _ action: String) -> StoreError {
        StoreError(.frame, "\(action): \(error.message)")
    }

    /// Any error a store operation may meet, as a store error.
    static func wrap(_ error: any Error, _ action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? SQLiteError { return database(error, action) }
        if let error = error as? FrameError { return frame(error, action) }
        return StoreError(.database, "\(action): \(error)")
    }
}
