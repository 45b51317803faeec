/// Draws one panel of a chart as SVG elements: reference shading, the threshold band, grid and
/// y labels, confidence band, threshold lines, divider, series, markers and alerts.
struct ChartSVGPanel {
    let panel: ChartPanel
    let axis: ChartValueAxis
    let layout: ChartSVGLayout
    /// Top edge and height of the plot area in px.
    let top: Double
    let height: Double

    static let bandFill = "#9ecae1"
    static let referenceFill = "#f3f1f7"

    /// The y of a value: the axis top at `top`, its bottom at `top + height`.
    func y(of value: Double) -> Double {
        top + (1 - ChartScale.fraction(value, low: axis.low, high: axis.high)) * height
    }

    func value(_ series: ChartSeries, at index: Int) -> Double? {
        guard index < series.values.count else { return nil }
        let value = series.values[index]
        return value.isFinite ? value : nil
    }

    /// Appends the panel's elements.
    func draw(into svg: inout ChartSVGWriter) {
        let bottom = top + height
        let width = layout.right - layout.left
        if let divider = layout.divider {
            svg.rect(layout.left, top, divider - layout.left, height, fill: Self.referenceFill)
        } else if layout.hasPeriods && layout.referenceCount == layout.positions.count && !layout.positions.isEmpty {
            svg.rect(layout.left, top, width, height, fill: Self.referenceFill)
        }
        if !panel.thresholds.isEmpty {
            let upper = panel.thresholds.finiteUpper.map { y(of: $0) } ?? top
            let lower = panel.thresholds.finiteLower.map { y(of: $0) } ?? bottom
            svg.rect(layout.left, upper, width, lower - upper, fill: Self.bandFill, opacity: 0.25)
        }
        for tick in axis.ticks {
            let tickY = y(of: tick)
            svg.segment(layout.left, tickY, layout.right, tickY, stroke: "#e3e3e3")
            svg.label(NumberFormatting.table(tick), x: layout.left - 6, y: tickY + 4, anchor: "end", fill: "#444444")
        }
        drawConfidence(into: &svg)
        for threshold in [panel.thresholds.finiteLower, panel.thresholds.finiteUpper] {
            guard let threshold else { continue }
            let thresholdY = y(of: threshold)
            svg.segment(layout.left, thresholdY, layout.right, thresholdY, stroke: ChartSVGLayout.alertColor, width: 1.5, dash: "6 4")
        }
        if let divider = layout.divider {
            svg.segment(divider, top, divider, bottom, stroke: "#666666", dash: "3 3")
        }
        for (index, series) in panel.series.enumerated() { drawSeries(series, index: index, into: &svg) }
        drawAlerts(into: &svg)
        svg.segment(layout.left, top, layout.left, bottom, stroke: "#333333")
        svg.segment(layout.left, bottom, layout.right, bottom, stroke: "#333333")
        if axis.isEmpty {
            svg.label("no data", x: (layout.left + layout.right) * 0.5, y: top + height * 0.5, size: 12, anchor: "middle", fill: "#888888")
        }
    }

    /// Runs of consecutive positions accepted by `keep`, split where the period changes.
    func runs(_ keep: (Int) -> Bool) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for index in 0..<layout.positions.count {
            let placed = layout.positions[index] != nil && keep(index)
            if placed, let last = current.last, layout.period(of: last) == layout.period(of: index) {
                current.append(index)
                continue
            }
            if !current.isEmpty { runs.append(current) }
            current = placed ? [index] : []
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The band as one shaded polygon per run of positions with finite bounds.
    func drawConfidence(into svg: inout ChartSVGWriter) {
        guard let band = panel.confidence else { return }
        for run in runs({ band.bounds(at: $0) != nil }) {
            guard let first = run.first else { continue }
            let fill = layout.color(series: 0, index: first)
            var upper: [(x: Double, y: Double)] = []
            var lower: [(x: Double, y: Double)] = []
            for index in run {
                guard let x = layout.positions[index], let bounds = band.bounds(at: index) else { continue }
                upper.append((x, y(of: bounds.high)))
                lower.append((x, y(of: bounds.low)))
            }
            if upper.count == 1 {
                svg.rect(upper[0].x - 4, upper[0].y, 8, lower[0].y - upper[0].y, fill: fill, opacity: 0.2)
            } else {
                svg.path(upper + lower.reversed(), stroke: nil, fill: fill, opacity: 0.2)
            }
        }
    }

    /// A polyline per run of finite values (lines) and a circle per point (markers).
    func drawSeries(_ series: ChartSeries, index seriesIndex: Int, into svg: inout ChartSVGWriter) {
        for run in runs({ value(series, at: $0) != nil }) {
            guard let first = run.first else { continue }
            let color = layout.color(series: seriesIndex, index: first)
            var points: [(x: Double, y: Double)] = []
            for index in run {
                if let x = layout.positions[index], let value = value(series, at: index) { points.append((x, y(of: value))) }
            }
            if series.style != .points && points.count > 1 {
                svg.path(points, stroke: color, fill: nil)
            }
            if series.style != .line || points.count == 1 {
                for point in points { svg.circle(point.x, point.y, radius: 3, fill: color) }
            }
        }
    }

    /// A red circle at the highest value of each alerted position.
    func drawAlerts(into svg: inout ChartSVGWriter) {
        for index in ChartTextPanel.alertIndices(panel, count: layout.positions.count) {
            guard let x = layout.positions[index] else { continue }
            var alertY: Double? = nil
            for series in panel.series {
                if let value = value(series, at: index) { alertY = min(alertY ?? .infinity, y(of: value)) }
            }
            svg.circle(x, alertY ?? top + 6, radius: 5, fill: ChartSVGLayout.alertColor, stroke: "#ffffff")
        }
    }
}
