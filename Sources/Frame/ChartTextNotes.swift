/// The lines of text around a text chart's plot: panel headers, the period labels, x tick labels,
/// the legend and the alert summary.
enum ChartTextNotes {
    /// Labels longer than this many columns are cut with `…` (legend names, alert keys).
    static let nameLimit = 40

    /// A label made safe for one line: control characters escaped, cut to `limit` columns.
    static func clean(_ text: String, limit: Int) -> String {
        TextWidth.truncate(TextWidth.escapingControls(text), to: max(1, limit))
    }

    /// The panel's y label followed by its thresholds, e.g. `roc_auc  thresholds: lower 0.9, upper 0.98`.
    static func header(_ panel: ChartPanel, width: Int) -> String {
        var parts: [String] = []
        if !panel.yLabel.isEmpty { parts.append(TextWidth.escapingControls(panel.yLabel)) }
        if let thresholds = thresholds(panel.thresholds) { parts.append(thresholds) }
        return TextWidth.truncate(parts.joined(separator: "  "), to: width)
    }

    /// `thresholds: lower 0.9, upper 0.98` (or `threshold: upper 0.98`); nil without thresholds.
    static func thresholds(_ thresholds: ChartThresholds) -> String? {
        var sides: [String] = []
        if let lower = thresholds.finiteLower { sides.append("lower " + NumberFormatting.table(lower)) }
        if let upper = thresholds.finiteUpper { sides.append("upper " + NumberFormatting.table(upper)) }
        if sides.isEmpty { return nil }
        return (sides.count == 1 ? "threshold: " : "thresholds: ") + sides.joined(separator: ", ")
    }

    /// Texts placed at columns, left to right; an item that would overlap the previous one is dropped.
    static func place(_ items: [(column: Int, text: String)]) -> String {
        var line = ""
        var used = 0
        for item in items where item.column >= used {
            line += String(repeating: " ", count: item.column - used) + item.text
            used = item.column + TextWidth.of(item.text)
        }
        return line
    }

    /// Text centred in the columns `start..<end`, cut to fit; nil when there is no room.
    static func centered(_ text: String, start: Int, end: Int) -> (column: Int, text: String)? {
        let room = end - start
        guard room >= 1 else { return nil }
        let label = clean(text, limit: room)
        return (start + (room - TextWidth.of(label)) / 2, label)
    }

    /// The line above the first panel naming the reference and analysis parts, around the divider.
    static func periods(_ spec: ChartSpec, layout: ChartTextLayout, offset: Int) -> String? {
        guard let periods = spec.periods else { return nil }
        var items: [(column: Int, text: String)] = []
        if let divider = layout.divider {
            if let item = centered(periods.referenceLabel, start: 0, end: divider - 1) { items.append(item) }
            items.append((divider, String(ChartTextPanel.dividerGlyph)))
            if let item = centered(periods.analysisLabel, start: divider + 2, end: layout.width) { items.append(item) }
        } else if layout.referenceCount == spec.x.count {
            if let item = centered(periods.referenceLabel, start: 0, end: layout.width) { items.append(item) }
        } else if layout.referenceCount == 0 {
            if let item = centered(periods.analysisLabel, start: 0, end: layout.width) { items.append(item) }
        }
        if items.isEmpty { return nil }
        return place(items.map { (offset + $0.column, $0.text) })
    }

    /// The legend entries: one per distinct series look and name, then the decorations present.
    static func legendEntries(_ spec: ChartSpec, alertsDrawn: Bool) -> [String] {
        var entries: [String] = []
        var hasThresholds = false
        var hasBand = false
        for panel in spec.panels {
            for (index, series) in panel.series.enumerated() where !series.name.isEmpty {
                let entry = ChartTextGlyphs.forSeries(index).sample(series.style) + " " + clean(series.name, limit: nameLimit)
                if !entries.contains(entry) { entries.append(entry) }
            }
            if !panel.thresholds.isEmpty { hasThresholds = true }
            if let band = panel.confidence {
                for index in 0..<spec.x.count where band.bounds(at: index) != nil {
                    hasBand = true
                    break
                }
            }
        }
        if hasThresholds { entries.append("─ ─ threshold") }
        if hasBand { entries.append(String(ChartTextPanel.bandGlyph) + " confidence band") }
        if alertsDrawn { entries.append(String(ChartTextPanel.alertGlyph) + " alert") }
        return entries
    }

    /// Items joined by `separator`, wrapped into lines of at most `width` columns; continuation lines
    /// start with `indent` spaces.
    static func wrap(_ items: [String], first: String, separator: String, indent: Int, width: Int) -> [String] {
        var lines: [String] = []
        var current = first
        var currentHasItem = false
        let pad = String(repeating: " ", count: indent)
        for item in items {
            let candidate = currentHasItem ? current + separator + item : current + item
            if TextWidth.of(candidate) <= width || !currentHasItem {
                current = candidate
            } else {
                lines.append(trimmingTrailingSpaces(current + separator))
                current = pad + item
            }
            currentHasItem = true
        }
        lines.append(current)
        return lines.map { TextWidth.truncate($0, to: width) }
    }

    /// How an x position is named in the alert summary: its key, number or timestamp.
    static func positionName(_ axis: ChartXAxis, _ index: Int) -> String {
        switch axis {
        case .categories(let keys): clean(keys[index], limit: nameLimit)
        case .numbers(let values): NumberFormatting.table(values[index])
        case .timestamps(let values): NumberFormatting.timestamp(values[index])
        }
    }

    /// One summary per panel that has thresholds or alerts: `alerts: [35000:39999], [40000:44999]`
    /// (`alerts in roc_auc: …` when there are several panels), or `alerts: none`.
    static func alertSummary(_ spec: ChartSpec, width: Int) -> [String] {
        let shownLimit = 20
        var lines: [String] = []
        for (panelIndex, panel) in spec.panels.enumerated() {
            let indices = ChartTextPanel.alertIndices(panel, count: spec.x.count)
            if indices.isEmpty && panel.thresholds.isEmpty { continue }
            var prefix = "alerts: "
            if spec.panels.count > 1 {
                let name = panel.yLabel.isEmpty ? "panel \(panelIndex + 1)" : clean(panel.yLabel, limit: nameLimit)
                prefix = "alerts in \(name): "
            }
            if indices.isEmpty {
                lines.append(prefix + "none")
                continue
            }
            var names = indices.prefix(shownLimit).map { positionName(spec.x, $0) }
            if indices.count > shownLimit { names.append("and \(indices.count - shownLimit) more") }
            lines += wrap(names, first: prefix, separator: ", ", indent: 2, width: width)
        }
        return lines
    }

    /// `text` without trailing spaces (chart lines never end in blanks).
    static func trimmingTrailingSpaces(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while scalars.last == " " { scalars.removeLast() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
