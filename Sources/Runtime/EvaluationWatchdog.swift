import Foundation
import Lang
import Synchronization

/// Enforces a time limit and a memory ceiling on one evaluation from a helper thread.
///
/// Every few milliseconds it compares the monotonic clock with the deadline and the resident
/// memory with the ceiling; past either, it raises the interpreter's and the engine's interrupt
/// flags (as Ctrl-C does), so evaluation stops at its next call or chunk of rows. It keeps raising
/// them until the evaluation ends, in case a builtin swallowed one. Memory is sampled, not capped:
/// a single allocation can overshoot the ceiling before it is noticed.
///
/// The flags are process-wide: two sessions evaluating at once in one process would both stop.
/// So the time limit fires only `grace` after the deadline: interpreted code stops itself at the
/// deadline (`Interpreter.deadline`) without touching the flags, and only engine work that
/// overruns it needs them.
final class EvaluationWatchdog: @unchecked Sendable {
    /// Why the watchdog stopped an evaluation.
    enum Stop: Sendable, Equatable {
        /// The time limit, in seconds, passed.
        case timedOut(seconds: Double)
        /// Resident memory went over `limit` bytes; `used` is the most measured before the evaluation ended.
        case memoryExceeded(limit: UInt64, used: UInt64)

        /// The one-line message the diagnostic carries.
        var message: String {
            switch self {
            case .timedOut(let seconds):
                return "cell timed out after \(Self.seconds(seconds))"
            case .memoryExceeded(let limit, let used):
                return "memory limit \(MemorySize.describe(limit)) exceeded (used \(MemorySize.describe(used)))"
            }
        }

        /// `60 s`, `1.5 s`, `0.25 s`: the shortest decimal that round-trips.
        static func seconds(_ value: Double) -> String {
            if value == value.rounded(), abs(value) < 1e15 { return "\(Int64(value)) s" }
            return "\(value) s"
        }
    }

    /// How often the clock and memory are sampled.
    static let interval: DispatchTimeInterval = .milliseconds(10)
    /// Seconds after the deadline before the watchdog raises the flags.
    static let grace = 0.25

    private let timeout: Double?
    private let memoryLimit: UInt64?
    private let deadline: UInt64?
    private let finished = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let stop = Mutex<Stop?>(nil)

    /// A watchdog for `timeout` seconds from now and a ceiling of `memoryLimit` bytes; nil when
    /// there is neither, since then there is nothing to watch.
    init?(timeout: Double?, memoryLimit: UInt64?) {
        guard timeout != nil || memoryLimit != nil else { return nil }
        self.timeout = timeout
        self.memoryLimit = memoryLimit
        deadline = timeout.map { monotonicNanoseconds() &+ UInt64((min(max(0, $0), 1e9) + Self.grace) * 1e9) }
    }

    /// Starts watching on a thread of its own.
    func start() {
        let thread = Thread { [self] in
            watch()
            exited.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Stops watching and says whether (and why) the evaluation was stopped. Clears the interrupt
    /// flags the watchdog raised, so the next evaluation starts clean.
    func finish() -> Stop? {
        finished.signal()
        exited.wait()
        let result = stop.withLock { $0 }
        if result != nil { Interruption.clear() }
        return result
    }

    private func watch() {
        while finished.wait(timeout: .now() + Self.interval) == .timedOut {
            if let fired = stop.withLock({ $0 }) {
                Interruption.request()
                // Until the evaluation unwinds, report the most it used.
                if case .memoryExceeded(let limit, let used) = fired, let now = MemorySize.resident(), now > used {
                    stop.withLock { $0 = .memoryExceeded(limit: limit, used: now) }
                }
                continue
            }
            if let deadline, let timeout, monotonicNanoseconds() >= deadline {
                stop.withLock { $0 = .timedOut(seconds: timeout) }
                Interruption.request()
            } else if let memoryLimit, let used = MemorySize.resident(), used > memoryLimit {
                stop.withLock { $0 = .memoryExceeded(limit: memoryLimit, used: used) }
                Interruption.request()
            }
        }
    }
}
