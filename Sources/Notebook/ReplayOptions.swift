/// How `Replayer` runs: compare (the default) or rewrite records (`fti replay --update`).
public struct ReplayOptions: Sendable, Equatable {
    /// Rewrite output/error fences to what the cells produce instead of reporting differences.
    public var update: Bool
    /// Folder that relative paths are resolved against; nil means the process's current directory.
    /// Paths are still printed as given.
    public var workingDirectory: String?
    /// Time limit in seconds for a cell without a `timeout=` option of its own; nil for none.
    public var cellTimeout: Double?

    /// Creates options; by default records are compared, not rewritten.
    public init(update: Bool = false, workingDirectory: String? = nil) {
        self.update = update
        self.workingDirectory = workingDirectory
    }

    /// Creates options with a default time limit per cell (`fti replay --cell-timeout`).
    public init(update: Bool = false, workingDirectory: String? = nil, cellTimeout: Double?) {
        self.update = update
        self.workingDirectory = workingDirectory
        self.cellTimeout = cellTimeout
    }
}

extension ReplayOptions {
    /// Seconds in a time limit written as for `timeout=` (`500ms`, `60s`, `1.5s`, `2m`); nil when
    /// malformed or not positive.
    public static func seconds(in text: String) -> Double? {
        CellOptions.parseDuration(Substring(text))
    }
}
