import Foundation
import Testing

@testable import Frame

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML with Foundation's XMLParser and keeps what the SVG tests look at.
final class ChartXML: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var texts: [String] = []
    var error: String? = nil
    private var currentText = ""

    static func parse(_ text: String) -> ChartXML {
        let result = ChartXML()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = result
        if !parser.parse() && result.error == nil {
            result.error = parser.parserError.map { "\($0)" } ?? "parse failed"
        }
        return result
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(elementName)
        attributes.append(attributeDict)
        currentText = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" || elementName == "title" { texts.append(currentText) }
        currentText = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "\(parseError)"
    }

    /// How many elements named `name` have attribute `key` equal to `value`.
    func count(_ name: String, _ key: String, _ value: String) -> Int {
        zip(elements, attributes).filter { $0.0 == name && $0.1[key] == value }.count
    }
}

@Suite struct ChartSVGTests {
    static let tiny = ChartSpec(
        title: "a<b & \"c\"", x: .categories(["k1", "k2"]),
        panels: [
            ChartPanel(
                yLabel: "v", series: [ChartSeries(name: "s", values: [1, 2], style: .lineWithMarkers)],
                thresholds: ChartThresholds(lower: 0.5, upper: nil),
                confidence: ChartBand(lower: [0.8, 1.5], upper: [1.2, 2.5]), alerts: [1])
        ],
        periods: ChartPeriods(referenceCount: 1))

    @Test func samplesAreWellFormedSVG() throws {
        for spec in [ChartSamples.monitoring, ChartSamples.hindcast, ChartSamples.drift, Self.tiny] {
            let svg = SVGChart.render(spec)
            let xml = ChartXML.parse(svg)
            #expect(xml.error == nil)
            #expect(xml.elements.first == "svg")
            #expect(xml.attributes.first?["width"] == "800")
            #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
            #expect(svg.hasSuffix("</svg>\n"))
        }
    }

    @Test func tinyChartMatchesGoldenBytes() {
        let expected = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="300" height="252" viewBox="0 0 300 252" font-family="sans-serif">
            <title>a&lt;b &amp; &quot;c&quot;</title>
            <rect x="0.00" y="0.00" width="300.00" height="252.00" fill="#ffffff"/>
            <text x="16.00" y="26.00" font-size="16" font-weight="bold" fill="#111111">a&lt;b &amp; &quot;c&quot;</text>
            <text x="48.00" y="52.00" font-size="12" font-weight="bold" fill="#222222">v</text>
            <text x="69.20" y="52.00" font-size="11" fill="#555555">threshold: lower 0.5</text>
            <text x="106.00" y="70.00" font-size="11" text-anchor="middle" fill="#555555">reference</text>
            <text x="222.00" y="70.00" font-size="11" text-anchor="middle" fill="#555555">analysis</text>
            <rect x="48.00" y="76.00" width="116.00" height="80.00" fill="#f3f1f7"/>
            <rect x="48.00" y="76.00" width="232.00" height="66.67" fill="#9ecae1" fill-opacity="0.25"/>
            <line x1="48.00" y1="156.00" x2="280.00" y2="156.00" stroke="#e3e3e3" stroke-width="1.00"/>
            <text x="42.00" y="160.00" font-size="11" text-anchor="end" fill="#444444">0.0</text>
            <line x1="48.00" y1="129.33" x2="280.00" y2="129.33" stroke="#e3e3e3" stroke-width="1.00"/>
            <text x="42.00" y="133.33" font-size="11" text-anchor="end" fill="#444444">1.0</text>
            <line x1="48.00" y1="102.67" x2="280.00" y2="102.67" stroke="#e3e3e3" stroke-width="1.00"/>
            <text x="42.00" y="106.67" font-size="11" text-anchor="end" fill="#444444">2.0</text>
            <line x1="48.00" y1="76.00" x2="280.00" y2="76.00" stroke="#e3e3e3" stroke-width="1.00"/>
            <text x="42.00" y="80.00" font-size="11" text-anchor="end" fill="#444444">3.0</text>
            <rect x="102.00" y="124.00" width="8.00" height="10.67" fill="#6a51a3" fill-opacity="0.20"/>
            <rect x="218.00" y="89.33" width="8.00" height="26.67" fill="#1f77b4" fill-opacity="0.20"/>
            <line x1="48.00" y1="142.67" x2="280.00" y2="142.67" stroke="#d62728" stroke-width="1.50" stroke-dasharray="6 4"/>
            <line x1="164.00" y1="76.00" x2="164.00" y2="156.00" stroke="#666666" stroke-width="1.00" stroke-dasharray="3 3"/>
            <circle cx="106.00" cy="129.33" r="3.00" fill="#6a51a3"/>
            <circle cx="222.00" cy="102.67" r="3.00" fill="#1f77b4"/>
            <circle cx="222.00" cy="102.67" r="5.00" fill="#d62728" stroke="#ffffff" stroke-width="1.00"/>
            <line x1="48.00" y1="76.00" x2="48.00" y2="156.00" stroke="#333333" stroke-width="1.00"/>
            <line x1="48.00" y1="156.00" x2="280.00" y2="156.00" stroke="#333333" stroke-width="1.00"/>
            <line x1="106.00" y1="156.00" x2="106.00" y2="160.00" stroke="#333333" stroke-width="1.00"/>
            <text x="106.00" y="173.00" font-size="11" text-anchor="middle" fill="#333333">k1</text>
            <line x1="222.00" y1="156.00" x2="222.00" y2="160.00" stroke="#333333" stroke-width="1.00"/>
            <text x="222.00" y="173.00" font-size="11" text-anchor="middle" fill="#333333">k2</text>
            <line x1="16.00" y1="190.00" x2="26.00" y2="190.00" stroke="#6a51a3" stroke-width="2.00"/>
            <line x1="28.00" y1="190.00" x2="38.00" y2="190.00" stroke="#1f77b4" stroke-width="2.00"/>
            <circle cx="27.00" cy="190.00" r="3.00" fill="#1f77b4"/>
            <text x="44.00" y="194.00" font-size="11" fill="#333333">s</text>
            <line x1="68.60" y1="190.00" x2="90.60" y2="190.00" stroke="#d62728" stroke-width="1.50" stroke-dasharray="6 4"/>
            <text x="96.60" y="194.00" font-size="11" fill="#333333">threshold</text>
            <rect x="16.00" y="205.00" width="22.00" height="10.00" fill="#1f77b4" fill-opacity="0.20"/>
            <text x="44.00" y="214.00" font-size="11" fill="#333333">confidence band</text>
            <circle cx="172.00" cy="210.00" r="5.00" fill="#d62728" stroke="#ffffff" stroke-width="1.00"/>
            <text x="189.00" y="214.00" font-size="11" fill="#333333">alert</text>
            <text x="16.00" y="237.00" font-size="11" fill="#444444">alerts: k2</text>
            </svg>
            """
        #expect(SVGChart.render(Self.tiny, style: SVGChartStyle(width: 300, panelHeight: 80)) == expected + "\n")
    }

    @Test func bytesAreStableAndWrittenAsRendered() throws {
        let first = SVGChart.render(ChartSamples.monitoring)
        #expect(first == SVGChart.render(ChartSamples.monitoring))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fti-chart-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SVGChart.write(ChartSamples.monitoring, to: path)
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(written == Data(first.utf8))
    }

    @Test func writingToAMissingFolderIsAnIOError() {
        let error = frameError { try SVGChart.write(Self.tiny, to: "/nonexistent-fti-folder/chart.svg") }
        #expect(error?.code == .io)
        #expect(error?.message.contains("/nonexistent-fti-folder/chart.svg") == true)
    }

    @Test func monitoringChartShowsPeriodsBandsAndAlerts() {
        let xml = ChartXML.parse(SVGChart.render(ChartSamples.monitoring))
        #expect(xml.error == nil)
        #expect(xml.count("circle", "fill", ChartSVGLayout.alertColor) == 2 + 1)  // two alerts and the legend
        #expect(xml.count("circle", "fill", ChartSVGLayout.referenceColors[0]) == 6)
        #expect(xml.count("circle", "fill", ChartSVGLayout.analysisColors[0]) == 5 + 1)
        #expect(xml.count("polyline", "stroke", ChartSVGLayout.referenceColors[0]) == 1)
        #expect(xml.count("polyline", "stroke", ChartSVGLayout.analysisColors[0]) == 2)  // split by the gap
        #expect(xml.count("polygon", "fill", ChartSVGLayout.analysisColors[0]) == 2)
        #expect(xml.count("rect", "fill", ChartSVGPanel.bandFill) == 1)
        #expect(xml.count("line", "stroke-dasharray", "6 4") == 2 + 1)
        #expect(xml.texts.contains("reference") && xml.texts.contains("analysis"))
        #expect(xml.texts.contains("alerts: [50000:54999], [55000:59999]"))
    }

    @Test func labelsAreEscaped() {
        let title = "<tag attr='x'> & \"quoted\" \u{1b}[0m \u{FFFE}"
        let spec = ChartSpec.lines(
            title: title, x: .categories(["<a>", "b&c"]), series: [ChartSeries(name: "]]>", values: [1, 2])], yLabel: "y<")
        let xml = ChartXML.parse(SVGChart.render(spec))
        #expect(xml.error == nil)
        #expect(xml.texts.first == "<tag attr='x'> & \"quoted\" \\u{1b}[0m \u{FFFD}")
        #expect(xml.texts.contains("<a>") && xml.texts.contains("b&c") && xml.texts.contains("]]>"))
    }

    @Test func numbersHaveTwoDecimals() {
        let cases: [(Double, String)] = [
            (0, "0.00"), (-0.0, "0.00"), (-0.004, "0.00"), (-0.005, "-0.01"), (0.125, "0.13"), (12.5, "12.50"),
            (800, "800.00"), (-3, "-3.00"), (.nan, "0.00"), (.infinity, "1000000.00"), (-1e300, "-1000000.00"),
        ]
        for (value, text) in cases {
            #expect(ChartSVGWriter.number(value) == text, "\(value)")
        }
    }

    @Test func degenerateChartsAreWellFormed() {
        let specs = [
            ChartSpec.lines(x: .categories([]), series: []),
            ChartSpec.lines(x: .numbers([1]), series: [ChartSeries(name: "v", values: [.nan])]),
            ChartSpec.lines(x: .numbers([1, 2]), series: [ChartSeries(name: "v", values: [5, 5], style: .points)]),
            ChartSpec.lines(x: .timestamps([Int64.min, Int64.max]), series: [ChartSeries(name: "v", values: [-1e308, 1e308])]),
            ChartSpec(title: "", x: .numbers([]), panels: []),
        ]
        for spec in specs {
            for style in [SVGChartStyle(), SVGChartStyle(width: 0, panelHeight: 0)] {
                let xml = ChartXML.parse(SVGChart.render(spec, style: style))
                #expect(xml.error == nil)
                #expect(xml.elements.first == "svg")
            }
        }
    }
}
