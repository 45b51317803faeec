import Dispatch

/// Independent pieces of work spread over the cores (`DispatchQueue.concurrentPerform`), results
/// in task order: which thread runs a task never shows in the result.
enum ParallelTasks {
    /// `body(0) … body(count − 1)`, on all cores when `parallel`, else one after another.
    static func run<Result>(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Result) -> [Result] {
        if !parallel || count < 2 { return (0..<count).map(body) }
        let slots = Slots<Result>(count: count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.pointer[index] = body(index) }
        return (0..<count).map { index in slots.pointer[index] ?? body(index) }
    }

    /// One result slot per task; each task writes only its own.
    private struct Slots<Result>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Result?>
        let count: Int

        init(count: Int) {
            self.count = count
            pointer = UnsafeMutablePointer<Result?>.allocate(capacity: count)
            pointer.initialize(repeating: nil, count: count)
        }

        func release() {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }
}
