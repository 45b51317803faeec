import Frame

/// Why a monitoring calculation refused its input, with a one-line message that names the column
/// or argument at fault.
public struct MonitorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// A column the calculation needs is not in the frame.
        case missingColumn
        /// A column has a type the calculation cannot use (a string where a number is needed, ...).
        case wrongType
        /// A column holds nulls (or NaN) where none are allowed.
        case nullValues
        /// A value lies outside its domain: a probability outside [0, 1], a label other than 0 or 1,
        /// an unknown class, a negative value under a logarithmic metric, an infinite reference value.
        case outOfRange
        /// Too little data: an empty frame, or a reference set smaller than one chunk.
        case tooFewRows
        /// An argument is invalid on its own or together with another (a chunk size of 0, a metric
        /// the problem type does not offer, crossed constant thresholds, ...).
        case invalidArgument
        /// The user asked to stop (Ctrl-C), seen through `Frame.EngineInterrupt`.
        case interrupted
    }

    /// The class of failure.
    public let kind: Kind
    /// One line for the user, lowercase start, no trailing period.
    public let message: String
    /// The column the error is about, if any.
    public let column: String?

    /// An error of `kind` with `message`, optionally about `column`.
    public init(_ kind: Kind, _ message: String, column: String? = nil) {
        self.kind = kind
        self.message = message
        self.column = column
    }

    /// The message.
    public var description: String { message }

    /// Throws `interrupted` when a stop was requested (clearing the request); long loops call this
    /// between chunks and columns, never per row.
    static func checkInterrupt() throws(MonitorError) {
        if EngineInterrupt.flag.load(ordering: .relaxed) {
            EngineInterrupt.flag.store(false, ordering: .relaxed)
            throw MonitorError(.interrupted, "interrupted")
        }
    }

    /// The standard error for a column the frame lacks; `role` says what the column was for.
    static func missing(_ name: String, role: String, in frame: DataFrame) -> MonitorError {
        var message = "missing column '\(name)' (\(role))"
        if let best = closestName(to: name, among: frame.columnNames) {
            message += "; did you mean '\(best)'?"
        }
        return MonitorError(.missingColumn, message, column: name)
    }
}
