/// The top-level bindings of a session: names resolved to slots once, at compile time.
public final class Globals {
    private var slotByName: [String: Int] = [:]
    /// Names in the order they were first bound (never derived from dictionary order).
    public private(set) var names: [String] = []
    /// Values by slot; nil until the binding has run. A manually managed buffer, because every
    /// call of a named function reads it and an array in a class costs reference counting per read.
    private(set) var storage: UnsafeMutablePointer<Value?>
    private(set) var count = 0
    private var capacity = 64

    /// Creates an empty set of globals.
    public init() {
        storage = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// The value in a slot (nil until its binding has run).
    @inline(__always)
    func value(at slot: Int) -> Value? {
        slot < count ? storage[slot] : nil
    }

    /// Sets the value of an allocated slot.
    @inline(__always)
    func set(_ value: Value, at slot: Int) {
        storage[slot] = value
    }

    /// The slot of a name, allocating one if it is new.
    func slot(for name: String) -> Int {
        if let slot = slotByName[name] { return slot }
        let slot = count
        if count == capacity {
            let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        (storage + count).initialize(to: nil)
        count += 1
        slotByName[name] = slot
        names.append(name)
        return slot
    }

    /// The slot of a name that already exists.
    func existingSlot(for name: String) -> Int? { slotByName[name] }

    /// The value bound to a name, if it has been bound.
    public subscript(name: String) -> Value? {
        guard let slot = slotByName[name] else { return nil }
        return value(at: slot)
    }

    /// Binds a name from Swift (the runtime uses this for `_`, the last value).
    public func bind(_ name: String, to value: Value) {
        set(value, at: slot(for: name))
    }

    /// The bound names and values, in binding order.
    public var bindings: [(name: String, value: Value)] {
        names.compactMap { name in self[name].map { (name, $0) } }
    }

    /// Forgets every binding.
    public func removeAll() {
        slotByName = [:]
        names = []
        storage.deinitialize(count: count)
        count = 0
    }
}
