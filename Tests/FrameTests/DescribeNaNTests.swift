import Frame
import Testing
import TestSupport

/// `describe` treats NaN as the aggregates do: it counts as a value, reaches mean and std, and
/// is ignored by min, the quantiles and max; a `nan_count` row says how many there were.
@Suite struct DescribeNaNTests {
    static func cell(_ summary: DataFrame, _ column: String, _ statistic: String) -> Scalar? {
        guard let labels = summary.column(named: "statistic")?.scalars,
              let row = labels.firstIndex(of: .string(statistic)) else { return nil }
        return summary.column(named: column)?.scalar(at: row)
    }

    @Test func nanIsIgnoredByTheOrderStatistics() throws {
        let frame = try DataFrame(columns: [
            Column(name: "r", floats: [1.0, .nan, 1.5, 0, 0], validity: [true, true, true, false, true]),
            Column(name: "s", strings: ["a", "b", nil, "c", "d"]),
        ])
        let summary = try frame.describe()
        #expect(summary.column(named: "statistic")?.scalars.map { $0 == .string("nan_count") } == [false, false, true, false, false, false, false, false, false, false])
        #expect(Self.cell(summary, "r", "count") == .float(4))
        #expect(Self.cell(summary, "r", "null_count") == .float(1))
        #expect(Self.cell(summary, "r", "nan_count") == .float(1))
        #expect(Self.cell(summary, "s", "nan_count") == .null)
        if case .float(let mean)? = Self.cell(summary, "r", "mean") { #expect(mean.isNaN) } else { Issue.record("mean is not a float") }
        #expect(Self.cell(summary, "r", "min") == .float(0))
        #expect(Self.cell(summary, "r", "50%") == .float(1))
        #expect(Self.cell(summary, "r", "75%") == .float(1.5))
        #expect(Self.cell(summary, "r", "max") == .float(1.5))
    }

    @Test func withoutNaNTheLayoutIsUnchanged() throws {
        let frame = try DataFrame(columns: [Column(name: "x", floats: [3, 1, 2])])
        let summary = try frame.describe()
        #expect(summary.column(named: "statistic")?.scalars == DataFrame.describeStatistics.map(Scalar.string))
        #expect(Self.cell(summary, "x", "max") == .float(3))
        let empty = try frame.head(0).describe()
        #expect(empty.height == DataFrame.describeStatistics.count)
    }

    @Test func allNaNGivesNullOrderStatistics() throws {
        let frame = try DataFrame(columns: [Column(name: "z", floats: [.nan, .nan]), Column(name: "t", timestamps: [0, 1])])
        let summary = try frame.describe()
        #expect(Self.cell(summary, "z", "count") == .float(2))
        #expect(Self.cell(summary, "z", "nan_count") == .float(2))
        #expect(Self.cell(summary, "z", "min") == .null)
        #expect(Self.cell(summary, "z", "max") == .null)
        #expect(Self.cell(summary, "t", "nan_count") == .null)
        #expect(summary.column(named: "t")?.type == .string)
    }

    @Test func matchesTheAggregatesOnRandomColumns() throws {
        var rng = SplitMix64(state: 11)
        for _ in 0..<40 {
            let rows = 1 + rng.below(12)
            let values = (0..<rows).map { _ in rng.below(4) == 0 ? Double.nan : Double(rng.below(50)) }
            let frame = try DataFrame(columns: [Column(name: "v", floats: values)])
            let summary = try frame.describe()
            let numbers = values.filter { !$0.isNaN }
            let aggregated = try frame.aggregate([("lo", .min(.column("v"))), ("hi", .max(.column("v")))])
            #expect(Self.cell(summary, "v", "min") == aggregated.column(named: "lo")?.scalar(at: 0))
            #expect(Self.cell(summary, "v", "max") == aggregated.column(named: "hi")?.scalar(at: 0))
            #expect(Self.cell(summary, "v", "min") == (numbers.min().map(Scalar.float) ?? .null))
        }
    }
}
