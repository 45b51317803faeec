import Frame
import Lang

/// A chart made by `plot`: shown as text at the REPL and in notebooks, written as SVG by `save_svg`.
public final class ChartValue: HostObject {
    /// What to draw.
    public let spec: ChartSpec
    /// Rows per panel of the text chart (`plot(…, height:)`); nil for the default 12.
    public let height: Int?

    /// The heights `plot` accepts, in text rows per panel (what `TextChart` draws).
    static let heightRange: ClosedRange<Int64> = 3...200

    /// Wraps a chart description, drawn `height` rows tall per panel (default 12).
    public init(_ spec: ChartSpec, height: Int? = nil) {
        self.spec = spec
        self.height = height
    }

    /// The SVG plot height per panel for a text height in rows: 200 px for the default 12 rows.
    static func svgPanelHeight(rows: Int?) -> Int {
        guard let rows else { return 200 }
        return (rows * 200 + 6) / 12
    }

    /// Shown in messages and by `:type`.
    public var typeName: String { "chart" }

    /// Charts have no members.
    public func member(_ name: String) -> Value? { nil }

    /// No member names.
    public var memberNames: [String] { [] }

    /// The text rendering at `width` columns.
    func text(width: Int) -> String {
        TextChart.render(spec, style: TextChartStyle(width: min(max(width, 40), 200), panelHeight: height ?? 12))
    }
}
