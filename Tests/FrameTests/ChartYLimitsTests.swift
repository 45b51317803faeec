import Testing
@testable import Frame

/// Fixed y ranges on chart panels: the axis spans the limits exactly (an open side from the data),
/// what lies outside is not drawn (series gaps, thresholds dropped, bands cut), both renderers stay
/// deterministic, and `validate()` rejects limits that cannot make an axis.
@Suite struct ChartYLimitsTests {
    static func spec(_ values: [Double], yMin: Double?, yMax: Double?, thresholds: ChartThresholds = .none, band: ChartBand? = nil) -> ChartSpec {
        ChartSpec(
            x: .numbers((0..<values.count).map(Double.init)),
            panels: [ChartPanel(series: [ChartSeries(name: "v", values: values)], thresholds: thresholds, confidence: band, yMin: yMin, yMax: yMax)])
    }

    @Test func bothLimitsFixTheAxisExactly() {
        let panel = ChartPanel(series: [ChartSeries(name: "v", values: [20, 30, 40])], yMin: 0, yMax: 100)
        let axis = ChartValueAxis(panel: panel, x: .numbers([0, 1, 2]), tickCount: 4)
        #expect(axis.low == 0)
        #expect(axis.high == 100)
        #expect(axis.ticks.first == 0)
        #expect(axis.ticks.last == 100)
        #expect(!axis.isEmpty)
        // Limits that are not multiples of the step are kept as they are.
        let odd = ChartValueAxis(panel: ChartPanel(series: [ChartSeries(name: "v", values: [3])], yMin: 2.5, yMax: 7.3), x: .numbers([0]), tickCount: 4)
        #expect(odd.low == 2.5)
        #expect(odd.high == 7.3)
        #expect(odd.ticks.allSatisfy { $0 >= 2.5 && $0 <= 7.3 })
    }

    @Test func oneLimitLeavesTheOtherSideToTheData() {
        let low = ChartValueAxis(panel: ChartPanel(series: [ChartSeries(name: "v", values: [61, 95])], yMin: 0), x: .numbers([0, 1]), tickCount: 3)
        #expect(low.low == 0)
        #expect(low.high == 100)
        let high = ChartValueAxis(panel: ChartPanel(series: [ChartSeries(name: "v", values: [-12, 3])], yMax: 10), x: .numbers([0, 1]), tickCount: 3)
        #expect(high.high == 10)
        #expect(high.low <= -12)
        // Nothing inside the range: the fixed side and a widened open side; the panel says no data.
        let empty = ChartValueAxis(panel: ChartPanel(series: [ChartSeries(name: "v", values: [-5])], yMin: 0).clippedToYLimits(), x: .numbers([0]), tickCount: 3)
        #expect(empty.low == 0)
        #expect(empty.high > 0)
        #expect(empty.isEmpty)
    }

    @Test func whatLiesOutsideIsNotDrawn() {
        let band = ChartBand(lower: [5, 40, 95], upper: [15, 60, 120])
        let panel = ChartPanel(
            series: [ChartSeries(name: "v", values: [10, 50, 110, .nan])], thresholds: ChartThresholds(lower: -1, upper: 80),
            confidence: band, yMin: 0, yMax: 100
        ).clippedToYLimits()
        #expect(panel.series[0].values[0] == 10)
        #expect(panel.series[0].values[1] == 50)
        #expect(panel.series[0].values[2].isNaN)
        #expect(panel.series[0].values[3].isNaN)
        #expect(panel.thresholds.lower == nil)
        #expect(panel.thresholds.upper == 80)
        #expect(panel.confidence?.upper == [15, 60, 100])
        #expect(panel.confidence?.lower == [5, 40, 95])
        let outside = ChartPanel(series: [], confidence: ChartBand(lower: [110], upper: [120]), yMax: 100).clippedToYLimits()
        #expect(outside.confidence?.bounds(at: 0) == nil)
        // Panels without limits are left alone.
        let plain = ChartPanel(series: [ChartSeries(name: "v", values: [500])])
        #expect(plain.clippedToYLimits() == plain)
    }

    @Test func renderersClipAndStayDeterministic() {
        let limited = Self.spec([10, 50, 110, 70], yMin: 0, yMax: 100)
        let text = TextChart.render(limited, style: TextChartStyle(width: 60, panelHeight: 6))
        #expect(text == TextChart.render(limited, style: TextChartStyle(width: 60, panelHeight: 6)))
        #expect(text.split(separator: "\n").first?.hasPrefix("100.0 ┤") == true)
        // The same chart with the offending value removed by hand draws the same text.
        let byHand = Self.spec([10, 50, .nan, 70], yMin: 0, yMax: 100)
        #expect(text == TextChart.render(byHand, style: TextChartStyle(width: 60, panelHeight: 6)))
        #expect(SVGChart.render(limited) == SVGChart.render(byHand))
        #expect(SVGChart.render(limited) != SVGChart.render(Self.spec([10, 50, 110, 70], yMin: nil, yMax: nil)))
    }

    @Test func validationRejectsBadLimits() {
        #expect(frameError { try Self.spec([1], yMin: 5, yMax: 5).validate() }?.message == "y_min 5.0 must be below y_max 5.0")
        #expect(frameError { try Self.spec([1], yMin: 9, yMax: 5).validate() }?.message == "y_min 9.0 must be below y_max 5.0")
        #expect(frameError { try Self.spec([1], yMin: .nan, yMax: nil).validate() }?.message == "y_min must be a finite number, found nan")
        #expect(frameError { try Self.spec([1], yMin: nil, yMax: .infinity).validate() }?.code == .invalidArgument)
        #expect(frameError { try Self.spec([1], yMin: 0, yMax: 1).validate() } == nil)
        // Renderers never fail, even on limits validate() rejects.
        #expect(!TextChart.render(Self.spec([1, 2], yMin: 9, yMax: 5)).isEmpty)
        #expect(!SVGChart.render(Self.spec([1, 2], yMin: .nan, yMax: .infinity)).isEmpty)
    }
}
