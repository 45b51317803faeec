/// Runs the cells of one notebook in a single interpreter session, top to bottom.
/// The replayer asks for a fresh runner per notebook; Runtime provides the real one.
public protocol CellRunner: AnyObject {
    /// Runs one cell's source and returns what it printed and, if it failed, its diagnostic.
    /// The runner enforces `options.timeout` and honours `options.quiet`.
    func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome
}
