/// Size of an SVG chart in px.
public struct SVGChartStyle: Sendable, Equatable {
    /// Document width (200 to 20000).
    public var width: Int
    /// Plot height per panel (60 to 5000).
    public var panelHeight: Int

    /// 800 px wide, 200 px per panel unless given.
    public init(width: Int = 800, panelHeight: Int = 200) {
        self.width = width
        self.panelHeight = panelHeight
    }
}

/// Renders a `ChartSpec` as a standalone SVG document: reference and analysis drawn in different
/// colours, the threshold band shaded, dashed red thresholds, red alert markers, shaded confidence
/// bands, a legend and the alert list.
///
/// The bytes depend only on the spec and the style: fixed colours, a generic `sans-serif` font, every
/// number printed with two decimals, labels XML-escaped.
public enum SVGChart {
    static let marginRight = 20.0
    static let outerMargin = 16.0

    /// The SVG document (UTF-8 text ending in a newline). Never fails; see `TextChart.render`.
    public static func render(_ spec: ChartSpec, style: SVGChartStyle = .init()) -> String {
        let spec = spec.clippedToYLimits()
        let width = Double(min(max(200, style.width), 20_000))
        let panelHeight = Double(min(max(60, style.panelHeight), 5_000))
        let axes = spec.panels.map { ChartValueAxis(panel: $0, x: spec.x, tickCount: max(2, Int(panelHeight) / 50)) }
        var labelWidth = 0.0
        for axis in axes {
            for tick in axis.ticks { labelWidth = max(labelWidth, ChartSVGWriter.textWidth(NumberFormatting.table(tick), size: 11)) }
        }
        let left = min(width / 2, max(48, labelWidth + 16))
        let right = width - marginRight
        let layout = ChartSVGLayout(spec: spec, left: left, right: right)
        let textColumns = Int(((width - 2 * outerMargin) / (11 * 0.6)).rounded(.down))

        var body = ChartSVGWriter()
        var cursor = 8.0
        if !spec.title.isEmpty {
            let title = ChartSVGWriter.fitted(spec.title, width: width - 2 * outerMargin, size: 16)
            body.label(title, x: outerMargin, y: cursor + 18, size: 16, fill: "#111111", bold: true)
            cursor += 30
        }
        if spec.panels.isEmpty {
            body.label("no panels to draw", x: outerMargin, y: cursor + 14, size: 12, fill: "#888888")
            cursor += 20
        }
        for (panelIndex, panel) in spec.panels.enumerated() {
            let thresholds = ChartTextNotes.thresholds(panel.thresholds)
            if !panel.yLabel.isEmpty || thresholds != nil {
                var x = left
                if !panel.yLabel.isEmpty {
                    let label = ChartSVGWriter.fitted(panel.yLabel, width: width - marginRight - x, size: 12)
                    body.label(label, x: x, y: cursor + 14, size: 12, fill: "#222222", bold: true)
                    x += ChartSVGWriter.textWidth(label, size: 12) + 14
                }
                if let thresholds, x < width - marginRight - 24 {
                    let text = ChartSVGWriter.fitted(thresholds, width: width - marginRight - x, size: 11)
                    body.label(text, x: x, y: cursor + 14, fill: "#555555")
                }
                cursor += 20
            }
            if panelIndex == 0 && spec.periods != nil {
                drawPeriods(spec, layout: layout, baseline: cursor + 12, into: &body)
                cursor += 18
            }
            ChartSVGPanel(panel: panel, axis: axes[panelIndex], layout: layout, top: cursor, height: panelHeight)
                .draw(into: &body)
            cursor += panelHeight + (panelIndex < spec.panels.count - 1 ? 14 : 0)
        }
        cursor = drawXAxis(spec, layout: layout, top: cursor, width: width, into: &body)
        if !spec.xLabel.isEmpty {
            let label = ChartSVGWriter.fitted(spec.xLabel, width: right - left, size: 12)
            body.label(label, x: (left + right) * 0.5, y: cursor + 14, size: 12, anchor: "middle", fill: "#333333")
            cursor += 20
        }
        cursor = drawLegend(spec, layout: layout, top: cursor, width: width, into: &body)
        for line in ChartTextNotes.alertSummary(spec, width: textColumns) {
            body.label(line, x: outerMargin, y: cursor + 13, fill: "#444444")
            cursor += 18
        }
        let height = Int((cursor + 10).rounded(.up))

        var document = ChartSVGWriter()
        document.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        document.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(height)\""
                + " viewBox=\"0 0 \(Int(width)) \(height)\" font-family=\"sans-serif\">")
        if !spec.title.isEmpty { document.line("<title>\(ChartSVGWriter.escaped(spec.title))</title>") }
        document.rect(0, 0, width, Double(height), fill: "#ffffff")
        return document.text + body.text + "</svg>\n"
    }

    /// Writes the SVG document to `path` atomically (a reader never sees half a file).
    public static func write(_ spec: ChartSpec, to path: String, style: SVGChartStyle = .init()) throws(FrameError) {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(Array(render(spec, style: style).utf8))
        try writer.commit()
    }

    /// "reference" and "analysis" centred over their parts of the plot.
    static func drawPeriods(_ spec: ChartSpec, layout: ChartSVGLayout, baseline: Double, into svg: inout ChartSVGWriter) {
        guard let periods = spec.periods else { return }
        var regions: [(String, Double, Double)] = []
        if let divider = layout.divider {
            regions = [(periods.referenceLabel, layout.left, divider), (periods.analysisLabel, divider, layout.right)]
        } else if layout.referenceCount == spec.x.count {
            regions = [(periods.referenceLabel, layout.left, layout.right)]
        } else if layout.referenceCount == 0 {
            regions = [(periods.analysisLabel, layout.left, layout.right)]
        }
        for (text, start, end) in regions where end - start >= 8 {
            let label = ChartSVGWriter.fitted(text, width: end - start - 4, size: 11)
            svg.label(label, x: (start + end) * 0.5, y: baseline, anchor: "middle", fill: "#555555")
        }
    }

    /// Tick marks and labels under the last panel; returns the new cursor.
    static func drawXAxis(
        _ spec: ChartSpec, layout: ChartSVGLayout, top: Double, width: Double, into svg: inout ChartSVGWriter
    ) -> Double {
        let gap = 10.0
        func placed(_ ticks: [ChartTick]) -> [(x: Double, center: Double, label: String)] {
            ticks.map { tick in
                let x = layout.x(of: tick.position)
                let half = ChartSVGWriter.textWidth(tick.label, size: 11) * 0.5
                let center = min(max(x, half + 2), max(half + 2, width - half - 2))
                return (x, center, tick.label)
            }
        }
        let labelLimit = Int(((width - 2 * outerMargin) / (11 * 0.6)).rounded(.down))
        let ticks = ChartXTicks.choose(
            for: spec.x, extent: layout.extent, labelLimit: min(40, labelLimit), maxCount: Int((layout.right - layout.left) / 12) + 1
        ) { ticks in
            var end = -Double.infinity
            for item in placed(ticks) {
                let half = ChartSVGWriter.textWidth(item.label, size: 11) * 0.5
                if item.center - half < end + gap { return false }
                end = item.center + half
            }
            return true
        }
        for item in placed(ticks) {
            svg.segment(item.x, top, item.x, top + 4, stroke: "#333333")
            svg.label(item.label, x: item.center, y: top + 17, anchor: "middle", fill: "#333333")
        }
        return top + 24
    }

    /// One row or more of legend entries (series, threshold, band, alert); returns the new cursor.
    static func drawLegend(
        _ spec: ChartSpec, layout: ChartSVGLayout, top: Double, width: Double, into svg: inout ChartSVGWriter
    ) -> Double {
        enum Swatch { case series(Int, ChartSeries.Style), threshold, band, alert }
        var entries: [(Swatch, String)] = []
        var hasThresholds = false
        var hasBand = false
        var hasAlerts = false
        for panel in spec.panels {
            for (index, series) in panel.series.enumerated() where !series.name.isEmpty {
                let name = ChartSVGWriter.fitted(series.name, width: 240, size: 11)
                let exists = entries.contains { entry in
                    if case .series(let other, let style) = entry.0 {
                        return other == index && style == series.style && entry.1 == name
                    }
                    return false
                }
                if !exists { entries.append((.series(index, series.style), name)) }
            }
            if !panel.thresholds.isEmpty { hasThresholds = true }
            if let band = panel.confidence, (0..<spec.x.count).contains(where: { band.bounds(at: $0) != nil }) { hasBand = true }
            if !ChartTextPanel.alertIndices(panel, count: spec.x.count).isEmpty { hasAlerts = true }
        }
        if hasThresholds { entries.append((.threshold, "threshold")) }
        if hasBand { entries.append((.band, "confidence band")) }
        if hasAlerts { entries.append((.alert, "alert")) }
        if entries.isEmpty { return top }

        let split = layout.divider != nil
        var x = outerMargin
        var rowTop = top
        for (swatch, name) in entries {
            let entryWidth = 28 + ChartSVGWriter.textWidth(name, size: 11)
            if x > outerMargin && x + entryWidth > width - outerMargin {
                x = outerMargin
                rowTop += 20
            }
            let middle = rowTop + 10
            switch swatch {
            case .series(let index, let style):
                let analysis = ChartSVGLayout.analysisColors[index % ChartSVGLayout.analysisColors.count]
                let reference = ChartSVGLayout.referenceColors[index % ChartSVGLayout.referenceColors.count]
                if style != .points {
                    if split {
                        svg.segment(x, middle, x + 10, middle, stroke: reference, width: 2)
                        svg.segment(x + 12, middle, x + 22, middle, stroke: analysis, width: 2)
                    } else {
                        svg.segment(x, middle, x + 22, middle, stroke: analysis, width: 2)
                    }
                }
                if style != .line { svg.circle(x + 11, middle, radius: 3, fill: analysis) }
            case .threshold:
                svg.segment(x, middle, x + 22, middle, stroke: ChartSVGLayout.alertColor, width: 1.5, dash: "6 4")
            case .band:
                svg.rect(x, middle - 5, 22, 10, fill: ChartSVGLayout.analysisColors[0], opacity: 0.2)
            case .alert:
                svg.circle(x + 11, middle, radius: 5, fill: ChartSVGLayout.alertColor, stroke: "#ffffff")
            }
            svg.label(name, x: x + 28, y: middle + 4, fill: "#333333")
            x += entryWidth + 18
        }
        return rowTop + 24
    }
}
