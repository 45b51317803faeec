/// Why training, prediction, explanation or a model file failed, with a one-line message that
/// names the column, argument or file at fault.
public struct TreesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// A parameter out of range or inconsistent with another.
        case invalidArgument
        /// The data cannot be used: wrong column type, nulls in the target, no rows, a label
        /// outside the objective's range.
        case invalidData
        /// A model file that is malformed, of another version, or inconsistent.
        case modelFile
        /// A file could not be read or written.
        case io
        /// The user asked to stop (Ctrl-C), seen through `Frame.EngineInterrupt`.
        case interrupted
    }

    /// The class of failure.
    public let kind: Kind
    /// One line for the user.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
