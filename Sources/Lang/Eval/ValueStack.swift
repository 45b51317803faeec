/// The interpreter's value stack: every frame's locals, contiguous, addressed by base + slot.
///
/// A manually managed buffer rather than an `Array`: pushes, pops and slot reads are the
/// hottest operations of the interpreter, and an array stored in a class pays for uniqueness
/// and capacity checks and reference counting on each of them.
struct ValueStack {
    private(set) var storage: UnsafeMutablePointer<Value>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        storage = UnsafeMutablePointer<Value>.allocate(capacity: capacity)
    }

    /// Frees the buffer; the stack is unusable after.
    mutating func release() {
        storage.deinitialize(count: count)
        storage.deallocate()
        count = 0
        capacity = 0
    }

    @inline(__always)
    mutating func push(_ value: Value) {
        if count == capacity { grow(minimum: count + 1) }
        (storage + count).initialize(to: value)
        count += 1
    }

    /// Pushes `n` nulls (a frame's unset locals).
    @inline(__always)
    mutating func pushNulls(_ n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { grow(minimum: count + n) }
        (storage + count).initialize(repeating: .null, count: n)
        count += n
    }

    /// Drops everything above `newCount`.
    @inline(__always)
    mutating func truncate(to newCount: Int) {
        // Most slots hold numbers, which own nothing: skip the generic destroy for them.
        var index = count - 1
        while index >= newCount {
            switch storage[index] {
            case .null, .bool, .int, .float, .duration, .timestamp: break
            default: (storage + index).deinitialize(count: 1)
            }
            index -= 1
        }
        if newCount < count { count = newCount }
    }

    @inline(__always)
    subscript(index: Int) -> Value {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    private mutating func grow(minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newStorage = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
