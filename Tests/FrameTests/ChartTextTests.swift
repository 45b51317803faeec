import Testing
@testable import Frame
import TestSupport

/// Charts shared by the chart tests: a monitoring chart, a hindcast and a stacked drift chart.
enum ChartSamples {
    /// Twelve size-based chunks, six in reference; a gap at chunk 8, alerts at 10 and 11.
    static let monitoring: ChartSpec = {
        let keys = (0..<12).map { "[\($0 * 5000):\($0 * 5000 + 4999)]" }
        let values: [Double] = [0.970, 0.968, 0.972, 0.969, 0.971, 0.967, 0.970, 0.966, .nan, 0.962, 0.931, 0.925]
        let panel = ChartPanel(
            yLabel: "roc_auc",
            series: [ChartSeries(name: "estimated roc_auc", values: values, style: .lineWithMarkers)],
            thresholds: ChartThresholds(lower: 0.9612, upper: 0.9788),
            confidence: ChartBand(lower: values.map { $0 - 0.004 }, upper: values.map { $0 + 0.004 }),
            alerts: [10, 11])
        return ChartSpec(
            title: "Estimated ROC AUC (CBPE)", x: .categories(keys), panels: [panel],
            periods: ChartPeriods(referenceCount: 6))
    }()

    /// Two weeks of daily actual vs predicted load, with a missing prediction.
    static let hindcast: ChartSpec = {
        let day: Int64 = 86_400_000_000
        let start: Int64 = 1_717_200_000_000_000  // 2024-06-01
        let days = (0..<14).map { start + Int64($0) * day }
        let actual: [Double] = [12, 14, 13, 17, 21, 24, 22, 18, 15, 14, 16, 19, 23, 25]
        let predicted: [Double] = [13, 13, 15, 16, 19, 22, 23, 20, .nan, 15, 15, 18, 21, 24]
        return ChartSpec.lines(
            title: "Hindcast: daily load", x: .timestamps(days),
            series: [
                ChartSeries(name: "actual", values: actual),
                ChartSeries(name: "predicted", values: predicted, style: .lineWithMarkers),
            ],
            yLabel: "load (kWh)", xLabel: "day")
    }()

    /// Two stacked panels over numeric x with a reference/analysis split, an upper threshold only,
    /// and an infinite value (a gap) drawn as points.
    static let drift = ChartSpec(
        title: "Drift", x: .numbers([0, 1, 2, 3, 4, 5, 6, 7]),
        panels: [
            ChartPanel(
                yLabel: "ks",
                series: [
                    ChartSeries(name: "ks", values: [0.02, 0.03, 0.025, 0.02, 0.04, 0.09, 0.12, 0.11], style: .lineWithMarkers)
                ],
                thresholds: ChartThresholds(lower: nil, upper: 0.05), alerts: [5, 6, 7]),
            ChartPanel(
                yLabel: "mean",
                series: [ChartSeries(name: "mean", values: [-1.5, -1.2, -1.4, -1.3, .infinity, 2.5, 3, 2.8], style: .points)]),
        ],
        periods: ChartPeriods(referenceCount: 4))
}

/// Checks that every line fits `width` columns and none ends in a blank.
func expectTidyLines(_ text: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        #expect(TextWidth.of(String(line)) <= width, "too wide: \(line)", sourceLocation: sourceLocation)
        #expect(!line.hasSuffix(" "), "trailing blank: \(line)", sourceLocation: sourceLocation)
    }
}

@Suite struct ChartTextTests {
    @Test func monitoringChartMatchesGolden() {
        let expected = """
            Estimated ROC AUC (CBPE)
            roc_auc  thresholds: lower 0.9612, upper 0.9788
                               reference              ¦               analysis
            0.98 ┤─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ¦ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─
                 │░░░░░░░░░░░░┌─●───┐░░░░░░░░░░░      ¦░░░░░░
                 │──●─────●───┘░░░░░└─●─────●─────●───¦──●───┐░░░░░
                 │─░─░─░─░─░─░─ ─ ─ ─░─░─░─ ─ ─ ─░─░─░¦░─░─░─└─●─── ─ ─ ───●───┐─ ─ ─ ─ ─ ─
            0.96 ┤                                    ¦                  ░░░░░░│
                 │                                    ¦                        │
                 │                                    ¦                        │
            0.94 ┤                                    ¦                        │
                 │                                    ¦                        │░▲░░░
                 │                                    ¦                        └─●───┐░░▲░░░
                 │                                    ¦                        ░░░░░░└──●───
            0.92 ┤                                    ¦                              ░░░░░░░
                 └──┬─────────────────────────────┬───┴──────────────────────────┬──────────
                [0:4999]                    [25000:29999]                  [50000:54999]
            ─●─ estimated roc_auc   ─ ─ threshold   ░ confidence band   ▲ alert
            alerts: [50000:54999], [55000:59999]
            """
        let text = TextChart.render(ChartSamples.monitoring)
        #expect(text == expected)
        expectTidyLines(text, width: 80)
    }

    @Test func hindcastMatchesGolden() {
        let expected = """
            Hindcast: daily load
            load (kWh)
            25.0 ┤                   ┌──┐                            ┌╔■
                 │                 ┌─╔■═══■══╗                    ┌─╔═╝
            20.0 ┤               ┌─╔═╝      └╚═■                ┌╔═■╝
                 │             ┌╔═■╝          └─┐            ┌╔■═╝
                 │          ╔═■═╝               └─┐      ┌──╔═╝
            15.0 ┤  ┌───╔═■═╝┘                    └────■═══■╝
                 │■═══■═╝──┘
            10.0 ┤
                 └────────┬────────────────────────────┬────────────────
                     2024-06-03                   2024-06-10
                                           day
            ─── actual   ═■═ predicted
            """
        let text = TextChart.render(ChartSamples.hindcast, style: TextChartStyle(width: 60, panelHeight: 8))
        #expect(text == expected)
        expectTidyLines(text, width: 60)
    }

    @Test func stackedPanelsMatchGolden() {
        let expected = """
            Drift
            ks  threshold: upper 0.05
                          reference          ¦         analysis
            0.15 ┤                           ¦                 ▲       ▲
                 │                           ¦          ▲   ┌──●───────●
             0.1 ┤                           ¦        ┌─●───┘
            0.05 ┤─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─¦─ ─ ┌───┘ ─ ─ ─ ─ ─ ─ ─ ─
                 │●───────●──────●───────●   ¦  ●─┘
             0.0 ┤                           ¦
                 ├───────────────────────────┼──────────────────────────
            mean
             4.0 ┤                           ¦
                 │                           ¦          ●      ●       ●
             2.0 ┤                           ¦
             0.0 ┤                           ¦
                 │        ●              ●   ¦
            -2.0 ┤●              ●           ¦
                 └┬───────┬──────┬───────┬───┴──┬───────┬──────┬───────┬
                 0.0     1.0    2.0     3.0    4.0     5.0    6.0    7.0
            ─●─ ks   ● mean   ─ ─ threshold   ▲ alert
            alerts in ks: 5.0, 6.0, 7.0
            """
        let text = TextChart.render(ChartSamples.drift, style: TextChartStyle(width: 60, panelHeight: 6))
        #expect(text == expected)
        expectTidyLines(text, width: 60)
    }

    @Test func renderingIsRepeatable() {
        for spec in [ChartSamples.monitoring, ChartSamples.hindcast, ChartSamples.drift] {
            #expect(TextChart.render(spec) == TextChart.render(spec))
        }
    }

    @Test func heightAndWidthFollowTheStyle() {
        for height in [3, 5, 12, 20] {
            for width in [40, 80, 120] {
                let text = TextChart.render(ChartSamples.monitoring, style: TextChartStyle(width: width, panelHeight: height))
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let plotRows = lines.filter { $0.contains("┤") || $0.contains("│") }
                #expect(plotRows.count == height)
                #expect(lines.contains { TextWidth.of(String($0)) == width })
                expectTidyLines(text, width: width)
            }
        }
    }

    @Test func seriesLookDifferentAndTheLegendSaysHow() {
        let spec = ChartSpec.lines(
            x: .numbers([0, 1, 2]),
            series: [
                ChartSeries(name: "a", values: [0, 1, 2]),
                ChartSeries(name: "b", values: [2, 1, 0], style: .lineWithMarkers),
                ChartSeries(name: "c", values: [1, 1, 1], style: .points),
            ])
        let text = TextChart.render(spec, style: TextChartStyle(width: 40, panelHeight: 5))
        #expect(text.hasSuffix("─── a   ═■═ b   ○ c"))
        #expect(text.contains("═") && text.contains("■") && text.contains("○"))
    }

    @Test func alertSummaryNamesPositionsAndCapsLongLists() {
        let keys = (0..<30).map { "2019-\($0 < 9 ? "0" : "")\($0 + 1)" }
        let spec = ChartSpec(
            x: .categories(keys),
            panels: [ChartPanel(series: [ChartSeries(name: "v", values: (0..<30).map { Double($0) })], alerts: Array(0..<25) + [99, -1])])
        let text = TextChart.render(spec)
        #expect(text.contains("alerts: 2019-01, 2019-02"))
        #expect(text.contains("and 5 more"))
        expectTidyLines(text, width: 80)
        let quiet = ChartSpec(
            x: .numbers([1, 2]),
            panels: [
                ChartPanel(yLabel: "a", series: [ChartSeries(name: "a", values: [1, 2])], thresholds: ChartThresholds(lower: 0, upper: 3)),
                ChartPanel(series: [ChartSeries(name: "b", values: [1, 2])], alerts: [1]),
            ])
        let summary = TextChart.render(quiet).split(separator: "\n").suffix(2)
        #expect(Array(summary) == ["alerts in a: none", "alerts in panel 2: 2.0"])
    }

    @Test func timestampAlertsAndPeriodsWithoutSplit() {
        let day: Int64 = 86_400_000_000
        let spec = ChartSpec(
            x: .timestamps([0, day, 2 * day]),
            panels: [ChartPanel(series: [ChartSeries(name: "v", values: [1, 2, 3])], alerts: [2])],
            periods: ChartPeriods(referenceCount: 3))
        let text = TextChart.render(spec, style: TextChartStyle(width: 50, panelHeight: 4))
        #expect(text.contains("reference"))
        #expect(!text.contains("¦"))
        #expect(text.hasSuffix("alerts: 1970-01-03"))
    }

    /// Every glyph is ASCII or from the WGL4 set that common monospace fonts (DejaVu Sans Mono,
    /// Menlo, Consolas, Liberation Mono) all cover; braille, missing from the fonts GitHub falls back
    /// to in code blocks, never appears.
    @Test func onlyMonospaceSafeGlyphs() {
        let allowed = Set("─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬░▲●■○□◊¦…".unicodeScalars)
        var random = SplitMix64(state: 7)
        var specs = [ChartSamples.monitoring, ChartSamples.hindcast, ChartSamples.drift]
        for _ in 0..<20 { specs.append(ChartDegenerateTests.randomSpec(&random)) }
        for spec in specs {
            for scalar in TextChart.render(spec).unicodeScalars where !(scalar.value >= 0x20 && scalar.value < 0x7F) {
                #expect(scalar == "\n" || allowed.contains(scalar), "unexpected glyph U+\(String(scalar.value, radix: 16))")
            }
        }
    }
}
