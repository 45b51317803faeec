import Foundation
import Testing
@testable import Runtime

/// `plot(…, height:, y_min:, y_max:)` and the same options of `save_svg`: the text chart's rows
/// per panel, a fixed y range (values outside it not drawn), and the errors for bad values.
@Suite struct PlotOptionsTests {
    static let files = ["t.csv": "day,temp,ozone\n1,60,41\n2,72,36\n3,80,\n4,66,18\n5,95,28\n"]

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let t = read_csv(\"t.csv\")") == "")
        return s
    }

    /// The plot rows of a text chart: after the gutter's blanks, the axis bar `│` or a y label and `┤`.
    static func plotRows(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { line in
            let rest = line.drop(while: { $0 == " " })
            if rest.hasPrefix("│") { return true }
            let label = rest.prefix(while: { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" })
            return !label.isEmpty && rest.dropFirst(label.count).hasPrefix(" ┤")
        }
    }

    @Test func heightSetsTheRowsPerPanel() throws {
        let s = try session()
        #expect(Self.plotRows(s.show("plot(t, x: .day, y: .temp)")).count == 12)
        #expect(Self.plotRows(s.show("plot(t, x: .day, y: .temp, height: 5)")).count == 5)
        #expect(Self.plotRows(s.show("plot(t, x: .day, y: .temp, height: 30)")).count == 30)
        // Deterministic: the same call draws the same text.
        #expect(s.show("plot(t, x: .day, y: [.temp, .ozone], height: 7)") == s.show("plot(t, x: .day, y: [.temp, .ozone], height: 7)"))
    }

    @Test func yLimitsFixTheAxis() throws {
        let s = try session()
        let text = s.show("plot(t, x: .day, y: .temp, height: 11, y_min: 0, y_max: 100)")
        let rows = Self.plotRows(text)
        #expect(rows.first?.hasPrefix("100.0 ┤") == true)
        #expect(rows.last?.hasPrefix("  0.0 ┤") == true)
        // One side fixed: the other comes from the data.
        let low = Self.plotRows(s.show("plot(t, x: .day, y: .temp, height: 5, y_min: 0)"))
        #expect(low.last?.contains("0.0 ┤") == true)
        #expect(low.first?.contains("100.0 ┤") == true)
        // Values outside the range are not drawn: 95 is above y_max 90, so the line stops at day 4.
        let clipped = s.show("plot(t, x: .day, y: .temp, height: 6, y_min: 60, y_max: 90)")
        let unclipped = s.show("plot(t, x: .day, y: .temp, height: 6, y_min: 60, y_max: 100)")
        #expect(clipped != unclipped)
        #expect(Self.plotRows(clipped).first?.hasPrefix("90.0 ┤") == true)
    }

    @Test func monitoringResultsTakeTheOptionsToo() throws {
        let s = try builtinSession(MonitorBuiltinTests.files)
        #expect(s.show("let ref = read_csv(\"ref.csv\"); let ana = read_csv(\"ana.csv\")") == "")
        let text = s.show("plot(drift(ref, ana, columns: [.x], chunk: {size: 25}), height: 4, y_min: 0, y_max: 1)")
        #expect(text.contains("1.0 ┤"))
        #expect(text.contains("0.0 ┤"))
    }

    @Test func saveSVGTakesTheOptions() throws {
        let s = try session()
        let folder = s.options.workingDirectory
        #expect(s.show("save_svg(t, \"tall.svg\", x: .day, y: .temp, height: 24, y_min: 0, y_max: 100)") == "")
        #expect(s.show("save_svg(plot(t, x: .day, y: .temp, height: 24, y_min: 0, y_max: 100), \"same.svg\")") == "")
        #expect(s.show("save_svg(t, \"short.svg\", x: .day, y: .temp)") == "")
        let tall = try String(contentsOfFile: folder + "/tall.svg", encoding: .utf8)
        let same = try String(contentsOfFile: folder + "/same.svg", encoding: .utf8)
        let short = try String(contentsOfFile: folder + "/short.svg", encoding: .utf8)
        #expect(tall == same)
        #expect(tall != short)
        // 24 rows are 400 px of plot against the default 200.
        #expect(Self.svgHeight(tall) - Self.svgHeight(short) == 200)
        // A chart's height can be changed when saving it; its y range cannot.
        #expect(s.show("save_svg(plot(t, x: .day, y: .temp), \"resized.svg\", height: 24)") == "")
        #expect(s.show("save_svg(plot(t, x: .day, y: .temp), \"x.svg\", y_min: 0)")
                == "error: save_svg takes y_min: and y_max: only with a frame; the chart is already drawn")
    }

    static func svgHeight(_ svg: String) -> Int {
        guard let range = svg.range(of: " height=\""), let end = svg[range.upperBound...].firstIndex(of: "\"") else { return 0 }
        return Int(svg[range.upperBound..<end]) ?? 0
    }

    @Test func badValuesAreClearErrors() throws {
        let s = try session()
        #expect(s.show("plot(t, y: .temp, height: 2)") == "error: plot's height is the rows of each panel of the text chart, from 3 to 200; found 2")
        #expect(s.show("plot(t, y: .temp, height: 500)") == "error: plot's height is the rows of each panel of the text chart, from 3 to 200; found 500")
        #expect(s.show("plot(t, y: .temp, height: 10.5)") == "error: plot expects 'height' to be an int, found float")
        #expect(s.show("save_svg(t, \"a.svg\", y: .temp, height: 1)") == "error: save_svg's height is the rows of each panel of the text chart, from 3 to 200; found 1")
        #expect(s.show("plot(t, y: .temp, y_min: 10, y_max: 5)") == "error: plot's y_max (5.0) must be above y_min (10.0)")
        #expect(s.show("plot(t, y: .temp, y_min: 5, y_max: 5)") == "error: plot's y_max (5.0) must be above y_min (5.0)")
        #expect(s.show("plot(t, y: .temp, y_min: \"low\")") == "error: plot expects 'y_min' to be a number, found string")
        #expect(s.show("plot(t, y: .temp, y_max: 1.0 / 0.0)").hasPrefix("error: plot's y_max must be a finite number"))
    }
}
