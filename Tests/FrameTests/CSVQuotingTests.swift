import Testing
import Frame

@Suite struct CSVQuotingTests {
    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let frame = try csv("name,note,n\r\n\"Smith, J\",\"said \"\"hi\"\"\",1\r\n\"multi\nline\",,2\r\n")
        #expect(frame.columnNames == ["name", "note", "n"])
        #expect(frame.height == 2)
        #expect(frame.columns[0].scalars == [.string("Smith, J"), .string("multi\nline")])
        #expect(frame.columns[1].scalars == [.string("said \"hi\""), .null])
        #expect(frame.columns[2].scalars == [.int(1), .int(2)])
    }

    @Test func crlfAndLfLineEndsMix() throws {
        let frame = try csv("a,b\r\n1,x\n2,y\r\n")
        #expect(frame.columns[0].scalars == [.int(1), .int(2)])
        #expect(frame.columns[1].scalars == [.string("x"), .string("y")])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let frame = try csv("\u{FEFF}a,b\n1,2\n")
        #expect(frame.columnNames == ["a", "b"])
    }

    @Test func trailingNewlineIsOptionalAndBlankLinesAreIgnored() throws {
        #expect(try csv("a,b\n1,2").height == 1)
        #expect(try csv("a,b\n1,2\n\n\r\n").height == 1)
        #expect(try csv("a,b\n\n1,2\n\n3,4\n").height == 2)
    }

    @Test func emptyUnquotedFieldsAreNullButQuotedEmptyStringsAreNot() throws {
        let frame = try csv("a,b\nx,\n\"\",y\n")
        #expect(frame.columns[0].scalars == [.string("x"), .string("")])
        #expect(frame.columns[1].scalars == [.null, .string("y")])
    }

    @Test func nullTokensApplyToUnquotedFieldsOnly() throws {
        let frame = try csv("a,b\nNA,\"NA\"\nnull,x\n3,NA\n")
        #expect(frame.columns[0].scalars == [.null, .null, .int(3)])
        #expect(frame.columns[1].scalars == [.string("NA"), .string("x"), .null])
    }

    @Test func quotedNumbersStillInferTypes() throws {
        let frame = try csv("a,b\n\"1\",\"2.5\"\n\"\",\"3\"\n")
        #expect(frame.columns[0].scalars == [.int(1), .null])
        #expect(frame.columns[1].scalars == [.float(2.5), .float(3)])
    }

    @Test func otherDelimiterAndNoHeader() throws {
        var options = CSVOptions()
        options.delimiter = UInt8(ascii: ";")
        options.hasHeader = false
        let frame = try csv("1;a,b\n2;c\n", options)
        #expect(frame.columnNames == ["column_1", "column_2"])
        #expect(frame.columns[1].scalars == [.string("a,b"), .string("c")])
    }

    @Test func lastFieldMayBeEmpty() throws {
        let frame = try csv("a,b,c\n1,2,\n4,5,6")
        #expect(frame.columns[2].scalars == [.null, .int(6)])
    }

    @Test func inputMayEndInsideTheLastRecord() throws {
        #expect(try csv("a\n\"x\"").columns[0].scalars == [.string("x")])
        #expect(try csv("a,b\r\n1,2\r").columns[1].scalars == [.int(2)])
        #expect(try csv("a,b\n1,").columns[1].scalars == [.null])
        let quotedHeader = try csv("\"say \"\"hi\"\"\",\"x,y\"\n1,2\n")
        #expect(quotedHeader.columnNames == ["say \"hi\"", "x,y"])
    }

    @Test func emptyInputAndHeaderOnly() throws {
        #expect(try csv("").width == 0)
        let headerOnly = try csv("a,b\n")
        #expect(headerOnly.columnNames == ["a", "b"])
        #expect(headerOnly.height == 0)
        #expect(headerOnly.columns[0].type == .string)
    }

    @Test func headerNamesAreMadeUnique() throws {
        let frame = try csv("a,,a,a_2\n1,2,3,4\n")
        #expect(frame.columnNames == ["a", "column_2", "a_3", "a_2"])
    }

    @Test func stringsKeepSpacesAndUnicode() throws {
        let frame = try csv("s\n  padded \nhéllo wörld\n")
        #expect(frame.columns[0].scalars == [.string("  padded "), .string("héllo wörld")])
    }
}
