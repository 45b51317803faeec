/// Fixed y ranges (`plot(df, …, y_min: 0, y_max: 100)`): the axis spans exactly the limits given
/// (a side left open comes from the data, rounded to a tick as usual), and what lies outside them is
/// not drawn: a series value becomes a gap, a threshold line is left out, a band is cut at the limit.
/// Both renderers clip the same way, so the text chart stays a function of the spec alone.
extension ChartSpec {
    /// The chart with every panel clipped to its y limits (unchanged when no panel has any).
    func clippedToYLimits() -> ChartSpec {
        guard panels.contains(where: { $0.yMin != nil || $0.yMax != nil }) else { return self }
        var clipped = self
        clipped.panels = panels.map { $0.clippedToYLimits() }
        return clipped
    }
}

extension ChartPanel {
    /// True when `value` lies within the limits (a missing limit leaves that side open).
    func isWithinYLimits(_ value: Double) -> Bool {
        if let yMin, value < yMin { return false }
        if let yMax, value > yMax { return false }
        return true
    }

    /// The panel without what lies outside its limits.
    func clippedToYLimits() -> ChartPanel {
        guard yMin != nil || yMax != nil else { return self }
        var clipped = self
        clipped.series = series.map { series in
            var kept = series
            kept.values = series.values.map { $0.isFinite && !isWithinYLimits($0) ? .nan : $0 }
            return kept
        }
        clipped.thresholds = ChartThresholds(
            lower: thresholds.finiteLower.flatMap { isWithinYLimits($0) ? $0 : nil },
            upper: thresholds.finiteUpper.flatMap { isWithinYLimits($0) ? $0 : nil })
        if let band = confidence {
            var lower = band.lower
            var upper = band.upper
            for index in 0..<min(lower.count, upper.count) {
                guard let bounds = band.bounds(at: index) else { continue }
                let low = yMin.map { Swift.max(bounds.low, $0) } ?? bounds.low
                let high = yMax.map { Swift.min(bounds.high, $0) } ?? bounds.high
                if low <= high {
                    lower[index] = low
                    upper[index] = high
                } else {
                    lower[index] = .nan
                    upper[index] = .nan
                }
            }
            clipped.confidence = ChartBand(lower: lower, upper: upper)
        }
        return clipped
    }
}

extension ChartValueAxis {
    /// An axis over `values` with the bottom fixed at `fixedLow` and/or the top at `fixedHigh`; an
    /// open side is the data's extent rounded outward to the tick step, as without limits.
    init(values: [[Double]], low fixedLow: Double?, high fixedHigh: Double?, tickCount: Int) {
        let data = ChartScale.extent(values)
        var low = fixedLow ?? data?.low ?? fixedHigh ?? 0
        var high = fixedHigh ?? data?.high ?? fixedLow ?? 1
        if fixedLow == nil { low = Swift.min(low, high) }
        if fixedHigh == nil { high = Swift.max(low, high) }
        if low == high {
            // One fixed side and nothing else to span: widen the open side only.
            let widened = ChartScale.widened(low: low, high: high)
            if fixedLow == nil { low = widened.low }
            if fixedHigh == nil { high = widened.high }
            if low == high { (low, high) = widened }
        }
        let step = ChartStep(span: (low, high), count: Swift.max(1, tickCount))
        let rounded = step.rounded(low: low, high: high)
        self.low = fixedLow ?? rounded.low
        self.high = fixedHigh ?? rounded.high
        let ticks = step.ticks(low: self.low, high: self.high)
        self.ticks = ticks.isEmpty ? [self.low, self.high] : ticks
        self.isEmpty = data == nil
    }
}
