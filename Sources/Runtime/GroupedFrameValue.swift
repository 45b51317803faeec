import Frame
import Lang

/// A grouped frame (the result of `group_by`) carried by the language until `agg` consumes it.
public final class GroupedFrameValue: HostObject {
    /// The grouped frame.
    public let grouped: GroupedFrame

    /// Wraps a grouped frame.
    public init(_ grouped: GroupedFrame) { self.grouped = grouped }

    /// Shown in messages and by `:type`.
    public var typeName: String { "grouped frame" }

    /// A grouped frame has no members; `agg` reads it.
    public func member(_ name: String) -> Value? { nil }

    /// No members to complete.
    public var memberNames: [String] { [] }

    /// What the REPL prints: `<grouped frame: 3 groups over 1461 rows, by .weather>`.
    public var summary: String {
        let groups = grouped.groupCount == 1 ? "1 group" : "\(grouped.groupCount) groups"
        let rows = grouped.frame.height == 1 ? "1 row" : "\(grouped.frame.height) rows"
        let keys = grouped.keys.map(columnReference).joined(separator: ", ")
        return "<grouped frame: \(groups) over \(rows), by \(keys)>"
    }
}
