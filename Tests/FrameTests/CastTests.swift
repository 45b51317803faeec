import Testing
import Frame
import TestSupport

/// `cast`: every supported conversion with nulls, the strict failures (naming column, row and
/// value), empty and one-row frames, and a round trip of random values through text.
@Suite struct CastTests {
    @Test func typeNames() {
        #expect(DataType.allTypes.map { DataType.named($0.name) } == DataType.allTypes.map(Optional.some))
        #expect(DataType.named("flaot") == nil)
    }

    @Test func intConversions() throws {
        let ints = Column(name: "i", ints: [0, -3, 7, 2], validity: [true, true, true, false])
        #expect(try ints.cast(to: .float).scalars == [.float(0), .float(-3), .float(7), .null])
        #expect(try ints.cast(to: .bool).scalars == [.bool(false), .bool(true), .bool(true), .null])
        #expect(try ints.cast(to: .string).scalars == [.string("0"), .string("-3"), .string("7"), .null])
        #expect(try ints.cast(to: .timestamp).scalars == [.timestamp(0), .timestamp(-3), .timestamp(7), .null])
        #expect(try ints.cast(to: .duration).type == .duration)
        #expect(try ints.cast(to: .int) == ints)
    }

    @Test func floatToIntIsStrict() throws {
        let whole = Column(name: "f", floats: [1, -0.0, 9.007199254740992e15, 0.5], validity: [true, true, true, false])
        #expect(try whole.cast(to: .int).scalars == [.int(1), .int(0), .int(9_007_199_254_740_992), .null])
        let fraction = try #require(frameError { try Column(name: "f", floats: [1, 2.5]).cast(to: .int) })
        #expect(fraction.code == .typeMismatch)
        #expect(fraction.message == "cannot cast .f to int: row 1 holds 2.5 (not a whole number)")
        #expect(fraction.column == "f")
        #expect(frameError { try Column(name: "f", floats: [9.3e18]).cast(to: .int) }?.message
            == "cannot cast .f to int: row 0 holds 9.3e+18 (out of the int range)")
        #expect(frameError { try Column(name: "f", floats: [-9.223372036854775808e18]).cast(to: .int) } == nil)
        #expect(frameError { try Column(name: "f", floats: [9.223372036854775808e18]).cast(to: .int) }?.code == .typeMismatch)
        #expect(frameError { try Column(name: "f", floats: [.nan]).cast(to: .int) }?.message
            == "cannot cast .f to int: row 0 holds nan (not a number)")
        #expect(frameError { try Column(name: "f", floats: [-.infinity]).cast(to: .int) }?.message
            == "cannot cast .f to int: row 0 holds -inf (out of the int range)")
    }

    @Test func floatAndBoolConversions() throws {
        let floats = Column(name: "f", floats: [0, 2.5, -0.0], validity: [true, true, false])
        #expect(try floats.cast(to: .bool).scalars == [.bool(false), .bool(true), .null])
        #expect(try floats.cast(to: .string).scalars == [.string("0.0"), .string("2.5"), .null])
        #expect(frameError { try Column(name: "f", floats: [.nan]).cast(to: .bool) }?.message == "cannot cast .f to bool: row 0 holds nan")
        let bools = Column(name: "b", bools: [true, false, true], validity: [true, true, false])
        #expect(try bools.cast(to: .int).scalars == [.int(1), .int(0), .null])
        #expect(try bools.cast(to: .float).scalars == [.float(1), .float(0), .null])
        #expect(try bools.cast(to: .string).scalars == [.string("true"), .string("false"), .null])
        #expect(frameError { try bools.cast(to: .timestamp) }?.message == "cannot cast .b from bool to timestamp")
        #expect(frameError { try floats.cast(to: .timestamp) }?.hint == "cast to int first")
    }

    @Test func stringsParseStrictly() throws {
        let text = Column(name: "s", strings: ["12", "-7", nil, "+0"])
        #expect(try text.cast(to: .int).scalars == [.int(12), .int(-7), .null, .int(0)])
        #expect(try Column(name: "s", strings: ["1.5", "1e3", "nan", nil]).cast(to: .float).scalars.prefix(2) == [.float(1.5), .float(1000)])
        #expect(try Column(name: "s", strings: ["true", "FALSE", nil]).cast(to: .bool).scalars == [.bool(true), .bool(false), .null])
        let times = try Column(name: "s", strings: ["2024-05-01", "2024-05-01T06:30:00Z", nil]).cast(to: .timestamp)
        #expect(times.scalars == [.timestamp(1_714_521_600_000_000), .timestamp(1_714_545_000_000_000), .null])
        let bad = try #require(frameError { try Column(name: "s", strings: ["1", nil, " 2"]).cast(to: .int) })
        #expect(bad.code == .parse)
        #expect(bad.message == "cannot cast .s to int: row 2 holds \" 2\"")
        #expect(frameError { try Column(name: "s", strings: ["9223372036854775808"]).cast(to: .int) }?.message
            == "cannot cast .s to int: row 0 holds \"9223372036854775808\"")
        #expect(frameError { try Column(name: "s", strings: ["yes"]).cast(to: .bool) }?.message == "cannot cast .s to bool: row 0 holds \"yes\"")
        #expect(frameError { try Column(name: "s", strings: ["2024-13-01"]).cast(to: .timestamp) }?.message
            == "cannot cast .s to timestamp: row 0 holds \"2024-13-01\"")
        #expect(frameError { try Column(name: "s", strings: [""]).cast(to: .float) }?.message == "cannot cast .s to float: row 0 holds \"\"")
        let long = String(repeating: "x", count: 50)
        #expect(frameError { try Column(name: "s", strings: [long]).cast(to: .int) }?.message
            == "cannot cast .s to int: row 0 holds \"\(String(repeating: "x", count: 40))…\"")
        #expect(frameError { try text.cast(to: .duration) }?.code == .typeMismatch)
    }

    @Test func temporalConversions() throws {
        let times = Column(name: "t", timestamps: [1_714_545_000_000_000, 0, 5], validity: [true, true, false])
        #expect(try times.cast(to: .int).scalars == [.int(1_714_545_000_000_000), .int(0), .null])
        #expect(try times.cast(to: .string).scalars == [.string("2024-05-01 06:30:00"), .string("1970-01-01"), .null])
        let durations = Column(name: "d", durations: [90_000_000])
        #expect(try durations.cast(to: .string).scalars == [.string("1m 30s")])
        #expect(try durations.cast(to: .int).scalars == [.int(90_000_000)])
        #expect(frameError { try times.cast(to: .duration) }?.code == .typeMismatch)
        #expect(frameError { try durations.cast(to: .float) }?.code == .typeMismatch)
    }

    @Test func frameCastsInPlace() throws {
        let frame = try DataFrame(columns: [Column(name: "a", ints: [1, 2]), Column(name: "b", strings: ["3", "4"])])
        let cast = try frame.cast([(column: "a", type: .float), (column: "b", type: .int)])
        #expect(cast.columnNames == ["a", "b"])
        #expect(cast.columns.map(\.type) == [.float, .int])
        #expect(frameError { try frame.cast([(column: "c", type: .int)]) }?.code == .columnNotFound)
        #expect(try frame.head(0).cast([(column: "b", type: .int)]).column(named: "b")?.type == .int)
        #expect(try frame.head(1).cast([(column: "b", type: .float)]).column(named: "b")?.scalars == [.float(3)])
    }

    @Test(arguments: [31, 32, 33])
    func randomValuesRoundTripThroughText(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed))
        let ints = (0..<200).map { _ in Int64(bitPattern: random.next()) >> Int64(random.below(64)) }
        let floats = (0..<200).map { _ in Double(bitPattern: random.next()) }.map { $0.isNaN ? 1.0 : $0 }
        let times = (0..<200).map { _ in Int64(random.below(4_000_000)) * 1_000_003 - 1_000_000_000_000 }
        let valid = (0..<200).map { _ in random.below(5) > 0 }
        let int = Column(name: "i", ints: ints, validity: valid)
        let float = Column(name: "f", floats: floats, validity: valid)
        let time = Column(name: "t", timestamps: times, validity: valid)
        #expect(try int.cast(to: .string).cast(to: .int) == int)
        #expect(try float.cast(to: .string).cast(to: .float) == float)
        #expect(try time.cast(to: .string).cast(to: .timestamp) == time)
        // Whole floats within range go to int and back unchanged.
        let whole = Column(name: "w", floats: ints.map { Double($0 >> 11) }, validity: valid)
        #expect(try whole.cast(to: .int).cast(to: .float) == whole)
    }
}
