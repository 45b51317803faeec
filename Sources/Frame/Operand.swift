/// An intermediate value during evaluation: a whole column, or a constant not yet broadcast.
///
/// Keeping literals as constants lets `.x > 30` run one loop against a constant instead of
/// allocating a column of 30s.
@usableFromInline enum Operand {
    case column(Column)
    case scalar(Scalar)

    /// The value type; nil for an untyped null constant.
    var type: DataType? {
        switch self {
        case .column(let column): column.type
        case .scalar(let value): value.type
        }
    }

    /// True for the untyped null constant.
    var isNullConstant: Bool {
        if case .scalar(.null) = self { return true }
        return false
    }

    /// The validity bitmap (constants are always valid; the null constant is handled before kernels).
    var validity: Bitmap? {
        if case .column(let column) = self { return column.validity }
        return nil
    }

    /// The operand as a column of `count` rows.
    func materialize(count: Int, name: String) throws(FrameError) -> Column {
        switch self {
        case .column(let column): return column.renamed(name)
        case .scalar(let value): return try Column(name: name, repeating: value, count: count)
        }
    }

    /// The operand as a column of `count` rows; a null constant becomes all-null of `type`.
    func materialize(count: Int, name: String, nullType: DataType) throws(FrameError) -> Column {
        if isNullConstant { return Column(name: name, nullsOf: nullType, count: count) }
        return try materialize(count: count, name: name)
    }

    /// Int64 view of an int, timestamp or duration operand.
    func int64s() -> Fixed<Int64> {
        switch self {
        case .column(let column):
            if let values = column.int64Values { return .buffer(values) }
            return .constant(0)
        case .scalar(let value):
            switch value {
            case .int(let v), .timestamp(let v), .duration(let v): return .constant(v)
            default: return .constant(0)
            }
        }
    }

    /// Double view of a numeric (or int64-backed) operand, converting ints once per column.
    func doubles() -> Fixed<Double> {
        switch self {
        case .column(let column):
            switch column.storage {
            case .float64(let values): return .buffer(values)
            case .int64(let values): return .buffer(convertToDoubles(values))
            default: return .constant(0)
            }
        case .scalar(let value):
            switch value {
            case .float(let v): return .constant(v)
            case .int(let v), .timestamp(let v), .duration(let v): return .constant(Double(v))
            default: return .constant(0)
            }
        }
    }

    /// The 0/1 byte view of a bool operand.
    func bools() -> Fixed<UInt8> {
        switch self {
        case .column(let column):
            if let values = column.boolValues { return .buffer(values) }
            return .constant(0)
        case .scalar(let value):
            if case .bool(let v) = value { return .constant(v ? 1 : 0) }
            return .constant(0)
        }
    }

    /// Type name for messages ("null" for the untyped null).
    var typeName: String { type?.name ?? "null" }
}
