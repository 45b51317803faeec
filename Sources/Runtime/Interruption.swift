import Frame
import Lang

/// Ctrl-C for the whole runtime: the interpreter and the engine each poll a flag of their own
/// (neither knows the other), and this sets or clears both.
public enum Interruption {
    /// Asks the running evaluation to stop; two atomic stores, so safe inside a signal handler.
    public static func request() {
        InterruptRequest.flag.store(true, ordering: .relaxed)
        EngineInterrupt.flag.store(true, ordering: .relaxed)
    }

    /// Forgets a pending request (right before evaluating a new entry).
    public static func clear() {
        InterruptRequest.flag.store(false, ordering: .relaxed)
        EngineInterrupt.flag.store(false, ordering: .relaxed)
    }
}
