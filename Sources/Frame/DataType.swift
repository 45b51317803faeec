/// The logical type of a column; several types share one physical layout (int, timestamp and duration are Int64).
public enum DataType: Sendable, Equatable, Hashable {
    case int, float, bool, string, timestamp, duration

    /// The lowercase name shown in table type rows and error messages.
    public var name: String {
        switch self {
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .string: "string"
        case .timestamp: "timestamp"
        case .duration: "duration"
        }
    }

    /// True for int and float, the types arithmetic mixes freely.
    public var isNumeric: Bool { self == .int || self == .float }

    /// The type a column holding values of both types takes: the type itself when they agree,
    /// float when an int meets a float, nil when they cannot share a column.
    public func unified(with other: DataType) -> DataType? {
        if self == other { return self }
        return isNumeric && other.isNumeric ? .float : nil
    }
}

/// One value of a column, boxed; used at the API edge (literals, single cells), never in kernels.
public enum Scalar: Sendable, Equatable {
    case null
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// Microseconds since 1970-01-01T00:00:00 UTC.
    case timestamp(Int64)
    /// Microseconds.
    case duration(Int64)

    /// The value's type, or nil for an untyped null.
    public var type: DataType? {
        switch self {
        case .null: nil
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .string: .string
        case .timestamp: .timestamp
        case .duration: .duration
        }
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
