import Foundation
import Testing
import Frame

/// Calendar fields, trunc, date and timestamp over timestamp columns, checked against Foundation's
/// Gregorian calendar as an independent oracle.
@Suite struct TemporalFunctionTests {
    static let day: Int64 = 86_400_000_000

    func call(_ frame: DataFrame, _ name: String, _ arguments: Expr...) throws(FrameError) -> Column {
        try frame.evaluate(.call(name, arguments))
    }

    @Test func fieldsAgreeWithFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        // Every 13th day plus an odd time of day, from 1601 to 2399 (Foundation is proleptic there).
        var instants: [Int64] = []
        var days: Int64 = -134_774
        while days < 157_000 {
            instants.append(days * Self.day + (days & 0xFFFF) * 1_318_000_001 % Self.day)
            days += 13
        }
        let frame = try DataFrame(columns: [Column(name: "t", timestamps: instants)])
        let years = try call(frame, "year", col("t")).int64Values
        let months = try call(frame, "month", col("t")).int64Values
        let dayColumn = try call(frame, "day", col("t")).int64Values
        let weekdays = try call(frame, "weekday", col("t")).int64Values
        let hours = try call(frame, "hour", col("t")).int64Values
        let minutes = try call(frame, "minute", col("t")).int64Values
        let weeks = try call(frame, "trunc", col("t"), lit("week")).int64Values
        for (row, micros) in instants.enumerated() {
            let date = Date(timeIntervalSince1970: Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1e6)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
            #expect(years?[row] == Int64(parts.year ?? 0))
            #expect(months?[row] == Int64(parts.month ?? 0))
            #expect(dayColumn?[row] == Int64(parts.day ?? 0))
            // Foundation counts Sunday = 1 … Saturday = 7; ISO counts Monday = 1 … Sunday = 7.
            #expect(weekdays?[row] == Int64(((parts.weekday ?? 0) + 5) % 7 + 1))
            #expect(hours?[row] == Int64(parts.hour ?? 0))
            #expect(minutes?[row] == Int64(parts.minute ?? 0))
            if let start = weeks?[row] {
                #expect(TimeField.weekday.value(of: start) == 1)
                #expect(micros - start >= 0 && micros - start < 7 * Self.day)
            }
        }
    }

    @Test func truncationUnits() throws {
        let t = try #require(TimestampParsing.parse("2024-05-05T10:31:45.5"))
        let expected = ["2024-05-05T10:31:45", "2024-05-05T10:31:00", "2024-05-05T10:00:00", "2024-05-05", "2024-04-29",
                        "2024-05-01", "2024-01-01"]
        for (unit, text) in zip(TimeUnit.allCases, expected) {
            #expect(unit.truncate(t) == TimestampParsing.parse(text), "\(unit)")
        }
        #expect(TimeUnit.day.truncate(-1) == -Self.day)
        #expect(TimeUnit.year.truncate(Int64.min) == nil)
        #expect(TimeUnit.second.truncate(Int64.min + 1) == nil)
        let frame = try DataFrame(columns: [Column(name: "t", timestamps: [t, 0, Int64.min], validity: [true, true, false])])
        let months = try call(frame, "trunc", col("t"), lit("month"))
        #expect(months.type == .timestamp)
        #expect(months.scalars == [.timestamp(TimestampParsing.parse("2024-05-01") ?? 0), .timestamp(0), .null])
        #expect(frameError { try call(frame, "trunc", col("t"), lit("eon")) }?.hint == "the units are \"second\", \"minute\", \"hour\", \"day\", \"week\", \"month\", \"year\"")
        #expect(frameError { try call(frame, "trunc", col("t"), col("t")) }?.code == .invalidArgument)
        let extreme = try DataFrame(columns: [Column(name: "t", timestamps: [Int64.min])])
        #expect(frameError { try call(extreme, "trunc", col("t"), lit("year")) }?.code == .overflow)
    }

    @Test func dateAndTimestampColumns() throws {
        let frame = try DataFrame(columns: [
            Column(name: "y", ints: [2024, 1900, 2000, 0], validity: [true, true, true, false]),
            Column(name: "m", ints: [2, 2, 12, 13]),
            Column(name: "text", strings: ["2024-02-29", "1900/2/28 12:00", nil, "2000-01-01T00:00:00-01:00"]),
        ])
        let dates = try call(frame, "date", col("y"), col("m"), lit(28))
        #expect(dates.type == .timestamp)
        #expect(dates.scalars == [.timestamp(CivilTime.days(year: 2024, month: 2, day: 28) * Self.day),
                                  .timestamp(CivilTime.days(year: 1900, month: 2, day: 28) * Self.day),
                                  .timestamp(CivilTime.days(year: 2000, month: 12, day: 28) * Self.day), .null])
        #expect(frameError { try call(frame, "date", col("y"), col("m"), lit(29)) }?.message
                == "date(1900, 2, 29) is not a day: 1900 is not a leap year, so February has 28 days")
        #expect(frameError { try call(frame, "date", col("y"), lit(1.5), lit(1)) }?.code == .typeMismatch)
        let parsed = try call(frame, "timestamp", col("text"))
        #expect(parsed.scalars == [.timestamp(CivilTime.days(year: 2024, month: 2, day: 29) * Self.day),
                                   .timestamp(CivilTime.days(year: 1900, month: 2, day: 28) * Self.day + 12 * 3_600_000_000), .null,
                                   .timestamp(CivilTime.days(year: 2000, month: 1, day: 1) * Self.day + 3_600_000_000)])
        #expect(try call(frame, "timestamp", col("text")) == call(frame, "timestamp", .call("timestamp", [col("text")])))
        #expect(frameError { try call(frame, "timestamp", col("y")) }?.message == "timestamp expects a string, found int")
        let bad = try DataFrame(columns: [Column(name: "text", strings: ["2024-01-01", "not a date"])])
        let error = frameError { try call(bad, "timestamp", col("text")) }
        #expect(error?.message == "cannot read \"not a date\" as a timestamp")
        #expect(error?.column == "text")
        #expect(frameError { try call(bad, "year", col("text")) }?.hint == "parse the text first with timestamp(...)")
    }

    @Test func nullConstants() throws {
        let frame = try DataFrame(columns: [Column(name: "t", timestamps: [0, 1])])
        // An all-constant call is folded to one boxed value, so only its nulls are checked here.
        #expect(try call(frame, "year", nullLiteral).nullCount == 2)
        #expect(try call(frame, "trunc", nullLiteral, lit("day")).nullCount == 2)
        #expect(try call(frame, "date", lit(2024), nullLiteral, lit(1)).nullCount == 2)
        #expect(try call(frame, "timestamp", nullLiteral).nullCount == 2)
    }
}
