import Lang
import Runtime

/// Runs notebook cells in a fresh runtime session, with the pinned settings that make replays
/// byte-identical: fixed display size, the notebook's folder as working directory, notebook mode.
public final class SessionCellRunner: CellRunner {
    /// The session the cells share.
    public let session: Session

    /// A fresh session working in `directory`, loading the standard library from `standardLibrary`.
    public init(directory: String, standardLibrary: String?) {
        var options = SessionOptions(workingDirectory: directory)
        options.isNotebook = true
        options.clock = SessionOptions.notebookClock
        options.displayRows = 10
        options.displayWidth = 100
        options.standardLibraryDirectory = standardLibrary
        session = Session(options: options)
    }

    /// Runs one cell: the last expression is displayed unless the cell is `quiet`.
    public func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome {
        let result = session.evaluate(source, sourceName: "cell \(cellNumber)", kind: .cell(cellNumber),
                                      display: options.quiet ? .nothing : .lastExpression, timeout: options.timeout)
        return CellOutcome(output: result.output, error: result.error)
    }
}
