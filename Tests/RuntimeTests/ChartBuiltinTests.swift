import Foundation
import Testing
@testable import Runtime

/// `plot` and `save_svg` through the language; the drawing itself is tested in FrameTests.
@Suite struct ChartBuiltinTests {
    func session() throws -> Session {
        let s = try builtinSession(MonitorBuiltinTests.files)
        #expect(s.show("let ref = read_csv(\"ref.csv\"); let ana = read_csv(\"ana.csv\")") == "")
        return s
    }

    @Test func plotsAMonitoringResultPerMetric() throws {
        let s = try session()
        let text = s.show("plot(drift(ref, ana, columns: [.x, .c], chunk: {size: 25}), title: \"drift\")")
        #expect(text.hasPrefix("drift\nx · jensen_shannon  threshold: upper "))
        #expect(text.contains("c · jensen_shannon  threshold: upper "))
        #expect(text.contains("reference"))
        #expect(text.contains("analysis"))
        #expect(text.contains("alerts in x · jensen_shannon: [100:124], [125:149], [150:174], [175:199]"))
        #expect(s.show("plot(drift(ref, ana, columns: [.x], chunk: {size: 25})) |> type_of") == "\"chart\"")
    }

    @Test func plotsColumnsOverX() throws {
        let s = try session()
        let text = s.show("plot(ref |> head(20), x: .p, y: [.x, .r])")
        #expect(text.contains("─●─ x   ═■═ r"))
        #expect(s.show("plot(ref, y: .x)").contains("row"))
    }

    @Test func savesSVG() throws {
        let s = try session()
        #expect(s.show("save_svg(plot(ref |> head(10), y: .x), \"a.svg\")") == "")
        #expect(s.show("save_svg(ref |> head(10), \"b.svg\", y: .x)") == "")
        let folder = s.options.workingDirectory
        let a = try String(contentsOfFile: folder + "/a.svg", encoding: .utf8)
        let b = try String(contentsOfFile: folder + "/b.svg", encoding: .utf8)
        #expect(a.hasPrefix("<svg") || a.hasPrefix("<?xml"))
        #expect(a == b)
    }

    @Test func mistakes() throws {
        let s = try session()
        #expect(s.show("plot(ref)") == "error: plot needs the columns to draw, e.g. y: [.actual, .predicted]")
        #expect(s.show("plot(42)") == "error: plot expects a frame or a monitoring result, found int")
        #expect(s.show("plot(ref, y: .c)") == "error: .c is not a number column; plot draws numbers")
        #expect(s.show("plot(ref, y: .nope)") == "error: unknown column .nope in the plotted frame")
        #expect(s.show("save_svg(plot(ref, y: .x), \"a.svg\", y: .x)")
            == "error: save_svg takes x:, y: and title: only with a frame; the chart is already drawn")
        #expect(s.show("save_svg(plot(ref, y: .x), \"no/such/dir/a.svg\")").hasPrefix("error:"))
    }
}
