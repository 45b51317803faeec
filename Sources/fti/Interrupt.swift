#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lang
import Runtime
import Synchronization

/// The process-wide Ctrl-C flag: a `sigaction` handler sets it, the interpreter polls it.
///
/// The handler only does atomic stores (no printing, allocation or locks), so it is safe in any
/// state. At the line-editor prompt libedit turns Ctrl-C into `readline()` returning NULL after
/// re-raising the signal to us; the flag tells that apart from end of input. During a computation
/// the terminal is in cooked mode and the interpreter sees the flag at its next poll. Escape
/// hatch for code that never polls: a second Ctrl-C within a second, while the first is still
/// unconsumed, restores the default action and kills the process.
enum Interrupt {
    // The flags the handler sets are the interpreter's `InterruptRequest.flag` and the engine's
    // `EngineInterrupt.flag` (through `Interruption`), so evaluation stops at its next call, loop
    // step or chunk of rows without any forwarding.
    /// Monotonic time of the last Ctrl-C, in nanoseconds, for the second-press escape hatch.
    private static let lastSignalNanos = Atomic<Int64>(0)
    /// Ctrl-C presses since the process started; lets a long job notice a press that an
    /// evaluation has already consumed (`:save` stops between cells).
    private static let presses = Atomic<Int>(0)
    /// Makes `install()` idempotent.
    private static let installed = Atomic<Bool>(false)
    /// How close two unconsumed Ctrl-C presses must be for the escape hatch to fire.
    private static let escapeWindowNanos: Int64 = 1_000_000_000

    /// Installs the SIGINT handler (idempotent). Deliberately without `SA_RESTART`, so a Ctrl-C
    /// also interrupts a blocking read; never `SIG_IGN`, which stops libedit returning on Ctrl-C.
    static func install() {
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Touch the globals now so the handler never runs their one-time initialisation.
        Interruption.clear()
        lastSignalNanos.store(0, ordering: .relaxed)
        _ = presses.load(ordering: .relaxed)
        // A closure literal, not a method: only context-free code converts to a C function pointer.
        let handler: @convention(c) (Int32) -> Void = { _ in Interrupt.noteSignal() }
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Forgets any pending Ctrl-C; call right before evaluating an entry.
    static func clear() {
        Interruption.clear()
    }

    /// Whether a Ctrl-C arrived since the last `clear()`/`consume()`; cheap enough for hot loops.
    static var isRequested: Bool {
        InterruptRequest.flag.load(ordering: .relaxed)
    }

    /// How many times Ctrl-C was pressed since the process started; compare two readings.
    static var pressCount: Int {
        presses.load(ordering: .relaxed)
    }

    /// Returns whether a Ctrl-C was pending and clears it in the same step.
    static func consume() -> Bool {
        let pending = InterruptRequest.flag.exchange(false, ordering: .relaxed)
        Interruption.clear()
        return pending
    }

    /// The body of the signal handler: async-signal-safe calls and atomics only.
    private static func noteSignal() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanos = Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
        presses.add(1, ordering: .relaxed)
        let wasPending = InterruptRequest.flag.exchange(true, ordering: .relaxed)
        // The engine polls a flag of its own (long scans, sorts, joins).
        Interruption.request()
        let previous = lastSignalNanos.exchange(nanos, ordering: .relaxed)
        if wasPending && nanos &- previous < escapeWindowNanos {
            signal(SIGINT, SIG_DFL)
            raise(SIGINT)
        }
    }
}
