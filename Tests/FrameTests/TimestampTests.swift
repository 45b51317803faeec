import Testing
import Frame

@Suite struct TimestampTests {
    @Test func civilDaysRoundTrip() {
        var day: Int64 = -800_000
        while day < 800_000 {
            let (year, month, dayOfMonth) = CivilTime.date(days: day)
            #expect(CivilTime.days(year: year, month: month, day: dayOfMonth) == day)
            day += 997
        }
        #expect(CivilTime.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilTime.date(days: -1) == (1969, 12, 31))
    }

    @Test func parsing() {
        #expect(TimestampParsing.parse("1970-01-01") == 0)
        #expect(TimestampParsing.parse("1970-01-01T00:00:01") == 1_000_000)
        #expect(TimestampParsing.parse("1970-01-01 00:01") == 60_000_000)
        #expect(TimestampParsing.parse("1970-01-01T00:00:00.000001Z") == 1)
        #expect(TimestampParsing.parse("1970-01-01T00:00:00.1234567") == 123_456)
        #expect(TimestampParsing.parse("1970-01-01T01:00:00+01:00") == 0)
        #expect(TimestampParsing.parse("1969-12-31T23:00:00-0100") == 0)
        for bad in ["1970-01-32", "1970-00-10", "1970-01-01T", "1970-01-01T1:00", "1970-01/01", "70-01-01",
                    "1970-01-01Z", "1970-01-01T00:00:60", "1970-01-01T00:00:00.", "1970-01-01 00:00:00 "] {
            #expect(TimestampParsing.parse(bad) == nil, "\(bad)")
        }
    }
}
