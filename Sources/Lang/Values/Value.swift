/// A value of the language. Small by design: large payloads live behind a class reference.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// A span of time in microseconds.
    case duration(Int64)
    /// An instant in microseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    case list(ListValue)
    case record(RecordValue)
    /// A user function or lambda with its captured values.
    case closure(Closure)
    /// A function written in Swift.
    case builtin(Builtin)
    /// A column expression such as `.pace * 60`, evaluated by the engine over whole columns.
    case column(ColumnExpr)
    /// An engine object (a frame, a model, a store) that the runtime registered.
    case host(any HostObject)

    /// The type name used in messages and by `:type`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .duration: return "duration"
        case .timestamp: return "timestamp"
        case .list: return "list"
        case .record: return "record"
        case .closure, .builtin: return "function"
        case .column: return "column expression"
        case .host(let object): return object.typeName
        }
    }

    /// Wraps an array as a list value.
    public static func list(_ items: [Value]) -> Value { .list(ListValue(items)) }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// An immutable list. A list made by `range` stores only its bounds, so iterating a range of
/// millions of integers allocates nothing.
public final class ListValue: Sendable {
    private enum Storage {
        case array([Value])
        case range(start: Int64, step: Int64, count: Int)
    }

    private let storage: Storage

    /// The longest list an operation builds element by element; a lazy `range` may describe more
    /// elements than memory can hold, so operations that would build one refuse it instead.
    public static let maximumBuiltCount = 100_000_000

    /// Creates a list of the given elements.
    public init(_ items: [Value]) { storage = .array(items) }

    /// The arithmetic progression `start, start + step, …` with `count` elements (the caller checks overflow).
    public init(rangeFrom start: Int64, step: Int64, count: Int) {
        storage = .range(start: start, step: step, count: count)
    }

    /// The number of elements.
    public var count: Int {
        switch storage {
        case .array(let items): return items.count
        case .range(_, _, let count): return count
        }
    }

    /// The element at a position in `0..<count`.
    public subscript(index: Int) -> Value {
        switch storage {
        case .array(let items): return items[index]
        case .range(let start, let step, _): return .int(start &+ step &* Int64(index))
        }
    }

    /// The bounds of a list made by `range` (first element, step, count), or nil for any other
    /// list: lets reductions answer from the bounds without building the elements.
    public var progression: (start: Int64, step: Int64, count: Int)? {
        if case .range(let start, let step, let count) = storage { return (start, step, count) }
        return nil
    }

    /// The elements as an array; O(n) allocation for a range.
    public var items: [Value] {
        switch storage {
        case .array(let items): return items
        case .range(let start, let step, let count):
            var out: [Value] = []
            out.reserveCapacity(count)
            for index in 0..<count { out.append(.int(start &+ step &* Int64(index))) }
            return out
        }
    }
}

/// An immutable record: fields in the order they were written.
public final class RecordValue: Sendable {
    /// Field names, in order.
    public let keys: [String]
    /// Field values, parallel to `keys`.
    public let values: [Value]

    /// Creates a record; keys must be unique (the parser checks literals).
    public init(keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
    }

    /// The value of a field, or nil. Records are small, so a linear scan beats hashing.
    public subscript(key: String) -> Value? {
        guard let index = keys.firstIndex(of: key) else { return nil }
        return values[index]
    }
}

/// An engine object carried by the language without the language knowing what it is.
public protocol HostObject: AnyObject, Sendable {
    /// The type name shown in messages (`frame`, `model`).
    var typeName: String { get }
    /// `object.name`: a member such as a frame's column, or nil when there is none.
    func member(_ name: String) -> Value?
    /// Member names, for completion and "did you mean" hints.
    var memberNames: [String] { get }
}

extension Value {
    /// Structural equality: numbers compare by value across int and float; functions and host objects by identity.
    ///
    /// Lists and records are walked with a work list of positions rather than by recursion, so a
    /// value nested a million levels deep (built in a loop) cannot exhaust the stack, and memory
    /// stays proportional to the depth, not to the length of a (lazy) list.
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.list, .list), (.record, .record): break
        default: return isEqualShallow(to: other)
        }
        var pending: [EqualityStep] = [.values(self, other)]
        while let step = pending.popLast() {
            switch step {
            case .values(.list(let x), .list(let y)):
                guard x.count == y.count else { return false }
                pending.append(.lists(x, y, next: 0))
            case .values(.record(let x), .record(let y)):
                guard x.keys == y.keys else { return false }
                pending.append(.records(x, y, next: 0))
            case .values(let a, let b):
                guard a.isEqualShallow(to: b) else { return false }
            case .lists(let x, let y, let next):
                guard next < x.count else { continue }
                pending.append(.lists(x, y, next: next + 1))
                pending.append(.values(x[next], y[next]))
            case .records(let x, let y, let next):
                guard next < x.values.count else { continue }
                pending.append(.records(x, y, next: next + 1))
                pending.append(.values(x.values[next], y.values[next]))
            }
        }
        return true
    }

    /// Equality of two values that are not both lists or both records.
    private func isEqualShallow(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.int(let a), .float(let b)): return Double(a) == b && b.isFinite && Int64(exactly: b) == a
        case (.float(let a), .int(let b)): return Double(b) == a && a.isFinite && Int64(exactly: a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.closure(let a), .closure(let b)): return a === b
        case (.builtin(let a), .builtin(let b)): return a === b
        case (.host(let a), .host(let b)): return a === b
        default: return false
        }
    }
}

/// One step of `isEqual`'s walk: two values to compare, or the next positions of two lists or records.
private enum EqualityStep {
    case values(Value, Value)
    case lists(ListValue, ListValue, next: Int)
    case records(RecordValue, RecordValue, next: Int)
}
