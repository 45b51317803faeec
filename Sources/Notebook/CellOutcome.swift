/// What one cell run produced: all it printed, in order, then the display of its last value;
/// plus the rendered diagnostic when the cell failed.
public struct CellOutcome: Sendable, Equatable {
    /// Printed text followed by the display of the last value (empty when there is none).
    public var output: String
    /// The diagnostic as the REPL prints it, or nil when the cell succeeded.
    public var error: String?

    /// Creates an outcome; a non-nil `error` marks the cell as failed.
    public init(output: String, error: String?) {
        self.output = output
        self.error = error
    }
}
