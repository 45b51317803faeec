/// Size of a text chart.
public struct TextChartStyle: Sendable, Equatable {
    /// Total line width in columns (at most 1000); grows when needed to leave at least 8 plot columns.
    public var width: Int
    /// Rows of plot per panel (3 to 200).
    public var panelHeight: Int

    /// 80 columns, 12 rows per panel unless given.
    public init(width: Int = 80, panelHeight: Int = 12) {
        self.width = width
        self.panelHeight = panelHeight
    }
}

/// Renders a `ChartSpec` as monospace text for the REPL and notebooks: box-drawing lines, a y axis
/// labelled through `NumberFormatting`, dashed threshold rows, `░` confidence bands, `▲` alerts, a `¦`
/// divider between reference and analysis, then the x labels, a legend and the alert list.
///
/// Output depends on nothing but the spec and the style (no locale, integer cell arithmetic, rounding
/// half away from zero), has no trailing blanks and no final newline.
public enum TextChart {
    /// The chart as lines of text joined by `\n`. Never fails: missing values are gaps and a panel
    /// without finite values says `no data`.
    public static func render(_ spec: ChartSpec, style: TextChartStyle = .init()) -> String {
        let spec = spec.clippedToYLimits()
        let height = min(max(3, style.panelHeight), 200)
        let count = spec.x.count
        let axes = spec.panels.map { ChartValueAxis(panel: $0, x: spec.x, tickCount: max(3, height / 3)) }
        let tickRows = axes.map { axis in yTicks(axis, height: height) }
        var labelWidth = 1
        for ticks in tickRows {
            for tick in ticks { labelWidth = max(labelWidth, TextWidth.of(tick.label)) }
        }
        let gutter = labelWidth + 1
        let plotWidth = max(8, min(style.width, 1000) - gutter - 1)
        let totalWidth = gutter + 1 + plotWidth
        let layout = ChartTextLayout(spec: spec, width: plotWidth)
        let blankGutter = String(repeating: " ", count: gutter)

        var lines: [String] = []
        if !spec.title.isEmpty { lines.append(ChartTextNotes.clean(spec.title, limit: totalWidth)) }
        if spec.panels.isEmpty { lines.append("no panels to draw") }
        var alertsDrawn = false
        for (panelIndex, panel) in spec.panels.enumerated() {
            let header = ChartTextNotes.header(panel, width: totalWidth)
            if !header.isEmpty { lines.append(header) }
            if panelIndex == 0, let periods = ChartTextNotes.periods(spec, layout: layout, offset: gutter + 1) {
                lines.append(periods)
            }
            let drawer = ChartTextPanel(panel: panel, axis: axes[panelIndex], layout: layout, height: height)
            let canvas = drawer.draw()
            if !ChartTextPanel.alertIndices(panel, count: count).isEmpty { alertsDrawn = true }
            var labels = Array(repeating: "", count: height)
            for tick in tickRows[panelIndex] { labels[tick.row] = tick.label }
            for row in 0..<height {
                let label = labels[row]
                let prefix =
                    label.isEmpty
                    ? blankGutter + "│"
                    : String(repeating: " ", count: labelWidth - TextWidth.of(label)) + label + " ┤"
                lines.append(ChartTextNotes.trimmingTrailingSpaces(prefix + canvas.line(row)))
            }
            if panelIndex < spec.panels.count - 1 {
                lines.append(blankGutter + rule(layout: layout, corner: "├", tickColumns: [], tick: "┬", divider: "┼"))
            }
        }

        if spec.panels.isEmpty { return lines.joined(separator: "\n") }
        let ticks = xTicks(spec, layout: layout, offset: gutter + 1, totalWidth: totalWidth)
        lines.append(
            blankGutter + rule(layout: layout, corner: "└", tickColumns: ticks.map { $0.column - gutter - 1 }, tick: "┬", divider: "┴"))
        if !ticks.isEmpty { lines.append(ChartTextNotes.place(ticks.map { ($0.start, $0.label) })) }
        if !spec.xLabel.isEmpty, let item = ChartTextNotes.centered(spec.xLabel, start: 0, end: plotWidth) {
            lines.append(ChartTextNotes.place([(gutter + 1 + item.column, item.text)]))
        }
        let legend = ChartTextNotes.legendEntries(spec, alertsDrawn: alertsDrawn)
        if !legend.isEmpty {
            lines += ChartTextNotes.wrap(legend, first: "", separator: "   ", indent: 0, width: totalWidth)
        }
        lines += ChartTextNotes.alertSummary(spec, width: totalWidth)
        return lines.map(ChartTextNotes.trimmingTrailingSpaces).joined(separator: "\n")
    }

    /// The y tick labels and their rows, top to bottom; a tick whose row is already labelled is dropped.
    static func yTicks(_ axis: ChartValueAxis, height: Int) -> [(row: Int, label: String)] {
        var result: [(row: Int, label: String)] = []
        for value in axis.ticks.reversed() {
            let fraction = ChartScale.fraction(value, low: axis.low, high: axis.high)
            let row = ChartScale.index((1 - fraction) * Double(height - 1), limit: height - 1)
            if result.contains(where: { $0.row == row }) { continue }
            result.append((row, NumberFormatting.table(value)))
        }
        return result
    }

    /// An axis line under (or between) panels: tick marks at the given plot columns and a crossing
    /// glyph at the divider.
    static func rule(layout: ChartTextLayout, corner: String, tickColumns: [Int], tick: String, divider: String) -> String {
        var line = corner
        for column in 0..<layout.width {
            if column == layout.divider {
                line += divider
            } else if tickColumns.contains(column) {
                line += tick
            } else {
                line += "─"
            }
        }
        return line
    }

    /// The x tick labels that fit: each centred under its column (kept inside the line) with at
    /// least two blanks between neighbours.
    static func xTicks(_ spec: ChartSpec, layout: ChartTextLayout, offset: Int, totalWidth: Int)
        -> [(column: Int, start: Int, label: String)]
    {
        func placed(_ ticks: [ChartTick]) -> [(column: Int, start: Int, label: String)] {
            ticks.map { tick in
                let column = offset + layout.column(of: tick.position)
                let width = TextWidth.of(tick.label)
                let start = min(max(0, column - width / 2), max(0, totalWidth - width))
                return (column, start, tick.label)
            }
        }
        let chosen = ChartXTicks.choose(
            for: spec.x, extent: layout.extent, labelLimit: min(24, totalWidth), maxCount: layout.width / 3 + 1
        ) { ticks in
            var end = -2
            for item in placed(ticks) {
                if item.start < end + 2 { return false }
                end = item.start + TextWidth.of(item.label)
            }
            return true
        }
        return placed(chosen)
    }
}
