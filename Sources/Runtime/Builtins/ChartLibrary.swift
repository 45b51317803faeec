import Frame
import Lang

/// `plot` and `save_svg`: a monitoring result drawn per metric with its thresholds, confidence
/// band, alerts and the reference/analysis divide, or any frame's columns drawn over an x column.
enum ChartLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "plot", parameters: ["data", "x", "y", "title", "height", "y_min", "y_max"], required: 1,
                signature: "plot(result) or plot(df, x: .day, y: [.actual, .predicted], title: \"\", height: 12, y_min: null, y_max: null)",
                summary: "A text chart (SVG with save_svg): a drift/performance result per metric with thresholds and alerts, or columns of a frame over x; height: rows per panel, y_min:/y_max: fix the y range",
                group: "charts") { args, _ throws(Diagnostic) in
            .host(ChartValue(try chart(args), height: try height(args, 4)))
        },
        Builtin(name: "save_svg", parameters: ["chart", "path", "x", "y", "title", "height", "y_min", "y_max"], required: 2,
                signature: "save_svg(chart_or_df, path, x: …, y: …, title: …, height: 12, y_min: …, y_max: …)",
                summary: "Writes a chart (from plot, or what plot would draw of a frame) as a standalone SVG file, atomically; height: in text rows (50/3 px each)",
                group: "charts") { args, vm throws(Diagnostic) in
            let spec: ChartSpec
            var rows: Int?
            if case .host(let object as ChartValue)? = args.value(0) {
                for index in 2...4 where args.slots[index] != nil {
                    throw args.error(index, "save_svg takes x:, y: and title: only with a frame; the chart is already drawn")
                }
                for index in 6...7 where args.slots[index] != nil {
                    throw args.error(index, "save_svg takes y_min: and y_max: only with a frame; the chart is already drawn",
                                     hint: "give them to plot, or pass the frame to save_svg")
                }
                spec = object.spec
                rows = object.height
            } else {
                // Same arguments as plot, shifted by the path.
                var shifted = args
                shifted.slots = [args.slots[0]] + args.slots[2...]
                spec = try chart(shifted)
            }
            rows = try height(args, 5) ?? rows
            let path = try args.string(1, "path")
            let resolved = try SandboxLibrary.checkedPath(args, 1, path, vm)
            let style = SVGChartStyle(panelHeight: ChartValue.svgPanelHeight(rows: rows))
            return try IOLibrary.run(args, path: path, resolved: resolved, spanFor: { _ in args.span(1) }) { () throws(FrameError) in
                try SVGChart.write(spec, to: resolved, style: style)
                return .null
            }
        },
    ]

    /// The rows per panel of the text chart (`height:`), checked against what `TextChart` draws.
    static func height(_ args: Arguments, _ index: Int) throws(Diagnostic) -> Int? {
        guard args.value(index) != nil else { return nil }
        let rows = try args.int(index, "height")
        guard ChartValue.heightRange.contains(rows) else {
            throw args.error(
                index, "\(args.callee)'s height is the rows of each panel of the text chart, from \(ChartValue.heightRange.lowerBound) "
                    + "to \(ChartValue.heightRange.upperBound); found \(rows)", hint: "the default is 12")
        }
        return Int(rows)
    }

    /// `y_min:` and `y_max:` (plot's indices 5 and 6): finite numbers, the first below the second.
    static func yLimits(_ args: Arguments) throws(Diagnostic) -> (low: Double?, high: Double?) {
        var limits: [Double?] = []
        for (index, name) in [(5, "y_min"), (6, "y_max")] {
            guard args.value(index) != nil else {
                limits.append(nil)
                continue
            }
            let limit = try args.double(index, name)
            guard limit.isFinite else { throw args.error(index, "\(args.callee)'s \(name) must be a finite number, found \(limit)") }
            limits.append(limit)
        }
        if let low = limits[0], let high = limits[1], low >= high {
            throw args.error(6, "\(args.callee)'s y_max (\(NumberFormatting.shortest(high))) must be above y_min (\(NumberFormatting.shortest(low)))")
        }
        return (limits[0], limits[1])
    }

    /// The columns a monitoring result frame has (see docs/monitoring.md).
    static let resultColumns = ["chunk_key", "chunk_index", "period", "name", "method", "value", "alert"]

    /// The chart `plot` draws for its arguments.
    static func chart(_ args: Arguments) throws(Diagnostic) -> ChartSpec {
        guard case .host(let object as FrameValue)? = args.value(0) else {
            let found = args.value(0)?.typeName ?? "nothing"
            throw args.error(0, "\(args.callee) expects a frame or a monitoring result, found \(found)")
        }
        let frame = object.frame
        let title = try args.string(3, "title", default: "")
        let limits = try yLimits(args)
        let isResult = resultColumns.allSatisfy { frame.column(named: $0) != nil }
        if isResult && args.slots[1] == nil && args.slots[2] == nil {
            var spec = try engine(at: args.span(0)) { () throws(FrameError) in try monitoringChart(frame, title: title) }
            spec.panels = spec.panels.map { panel in
                var limited = panel
                limited.yMin = limits.low
                limited.yMax = limits.high
                return limited
            }
            return spec
        }
        guard args.slots[2] != nil else {
            throw Diagnostic("\(args.callee) needs the columns to draw, e.g. y: [.actual, .predicted]", at: args.callSpan,
                             hint: isResult ? nil : "a drift, performance or cbpe result draws without y:")
        }
        let ys = try ColumnArguments.columns(args, 2, "y")
        var series: [ChartSeries] = []
        for y in ys {
            try JoinLibrary.checkKey(y, in: frame, side: "plotted")
            guard let column = frame.column(named: y.name), let values = numbers(column) else {
                throw Diagnostic("\(columnReference(y.name)) is not a number column; plot draws numbers", at: y.span)
            }
            series.append(ChartSeries(name: y.name, values: values, style: frame.height <= 60 ? .lineWithMarkers : .line))
        }
        let axis: ChartXAxis
        var xLabel = ""
        if args.slots[1] != nil {
            let x = try ColumnArguments.column(args, 1, "x")
            try JoinLibrary.checkKey(x, in: frame, side: "plotted")
            guard let column = frame.column(named: x.name) else { throw args.error(1, "unknown column") }
            xLabel = x.name
            switch column.type {
            case .timestamp:
                axis = .timestamps((0..<column.count).map { row in
                    if case .timestamp(let t) = column.scalar(at: row) { return t }
                    return Int64.min
                })
            case .string, .bool:
                axis = .categories((0..<column.count).map { row in
                    switch column.scalar(at: row) {
                    case .string(let s): return s
                    case .bool(let b): return b ? "true" : "false"
                    default: return ""
                    }
                })
            default:
                guard let values = numbers(column) else { throw args.error(1, "plot cannot place \(column.type.name) values on an axis") }
                axis = .numbers(values)
            }
        } else {
            axis = .numbers((0..<frame.height).map(Double.init))
            xLabel = "row"
        }
        var spec = ChartSpec.lines(title: title, x: axis, series: series, yLabel: ys.count == 1 ? ys[0].name : "", xLabel: xLabel)
        spec.panels[0].yMin = limits.low
        spec.panels[0].yMax = limits.high
        try engine(at: args.callSpan) { () throws(FrameError) in try spec.validate() }
        return spec
    }

    /// A number or duration column as Doubles, nulls as NaN (gaps); nil for other types.
    static func numbers(_ column: Column) -> [Double]? {
        guard column.type == .int || column.type == .float || column.type == .duration || column.type == .bool else { return nil }
        return (0..<column.count).map { row in
            switch column.scalar(at: row) {
            case .int(let i): return Double(i)
            case .float(let f): return f
            case .duration(let d): return Double(d)
            case .bool(let b): return b ? 1 : 0
            default: return .nan
            }
        }
    }

    /// One panel per (name, method) of a monitoring result, in order of first appearance, over the
    /// reference chunks then the analysis chunks.
    static func monitoringChart(_ frame: DataFrame, title: String) throws(FrameError) -> ChartSpec {
        func text(_ name: String, _ row: Int) -> String? {
            if case .string(let s)? = frame.column(named: name)?.scalar(at: row) { return s }
            return nil
        }
        func number(_ name: String, _ row: Int) -> Double? {
            switch frame.column(named: name)?.scalar(at: row) {
            case .float(let f)?: return f
            case .int(let i)?: return Double(i)
            default: return nil
            }
        }
        // x positions: (period, chunk index) pairs, reference first, each in chunk order.
        var positions: [(period: Int, index: Int64, key: String)] = []
        var panels: [(name: String, method: String)] = []
        for row in 0..<frame.height {
            let period = text("period", row) == "reference" ? 0 : 1
            guard case .int(let index)? = frame.column(named: "chunk_index")?.scalar(at: row) else { continue }
            if !positions.contains(where: { $0.period == period && $0.index == index }) {
                positions.append((period, index, text("chunk_key", row) ?? String(index)))
            }
            let panel = (text("name", row) ?? "", text("method", row) ?? "")
            if !panels.contains(where: { $0.name == panel.0 && $0.method == panel.1 }) { panels.append(panel) }
        }
        positions.sort { $0.period != $1.period ? $0.period < $1.period : $0.index < $1.index }
        let referenceCount = positions.filter { $0.period == 0 }.count
        // Estimators report the same metric once per period under different methods ("cbpe" in
        // both); panels key on name and method, so the realized rows of `performance` stay apart.
        var chartPanels: [ChartPanel] = []
        let hasBand = frame.column(named: "lower_confidence_bound") != nil
        let hasRealized = frame.column(named: "realized") != nil
        for panel in panels {
            var values = [Double](repeating: .nan, count: positions.count)
            var realized = values
            var lower = values
            var upper = values
            var alerts: [Int] = []
            var lowerThreshold: Double?
            var upperThreshold: Double?
            for row in 0..<frame.height where text("name", row) == panel.name && text("method", row) == panel.method {
                let period = text("period", row) == "reference" ? 0 : 1
                guard case .int(let index)? = frame.column(named: "chunk_index")?.scalar(at: row),
                      let position = positions.firstIndex(where: { $0.period == period && $0.index == index }) else { continue }
                values[position] = number("value", row) ?? .nan
                if hasRealized { realized[position] = number("realized", row) ?? .nan }
                if hasBand {
                    lower[position] = number("lower_confidence_bound", row) ?? .nan
                    upper[position] = number("upper_confidence_bound", row) ?? .nan
                }
                lowerThreshold = lowerThreshold ?? number("lower_threshold", row)
                upperThreshold = upperThreshold ?? number("upper_threshold", row)
                if case .bool(true)? = frame.column(named: "alert")?.scalar(at: row) { alerts.append(position) }
            }
            let label = panel.method == "realized" || panel.method == "cbpe" || panel.method == "dle" || panel.method.isEmpty
                ? panel.name : "\(panel.name) · \(panel.method)"
            let valueName = panel.method == "cbpe" || panel.method == "dle" ? "estimated \(panel.name)" : label
            var series = [ChartSeries(name: valueName, values: values, style: .lineWithMarkers)]
            if hasRealized && realized.contains(where: { !$0.isNaN }) {
                series.append(ChartSeries(name: "realized \(panel.name)", values: realized, style: .lineWithMarkers))
            }
            let band = lower.contains(where: { !$0.isNaN }) ? ChartBand(lower: lower, upper: upper) : nil
            chartPanels.append(ChartPanel(
                yLabel: label, series: series, thresholds: ChartThresholds(lower: lowerThreshold, upper: upperThreshold),
                confidence: band, alerts: alerts))
        }
        let spec = ChartSpec(
            title: title, x: .categories(positions.map(\.key)), xLabel: "chunk", panels: chartPanels,
            periods: referenceCount > 0 && referenceCount < positions.count ? ChartPeriods(referenceCount: referenceCount) : nil)
        try spec.validate()
        return spec
    }
}
