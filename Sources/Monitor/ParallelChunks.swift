import Dispatch
import Frame
import Synchronization

/// Runs independent per-chunk computations (each a handful of tree fits) side by side, one thread
/// per computation, results in chunk order.
///
/// A fit of a few tens of thousands of rows is too short to split well over threads (the hand-offs
/// cost more than they save), but the domain classifier has dozens of such fits that share nothing,
/// so running whole chunks concurrently keeps both cores busy with no synchronisation at all. Each
/// result depends only on its chunk, so the thread count never changes an answer.
enum ParallelChunks {
    /// `body(0) … body(count − 1)` on up to `threads` threads, in task order. The first error by
    /// task index is thrown; after an interrupt no new task starts, and the other threads' work
    /// sees the interrupt too.
    static func map<Value: Sendable>(
        _ count: Int, threads: Int, _ body: @Sendable (Int) throws(MonitorError) -> Value
    ) throws(MonitorError) -> [Value] {
        let workers = min(max(1, threads), count)
        if workers <= 1 {
            var values: [Value] = []
            for index in 0..<count {
                try MonitorError.checkInterrupt()
                values.append(try body(index))
            }
            return values
        }
        let values = TaskSlots<Value>(count: count)
        let failures = TaskSlots<MonitorError>(count: count)
        defer {
            values.release()
            failures.release()
        }
        let next = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !stopped.load(ordering: .relaxed) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= count { return }
                do throws(MonitorError) {
                    try MonitorError.checkInterrupt()
                    values[index] = try body(index)
                } catch {
                    failures[index] = error
                    if error.kind == .interrupted {
                        stopped.store(true, ordering: .relaxed)
                        // The check consumed the request; raise it again for the other thread's fit.
                        EngineInterrupt.flag.store(true, ordering: .relaxed)
                    }
                }
            }
        }
        let errors = (0..<count).compactMap { failures[$0] }
        if let interrupt = errors.first(where: { $0.kind == .interrupted }) {
            EngineInterrupt.flag.store(false, ordering: .relaxed)
            throw interrupt
        }
        if let first = errors.first { throw first }
        var results: [Value] = []
        for index in 0..<count {
            guard let value = values[index] else {
                throw MonitorError(.interrupted, "interrupted")  // unreachable: every task stored a value or an error
            }
            results.append(value)
        }
        return results
    }
}
