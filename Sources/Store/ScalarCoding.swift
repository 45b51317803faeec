import Frame

/// Boxed values in registry rows: SQLite keeps integers, reals and text, so a value is stored as
/// (value, type name) and its type restored on reading.
enum ScalarCoding {
    /// The storable value and the type name to keep beside it (nil for null).
    static func encode(_ value: Scalar?) -> (value: Scalar, type: Scalar) {
        guard let value, let type = value.type else { return (.null, .null) }
        switch value {
        case .bool(let flag): return (.int(flag ? 1 : 0), .string(type.name))
        case .timestamp(let v), .duration(let v): return (.int(v), .string(type.name))
        default: return (value, .string(type.name))
        }
    }

    /// The value read back from a stored value and its type name.
    static func decode(_ value: Scalar, type: Scalar) -> Scalar? {
        guard let name = type.stringValue, let dataType = DataType.named(name) else { return nil }
        switch (dataType, value) {
        case (.bool, .int(let v)): return .bool(v != 0)
        case (.timestamp, .int(let v)): return .timestamp(v)
        case (.duration, .int(let v)): return .duration(v)
        case (.int, .int), (.float, .float), (.string, .string): return value
        case (.float, .int(let v)): return .float(Double(v))
        default: return nil
        }
    }
}
