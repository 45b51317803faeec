import Lang
import Runtime

/// Runs notebook cells in a fresh runtime session, with the pinned settings that make replays
/// byte-identical: fixed display size, the notebook's folder as working directory, notebook mode.
public final class SessionCellRunner: CellRunner {
    /// The session the cells share.
    public let session: Session

    /// Lines of output a cell records before the rest is cut with a note.
    public static let outputLineLimit = 2_000
    /// Bytes of output a cell records before the rest is cut with a note.
    public static let outputByteLimit = 256 << 10

    /// A fresh session working in `directory`, loading the standard library from `standardLibrary`.
    public convenience init(directory: String, standardLibrary: String?) {
        self.init(directory: directory, standardLibrary: standardLibrary) { _ in }
    }

    /// A fresh notebook session whose pinned options `configure` may add to (a sandbox, a memory
    /// limit) before the session starts.
    public init(directory: String, standardLibrary: String?, configure: (inout SessionOptions) -> Void) {
        var options = SessionOptions(workingDirectory: directory)
        options.isNotebook = true
        options.clock = SessionOptions.notebookClock
        options.displayRows = 10
        options.displayWidth = 100
        options.standardLibraryDirectory = standardLibrary
        options.outputLineLimit = Self.outputLineLimit
        options.outputByteLimit = Self.outputByteLimit
        configure(&options)
        session = Session(options: options)
    }

    /// Runs one cell: the last expression is displayed unless the cell is `quiet`.
    public func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome {
        let result = session.evaluate(source, sourceName: "cell \(cellNumber)", kind: .cell(cellNumber),
                                      display: options.quiet ? .nothing : .lastExpression, timeout: options.timeout)
        return CellOutcome(output: result.output, error: result.error)
    }

    /// Closes the session, removing its temporary folder.
    public func finish() {
        session.close()
    }
}
