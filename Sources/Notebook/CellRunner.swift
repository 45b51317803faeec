/// Runs the cells of one notebook in a single interpreter session, top to bottom.
/// The replayer asks for a fresh runner per notebook; Runtime provides the real one.
public protocol CellRunner: AnyObject {
    /// Runs one cell's source and returns what it printed and, if it failed, its diagnostic.
    /// The runner enforces `options.timeout` and honours `options.quiet`.
    func run(source: String, cellNumber: Int, options: CellOptions) -> CellOutcome

    /// Called once after the notebook's last cell: the runner releases its session (and its
    /// temporary files). Nothing runs afterwards.
    func finish()
}

extension CellRunner {
    /// Runners without anything to release need not implement `finish`.
    public func finish() {}
}
