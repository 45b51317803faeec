import Testing
import Frame

@Suite struct NumberFormattingTests {
    @Test func tableFormatting() {
        let cases: [(Double, String)] = [
            (12.8, "12.8"), (0, "0.0"), (0.12, "0.12"), (1234567.9, "1234567.9"), (1.5e-7, "1.5e-07"),
            (-2.5, "-2.5"), (3.14159265, "3.14159"), (100, "100.0"), (123456.7, "123456.7"),
            (0.000123456789, "0.000123457"), (0.0001, "0.0001"), (1e15, "1.0e+15"), (2.5e20, "2.5e+20"),
            (0.1 + 0.2, "0.3"), (9.9999999, "10.0"), (-0.0, "-0.0"), (.infinity, "inf"), (-.infinity, "-inf"),
            (.nan, "nan"), (999999999999999, "999999999999999.0"), (36.032944, "36.0329"),
        ]
        for (value, expected) in cases {
            #expect(NumberFormatting.table(value) == expected, "\(value)")
        }
    }

    @Test func shortestRoundTrip() {
        #expect(NumberFormatting.shortest(1) == "1.0")
        #expect(NumberFormatting.shortest(0.1) == "0.1")
        #expect(NumberFormatting.shortest(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormatting.shortest(1e-5) == "1e-05")
        #expect(NumberFormatting.shortest(1e16) == "1e+16")
        #expect(NumberFormatting.shortest(.nan) == "nan")
        #expect(NumberFormatting.shortest(-.infinity) == "-inf")
    }

    @Test func timestamps() {
        let jan1st2012: Int64 = 1_325_376_000_000_000
        let halfPastSix: Int64 = (6 * 3600 + 1800) * 1_000_000
        #expect(NumberFormatting.timestamp(0) == "1970-01-01")
        #expect(NumberFormatting.timestamp(jan1st2012) == "2012-01-01")
        #expect(NumberFormatting.timestamp(jan1st2012 + halfPastSix) == "2012-01-01 06:30:00")
        #expect(NumberFormatting.timestamp(jan1st2012 + halfPastSix + 123_456) == "2012-01-01 06:30:00.123456")
        #expect(NumberFormatting.timestamp(-1) == "1969-12-31 23:59:59.999999")
        #expect(NumberFormatting.timestamp(jan1st2012, style: .seconds) == "2012-01-01 00:00:00")
    }

    @Test func durations() {
        let second: Int64 = 1_000_000
        #expect(NumberFormatting.duration(0) == "0s")
        #expect(NumberFormatting.duration((7 * 24 + 12) * 3600 * second) == "7d 12h")
        #expect(NumberFormatting.duration(250_000) == "250ms")
        #expect(NumberFormatting.duration(1_500_000) == "1s 500ms")
        #expect(NumberFormatting.duration(-90 * second) == "-1m 30s")
        #expect(NumberFormatting.duration(15) == "15us")
        #expect(NumberFormatting.duration(Int64.min).hasPrefix("-106751991d"))
    }
}
