import Foundation
import Frame
import Testing

/// `ewm_mean` against pandas' `ewm(...).mean()` on the fixtures in Tests/Fixtures/ewm (600 rows in
/// random order, keys with nulls, repeated and null times, missing values; made by
/// make_ewm_fixtures.py there), within 1e-9 relative; and its rules on small cases by hand.
@Suite struct EwmPandasTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ewm")

    static func load(_ name: String) throws -> DataFrame {
        try CSVReader.read(path: fixtures.appendingPathComponent(name).path)
    }

    /// Each fixture column: the options, and whether the time column is used.
    static let configurations: [(name: String, options: EwmOptions, timed: Bool)] = [
        ("hl3d", EwmOptions(decay: .halflife(.duration(3 * 86_400_000_000))), true),
        ("hl3d_noadjust", EwmOptions(decay: .halflife(.duration(3 * 86_400_000_000)), adjust: false), true),
        ("hl36h", EwmOptions(decay: .halflife(.duration(36 * 3_600_000_000))), true),
        ("hl10d_noadjust", EwmOptions(decay: .halflife(.duration(10 * 86_400_000_000)), adjust: false), true),
        ("span5", EwmOptions(decay: .span(5)), false),
        ("span5_noadjust", EwmOptions(decay: .span(5), adjust: false), false),
        ("alpha03", EwmOptions(decay: .alpha(0.3)), false),
        ("alpha03_noadjust", EwmOptions(decay: .alpha(0.3), adjust: false), false),
        ("com2", EwmOptions(decay: .com(2)), false),
        ("hl4rows", EwmOptions(decay: .halflife(.float(4))), false),
    ]

    @Test func matchesPandas() throws {
        let input = try Self.load("input.csv")
        let expected = try Self.load("expected.csv")
        #expect(input.height == 600 && expected.height == 600)
        #expect(input.column(named: "t")?.type == .timestamp)
        for configuration in Self.configurations {
            let result = try input.ewmMean(
                .column("x"), options: configuration.options, on: configuration.timed ? "t" : nil, by: ["k"])
            let reference = try #require(expected.column(named: configuration.name))
            var compared = 0
            for row in 0..<input.height {
                let got = result.scalar(at: row)
                let want = reference.scalar(at: row)
                switch (got, want) {
                case (.float(let a), .float(let b)):
                    #expect(abs(a - b) <= 1e-9 * max(abs(a), abs(b)), "\(configuration.name) row \(row): \(a) vs pandas \(b)")
                    compared += 1
                case (.null, .null):
                    continue
                default:
                    Issue.record("\(configuration.name) row \(row): \(got) vs pandas \(want)")
                }
            }
            #expect(compared > 400, "\(configuration.name) compared only \(compared) rows")
        }
    }

    /// Small cases worked by hand: the adjusted weights, the recursive form by rows and by time,
    /// a missing value carried, rows before the first value null, null times null.
    @Test func handWorkedCases() throws {
        let day: Int64 = 86_400_000_000
        let frame = try DataFrame(columns: [
            Column(name: "t", timestamps: [0, day, 3 * day, 3 * day, 4 * day, 5 * day], validity: [true, true, true, true, true, false]),
            Column(name: "x", floats: [10, 20, 30, 40, 0, 50], validity: [true, true, true, true, false, true]),
        ])
        let adjusted = try frame.ewmMean(.column("x"), options: EwmOptions(decay: .halflife(.duration(day))), on: "t")
        // Row 1: weights 0.5 and 1; row 2: the old weight 1.5 decays by 0.25; row 3 shares its time.
        let w1 = 0.5 * 10 + 20
        let row1 = w1 / 1.5
        let row2 = (0.375 * row1 + 30) / 1.375
        let row3 = (1.375 * row2 + 40) / 2.375
        let values = (0..<6).map { adjusted.scalar(at: $0) }
        #expect(values[0] == .float(10))
        #expect(values[1] == .float(row1))
        if case .float(let a) = values[2] { #expect(abs(a - row2) < 1e-12) } else { Issue.record("row 2 is \(values[2])") }
        if case .float(let a) = values[3] { #expect(abs(a - row3) < 1e-12) } else { Issue.record("row 3 is \(values[3])") }
        #expect(values[4] == values[3], "a missing value carries the mean")
        #expect(values[5] == .null, "a null time gives null")

        let recursive = try frame.ewmMean(.column("x"), options: EwmOptions(decay: .halflife(.duration(day)), adjust: false), on: "t")
        // d = 0.5 then 0.25: 15, then 0.25 * 15 + 0.75 * 30; an equal time gives d = 1 (no change).
        #expect(recursive.scalar(at: 1) == .float(15))
        #expect(recursive.scalar(at: 2) == .float(26.25))
        #expect(recursive.scalar(at: 3) == .float(26.25))

        let rows = try DataFrame(columns: [Column(name: "x", floats: [0, 4, 0, 8], validity: [false, true, false, true])])
        let byRows = try rows.ewmMean(.column("x"), options: EwmOptions(decay: .alpha(0.5), adjust: false))
        #expect(byRows.scalars == [.null, .float(4), .float(4), .float((0.25 * 4 + 0.5 * 8) / 0.75)])
    }

    @Test func emptyOneRowAndKeys() throws {
        let empty = try DataFrame(columns: [Column(name: "x", floats: [])])
        #expect(try empty.ewmMean(.column("x"), options: EwmOptions(decay: .span(3))).count == 0)
        let one = try DataFrame(columns: [Column(name: "x", ints: [7])])
        #expect(try one.ewmMean(.column("x"), options: EwmOptions(decay: .span(3))).scalars == [.float(7)])
        let keyed = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "b", nil, "a", nil]),
            Column(name: "x", ints: [1, 100, 5, 3, 7]),
        ])
        let result = try keyed.ewmMean(.column("x"), options: EwmOptions(decay: .alpha(0.5), adjust: false), by: ["k"])
        #expect(result.scalars == [.float(1), .float(100), .float(5), .float(2), .float(6)])
    }

    @Test func badOptionsAreErrors() throws {
        let frame = try DataFrame(columns: [
            Column(name: "t", timestamps: [0, 1]), Column(name: "i", ints: [1, 2]), Column(name: "s", strings: ["a", "b"]),
        ])
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .span(3)), on: "t") }?.message
            == "ewm_mean with on: decays by elapsed time, so it takes halflife, not span, alpha or com")
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .halflife(.int(3))), on: "t") }?.code == .typeMismatch)
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .halflife(.duration(5)))) }?.message
            == "ewm_mean's halflife is a duration, so it needs on: (a time column)")
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .alpha(0))) }?.code == .invalidArgument)
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .span(0.5))) }?.code == .invalidArgument)
        #expect(frameError { try frame.ewmMean(.column("s"), options: EwmOptions(decay: .span(2))) }?.message
            == "ewm_mean needs a numeric column, but .s is string")
        #expect(frameError { try frame.ewmMean(.column("i"), options: EwmOptions(decay: .halflife(.duration(-1))), on: "t") }?.code == .invalidArgument)
    }
}
