import Testing
import Frame

@Suite struct CSVInferenceTests {
    static let jan1st2012: Int64 = 1_325_376_000_000_000

    @Test func eachTypeIsInferred() throws {
        let frame = try csv(
            """
            i,f,b,t,s
            1,1.5,true,2012-01-01,x
            -2,2,FALSE,2012-01-02,y
            """)
        #expect(frame.columns.map(\.type) == [.int, .float, .bool, .timestamp, .string])
        #expect(frame.columns[0].scalars == [.int(1), .int(-2)])
        #expect(frame.columns[1].scalars == [.float(1.5), .float(2)])
        #expect(frame.columns[2].scalars == [.bool(true), .bool(false)])
        #expect(frame.columns[3].scalars == [.timestamp(Self.jan1st2012), .timestamp(Self.jan1st2012 + 86_400_000_000)])
    }

    @Test func intsMixedWithFloatsBecomeFloat() throws {
        let frame = try csv("x\n1\n2.5\nNA\n3\n")
        #expect(frame.columns[0].type == .float)
        #expect(frame.columns[0].scalars == [.float(1), .float(2.5), .null, .float(3)])
    }

    @Test func hugeIntegers() throws {
        let fits = try csv("x\n9223372036854775807\n-9223372036854775808\n")
        #expect(fits.columns[0].scalars == [.int(Int64.max), .int(Int64.min)])
        let tooBig = try csv("x\n1\n9223372036854775808\n")
        #expect(tooBig.columns[0].type == .float)
        #expect(tooBig.columns[0].scalars == [.float(1), .float(9_223_372_036_854_775_808)])
    }

    @Test func floatSpellings() throws {
        let frame = try csv("x\n1e5\n-0.5\n.5\n5.\ninf\n-Infinity\n2.5E-3\n+1\n")
        #expect(frame.columns[0].type == .float)
        #expect(
            frame.columns[0].scalars == [
                .float(1e5), .float(-0.5), .float(0.5), .float(5), .float(.infinity), .float(-.infinity),
                .float(0.0025), .float(1),
            ])
        let nan = try csv("x\nNaN\n1.0\n")
        guard case .float(let value) = nan.columns[0].scalar(at: 0) else {
            Issue.record("expected a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func timestampForms() throws {
        let frame = try csv(
            """
            t
            2012-01-01
            2012/01/01
            2012-01-01T06:30:00
            2012-01-01 06:30:00.123Z
            2012-01-01T08:30:00+02:00
            2012-1-1
            """)
        let base = Self.jan1st2012
        let half = Int64(6 * 3600 + 1800) * 1_000_000
        #expect(frame.columns[0].type == .timestamp)
        #expect(
            frame.columns[0].scalars == [
                .timestamp(base), .timestamp(base), .timestamp(base + half), .timestamp(base + half + 123_000),
                .timestamp(base + half), .timestamp(base),
            ])
    }

    @Test func invalidDatesStayStrings() throws {
        #expect(try csv("t\n2012-02-30\n").columns[0].type == .string)
        #expect(try csv("t\n2011-02-29\n").columns[0].type == .string)
        #expect(try csv("t\n2012-02-29\n").columns[0].type == .timestamp)
        #expect(try csv("t\n2012-13-01\n").columns[0].type == .string)
        #expect(try csv("t\n2012-01-01T24:00:00\n").columns[0].type == .string)
        #expect(try csv("t\n1/3/11\n").columns[0].type == .string)
        #expect(try csv("t\n2012-01-01\nlater\n").columns[0].type == .string)
    }

    @Test func mixedValuesFallBackToString() throws {
        let frame = try csv("a,b,c\n1,true,1.5\nabc,maybe,x\n")
        #expect(frame.columns.map(\.type) == [.string, .string, .string])
        #expect(frame.columns[0].scalars == [.string("1"), .string("abc")])
    }

    @Test func allNullColumnIsString() throws {
        let frame = try csv("a,b\n1,\n2,NA\n")
        #expect(frame.columns[1].type == .string)
        #expect(frame.columns[1].nullCount == 2)
    }

    @Test func spacesAroundTypedValuesAreIgnored() throws {
        let frame = try csv("a,b\n 12 , 1.5\n3,2\n")
        #expect(frame.columns[0].scalars == [.int(12), .int(3)])
        #expect(frame.columns[1].scalars == [.float(1.5), .float(2)])
    }
}
