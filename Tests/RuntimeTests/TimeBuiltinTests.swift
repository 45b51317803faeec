import Foundation
import Testing
@testable import Runtime

/// The time builtins: the session clock, building and parsing timestamps, truncation and calendar
/// fields, on values and on timestamp columns.
@Suite struct TimeBuiltinTests {
    static let times = "when,y,m,d,text\n2024-05-05T10:30:00,2024,2,29,2024-05-01T06:30:00Z\n1969-12-31T23:59:59,1900,3,1,\n,2000,12,31,1999-12-31\n2000-02-29T00:00:00,,1,1,2024-01-01T00:00:00+05:30\n"

    @Test func nowIsTheSessionClock() throws {
        let fixed = try builtinSession { $0.clock = SessionOptions.notebookClock }
        #expect(fixed.show("now()") == "@2025-01-01")
        #expect(fixed.show("now() == now()") == "true")
        #expect(SessionOptions.notebookClock == 1_735_689_600_000_000)
        let custom = try builtinSession { $0.clock = 86_400_000_000 + 1 }
        #expect(custom.show("now()") == "@1970-01-02T00:00:00.000001")
        let live = try builtinSession()
        let before = Int64(Date().timeIntervalSince1970 * 1_000_000)
        #expect(live.show("let t = now()\ntype_of(t)") == "\"timestamp\"")
        let after = Int64(Date().timeIntervalSince1970 * 1_000_000)
        #expect(live.show("t - @1970-01-01 >= \(before - 1_000_000) * 1us") == "true")
        #expect(live.show("t - @1970-01-01 <= \(after + 1_000_000) * 1us") == "true")
        #expect(live.show("now(1)") == "error: now takes at most 0 arguments, got 1")
    }

    @Test func dateBuildsAndValidates() throws {
        let s = try builtinSession()
        #expect(s.show("[date(2024, 2, 29), date(1969, 12, 31), date(1, 1, 1)]") == "[@2024-02-29, @1969-12-31, @0001-01-01]")
        #expect(s.show("let ides = date(-44, 3, 15)\n[year(ides), month(ides), day(ides)]") == "[-44, 3, 15]")
        #expect(s.show("[date(2000, 2, 29), date(1600, 2, 29)] == [@2000-02-29, @1600-02-29]") == "true")
        #expect(s.show("[date(null, 1, 1), date(2024, null, 1)]") == "[null, null]")
        #expect(s.show("date(2023, 2, 29)") == "error: date(2023, 2, 29) is not a day: 2023 is not a leap year, so February has 28 days")
        #expect(s.show("date(1900, 2, 29)") == "error: date(1900, 2, 29) is not a day: 1900 is not a leap year, so February has 28 days")
        #expect(s.show("date(2024, 13, 1)") == "error: date(2024, 13, 1) is not a day: month 13 is not between 1 and 12")
        #expect(s.show("date(2024, 4, 31)") == "error: date(2024, 4, 31) is not a day: day 31 is not between 1 and 30 for 2024-04")
        #expect(s.show("date(2024, 1, 0)") == "error: date(2024, 1, 0) is not a day: day 0 is not between 1 and 31 for 2024-01")
        #expect(s.show("date(300000, 1, 1)") == "error: date(300000, 1, 1) is not a day: year 300000 is out of range (-290000...290000)")
        #expect(s.show("date(2024.0, 1, 1)") == "error: date expects 'year' to be an int, found float")
        #expect(s.show("date(2024, 1)") == "error: date needs the argument 'day'")
    }

    @Test func timestampParsesIsoText() throws {
        let s = try builtinSession()
        #expect(s.show("[timestamp(\"2024-05-01\"), timestamp(\"2024-05-01T06:30:00Z\"), timestamp(\"2024-05-01 06:30\")]")
                == "[@2024-05-01, @2024-05-01T06:30:00, @2024-05-01T06:30:00]")
        #expect(s.show("timestamp(\"2024-05-01T06:30:00.250+02:00\")") == "@2024-05-01T04:30:00.250000")
        #expect(s.show("timestamp(@2024-05-01) == @2024-05-01") == "true")
        #expect(s.show("[timestamp(null)]") == "[null]")
        #expect(s.show("timestamp(\"2024-02-30\")") == "error: cannot read \"2024-02-30\" as a timestamp")
        #expect(s.show("timestamp(\"yesterday\")") == "error: cannot read \"yesterday\" as a timestamp")
        #expect(s.failure("timestamp(\"\")")?.contains("write YYYY-MM-DD") == true)
        #expect(s.show("timestamp(20240501)") == "error: timestamp expects a string, found int")
    }

    @Test func truncRoundsDown() throws {
        let s = try builtinSession()
        let t = "@2024-05-01T06:30:45.5"
        #expect(s.show("[\"second\", \"minute\", \"hour\", \"day\", \"week\", \"month\", \"year\"] |> map(u => trunc(\(t), u))")
                == "[@2024-05-01T06:30:45, @2024-05-01T06:30:00, @2024-05-01T06:00:00, @2024-05-01, @2024-04-29, @2024-05-01, @2024-01-01]")
        // Weeks start on Monday: a Sunday goes back six days, a Monday stays.
        #expect(s.show("[trunc(@2024-05-05T23:00:00, \"week\"), trunc(@2024-05-06, \"week\"), trunc(@1970-01-01, \"week\")]")
                == "[@2024-04-29, @2024-05-06, @1969-12-29]")
        // Before 1970 truncation still goes down, not toward zero.
        #expect(s.show("[trunc(@1969-12-31T23:59:59, \"day\"), trunc(@1969-12-31T23:59:59, \"hour\"), trunc(@1969-03-15, \"year\")]")
                == "[@1969-12-31, @1969-12-31T23:00:00, @1969-01-01]")
        #expect(s.show("[trunc(null, \"day\")]") == "[null]")
        #expect(s.show("trunc(@2024-05-01, \"fortnight\")") == "error: trunc does not know the unit \"fortnight\"")
        #expect(s.failure("trunc(@2024-05-01, \"days\")")?.contains("the units are \"second\", \"minute\", \"hour\", \"day\", \"week\", \"month\", \"year\"") == true)
        #expect(s.show("trunc(@2024-05-01, 1)") == "error: trunc expects 'unit' to be a string such as \"day\" or an interval such as 15m, found int")
        // A fixed interval counts from the epoch, also before 1970.
        #expect(s.show("[trunc(@2024-05-01T06:37:10, 15m), trunc(@2024-05-01T06:37:10, 1d), trunc(@1969-12-31T23:59:59, 2h)]")
                == "[@2024-05-01T06:30:00, @2024-05-01, @1969-12-31T22:00:00]")
        #expect(s.show("trunc(@2024-05-01, 0s)") == "error: trunc needs a positive interval, found 0s")
        #expect(s.show("trunc(\"2024-05-01\", \"day\")") == "error: trunc expects 'time' to be a timestamp, found string")
        #expect(s.failure("trunc(\"2024-05-01\", \"day\")")?.contains("parse the text first with timestamp(...)") == true)
        #expect(s.show("trunc(@1970-01-01 - 1us * 9223372036854775807, \"year\")") == "error: timestamp out of range in trunc")
    }

    @Test func calendarFields() throws {
        let s = try builtinSession()
        let t = "@2024-05-05T10:30:59"
        #expect(s.show("[year(\(t)), month(\(t)), day(\(t)), weekday(\(t)), hour(\(t)), minute(\(t))]") == "[2024, 5, 5, 7, 10, 30]")
        #expect(s.show("map(range(7), i => weekday(@2024-04-29 + i * 1d))") == "[1, 2, 3, 4, 5, 6, 7]")
        let early = "@1969-12-31T23:59:59"
        #expect(s.show("[year(\(early)), month(\(early)), day(\(early)), weekday(\(early)), hour(\(early)), minute(\(early))]")
                == "[1969, 12, 31, 3, 23, 59]")
        #expect(s.show("[year(date(-1, 12, 31)), day(date(2400, 2, 29)), weekday(date(1600, 1, 1))]") == "[-1, 29, 6]")
        #expect(s.show("[year(null), weekday(null)]") == "[null, null]")
        #expect(s.show("year(2024)") == "error: year expects 'time' to be a timestamp, found int")
        #expect(s.show("hour(\"10:00\")") == "error: hour expects 'time' to be a timestamp, found string")
    }

    @Test func elementwiseOnTimestampColumnsMatchesValues() throws {
        let s = try builtinSession(["t.csv": Self.times])
        let columns = s.show("""
        let t = read_csv("t.csv") |> with(yr: year(.when), mo: month(.when), dy: day(.when), wd: weekday(.when), hr: hour(.when), mi: minute(.when), \
        wk: trunc(.when, "week"), mt: trunc(.when, "month"), dt: date(.y, .m, .d), ts: timestamp(.text))
        [t.yr, t.mo, t.dy, t.wd, t.hr, t.mi, t.wk, t.mt, t.dt, t.ts]
        """)
        #expect(columns == """
        [[2024, 1969, null, 2000], [5, 12, null, 2], [5, 31, null, 29], [7, 3, null, 2], [10, 23, null, 0], [30, 59, null, 0], \
        [@2024-04-29, @1969-12-29, null, @2000-02-28], [@2024-05-01, @1969-12-01, null, @2000-02-01], \
        [@2024-02-29, @1900-03-01, @2000-12-31, null], [@2024-05-01T06:30:00, null, @1999-12-31, @2023-12-31T18:30:00]]
        """)
        let values = s.show("""
        let p = read_csv("t.csv")
        [map(p.when, year), map(p.when, month), map(p.when, day), map(p.when, weekday), map(p.when, hour), map(p.when, minute), \
        map(p.when, x => trunc(x, "week")), map(p.when, x => trunc(x, "month")), map(zip(p.y, p.m, p.d), r => date(r[0], r[1], r[2])), map(p.text, timestamp)]
        """)
        #expect(values == columns)
        // Truncation to a fixed interval gives the same answers on a column as on single values.
        let column = s.show("(read_csv(\"t.csv\") |> with(q: trunc(.when, 15m))).q")
        let scalars = s.show("map(read_csv(\"t.csv\").when, x => trunc(x, 15m))")
        #expect(column == scalars)
        #expect(column.hasPrefix("[@2024-05-"))
    }

    @Test func columnErrors() throws {
        let s = try builtinSession(["t.csv": Self.times, "bad.csv": "y,m,d,text\n2023,2,29,2024-01-01\n2024,1,1,soon\n"])
        #expect(s.show("read_csv(\"t.csv\") |> with(x: year(.y))") == "error: year expects a timestamp, found int")
        #expect(s.show("read_csv(\"t.csv\") |> with(x: trunc(.when, \"decade\"))") == "error: trunc does not know the unit \"decade\"")
        #expect(s.show("read_csv(\"bad.csv\") |> with(x: date(.y, .m, .d))") == "error: date(2023, 2, 29) is not a day: 2023 is not a leap year, so February has 28 days")
        #expect(s.show("read_csv(\"bad.csv\") |> with(x: timestamp(.text))") == "error: cannot read \"soon\" as a timestamp")
    }
}
