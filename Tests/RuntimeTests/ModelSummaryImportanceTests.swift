import Testing
@testable import Runtime

/// The model summary ranks features by total gain and says so; `importance(m)` defaults to the
/// mean gain per split (XGBoost's "gain"), and `importance(m, type: "total_gain")` gives the
/// summary's order and shares.
@Suite struct ModelSummaryImportanceTests {
    /// y depends strongly on a (split often) and sharply but rarely on b, so mean and total gain disagree.
    static let files: [String: String] = {
        var rows = ["a,b,c,y"]
        for i in 0..<300 {
            let a = Double(i % 50)
            let b = i % 29 == 0 ? 1.0 : 0.0
            let c = Double((i * 7) % 13)
            rows.append("\(a),\(b),\(c),\(a + b * 70 + c * 0.01)")
        }
        return ["d.csv": rows.joined(separator: "\n") + "\n"]
    }()

    @Test func summaryNamesItsMeasureAndMatchesTotalGain() throws {
        let s = try builtinSession(Self.files)
        #expect(s.show("let m = gbdt(read_csv(\"d.csv\"), target: .y, rounds: 30, max_depth: 3)") == "")
        let summary = s.show("m")
        let line = try #require(summary.split(separator: "\n").last)
        #expect(line.hasPrefix("top features by total gain: "))
        let summaryOrder = line.dropFirst("top features by total gain: ".count).split(separator: ",").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        // Features without gain are left out of the summary; the others come in total-gain order.
        #expect(summaryOrder == ["a", "b"])
        #expect(s.show("(importance(m, type: \"total_gain\") |> filter(.total_gain > 0)).feature") == "[\"a\", \"b\"]")
        // Shares are of the total gain.
        #expect(s.show("let t = importance(m, type: \"total_gain\")") == "")
        let share = s.show("round(100 * first(t.total_gain) / sum(t.total_gain), digits: 1)")
        #expect(line.contains("\(summaryOrder[0]) \(share)%"))
        // The default is the mean gain per split, which ranks differently here: b splits rarely but well.
        #expect(s.show("importance(m) |> columns") == "[\"feature\", \"gain\"]")
        #expect(s.show("importance(m).feature == importance(m, type: \"gain\").feature") == "true")
        #expect(s.show("importance(m).feature") == "[\"b\", \"a\", \"c\"]")
    }
}
