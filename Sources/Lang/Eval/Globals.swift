/// The top-level bindings of a session: names resolved to slots once, at compile time.
public final class Globals {
    private var slotByName: [String: Int] = [:]
    /// Names in the order they were first bound (never derived from dictionary order).
    public private(set) var names: [String] = []
    /// Values by slot; nil until the binding has run. A manually managed buffer, because every
    /// call of a named function reads it and an array in a class costs reference counting per read.
    private(set) var storage: UnsafeMutablePointer<Value?>
    /// For each slot holding a closure, an unretained reference to it: calls of named functions
    /// borrow the closure from here instead of copying (and retaining) the value. Safe because a
    /// global cannot be rebound while code is running (`let` and `use` are top-level statements).
    private(set) var closures: UnsafeMutablePointer<Unmanaged<Closure>?>
    private(set) var count = 0
    private var capacity = 64

    /// Creates an empty set of globals.
    public init() {
        storage = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
        closures = UnsafeMutablePointer<Unmanaged<Closure>?>.allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
        closures.deallocate()
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
        if case .closure(let closure) = value {
            closures[slot] = Unmanaged.passUnretained(closure)
        } else {
            closures[slot] = nil
        }
    }

    /// The closure in a slot, unretained, or nil when the slot holds something else.
    @inline(__always)
    func closure(at slot: Int) -> Unmanaged<Closure>? {
        slot < count ? closures[slot] : nil
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
            let biggerClosures = UnsafeMutablePointer<Unmanaged<Closure>?>.allocate(capacity: capacity * 2)
            biggerClosures.moveInitialize(from: closures, count: count)
            closures.deallocate()
            closures = biggerClosures
            capacity *= 2
        }
        (storage + count).initialize(to: nil)
        (closures + count).initialize(to: nil)
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
        closures.deinitialize(count: count)
        count = 0
    }
}
