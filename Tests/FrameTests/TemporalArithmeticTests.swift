import Testing
import Frame

@Suite struct TemporalArithmeticTests {
    static let day: Int64 = 86_400_000_000
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "start", timestamps: [0, Self.day]),
            Column(name: "end", timestamps: [Self.day, 3 * Self.day]),
            Column(name: "gap", durations: [3_600_000_000, Self.day]),
            Column(name: "n", ints: [2, 0]),
        ])
    }

    @Test func timestampMinusTimestampIsDuration() throws {
        let span = try frame.evaluate(col("end") - col("start"))
        #expect(span.type == .duration)
        #expect(span.scalars == [.duration(Self.day), .duration(2 * Self.day)])
    }

    @Test func timestampPlusOrMinusDuration() throws {
        #expect(try frame.evaluate(col("start") + col("gap")).scalars == [.timestamp(3_600_000_000), .timestamp(2 * Self.day)])
        #expect(try frame.evaluate(col("gap") + col("start")).type == .timestamp)
        #expect(try frame.evaluate(col("end") - col("gap")).scalar(at: 1) == .timestamp(2 * Self.day))
    }

    @Test func durationArithmetic() throws {
        #expect(try frame.evaluate(col("gap") + col("gap")).scalar(at: 0) == .duration(7_200_000_000))
        #expect(try frame.evaluate(col("gap") * col("n")).scalars == [.duration(7_200_000_000), .duration(0)])
        #expect(try frame.evaluate(lit(3) * col("gap")).scalar(at: 0) == .duration(10_800_000_000))
        #expect(try frame.evaluate(col("gap") / col("n")).scalars == [.duration(1_800_000_000), .null])
        let ratio = try frame.evaluate(col("gap") / col("gap"))
        #expect(ratio.type == .float)
        #expect(ratio.scalars == [.float(1), .float(1)])
    }

    @Test func invalidTemporalCombinations() throws {
        #expect(frameError { try frame.evaluate(col("start") + col("end")) }?.message == "cannot add timestamp and timestamp")
        #expect(frameError { try frame.evaluate(col("start") * lit(2)) }?.message == "cannot multiply timestamp by int")
        #expect(frameError { try frame.evaluate(col("start") < col("gap")) }?.message == "cannot compare timestamp and duration")
    }

    @Test func temporalComparisons() throws {
        #expect(try frame.evaluate(col("start") < col("end")).scalars == [.bool(true), .bool(true)])
        #expect(try frame.evaluate(.binary(.greater, col("gap"), .literal(.duration(Self.day / 2)))).scalars == [.bool(false), .bool(true)])
    }
}
