import Testing
@testable import Lang

/// Diagnostics stay readable whatever the input: a megabyte-long line is quoted in a window
/// around the caret, control characters are drawn as pictures, and messages are clipped.
@Suite struct DiagnosticWindowTests {
    /// The rendered lines of the diagnostic `text` produces.
    func renderedLines(_ text: String) throws -> [Substring] {
        try #require(diagnostic(text)).rendered().split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func longLinesAreQuotedAroundTheCaret() throws {
        let text = "[" + String(repeating: "1, ", count: 100_000) + "$]"
        let lines = try renderedLines(text)
        #expect(lines[0] == "error: unexpected character '$'")
        #expect(lines[1] == " --> <test>:1:300002")
        #expect(lines.allSatisfy { $0.count < 200 })
        // The caret stands under the `$` in the quoted window.
        let quoted = lines[3], caret = lines[4]
        let caretColumn = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        let dollar = try #require(quoted.firstIndex(of: "$")).utf16Offset(in: quoted)
        #expect(caretColumn == dollar)
        #expect(quoted.hasPrefix("1 | …"))
    }

    @Test func errorsAtTheStartOfALongLineShowItsStart() throws {
        let lines = try renderedLines("$" + String(repeating: " + 1", count: 50_000))
        #expect(lines[3].hasPrefix("1 | $ + 1"))
        #expect(lines[3].hasSuffix("…"))
        #expect(lines[4] == "  | ^")
    }

    @Test func controlCharactersAreDrawnAsPictures() throws {
        let lines = try renderedLines("1 +\u{0} 2")
        #expect(lines[0] == "error: unexpected character U+0000")
        #expect(lines[3] == "1 | 1 +\u{2400} 2")
        #expect(lines[4] == "  |    ^")
        #expect(try renderedLines("\u{1B}[31m")[0] == "error: unexpected character U+001B")
    }

    @Test func hugeLiteralsAndNamesAreNotQuotedWhole() throws {
        let digits = try renderedLines(String(repeating: "9", count: 100_000))
        #expect(digits[0] == "error: integer literal 99999999999999999999… (100000 digits) does not fit in 64 bits")
        let name = String(repeating: "x", count: 10_000)
        let unknown = try renderedLines(name)
        #expect(unknown[0].count <= "error: ".count + 501)
        #expect(unknown[0].hasSuffix("…"))
    }

    @Test func shortLinesAreUnchanged() throws {
        let lines = try renderedLines("let x = 1 +* 2")
        #expect(lines.joined(separator: "\n") == """
            error: expected an expression, found '*'
             --> <test>:1:12
              |
            1 | let x = 1 +* 2
              |            ^
            """)
    }
}
