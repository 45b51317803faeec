/// A fixed-size, 64-byte aligned buffer of plain values that is immutable once its column is built.
///
/// A class (not an Array) so the engine controls allocation (alignment, huge pages: `Memory`) and
/// columns share storage without copy-on-write checks in kernels. Writes happen only through
/// `base` while a kernel is filling a buffer it has just allocated and not yet shared.
public final class ColumnBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// Number of elements.
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// The memory behind `base` (large buffers are mapped on huge pages, see `Memory`).
    @usableFromInline let allocation: RawAllocation

    /// Allocates `count` uninitialized elements; the caller must write every one before sharing.
    @usableFromInline init(uninitializedCount count: Int) {
        let capacity = max(1, count)
        allocation = Memory.allocate(byteCount: capacity * MemoryLayout<Element>.stride)
        base = allocation.address.bindMemory(to: Element.self, capacity: capacity)
        self.count = count
    }

    /// Takes over a block that holds at least `count` initialized elements (the CSV reader fills
    /// blocks of a generous capacity, then hands them over without copying).
    init(adopting allocation: RawAllocation, count: Int) {
        self.allocation = allocation
        base = allocation.address.bindMemory(to: Element.self, capacity: max(1, count))
        self.count = count
    }

    /// Copies an array.
    @usableFromInline convenience init(_ values: [Element]) {
        self.init(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress {
                base.update(from: address, count: values.count)
            }
        }
    }

    /// A buffer with every element set to `value`.
    @usableFromInline convenience init(repeating value: Element, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        Memory.release(allocation)
    }

    /// Element `index`; not bounds-checked in release builds.
    @inlinable public subscript(index: Int) -> Element {
        assert(index >= 0 && index < count)
        return base[index]
    }

    /// Calls `body` with a view of the elements, keeping the buffer alive for the call.
    @inlinable public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements copied into an array (for tests and the API edge).
    public var array: [Element] {
        withUnsafeBufferPointer { Array($0) }
    }
}
