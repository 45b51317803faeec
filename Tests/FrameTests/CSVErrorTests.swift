import Testing
import Frame

@Suite struct CSVErrorTests {
    @Test func raggedRowNamesItsLine() throws {
        let short = try #require(frameError { try csv("a,b,c\n1,2,3\n4,5\n") })
        #expect(short.code == .parse)
        #expect(short.message == "line 3: expected 3 fields, found 2")
        #expect(short.line == 3)
        let long = try #require(frameError { try csv("a,b\n1,2,3\n") })
        #expect(long.message == "line 2: expected 2 fields, found 3")
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() throws {
        let error = try #require(frameError { try csv("a,b\n\"x\ny\",1\n2\n") })
        #expect(error.message == "line 4: expected 2 fields, found 1")
    }

    @Test func unclosedQuoteNamesTheLineWhereItOpened() throws {
        let error = try #require(frameError { try csv("a,b\n1,2\n3,\"open\n4,5\n6,7\n") })
        #expect(error.code == .parse)
        #expect(error.message == "line 3: unclosed quote")
        #expect(error.line == 3)
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        let error = try #require(frameError { try csv("a\n\"x\"y\n") })
        #expect(error.message == "line 2: unexpected character after closing quote")
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        var bytes = Array("a,b\n1,ok\n2,".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n".utf8)
        let error = try #require(frameError { try CSVReader.read(bytes: bytes, sourceName: "x.csv") })
        #expect(error.code == .parse)
        #expect(error.message == "line 3: invalid UTF-8 in column 'b'")
        #expect(error.column == "b")
        #expect(error.line == 3)
    }

    @Test func overlongAndSurrogateEncodingsAreInvalid() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(!UTF8Validation.isValid(bad))
        }
        let good = Array("ascii, é, €, 𝄞".utf8)
        #expect(UTF8Validation.isValid(good))
    }

    @Test func missingFileIsAnIOError() throws {
        let error = try #require(frameError { try CSVReader.read(path: "/nonexistent/dir/x.csv") })
        #expect(error.code == .io)
        #expect(error.message == "cannot open '/nonexistent/dir/x.csv': No such file or directory")
    }

    @Test func directoryIsAnIOError() throws {
        let error = try #require(frameError { try CSVReader.read(path: "/tmp") })
        #expect(error.code == .io)
        #expect(error.message == "cannot read '/tmp': Is a directory")
    }
}
