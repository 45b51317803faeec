/// One result slot per concurrent task, each written only by its own task, for the engine modules
/// that gather results of work spread over the cores (Store's group scans, Monitor's chunks).
public struct TaskSlots<Value>: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Value?>
    /// Number of slots.
    public let count: Int

    /// `count` empty slots; call `release()` when done.
    public init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Value?>.allocate(capacity: max(1, count))
        pointer.initialize(repeating: nil, count: count)
    }

    /// The value task `index` stored, or nil.
    public subscript(index: Int) -> Value? {
        get { pointer[index] }
        nonmutating set { pointer[index] = newValue }
    }

    /// Frees the slots (their values are released).
    public func release() {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}
