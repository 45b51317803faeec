import Testing
import Frame

/// read_csv's options in the engine: given types, null tokens, delimiter, header-less files, row limit.
@Suite struct CSVOptionsTests {
    static func options(_ configure: (inout CSVOptions) -> Void) -> CSVOptions {
        var options = CSVOptions()
        configure(&options)
        return options
    }

    @Test func givenTypesOverrideInference() throws {
        let options = Self.options { $0.columnTypes = [CSVColumnType("id", .string), CSVColumnType("n", .float)] }
        let frame = try csv("id,n,t\n007,1,x\n,2,y\n", options)
        #expect(frame.columns.map(\.type) == [.string, .float, .string])
        #expect(frame.columns[0].scalars == [.string("007"), .null])
        #expect(frame.columns[1].scalars == [.float(1), .float(2)])
    }

    @Test func givenTypesOnEmptyAndOneRowFrames() throws {
        let options = Self.options { $0.columnTypes = [CSVColumnType("a", .int), CSVColumnType("b", .timestamp)] }
        let empty = try csv("a,b\n", options)
        #expect(empty.height == 0)
        #expect(empty.columns.map(\.type) == [.int, .timestamp])
        let one = try csv("a,b\n5,2024-05-01\n", options)
        #expect(one.columns[0].scalars == [.int(5)])
        #expect(one.columns[1].scalars == [.timestamp(1_714_521_600_000_000)])
        let nulls = try csv("a,b\nNA,\n", options)
        #expect(nulls.columns.map(\.nullCount) == [1, 1])
    }

    @Test func anUnparsableValueInATypedColumnNamesLineColumnAndValue() throws {
        let options = Self.options { $0.columnTypes = [CSVColumnType("id", .int)] }
        let error = try #require(frameError { try csv("id,x\n1,a\n2,b\n\"3 5\",c\n", options) })
        #expect(error.code == .parse)
        #expect(error.message == "line 4: cannot read \"3 5\" as int in column 'id'")
        #expect(error.line == 4)
        #expect(error.column == "id")
        let bools = Self.options { $0.columnTypes = [CSVColumnType("flag", .bool)] }
        let bad = try #require(frameError { try csv("flag\ntrue\n1\n", bools) })
        #expect(bad.message == "line 3: cannot read \"1\" as bool in column 'flag'")
    }

    @Test func aTypeForAMissingColumnIsAnError() throws {
        let options = Self.options { $0.columnTypes = [CSVColumnType("nmae", .string)] }
        let error = try #require(frameError { try csv("name,age\nann,3\n", options) })
        #expect(error.code == .columnNotFound)
        #expect(error.message == "test.csv has no column 'nmae' to give a type")
        #expect(error.hint == "did you mean .name?")
        let duration = Self.options { $0.columnTypes = [CSVColumnType("age", .duration)] }
        #expect(frameError { try csv("name,age\nann,3\n", duration) }?.code == .invalidArgument)
    }

    @Test func nullTokensReplaceTheDefaults() throws {
        let options = Self.options { $0.nullTokens = ["-", "n/a"] }
        let frame = try csv("a,b\n1,NA\n-,n/a\n3,x\n", options)
        #expect(frame.columns[0].scalars == [.int(1), .null, .int(3)])
        #expect(frame.columns[1].scalars == [.string("NA"), .null, .string("x")])
        let numeric = Self.options { $0.nullTokens = ["-1"] }
        let sentinel = try csv("a\n5\n-1\n7\n", numeric)
        #expect(sentinel.columns[0].scalars == [.int(5), .null, .int(7)])
    }

    @Test func otherDelimiters() throws {
        let semicolon = try csv("a;b\n1,5;x\n", Self.options { $0.delimiter = UInt8(ascii: ";") })
        #expect(semicolon.columns[0].scalars == [.string("1,5")])
        let tab = try csv("a\tb\n1\t2.5\n", Self.options { $0.delimiter = 0x09 })
        #expect(tab.columns[1].scalars == [.float(2.5)])
        let dot = try csv("a.b\n1.2\n", Self.options { $0.delimiter = UInt8(ascii: ".") })
        #expect(dot.columns.map(\.scalars) == [[.int(1)], [.int(2)]])
        #expect(frameError { try csv("a\n", Self.options { $0.delimiter = UInt8(ascii: "\"") }) }?.code == .invalidArgument)
    }

    @Test func headerlessFilesNameTheirColumns() throws {
        let frame = try csv("1,x\n2,y\n", Self.options { $0.hasHeader = false })
        #expect(frame.columnNames == ["column_1", "column_2"])
        #expect(frame.height == 2)
        let typed = Self.options {
            $0.hasHeader = false
            $0.columnTypes = [CSVColumnType("column_1", .float)]
        }
        #expect(try csv("1,x\n", typed).columns[0].scalars == [.float(1)])
    }

    @Test func aRowLimitStopsEarly() throws {
        let limited = Self.options { $0.rowLimit = 2 }
        let frame = try csv("a,b\n1,x\n2,y\n3,z\n", limited)
        #expect(frame.height == 2)
        #expect(frame.columns[1].scalars == [.string("x"), .string("y")])
        // Rows past the limit are not read, so they cannot fail the read.
        #expect(try csv("a,b\n1,x\n\n2,y\nragged\n", limited).height == 2)
        // Types are inferred from the rows read.
        #expect(try csv("a\n1\n2\nx\n", limited).columns[0].type == .int)
        let none = try csv("a,b\n1,x\n", Self.options { $0.rowLimit = 0 })
        #expect(none.height == 0)
        #expect(none.columnNames == ["a", "b"])
        #expect(frameError { try csv("a\n1\n", Self.options { $0.rowLimit = -1 }) }?.code == .invalidArgument)
    }

    @Test func limitsAndTypesAgreeWithThreads() throws {
        var text = "id,v\n"
        for row in 0..<2000 { text += "\(row),\(row % 7 == 0 ? "" : "\(row).25")\n" }
        for threads in [1, 2, 4] {
            var options = CSVOptions()
            options.maximumThreads = threads
            options.minimumBytesPerThread = 1
            options.columnTypes = [CSVColumnType("id", .float)]
            let frame = try csv(text, options)
            #expect(frame.columns[0].type == .float)
            #expect(frame.columns[1].nullCount == 286)
            options.rowLimit = 10
            #expect(try csv(text, options).height == 10)
        }
    }
}
