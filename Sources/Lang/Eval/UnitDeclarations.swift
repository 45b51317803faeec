extension Interpreter {
    /// Declares a parsed unit's top-level `let` and `fn` names without running it, so that units
    /// loaded together (the standard library's files) may call each other's functions in any order.
    public func declareTopLevelNames(of statements: [Statement]) {
        Compiler.declareTopLevelNames(of: statements, in: globals)
    }
}
