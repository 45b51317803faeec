extension ChartSpec {
    /// Checks that every series, band and alert fits the x axis and the period split is in range,
    /// throwing the first mismatch as a `FrameError` that names the panel and series.
    ///
    /// Rendering does not require this (it draws what it can); bindings call it to report mistakes.
    public func validate() throws(FrameError) {
        let count = x.count
        if panels.isEmpty {
            throw FrameError(.invalidArgument, "a chart needs at least one panel")
        }
        for (panelIndex, panel) in panels.enumerated() {
            let place = panels.count == 1 ? "" : " in panel \(panelIndex + 1)"
            for series in panel.series where series.values.count != count {
                throw FrameError(
                    .shapeMismatch,
                    "series \"\(series.name)\"\(place) has \(series.values.count) values but the x axis has \(count)",
                    column: series.name)
            }
            if let band = panel.confidence {
                if band.lower.count != count || band.upper.count != count {
                    throw FrameError(
                        .shapeMismatch,
                        "confidence band\(place) has \(band.lower.count) lower and \(band.upper.count) upper bounds "
                            + "but the x axis has \(count)")
                }
            }
            for alert in panel.alerts where alert < 0 || alert >= count {
                throw FrameError(
                    .invalidArgument, "alert index \(alert)\(place) is outside the x axis (0..<\(count))")
            }
            for (name, limit) in [("y_min", panel.yMin), ("y_max", panel.yMax)] {
                if let limit, !limit.isFinite {
                    throw FrameError(.invalidArgument, "\(name) must be a finite number, found \(NumberFormatting.shortest(limit))\(place)")
                }
            }
            if let yMin = panel.yMin, let yMax = panel.yMax, yMin >= yMax {
                throw FrameError(
                    .invalidArgument,
                    "y_min \(NumberFormatting.shortest(yMin)) must be below y_max \(NumberFormatting.shortest(yMax))\(place)")
            }
            if let lower = panel.thresholds.finiteLower, let upper = panel.thresholds.finiteUpper, lower > upper {
                throw FrameError(
                    .invalidArgument,
                    "lower threshold \(NumberFormatting.shortest(lower)) is above upper threshold "
                        + "\(NumberFormatting.shortest(upper))\(place)")
            }
        }
        if let periods, periods.referenceCount < 0 || periods.referenceCount > count {
            throw FrameError(
                .invalidArgument,
                "reference period of \(periods.referenceCount) positions does not fit the x axis of \(count)")
        }
    }
}
