import Testing
@testable import Lang

@Suite struct LexerTests {
    @Test func numbersStringsAndNames() throws {
        #expect(try kinds("42 3.5 1_000 2e3 \"hi\" x") == [.integer(42), .float(3.5), .integer(1000), .float(2000), .string("hi"), .identifier("x")])
    }

    @Test func durationsAreMicroseconds() throws {
        #expect(try kinds("7d") == [.duration(7 * 86_400_000_000)])
        #expect(try kinds("250ms 15s 30m 12h 1w 5us") == [.duration(250_000), .duration(15_000_000), .duration(1_800_000_000),
                                                         .duration(43_200_000_000), .duration(604_800_000_000), .duration(5)])
        #expect(try kinds("1.5h") == [.duration(5_400_000_000)])
    }

    @Test func timestamps() throws {
        #expect(try kinds("@1970-01-02") == [.timestamp(86_400_000_000)])
        #expect(try kinds("@2024-05-01T06:30:00") == [.timestamp(1_714_545_000_000_000)])
        #expect(try kinds("@2024-05-01T06:30:00.250Z") == [.timestamp(1_714_545_000_250_000)])
    }

    @Test func stringEscapes() throws {
        #expect(try kinds(#""a\"b\\c\n\u{E9}""#) == [.string("a\"b\\c\né")])
    }

    @Test func operatorsAndColumns() throws {
        #expect(try kinds("a |> f(.x >= 1) ?? 2") == [.identifier("a"), .symbol(.pipe), .identifier("f"), .symbol(.leftParen), .symbol(.dot),
                                                     .identifier("x"), .symbol(.greaterEqual), .integer(1), .symbol(.rightParen),
                                                     .symbol(.coalesce), .integer(2)])
    }

    @Test func commentsAreSkipped() throws {
        #expect(try kinds("1 # one\n2") == [.integer(1), .newline, .integer(2)])
    }

    @Test func lineContinuation() throws {
        // A line starting with |> continues the previous one; so does a line after an operator or inside brackets.
        #expect(try kinds("a\n  |> f") == [.identifier("a"), .symbol(.pipe), .identifier("f")])
        #expect(try kinds("1 +\n2") == [.integer(1), .symbol(.plus), .integer(2)])
        #expect(try kinds("f(1,\n2)") == [.identifier("f"), .symbol(.leftParen), .integer(1), .symbol(.comma), .integer(2), .symbol(.rightParen)])
        #expect(try kinds("a\n\n# note\n|> f") == [.identifier("a"), .symbol(.pipe), .identifier("f")])
        #expect(try kinds("a\nb") == [.identifier("a"), .newline, .identifier("b")])
    }

    @Test func incompleteInput() {
        #expect(Lexer.isIncomplete(SourceFile(name: "t", text: "f(1,")))
        #expect(Lexer.isIncomplete(SourceFile(name: "t", text: "[1, 2")))
        #expect(Lexer.isIncomplete(SourceFile(name: "t", text: "1 +")))
        #expect(Lexer.isIncomplete(SourceFile(name: "t", text: "{ let a = 1")))
        #expect(Lexer.isIncomplete(SourceFile(name: "t", text: "\"abc")))
        #expect(!Lexer.isIncomplete(SourceFile(name: "t", text: "f(1)")))
        #expect(!Lexer.isIncomplete(SourceFile(name: "t", text: "1 + 2")))
        #expect(!Lexer.isIncomplete(SourceFile(name: "t", text: "f(1))")))
    }

    @Test func locationsCountCharacters() {
        let source = SourceFile(name: "t", text: "café = 1\nxyz")
        #expect(source.location(of: 0) == (1, 1))
        #expect(source.location(of: 6) == (1, 6))   // after the two-byte é
        #expect(source.location(of: 10) == (2, 1))
        #expect(source.lineText(2) == "xyz")
    }
}
