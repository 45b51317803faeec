/// How `Replayer` runs: compare (the default) or rewrite records (`fti replay --update`).
public struct ReplayOptions: Sendable, Equatable {
    /// Rewrite output/error fences to what the cells produce instead of reporting differences.
    public var update: Bool
    /// Folder that relative paths are resolved against; nil means the process's current directory.
    /// Paths are still printed as given.
    public var workingDirectory: String?

    /// Creates options; by default records are compared, not rewritten.
    public init(update: Bool = false, workingDirectory: String? = nil) {
        self.update = update
        self.workingDirectory = workingDirectory
    }
}
