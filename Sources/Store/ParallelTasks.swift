import Dispatch
import Frame

/// Independent pieces of work spread over the cores (`DispatchQueue.concurrentPerform`), results
/// in task order: which thread runs a task never shows in the result.
enum ParallelTasks {
    /// `body(0) … body(count − 1)`, on all cores when `parallel`, else one after another.
    static func run<Result>(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Result) -> [Result] {
        if !parallel || count < 2 { return (0..<count).map(body) }
        let slots = TaskSlots<Result>(count: count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
        return (0..<count).map { index in slots[index] ?? body(index) }
    }
}
