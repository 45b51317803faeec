import Frame
import Lang

/// A dataframe carried by the language as a host object; `df.col` reads a column.
public final class FrameValue: HostObject {
    /// The frame.
    public let frame: DataFrame

    /// Wraps a frame.
    public init(_ frame: DataFrame) { self.frame = frame }

    /// Shown in messages and by `:type`.
    public var typeName: String { "frame" }

    /// `df.name` is the column as a list of values.
    public func member(_ name: String) -> Value? {
        guard let column = frame.column(named: name) else { return nil }
        return .list(ListValue(column.scalars.map(Value.init(scalar:))))
    }

    /// The column names, for completion and hints.
    public var memberNames: [String] { frame.columnNames }
}

extension Value {
    /// Wraps a frame as a value.
    public static func frame(_ frame: DataFrame) -> Value { .host(FrameValue(frame)) }

    /// Converts an engine scalar into a language value.
    public init(scalar: Scalar) {
        switch scalar {
        case .null: self = .null
        case .int(let v): self = .int(v)
        case .float(let v): self = .float(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(v)
        case .timestamp(let v): self = .timestamp(v)
        case .duration(let v): self = .duration(v)
        }
    }

    /// The engine scalar for a plain value, or nil for lists, records, functions and objects.
    var scalar: Scalar? {
        switch self {
        case .null: return .null
        case .int(let v): return .int(v)
        case .float(let v): return .float(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .timestamp(let v): return .timestamp(v)
        case .duration(let v): return .duration(v)
        default: return nil
        }
    }
}
