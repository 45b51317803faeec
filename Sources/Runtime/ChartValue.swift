import Frame
import Lang

/// A chart made by `plot`: shown as text at the REPL and in notebooks, written as SVG by `save_svg`.
public final class ChartValue: HostObject {
    /// What to draw.
    public let spec: ChartSpec

    /// Wraps a chart description.
    public init(_ spec: ChartSpec) { self.spec = spec }

    /// Shown in messages and by `:type`.
    public var typeName: String { "chart" }

    /// Charts have no members.
    public func member(_ name: String) -> Value? { nil }

    /// No member names.
    public var memberNames: [String] { [] }

    /// The text rendering at `width` columns.
    func text(width: Int) -> String {
        TextChart.render(spec, style: TextChartStyle(width: min(max(width, 40), 200)))
    }
}
