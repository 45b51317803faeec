/// A notebook that cannot be read, parsed or rewritten; renders as `path:line: message`.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var path: String
    /// 1-based line the problem is on; 0 when it concerns the whole file.
    public var line: Int
    /// One line saying what is wrong.
    public var message: String

    /// Creates an error located at `path:line`.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, or `path: message` for whole-file problems.
    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}
