import Foundation

/// Runs notebooks top to bottom in a fresh session each, compares every cell's output and error
/// with its record (or rewrites the records with `update`), and reports through `write`.
public final class Replayer {
    private let options: ReplayOptions
    private let makeRunner: (_ notebookDirectory: String) -> any CellRunner
    private let write: (String) -> Void

    /// `makeRunner` gets the notebook's folder as an absolute path and returns a fresh session
    /// (working directory, pinned environment and seed are the runner's business); `write`
    /// receives the report, one or more whole lines ending in "\n" per call.
    public init(
        options: ReplayOptions,
        makeRunner: @escaping (_ notebookDirectory: String) -> any CellRunner,
        write: @escaping (String) -> Void
    ) {
        self.options = options
        self.makeRunner = makeRunner
        self.write = write
    }

    /// A notebook to run: its path as printed, its absolute path, and whether the user named it
    /// (a named file is a notebook even without cells; a found one only if it has cells).
    /// A named path that does not exist stays in the list so errors come out in argument order.
    private struct Target {
        var path: String
        var absolute: String
        var named: Bool
        var exists = true
    }

    /// Replays every notebook in `paths` (files, or folders searched for `.md` files with fti
    /// cells), then writes the summary line and returns the counts.
    public func replay(paths: [String]) -> ReplaySummary {
        var summary = ReplaySummary()
        for target in targets(paths) {
            guard target.exists else {
                fail(NotebookError(path: target.path, line: 0, message: "no such file or directory"), summary: &summary)
                continue
            }
            replay(target, summary: &summary)
        }
        write("\(summary)\n")
        return summary
    }

    /// Expands folders, resolves paths (once, before any runner can change directory) and drops
    /// repeats.
    private func targets(_ paths: [String]) -> [Target] {
        var targets: [Target] = []
        var seen = Set<String>()
        let base = options.workingDirectory
        for path in paths {
            let absolute = NotebookDiscovery.absolutePath(path, base: base)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                targets.append(Target(path: path, absolute: absolute, named: true, exists: false))
                continue
            }
            let found =
                isDirectory.boolValue
                ? NotebookDiscovery.markdownFiles(in: path, resolvingAgainst: base).map {
                    Target(path: $0, absolute: NotebookDiscovery.absolutePath($0, base: base), named: false)
                }
                : [Target(path: path, absolute: absolute, named: true)]
            for target in found where seen.insert(target.absolute).inserted {
                targets.append(target)
            }
        }
        return targets
    }

    /// Reports a file that cannot be read, parsed or written; it counts as a failure.
    private func fail(_ error: NotebookError, summary: inout ReplaySummary) {
        write("error: \(error)\n")
        summary.failed += 1
        summary.errors += 1
    }

    /// Reads, parses and runs one notebook.
    private func replay(_ target: Target, summary: inout ReplaySummary) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: target.absolute))
        } catch {
            fail(NotebookError(path: target.path, line: 0, message: "cannot read the file"), summary: &summary)
            return
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            fail(NotebookError(path: target.path, line: 0, message: "not valid UTF-8"), summary: &summary)
            return
        }
        let document: NotebookDocument
        do {
            document = try NotebookDocument.parse(text, path: target.path)
        } catch {
            // A broken Markdown file without fti cells found in a folder is not a notebook.
            if target.named || NotebookDocument.mentionsCells(text) { fail(error, summary: &summary) }
            return
        }
        guard !document.cells.isEmpty else { return }
        if options.update, let line = NotebookDocument.conflictMarkerLine(in: text) {
            fail(
                NotebookError(
                    path: target.path, line: line, message: "merge-conflict marker; resolve the conflict before --update"),
                summary: &summary)
            return
        }
        let folder = URL(fileURLWithPath: target.absolute).deletingLastPathComponent().path
        let runner = makeRunner(folder)
        let updates = run(document, runner: runner, summary: &summary)
        runner.finish()
        guard options.update, !updates.isEmpty else { return }
        let (updated, changedCells) = document.applying(updates)
        guard updated != text else { return }
        do {
            try AtomicFile.write(updated, to: target.absolute)
        } catch {
            fail(NotebookError(path: target.path, line: 0, message: error.message), summary: &summary)
            return
        }
        summary.updatedFiles += 1
        write("updated \(target.path) (\(changedCells) \(changedCells == 1 ? "cell" : "cells"))\n")
    }

    /// Runs the cells in order, reporting failures; returns the records to write in update mode.
    private func run(_ document: NotebookDocument, runner: any CellRunner, summary: inout ReplaySummary)
        -> [RecordUpdate]
    {
        var updates: [RecordUpdate] = []
        for (index, cell) in document.cells.enumerated() {
            if cell.options.skip {
                summary.skipped += 1
                continue
            }
            // A cell's own timeout= wins over the replay's default.
            var runOptions = cell.options
            if runOptions.timeout == nil { runOptions.timeout = options.cellTimeout }
            let outcome = runner.run(source: cell.source, cellNumber: cell.number, options: runOptions)
            let failedRun = outcome.error != nil
            if options.update {
                updates.append(
                    RecordUpdate(
                        cellNumber: cell.number, output: cell.options.ignoreOutput ? nil : outcome.output,
                        error: outcome.error ?? ""))
            }
            var report = ""
            if cell.options.expectError && !failedRun {
                report += "  expected an error, but the cell succeeded\n"
                if !options.update && !cell.options.ignoreOutput {
                    report += FailureReport.outputDiff(path: document.path, cell: cell, actual: outcome.output)
                }
            } else if failedRun && !cell.options.expectError {
                report += "  unexpected error (mark the cell expect-error if it is meant to fail)\n"
                if options.update {
                    report += FailureReport.indented(outcome.error ?? "")
                } else {
                    if !cell.options.ignoreOutput {
                        report += FailureReport.outputDiff(path: document.path, cell: cell, actual: outcome.output)
                    }
                    report += FailureReport.errorDiff(path: document.path, cell: cell, actual: outcome.error ?? "")
                }
            } else if !options.update {
                if !cell.options.ignoreOutput {
                    report += FailureReport.outputDiff(path: document.path, cell: cell, actual: outcome.output)
                }
                report += FailureReport.errorDiff(path: document.path, cell: cell, actual: outcome.error ?? "")
            }
            if report.isEmpty {
                summary.passed += 1
                continue
            }
            summary.failed += 1
            write(FailureReport.header(path: document.path, cell: cell) + report)
            if failedRun && !cell.options.expectError {
                // The session is now in an unknown state: later cells would only add noise.
                let later = document.cells[(index + 1)...]
                let notRun = later.filter { !$0.options.skip }.count
                summary.notRun += notRun
                summary.skipped += later.count - notRun
                if notRun > 0 { write("  \(notRun) later \(notRun == 1 ? "cell" : "cells") not run\n") }
                break
            }
        }
        return updates
    }
}
