/// The top-level bindings of a session: names resolved to slots once, at compile time.
public final class Globals {
    private var slotByName: [String: Int] = [:]
    /// Names in the order they were first bound (never derived from dictionary order).
    public private(set) var names: [String] = []
    /// Values by slot; nil until the binding has run.
    var values: [Value?] = []

    /// Creates an empty set of globals.
    public init() {}

    /// The slot of a name, allocating one if it is new.
    func slot(for name: String) -> Int {
        if let slot = slotByName[name] { return slot }
        let slot = values.count
        slotByName[name] = slot
        names.append(name)
        values.append(nil)
        return slot
    }

    /// The slot of a name that already exists.
    func existingSlot(for name: String) -> Int? { slotByName[name] }

    /// The value bound to a name, if it has been bound.
    public subscript(name: String) -> Value? {
        guard let slot = slotByName[name] else { return nil }
        return values[slot]
    }

    /// Binds a name from Swift (the runtime uses this for `_`, the last value).
    public func bind(_ name: String, to value: Value) {
        values[slot(for: name)] = value
    }

    /// The bound names and values, in binding order.
    public var bindings: [(name: String, value: Value)] {
        names.compactMap { name in self[name].map { (name, $0) } }
    }

    /// Forgets every binding.
    public func removeAll() {
        slotByName = [:]
        names = []
        values = []
    }
}
