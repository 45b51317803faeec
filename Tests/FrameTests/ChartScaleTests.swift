import Testing

@testable import Frame

/// The arithmetic under the charts: rounding, powers of ten, nice steps, time ticks, and the spec's
/// validation and equality.
@Suite struct ChartScaleTests {
    @Test func roundingIsHalfAwayFromZero() {
        #expect(ChartScale.index(2.5, limit: 10) == 3)
        #expect(ChartScale.index(1.4999999999999998, limit: 10) == 1)
        #expect(ChartScale.index(-0.5, limit: 10) == 0)
        #expect(ChartScale.index(.nan, limit: 10) == 0)
        #expect(ChartScale.index(1e300, limit: 10) == 10)
        #expect(ChartScale.roundedDivision(3, 2) == 2)
        #expect(ChartScale.roundedDivision(-3, 2) == -2)
        #expect(ChartScale.roundedDivision(-1, 4) == 0)
        #expect(ChartScale.roundedDivision(5, 4) == 1)
        #expect(ChartScale.roundedDivision(7, 4) == 2)
    }

    @Test func fractionsSurviveTheWholeDoubleRange() {
        let top = Double.greatestFiniteMagnitude
        #expect(ChartScale.fraction(top, low: -top, high: top) == 1)
        #expect(ChartScale.fraction(-top, low: -top, high: top) == 0)
        #expect(ChartScale.fraction(0, low: -top, high: top) == 0.5)
        #expect(ChartScale.fraction(3, low: 3, high: 3) == 0.5)
    }

    @Test func powersAndExponentsOfTen() {
        #expect(ChartScale.powerOfTen(0) == 1)
        #expect(ChartScale.powerOfTen(-2) == 0.01)
        #expect(ChartScale.powerOfTen(308) == 1e308)
        #expect(ChartScale.powerOfTen(309) == .infinity)
        let cases: [(Double, Int)] = [(1, 0), (9.999, 0), (10, 1), (0.1, -1), (0.099, -2), (1e-5, -5), (1e308, 308), (Double.leastNonzeroMagnitude, -324)]
        for (value, exponent) in cases {
            #expect(ChartScale.decimalExponent(value) == exponent, "\(value)")
        }
    }

    @Test func stepsAreOneTwoFive() {
        #expect(ChartStep(span: (0, 1), count: 5).size == 0.2)
        #expect(ChartStep(span: (0, 1), count: 4).size == 0.5)
        #expect(ChartStep(span: (0, 100), count: 10).size == 10)
        #expect(ChartStep(span: (0.925, 0.9788), count: 4).size == 0.02)
        #expect(ChartStep(span: (0, 1), count: 5).ticks(low: 0, high: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ChartStep(span: (0, 0.15), count: 3).ticks(low: 0, high: 0.15) == [0, 0.05, 0.1, 0.15])
        let widened = ChartStep(span: (0.925, 0.9788), count: 4).rounded(low: 0.925, high: 0.9788)
        #expect(widened.low == 0.92 && widened.high == 0.98)
    }

    @Test func valueAxesCoverTheData() {
        let axis = ChartValueAxis(values: [[3, .nan, -1], [.infinity]], tickCount: 4)
        #expect(axis.low == -1 && axis.high == 3)
        #expect(axis.ticks == [-1, 0, 1, 2, 3])
        #expect(!axis.isEmpty)
        let constant = ChartValueAxis(values: [[0, 0]], tickCount: 3)
        #expect(constant.low < 0 && constant.high > 0)
        #expect(ChartValueAxis(values: [[.nan]], tickCount: 3).isEmpty)
        let extreme = ChartValueAxis(values: [[-.greatestFiniteMagnitude, .greatestFiniteMagnitude]], tickCount: 3)
        #expect(extreme.ticks.count >= 2 && extreme.ticks.allSatisfy { $0.isFinite })
    }

    @Test func categoryStridesStayEven() {
        var strides = [1]
        while let last = strides.last, last < 1000 { strides.append(ChartXTicks.nextStride(after: last)) }
        #expect(strides == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
        let keys = (0..<12).map { "k\($0)" }
        let ticks = ChartXTicks.choose(for: .categories(keys), extent: nil, labelLimit: 10) { $0.count <= 4 }
        #expect(ticks.map(\.label) == ["k0", "k5", "k10"])
    }

    @Test func timeTicksUseCalendarSteps() {
        let day: Int64 = 86_400_000_000
        let start = CivilTime.days(year: 2024, month: 6, day: 1) * day
        let weeks = ChartXTicks.choose(for: .timestamps([start, start + 20 * day]), extent: nil, labelLimit: 20) { $0.count <= 3 }
        #expect(weeks.map(\.label) == ["2024-06-03", "2024-06-10", "2024-06-17"])
        let months = ChartXTicks.choose(for: .timestamps([start, start + 200 * day]), extent: nil, labelLimit: 20) { $0.count <= 4 }
        #expect(months.map(\.label) == ["2024-07", "2024-09", "2024-11"])
        let years = ChartXTicks.choose(for: .timestamps([start, start + 3000 * day]), extent: nil, labelLimit: 20) { $0.count <= 5 }
        #expect(years.map(\.label) == ["2026", "2028", "2030", "2032"])
        let seconds = ChartXTicks.choose(for: .timestamps([start, start + 90_000_000]), extent: nil, labelLimit: 30) { $0.count <= 4 }
        #expect(seconds.map(\.label) == ["2024-06-01 00:00:00", "2024-06-01 00:00:30", "2024-06-01 00:01:00", "2024-06-01 00:01:30"])
        let micros = ChartXTicks.choose(for: .timestamps([start, start + 10]), extent: nil, labelLimit: 30) { $0.count <= 3 }
        #expect(micros.map(\.label) == ["2024-06-01 00:00:00.000000", "2024-06-01 00:00:00.000005", "2024-06-01 00:00:00.000010"])
        #expect(ChartXTicks.choose(for: .timestamps([start]), extent: nil, labelLimit: 30) { _ in true }.map(\.label) == ["2024-06-01"])
        let nothingFits = ChartXTicks.choose(for: .timestamps([start, start + day]), extent: nil, labelLimit: 30) { _ in false }
        #expect(nothingFits.count == 1)
    }

    @Test func numericTicksAreNiceNumbers() {
        let ticks = ChartXTicks.choose(for: .numbers([0.3, 2.9]), extent: (0.3, 2.9), labelLimit: 10) { $0.count <= 3 }
        #expect(ticks.map(\.label) == ["1.0", "2.0"])
    }

    @Test func validationNamesTheMismatch() {
        func message(_ spec: ChartSpec) -> String? {
            do {
                try spec.validate()
                return nil
            } catch {
                return error.message
            }
        }
        let good = ChartSamples.monitoring
        #expect(message(good) == nil)
        #expect(message(ChartSamples.drift) == nil)
        var spec = good
        spec.panels[0].series[0].values.removeLast()
        #expect(message(spec) == "series \"estimated roc_auc\" has 11 values but the x axis has 12")
        spec = good
        spec.panels[0].confidence?.upper = []
        #expect(message(spec) == "confidence band has 12 lower and 0 upper bounds but the x axis has 12")
        spec = ChartSamples.drift
        spec.panels[1].alerts = [8]
        #expect(message(spec) == "alert index 8 in panel 2 is outside the x axis (0..<8)")
        spec = good
        spec.periods = ChartPeriods(referenceCount: 13)
        #expect(message(spec) == "reference period of 13 positions does not fit the x axis of 12")
        spec = good
        spec.panels[0].thresholds = ChartThresholds(lower: 2, upper: 1)
        #expect(message(spec) == "lower threshold 2.0 is above upper threshold 1.0")
        spec.panels = []
        #expect(message(spec) == "a chart needs at least one panel")
    }

    @Test func specsWithGapsEqualThemselves() {
        #expect(ChartSamples.monitoring == ChartSamples.monitoring)
        #expect(ChartSeries(name: "a", optionalValues: [1, nil]) == ChartSeries(name: "a", values: [1, .nan]))
        #expect(ChartSeries(name: "a", values: [1, .nan]) != ChartSeries(name: "a", values: [1, 2]))
        #expect(ChartXAxis.numbers([.nan]) == .numbers([.nan]))
        #expect(ChartXAxis.numbers([1]) != .timestamps([1]))
        #expect(ChartThresholds(lower: .nan, upper: nil) == ChartThresholds(lower: .nan, upper: nil))
        #expect(ChartThresholds(lower: .nan, upper: nil).isEmpty)
    }
}
