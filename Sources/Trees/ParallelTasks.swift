import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs independent tasks on a few threads.
///
/// Every task writes only state that belongs to it (a node's histogram, a block of rows), and all
/// sums are integers, so which thread runs which task never changes a result: tasks are handed out
/// dynamically from a shared counter for balance.
enum ParallelTasks {
    /// Calls `body(0) … body(taskCount - 1)` on up to `threads` threads and returns when all are done.
    static func run(_ taskCount: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = min(max(1, threads), taskCount)
        if workers <= 1 {
            for task in 0..<taskCount { body(task) }
            return
        }
        let helpers = min(workers - 1, WorkerPool.processorCount - 1, WorkerPool.maximumHelpers)
        if helpers <= 0 {
            for task in 0..<taskCount { body(task) }
            return
        }
        WorkerPool.shared.run(taskCount, helpers: helpers, body)
    }
}

/// A pool of worker threads that stay awake between the many short parallel sections of a
/// training run.
///
/// A boosting round is a few dozen fork-joins of 0.1–5 ms each. `DispatchQueue.concurrentPerform`
/// parks its threads between them, and waking a parked vCPU here takes about a millisecond
/// (research/swift-performance.md §6.8), so the caller ended up running nearly every task itself
/// (measured: 2 threads no faster than 1). These workers spin for a while after each job, so
/// the next one starts at once, then sleep on a semaphore. One job runs at a time; a caller that
/// finds the pool busy (another training on another thread) runs its tasks itself.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// Most helper threads the pool will start.
    static let maximumHelpers = 15
    /// Online processors: more threads than cores would only make spinning helpers steal time
    /// from the threads doing the work (results do not depend on the count).
    static let processorCount = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// How long an idle helper keeps polling before it sleeps.
    static let spinNanoseconds: UInt64 = 2_000_000

    /// One job: the tasks, the counters shared by everyone working on it.
    ///
    /// `body` is cleared by the caller once every task is done, before its non-escaping closure
    /// goes out of scope; a helper reads it only right after taking a task that is not done.
    final class Job: @unchecked Sendable {
        var body: ((Int) -> Void)?
        let count: Int
        let helpers: Int
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let joined = Atomic<Int>(0)

        init(body: @escaping (Int) -> Void, count: Int, helpers: Int) {
            self.body = body
            self.count = count
            self.helpers = helpers
        }

        /// Takes and runs tasks until none is left.
        func work() {
            while true {
                let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if task >= count { return }
                body?(task)
                done.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    private let busy = Mutex<Bool>(false)
    private let current = Mutex<Job?>(nil)
    private let generation = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    private let started = Mutex<Int>(0)

    /// Runs `body` for tasks `0 ..< count` on the caller and up to `helpers` pool threads.
    func run(_ count: Int, helpers: Int, _ body: (Int) -> Void) {
        let acquired = busy.withLock { isBusy -> Bool in
            if isBusy { return false }
            isBusy = true
            return true
        }
        guard acquired else {
            for task in 0..<count { body(task) }
            return
        }
        defer { busy.withLock { $0 = false } }
        startHelpers(helpers)
        withoutActuallyEscaping(body) { escapable in
            let job = Job(body: escapable, count: count, helpers: helpers)
            current.withLock { $0 = job }
            generation.wrappingAdd(1, ordering: .releasing)
            let sleeping = sleepers.load(ordering: .acquiring)
            for _ in 0..<min(sleeping, helpers) { wake.signal() }
            job.work()
            // Wait for the helpers' last tasks (they are short; spinning beats sleeping here).
            while job.done.load(ordering: .acquiring) < count { Self.relax() }
            current.withLock { $0 = nil }
            job.body = nil
        }
    }

    /// Starts helper threads until `count` exist.
    private func startHelpers(_ count: Int) {
        started.withLock { running in
            while running < count {
                running += 1
                Self.spawn(self)
            }
        }
    }

    /// Starts one helper thread (detached: helpers live as long as the process).
    private static func spawn(_ pool: WorkerPool) {
        let context = Unmanaged.passRetained(pool).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<WorkerPool>.fromOpaque(context).takeRetainedValue().helperLoop()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<WorkerPool>.fromOpaque(context).release()
        }
    }

    /// A helper's life: wait for a new job, join it if it wants more hands, repeat.
    private func helperLoop() {
        // Generation 0 is before any job, so a helper started for a job that is already posted
        // (it was spawned by that job's `run`) still finds it.
        var seen = 0
        while true {
            var spinStart: UInt64 = 0
            var polls = 0
            while generation.load(ordering: .acquiring) == seen {
                polls += 1
                if polls & 63 == 0 {
                    let now = Self.monotonicNanoseconds()
                    if spinStart == 0 {
                        spinStart = now
                    } else if now - spinStart > Self.spinNanoseconds {
                        sleepers.wrappingAdd(1, ordering: .releasing)
                        if generation.load(ordering: .acquiring) == seen { wake.wait() }
                        sleepers.wrappingSubtract(1, ordering: .releasing)
                        spinStart = 0
                    }
                }
                Self.relax()
            }
            seen = generation.load(ordering: .acquiring)
            guard let job = current.withLock({ $0 }) else { continue }
            if job.joined.wrappingAdd(1, ordering: .relaxed).oldValue < job.helpers { job.work() }
        }
    }

    /// A short pause between polls. Not `sched_yield`: on a busy machine that hands the core to
    /// another process for a whole time slice, and the helper misses the jobs it waits for.
    @inline(__always) private static func relax() {
        for _ in 0..<32 { _ = pauseCounter.load(ordering: .relaxed) }
    }

    private static let pauseCounter = Atomic<Int>(0)

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}

/// Carries a value into concurrent work whose safety the caller has established (disjoint writes).
struct SendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
