import ArgumentParser
import Foundation
import Runtime

/// `--sandbox`, `--allow PATH` and `--memory-limit SIZE` for `fti run` and the REPL, where the
/// sandbox is off unless asked for (a person at a prompt reads their own files).
struct SessionLimitArguments: ParsableArguments {
    @Flag(name: .long, help: "Read and write files only inside the current folder (and the --allow paths).")
    var sandbox = false

    @Option(name: .long, help: ArgumentHelp("With --sandbox, also allow files under PATH (repeatable).", valueName: "PATH"))
    var allow: [String] = []

    @Option(name: .long, help: ArgumentHelp("Stop an evaluation when fti's resident memory passes SIZE, e.g. 2G or 500M.", valueName: "SIZE"))
    var memoryLimit: String?

    func validate() throws {
        if !allow.isEmpty && !sandbox { throw ValidationError("--allow only matters with --sandbox") }
        _ = try parsedMemoryLimit()
    }

    /// The memory limit in bytes, or nil when none was given.
    func parsedMemoryLimit() throws -> UInt64? {
        try SessionLimits.memoryLimit(memoryLimit)
    }

    /// Applies the flags to a session's options; `command` names the command in a refusal.
    func apply(to options: inout SessionOptions, command: String) {
        options.memoryLimit = (try? parsedMemoryLimit()) ?? nil
        guard sandbox else { return }
        let current = FileManager.default.currentDirectoryPath
        options.fileAccess = FileAccessPolicy(
            roots: [current] + allow.map { SessionLimits.absolute($0) },
            explanation: "\(command) reads and writes only inside the current folder; add --allow PATH")
    }
}

/// Helpers shared by the commands that set limits.
enum SessionLimits {
    /// Parses `--memory-limit`, with an error naming the option when malformed.
    static func memoryLimit(_ text: String?) throws -> UInt64? {
        guard let text else { return nil }
        guard let bytes = MemorySize.parse(text) else {
            throw ValidationError("bad --memory-limit '\(text)': write a size such as 2G, 500M or 64K")
        }
        return bytes
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The folder a notebook in `folder` is confined to: the nearest folder at or above it that
    /// holds `.git` (a repository or worktree), or else `folder` itself; and whether it is a repository.
    static func notebookRoot(for folder: String) -> (path: String, isRepository: Bool) {
        var candidate = FileAccessPolicy.realPath(folder)
        while true {
            if FileManager.default.fileExists(atPath: candidate + "/.git") { return (candidate, true) }
            if candidate == "/" || candidate.isEmpty { break }
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        return (folder, false)
    }

    /// The sandbox of a notebook replayed from `folder`, plus the `--allow` paths.
    static func replayPolicy(notebookFolder folder: String, allow: [String]) -> FileAccessPolicy {
        let root = notebookRoot(for: folder)
        let place = root.isRepository ? "the notebook's repository" : "the notebook's folder"
        return FileAccessPolicy(
            roots: [root.path] + allow.map(absolute),
            explanation: "fti replay reads and writes only inside \(place); add --allow PATH")
    }
}
