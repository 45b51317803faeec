/// A failure reported by SQLite: its result code and its own message (`sqlite3_errmsg`).
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (e.g. 1 for SQLITE_ERROR, 2067 for SQLITE_CONSTRAINT_UNIQUE).
    public var code: Int32
    /// SQLite's one-line explanation, such as `no such table: foo`.
    public var message: String

    /// Creates an error from a result code and a message.
    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code (the low byte of the extended one), for matching on the kind of failure.
    public var primaryCode: Int32 { code & 0xFF }

    /// The message, for printing.
    public var description: String { message }

    /// True when the failure is SQLITE_CONSTRAINT (unique, not-null, check, foreign key).
    public var isConstraintViolation: Bool { primaryCode == 19 }

    /// True when another connection held a lock for longer than the busy timeout (SQLITE_BUSY, SQLITE_LOCKED).
    public var isBusy: Bool { primaryCode == 5 || primaryCode == 6 }

    /// The same failure as an engine io error that names the file, e.g. `cannot read 'a.db': no such table: t`.
    ///
    /// `action` says what was being done (`cannot read`, `cannot write`, `query failed on`).
    public func frameError(_ action: String, file: String, hint: String? = nil) -> FrameError {
        var text = message
        if primaryCode == 26 { text = "not an SQLite database" }
        return FrameError(.io, "\(action) '\(file)': \(text)", hint: hint)
    }
}
