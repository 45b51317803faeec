/// Counts from one replay; `failed > 0` means exit status 1.
public struct ReplaySummary: Sendable, Equatable, CustomStringConvertible {
    /// Cells whose records matched (or, with `--update`, that ran as expected and are now recorded).
    public var passed: Int
    /// Failed cells plus files that could not be read, parsed or written.
    public var failed: Int
    /// Cells marked `skip`.
    public var skipped: Int
    /// Cells after an unexpected error in their notebook.
    public var notRun: Int
    /// Files that could not be read, parsed or written (also counted in `failed`).
    public var errors: Int
    /// Files rewritten by `--update`.
    public var updatedFiles: Int

    /// Creates a summary; all counts default to zero.
    public init(passed: Int = 0, failed: Int = 0, skipped: Int = 0, notRun: Int = 0, errors: Int = 0, updatedFiles: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.notRun = notRun
        self.errors = errors
        self.updatedFiles = updatedFiles
    }

    /// Whether everything passed, i.e. the exit status is 0.
    public var succeeded: Bool { failed == 0 }

    /// The closing line, e.g. `12 passed, 1 failed, 1 skipped, 3 not run` (zero skipped/not run omitted).
    public var description: String {
        var text = "\(passed) passed, \(failed) failed"
        if skipped > 0 { text += ", \(skipped) skipped" }
        if notRun > 0 { text += ", \(notRun) not run" }
        return text
    }
}
