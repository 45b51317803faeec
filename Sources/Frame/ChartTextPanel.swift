/// Draws one panel of a chart onto a text canvas: confidence band, threshold rows, the divider,
/// series lines and markers, then alert markers, each on its own layer.
struct ChartTextPanel {
    let panel: ChartPanel
    let axis: ChartValueAxis
    let layout: ChartTextLayout
    let height: Int

    static let bandGlyph: Unicode.Scalar = "░"
    static let thresholdGlyph: Unicode.Scalar = "─"
    static let dividerGlyph: Unicode.Scalar = "¦"
    static let alertGlyph: Unicode.Scalar = "▲"

    /// The row of a value: the axis top is row 0, its bottom row `height - 1`.
    func row(of value: Double) -> Int {
        let fraction = ChartScale.fraction(value, low: axis.low, high: axis.high)
        return ChartScale.index((1 - fraction) * Double(height - 1), limit: height - 1)
    }

    /// The value of a series at an x position when it can be drawn there.
    func value(_ series: ChartSeries, at index: Int) -> Double? {
        guard index < series.values.count else { return nil }
        let value = series.values[index]
        return value.isFinite ? value : nil
    }

    /// The panel's plot area.
    func draw() -> ChartTextCanvas {
        var canvas = ChartTextCanvas(width: layout.width, height: height)
        drawBand(on: &canvas)
        drawThresholds(on: &canvas)
        if let divider = layout.divider {
            for row in 0..<height { canvas.put(Self.dividerGlyph, column: divider, row: row, layer: .divider) }
        }
        for (index, series) in panel.series.enumerated() {
            drawSeries(series, index: index, on: &canvas)
        }
        drawAlerts(on: &canvas)
        if axis.isEmpty {
            let note = "no data"
            let column = max(0, (layout.width - note.unicodeScalars.count) / 2)
            canvas.write(note, column: column, row: (height - 1) / 2, layer: .note)
        }
        return canvas
    }

    /// Shades each position's band over its slot; to-scale positions are joined by interpolation.
    func drawBand(on canvas: inout ChartTextCanvas) {
        guard let band = panel.confidence else { return }
        var previous: (column: Int, top: Int, bottom: Int, index: Int)? = nil
        for (index, slot) in layout.slots.enumerated() {
            guard let slot, let bounds = band.bounds(at: index) else {
                previous = nil
                continue
            }
            let top = row(of: bounds.high)
            let bottom = row(of: bounds.low)
            if layout.isCategorical {
                for column in slot.start...slot.end { fill(column, top, bottom, on: &canvas) }
            } else if let previous, previous.index == index - 1, layout.period(of: index) == layout.period(of: index - 1) {
                var a = (column: previous.column, top: previous.top, bottom: previous.bottom)
                var b = (column: slot.center, top: top, bottom: bottom)
                if a.column > b.column { swap(&a, &b) }
                let steps = b.column - a.column
                for column in a.column...b.column {
                    let offset = column - a.column
                    if steps == 0 {
                        fill(column, min(a.top, b.top), max(a.bottom, b.bottom), on: &canvas)
                    } else {
                        let rowTop = a.top + ChartScale.roundedDivision((b.top - a.top) * offset, steps)
                        let rowBottom = a.bottom + ChartScale.roundedDivision((b.bottom - a.bottom) * offset, steps)
                        fill(column, rowTop, rowBottom, on: &canvas)
                    }
                }
            } else {
                fill(slot.center, top, bottom, on: &canvas)
            }
            previous = (slot.center, top, bottom, index)
        }
    }

    private func fill(_ column: Int, _ top: Int, _ bottom: Int, on canvas: inout ChartTextCanvas) {
        for row in min(top, bottom)...max(top, bottom) {
            canvas.put(Self.bandGlyph, column: column, row: row, layer: .band)
        }
    }

    /// Dashed rows at the threshold values.
    func drawThresholds(on canvas: inout ChartTextCanvas) {
        for threshold in [panel.thresholds.finiteLower, panel.thresholds.finiteUpper] {
            guard let threshold else { continue }
            let thresholdRow = row(of: threshold)
            for column in stride(from: 0, to: layout.width, by: 2) {
                canvas.put(Self.thresholdGlyph, column: column, row: thresholdRow, layer: .threshold)
            }
        }
    }

    /// A series as steps over category slots or a line through to-scale points; NaN breaks the line,
    /// and so does the change from reference to analysis.
    func drawSeries(_ series: ChartSeries, index seriesIndex: Int, on canvas: inout ChartTextCanvas) {
        let glyphs = ChartTextGlyphs.forSeries(seriesIndex)
        var path = ChartTextPath(width: layout.width, height: height)
        var previous: (slot: ChartTextLayout.Slot, row: Int, index: Int)? = nil
        for (index, slot) in layout.slots.enumerated() {
            guard let slot, let value = value(series, at: index) else {
                previous = nil
                continue
            }
            let valueRow = row(of: value)
            if series.style != .points {
                if layout.isCategorical {
                    path.connect(slot.start, valueRow, slot.end, valueRow)
                    if slot.start == slot.end { path.point(column: slot.start, row: valueRow) }
                } else {
                    path.point(column: slot.center, row: valueRow)
                }
                if let previous, previous.index == index - 1, layout.period(of: index) == layout.period(of: index - 1) {
                    let from = layout.isCategorical ? previous.slot.end : previous.slot.center
                    let to = layout.isCategorical ? slot.start : slot.center
                    path.connect(from, previous.row, to, valueRow)
                }
            }
            if series.style != .line {
                canvas.put(glyphs.marker, column: slot.center, row: valueRow, layer: .marker(seriesIndex))
            }
            previous = (slot, valueRow, index)
        }
        path.draw(on: &canvas, glyphs: glyphs, series: seriesIndex)
    }

    /// The distinct alert indices that fall on the x axis, ascending.
    static func alertIndices(_ panel: ChartPanel, count: Int) -> [Int] {
        var indices = panel.alerts.filter { $0 >= 0 && $0 < count }
        indices.sort()
        var unique: [Int] = []
        for index in indices where unique.last != index { unique.append(index) }
        return unique
    }

    /// A `▲` in the cell above the highest point at each alert position.
    func drawAlerts(on canvas: inout ChartTextCanvas) {
        for index in Self.alertIndices(panel, count: layout.slots.count) {
            guard let slot = layout.slots[index] else { continue }
            var top = height
            for series in panel.series {
                if let value = value(series, at: index) { top = min(top, row(of: value)) }
            }
            let alertRow = top == height ? 0 : max(0, top - 1)
            canvas.put(Self.alertGlyph, column: slot.center, row: alertRow, layer: .alert)
        }
    }
}
