import Testing
@testable import Frame
import TestSupport

/// Inputs at the edges: one point, nothing finite, constants, empty axes, long labels, extreme
/// magnitudes and sizes. Each renders and says what it can.
@Suite struct ChartDegenerateTests {
    let small = TextChartStyle(width: 40, panelHeight: 5)

    @Test func onePointDrawsAStepAcrossItsSlot() {
        let spec = ChartSpec.lines(x: .categories(["a"]), series: [ChartSeries(name: "v", values: [3], style: .lineWithMarkers)])
        let expected = """
            3.4 ┤
            3.2 ┤
            3.0 ┤─────────────────●─────────────────
            2.8 ┤
            2.6 ┤
                └─────────────────┬─────────────────
                                  a
            ─●─ v
            """
        #expect(TextChart.render(spec, style: small) == expected)
    }

    @Test func allMissingSaysNoData() {
        let spec = ChartSpec.lines(
            title: "all missing", x: .numbers([1, 2, 3]), series: [ChartSeries(name: "v", values: [.nan, .nan, .nan])])
        let expected = """
            all missing
            1.0 ┤
                │
            0.5 ┤              no data
                │
            0.0 ┤
                └┬────────┬───────┬────────┬───────┬
                1.0      1.5     2.0      2.5    3.0
            ─── v
            """
        #expect(TextChart.render(spec, style: small) == expected)
    }

    @Test func constantValuesGetARangeAroundThem() {
        let spec = ChartSpec.lines(x: .numbers([1, 2, 3]), series: [ChartSeries(name: "v", values: [7, 7, 7])])
        let expected = """
            8.0 ┤
            7.5 ┤
            7.0 ┤───────────────────────────────────
            6.5 ┤
            6.0 ┤
                └┬────────┬───────┬────────┬───────┬
                1.0      1.5     2.0      2.5    3.0
            ─── v
            """
        #expect(TextChart.render(spec, style: small) == expected)
    }

    @Test func emptyAxisSaysNoData() {
        let spec = ChartSpec.lines(x: .categories([]), series: [ChartSeries(name: "v", values: [])])
        let expected = """
            1.0 ┤
                │
            0.5 ┤              no data
                │
            0.0 ┤
                └───────────────────────────────────
            ─── v
            """
        #expect(TextChart.render(spec, style: small) == expected)
    }

    @Test func extremeMagnitudesDoNotOverflow() {
        let spec = ChartSpec.lines(
            x: .numbers([-1e308, 1.7e308]),
            series: [ChartSeries(name: "v", values: [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude])])
        let expected = """
             1.79769e+308 ┤                     ┌───
                          │               ┌─────┘
                          │         ┌─────┘
                          │   ┌─────┘
            -1.79769e+308 ┤───┘
                          └┬────────┬────────┬──────
                       -1.0e+308   0.0   1.0e+308
            ─── v
            """
        #expect(TextChart.render(spec, style: small) == expected)
    }

    @Test func longLabelsAreCutToTheWidth() {
        let long = String(repeating: "k", count: 100)
        let spec = ChartSpec(
            title: String(repeating: "title ", count: 30), x: .categories([long, "b"]), xLabel: long,
            panels: [
                ChartPanel(
                    yLabel: long, series: [ChartSeries(name: long, values: [1, 2])],
                    thresholds: ChartThresholds(lower: 0.5, upper: 2.5), alerts: [0])
            ],
            periods: ChartPeriods(referenceCount: 1, referenceLabel: long, analysisLabel: "a\u{1b}b"))
        let text = TextChart.render(spec, style: small)
        expectTidyLines(text, width: 40)
        #expect(text.contains("…"))
        #expect(text.contains("a\\u{1b}b"))
        #expect(!text.contains("\u{1b}"))
        #expect(text.hasSuffix("alerts: kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…"))
    }

    @Test func extremeTimestampsAndNaNPositions() {
        let extreme = ChartSpec.lines(x: .timestamps([Int64.min, 0, Int64.max]), series: [ChartSeries(name: "v", values: [1, 2, 3])])
        let text = TextChart.render(extreme, style: TextChartStyle(width: 60, panelHeight: 4))
        expectTidyLines(text, width: 60)
        #expect(text.contains("100000"))
        let holes = ChartSpec.lines(
            x: .numbers([.nan, 1, .infinity, 3]), series: [ChartSeries(name: "v", values: [100, 1, 100, 3])])
        let drawn = TextChart.render(holes, style: small)
        expectTidyLines(drawn, width: 40)
        #expect(!drawn.contains("100"))
    }

    @Test func tinySizesGrowToAMinimum() {
        let spec = ChartSpec.lines(x: .numbers([1, 2, 3]), series: [ChartSeries(name: "v", values: [1, -2, 3])])
        let text = TextChart.render(spec, style: TextChartStyle(width: 1, panelHeight: 0))
        let rows = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { TextWidth.of(String($0)) <= 14 })
    }

    @Test func mismatchedLengthsAndStrayIndicesAreTolerated() {
        let spec = ChartSpec(
            x: .categories(["a", "b", "c"]),
            panels: [
                ChartPanel(
                    series: [ChartSeries(name: "short", values: [1]), ChartSeries(name: "long", values: [1, 2, 3, 4, 5])],
                    confidence: ChartBand(lower: [0], upper: [2, 3]), alerts: [-4, 7, 1, 1])
            ],
            periods: ChartPeriods(referenceCount: 40))
        let text = TextChart.render(spec, style: small)
        #expect(text.hasSuffix("alerts: b"))
        #expect(!SVGChart.render(spec).isEmpty)
        #expect(throws: FrameError.self) { try spec.validate() }
    }

    @Test func noPanelsSaysSo() {
        let spec = ChartSpec(title: "nothing", x: .numbers([1]), panels: [])
        #expect(TextChart.render(spec) == "nothing\nno panels to draw")
        #expect(SVGChart.render(spec).contains("no panels to draw"))
    }

    @Test func randomChartsRenderTidily() throws {
        var random = SplitMix64(state: 20_240_601)
        for round in 0..<60 {
            let spec = Self.randomSpec(&random)
            let width = 30 + random.below(90)
            let height = 1 + random.below(16)
            let text = TextChart.render(spec, style: TextChartStyle(width: width, panelHeight: height))
            expectTidyLines(text, width: max(width, 40))
            #expect(text == TextChart.render(spec, style: TextChartStyle(width: width, panelHeight: height)), "round \(round)")
            let svg = SVGChart.render(spec, style: SVGChartStyle(width: 200 + random.below(800), panelHeight: 60 + random.below(200)))
            #expect(ChartXML.parse(svg).error == nil, "round \(round)")
        }
    }

    /// A chart with random sizes, NaN and infinite values, magnitudes from 1e-300 to 1e300,
    /// thresholds, bands, alerts and periods.
    static func randomSpec(_ random: inout SplitMix64) -> ChartSpec {
        let count = random.below(40)
        func number() -> Double {
            switch random.below(12) {
            case 0: return .nan
            case 1: return random.below(2) == 0 ? .infinity : -.infinity
            case 2: return Double(random.below(3)) * 1e300
            case 3: return -1e-300 * Double(random.below(5))
            default:
                let scale = [1.0, 0.001, 1000, 1e9][random.below(4)]
                return (Double(random.below(20_000)) - 10_000) / 100 * scale
            }
        }
        let x: ChartXAxis
        switch random.below(3) {
        case 0: x = .categories((0..<count).map { "chunk \($0)" })
        case 1: x = .numbers((0..<count).map { _ in number() })
        default: x = .timestamps((0..<count).map { _ in Int64(bitPattern: random.next()) >> (random.below(2) == 0 ? 1 : 20) })
        }
        let styles: [ChartSeries.Style] = [.line, .lineWithMarkers, .points]
        let panels = (0..<(1 + random.below(3))).map { panelIndex in
            ChartPanel(
                yLabel: "panel \(panelIndex)",
                series: (0..<random.below(4)).map { seriesIndex in
                    ChartSeries(
                        name: "s\(seriesIndex)", values: (0..<(count + random.below(3))).map { _ in number() },
                        style: styles[random.below(3)])
                },
                thresholds: ChartThresholds(
                    lower: random.below(2) == 0 ? nil : number(), upper: random.below(2) == 0 ? nil : number()),
                confidence: random.below(2) == 0
                    ? nil : ChartBand(lower: (0..<count).map { _ in number() }, upper: (0..<count).map { _ in number() }),
                alerts: (0..<random.below(5)).map { _ in random.below(count + 2) - 1 })
        }
        let periods = random.below(3) == 0 ? nil : ChartPeriods(referenceCount: random.below(count + 1))
        return ChartSpec(title: "random", x: x, panels: panels, periods: periods)
    }
}
