import Foundation
import Lang

/// The inputs of an interactive session in the order they were accepted, kept so that the
/// REPL's `:save` can write the session as a notebook that `fti replay` passes.
///
/// Only sources are kept, not what the REPL showed: the REPL displays every expression at the
/// terminal's width, a notebook cell only its last value at the pinned width, and errors name
/// `<repl>` rather than the cell. So saving re-runs the inputs in a fresh notebook session, in the
/// notebook's folder, and records exactly what a replay will produce.
public struct SessionTranscript: Sendable, Equatable {
    /// One accepted input.
    public enum Input: Sendable, Equatable {
        /// Source text typed at the prompt (or read from a loaded notebook's cell).
        case code(String)
        /// A script run with `:load`, by absolute path; saved as `use "path"` relative to the notebook.
        case script(path: String)
    }

    /// An input and whether it failed when the session ran it.
    public struct Entry: Sendable, Equatable {
        /// What was run.
        public var input: Input
        /// Whether it failed in the interactive session (compared with the replay when saving).
        public var failed: Bool

        /// Creates an entry.
        public init(input: Input, failed: Bool) {
            self.input = input
            self.failed = failed
        }
    }

    /// The entries, oldest first.
    public private(set) var entries: [Entry] = []

    /// An empty transcript.
    public init() {}

    /// Whether nothing has been recorded.
    public var isEmpty: Bool { entries.isEmpty }

    /// Appends an input that ran to completion (successfully or with an error; never an interrupted one).
    public mutating func record(_ input: Input, failed: Bool) {
        entries.append(Entry(input: input, failed: failed))
    }

    /// Forgets every entry (the REPL's `:reset`).
    public mutating func removeAll() {
        entries.removeAll()
    }

    /// The source of an entry's cell in a notebook kept in `notebookFolder` (an absolute path).
    public static func cellSource(of input: Input, notebookFolder: String) -> String {
        switch input {
        case .code(let text):
            return text
        case .script(let path):
            return "use " + quoted(relativePath(of: path, from: notebookFolder))
        }
    }

    /// Runs every entry as a cell in `runner` (a fresh notebook session working in
    /// `notebookFolder`) and returns the notebook text: `title` as a heading, then each input as an
    /// `fti` cell followed by its record, written by the same code as `fti replay --update`; a
    /// cell that fails is marked `expect-error`. Returns nil when `isCancelled` turns true after a cell.
    public func notebook(
        title: String, notebookFolder: String, runner: any CellRunner, isCancelled: () -> Bool
    ) throws(NotebookError) -> SavedNotebook? {
        var sources: [String] = []
        var outcomes: [CellOutcome] = []
        var divergent: [Int] = []
        for (index, entry) in entries.enumerated() {
            let source = Self.cellSource(of: entry.input, notebookFolder: notebookFolder)
            let outcome = runner.run(source: source, cellNumber: index + 1, options: CellOptions())
            if isCancelled() { return nil }
            sources.append(source)
            outcomes.append(outcome)
            if (outcome.error != nil) != entry.failed { divergent.append(index + 1) }
        }

        // The cells alone first, each in a fence longer than any backtick run in its source...
        var skeleton = "# \(title)\n"
        for (source, outcome) in zip(sources, outcomes) {
            let info = outcome.error == nil ? "fti" : "fti expect-error"
            skeleton += "\n" + NotebookDocument.fenceText(
                source, tag: info, indentation: 0, lineEnding: "\n", finalBreak: true)
        }
        // ...then the records, spliced in exactly as `replay --update` does it.
        let path = "saved notebook"
        let document = try NotebookDocument.parse(skeleton, path: path)
        guard document.cells.map(\.source) == sources else {
            throw NotebookError(path: path, line: 0, message: "an input cannot be written as a cell without changing it")
        }
        let updates = outcomes.enumerated().map { index, outcome in
            RecordUpdate(cellNumber: index + 1, output: outcome.output, error: outcome.error ?? "")
        }
        let text = document.applying(updates).text
        return SavedNotebook(text: text, cellCount: sources.count, divergentCells: divergent)
    }

    /// Writes `text` to `path` atomically (a temporary file renamed over the target).
    public static func write(_ text: String, to path: String) throws(NotebookError) {
        try AtomicFile.write(text, to: path)
    }

    /// `path` relative to `folder` (both absolute), with `..` where needed; `path` itself when
    /// the two share nothing but the root.
    static func relativePath(of path: String, from folder: String) -> String {
        let target = URL(fileURLWithPath: path).standardized.pathComponents
        let base = URL(fileURLWithPath: folder).standardized.pathComponents
        var common = 0
        while common < target.count - 1, common < base.count, target[common] == base[common] {
            common += 1
        }
        // Only the root in common: an absolute path reads better than a chain of `..`.
        if common <= 1 { return URL(fileURLWithPath: path).standardized.path }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }
}

/// A session rendered as a notebook by `SessionTranscript.notebook`.
public struct SavedNotebook: Sendable, Equatable {
    /// The whole Markdown text.
    public var text: String
    /// How many cells it holds.
    public var cellCount: Int
    /// Cells (1-based) that failed in the replay but not in the session, or the other way round:
    /// the user should know the saved notebook does not retell the session there.
    public var divergentCells: [Int]
}
