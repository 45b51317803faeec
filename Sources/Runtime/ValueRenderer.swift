import Frame
import Lang

/// Renders values the way the REPL prints them and notebooks record them.
struct ValueRenderer {
    /// How frames are cut to size.
    var style: TableStyle

    /// The display text of a value, without a trailing line break.
    func render(_ value: Value) -> String {
        switch value {
        case .host(let object as FrameValue):
            return TableRenderer.render(object.frame, style: style)
        case .host(let object as GroupedFrameValue):
            return object.summary
        case .host(let object as ModelValue):
            return object.summary
        case .host(let object as ChartValue):
            let text = object.text(width: style.maxWidth)
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        case .host(let object as any SelfRenderingHost):
            return object.display(style: style)
        case .closure(let closure):
            return "<fn \(closure.proto.signature)>"
        case .builtin(let builtin):
            return "<builtin \(builtin.signature)>"
        case .column(let expr):
            return "<column expression \(expr.sourceDescription)>"
        default:
            return inline(value)
        }
    }

    /// A one-line rendering for values nested in lists and records.
    func inline(_ value: Value) -> String {
        var budget = DescriptionBudget()
        return inline(value, &budget)
    }

    /// `inline` within a budget shared by every nested list and record, so a value nested
    /// thousands deep, or sharing parts, prints quickly and without exhausting the stack.
    private func inline(_ value: Value, _ budget: inout DescriptionBudget) -> String {
        switch value {
        case .list(let list):
            return describeList(list, budget: &budget) { inline($0, &$1) }
        case .record(let record):
            return describeRecord(record, budget: &budget) { inline($0, &$1) }
        case .host(let object as FrameValue):
            return "<frame \(object.frame.height) × \(object.frame.width)>"
        case .host(let object as GroupedFrameValue):
            return object.summary
        case .host(let object as ChartValue):
            return "<chart \(object.spec.title)>"
        case .host(let object as ModelValue):
            return "<model \(object.model.objective.rawValue), \(object.model.trees.count) trees>"
        case .host(let object as any SelfRenderingHost):
            return object.inlineText
        default:
            return value.debugDescription
        }
    }
}
