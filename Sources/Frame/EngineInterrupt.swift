import Synchronization

/// A process-wide request to stop long engine work (Ctrl-C at the REPL).
///
/// The engine knows nothing of the language, so it has its own flag; the REPL's signal handler
/// sets it together with the interpreter's. Long kernels call `check()` once per chunk of rows,
/// never per row.
public enum EngineInterrupt {
    /// Set from a signal handler; cleared by `check()` when it throws, or by the caller.
    public static let flag = Atomic<Bool>(false)

    /// Throws `FrameError.interrupted` when a stop was requested, clearing the request.
    @inlinable
    public static func check() throws(FrameError) {
        if flag.load(ordering: .relaxed) {
            flag.store(false, ordering: .relaxed)
            throw FrameError(.interrupted, "interrupted")
        }
    }
}
