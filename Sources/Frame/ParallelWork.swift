import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs independent pieces of work on the machine's cores.
///
/// On two vCPUs a second thread pays for kernels of about 10 ms or more; below that, waking the
/// idle core costs as much as it saves (research/swift-performance.md §6.8), so callers size the
/// pieces and pass a count of 1 for small inputs. Results must not depend on the count.
enum ParallelWork {
    /// Online processors, at least 1.
    static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Calls `body(0) … body(count - 1)`, concurrently when `count > 1`; returns when all are done.
    /// `body` must only write state that belongs to its own index.
    static func run(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { index in work.value(index) }
        }
    }
}

/// Carries a value into concurrent work whose safety the caller has established (disjoint writes).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
