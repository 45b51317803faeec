/// The record a cell should have after `--update`; applied by `NotebookDocument.applying(_:)`.
public struct RecordUpdate: Sendable, Equatable {
    /// The cell to rewrite (its `Cell.number`).
    public var cellNumber: Int
    /// New output text; nil leaves the recorded output fence alone, "" (after normalising) removes it.
    public var output: String?
    /// New error text; nil leaves the recorded error fence alone, "" (after normalising) removes it.
    public var error: String?

    /// Creates an update for one cell.
    public init(cellNumber: Int, output: String?, error: String?) {
        self.cellNumber = cellNumber
        self.output = output
        self.error = error
    }
}
