import Foundation
import Lang
import Notebook
import Runtime

/// `:load` (a script or a notebook into the session) and `:save` (the session as a notebook).
/// Relative paths resolve against the session's working directory.
enum SessionFiles {
    /// The heading of a saved notebook.
    static let savedTitle = "fti session"

    // MARK: - :load

    /// Runs a `.fti` script into the session (as `use "path"` would), or the cells of a notebook
    /// `.md` in order, showing their outputs; both are kept in the transcript for `:save`.
    static func load(_ path: String, in repl: ReplController) {
        if path.lowercased().hasSuffix(".csv") {
            repl.showError(":load runs .fti scripts and .md notebooks; read data with read_csv(\(quoted(path)))")
            return
        }
        guard let resolved = sandboxedPath(path, in: repl) else { return }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            repl.showError("cannot load '\(path)': \(fileProblem(resolved))")
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            repl.showError("cannot load '\(path)': not valid UTF-8 text")
            return
        }
        if path.hasSuffix(".md") {
            loadNotebook(text, path: path, resolved: resolved, in: repl)
        } else {
            loadScript(path, resolved: resolved, in: repl)
        }
    }

    /// Runs the script through the language's own `use`, so the session and a replay of the
    /// saved notebook (where it becomes a `use` cell) do exactly the same thing.
    private static func loadScript(_ path: String, resolved: String, in repl: ReplController) {
        let before = repl.session.interpreter.globals.bindings.map(\.name)
        let result = repl.evaluate("use " + quoted(path))
        if result.wasInterrupted { return }
        let absolute = URL(fileURLWithPath: resolved).standardized.path
        repl.transcript.record(.script(path: absolute), failed: result.error != nil)
        guard result.error == nil else { return }
        let added = repl.session.interpreter.globals.bindings.map(\.name).filter { $0 != "_" && !before.contains($0) }
        if added.isEmpty {
            repl.write("loaded \(path)\n")
        } else {
            let shown = added.prefix(8).joined(separator: ", ") + (added.count > 8 ? ", …" : "")
            repl.write("loaded \(path) (defines \(shown))\n")
        }
    }

    /// Runs a notebook's cells as a replay would (each shows its last value; `skip` cells are
    /// left out; the notebook's folder is the working directory) but into this session. Stops at
    /// the first unexpected error.
    private static func loadNotebook(_ text: String, path: String, resolved: String, in repl: ReplController) {
        let document: NotebookDocument
        do {
            document = try NotebookDocument.parse(text, path: path)
        } catch {
            repl.showError("\(error)")
            return
        }
        let cells = document.cells.filter { !$0.options.skip }
        guard !cells.isEmpty else {
            repl.showError("'\(path)' has no fti cells to run")
            return
        }
        let folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
        for (index, cell) in cells.enumerated() {
            Interrupt.clear()
            let result = repl.withWorkingDirectory(folder) {
                repl.session.evaluate(
                    cell.source, sourceName: "\(path) cell \(cell.number)", kind: .cell(cell.number),
                    display: cell.options.quiet ? .nothing : .lastExpression, timeout: cell.options.timeout)
            }
            repl.show(result)
            if result.wasInterrupted {
                repl.showError("stopped in cell \(cell.number) of \(path); \(cells.count - index - 1) later cells not run")
                return
            }
            repl.transcript.record(.code(cell.source), failed: result.error != nil)
            if result.error != nil && !cell.options.expectError {
                repl.showError("cell \(cell.number) of \(path) failed; \(cells.count - index - 1) later cells not run")
                return
            }
        }
        repl.write("loaded \(path) (\(cells.count) \(cells.count == 1 ? "cell" : "cells"))\n")
    }

    // MARK: - :save

    /// Writes the transcript as a notebook. The inputs are run again in a fresh notebook session
    /// working in the notebook's folder, and their records written exactly as `fti replay
    /// --update` would, so `fti replay` passes; Ctrl-C stops the save and writes nothing.
    static func save(_ path: String, in repl: ReplController) {
        guard path.hasSuffix(".md") else {
            repl.showError(":save writes a Markdown notebook; give the file a name ending in .md")
            return
        }
        guard !repl.transcript.isEmpty else {
            repl.showError("nothing to save yet: the session has no inputs")
            return
        }
        guard let checked = sandboxedPath(path, in: repl) else { return }
        let resolved = URL(fileURLWithPath: checked).standardized.path
        let folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            repl.showError("cannot save to '\(path)': there is no folder \(folder)")
            return
        }
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue {
            repl.showError("cannot save to '\(path)': it is a folder")
            return
        }
        let limits = repl.session.options
        let runner = SessionCellRunner(directory: folder, standardLibrary: limits.standardLibraryDirectory) { options in
            options.fileAccess = limits.fileAccess
            options.memoryLimit = limits.memoryLimit
        }
        defer { runner.finish() }
        let presses = Interrupt.pressCount
        Interrupt.clear()
        do {
            guard
                let saved = try repl.transcript.notebook(
                    title: savedTitle, notebookFolder: folder, runner: runner,
                    isCancelled: { Interrupt.pressCount != presses })
            else {
                repl.showError(":save interrupted; nothing was written")
                return
            }
            try SessionTranscript.write(saved.text, to: resolved)
            repl.write("saved \(saved.cellCount) \(saved.cellCount == 1 ? "cell" : "cells") to \(path)\n")
            for cell in saved.divergentCells {
                repl.write(divergenceWarning(cell: cell, failedHere: repl.transcript.entries[cell - 1].failed))
            }
        } catch {
            repl.showError("\(error)")
        }
    }

    /// The path resolved against the session's folder, or nil (after saying why) when the
    /// sandbox (`fti --sandbox`) refuses it.
    private static func sandboxedPath(_ path: String, in repl: ReplController) -> String? {
        do throws(Diagnostic) {
            return try repl.session.checkedPath(path, at: nil)
        } catch {
            repl.showError(error.message)
            return nil
        }
    }

    /// Says that cell `cell` of the saved notebook does not retell the session.
    static func divergenceWarning(cell: Int, failedHere: Bool) -> String {
        if failedHere {
            return "warning: cell \(cell) failed here but succeeds in the saved notebook\n"
        }
        return "warning: cell \(cell) fails in the saved notebook (recorded as expect-error): it depends on "
            + "something the notebook lacks, such as a :time input or a path relative to another folder\n"
    }
}
