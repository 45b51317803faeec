import Testing
@testable import Lang

/// Inputs the fuzz targets (fuzz/, `make fuzz`) found to crash or hang, each kept as a test of
/// the clean diagnostic it must give instead.
@Suite struct FuzzRegressionTests {
    /// An f-string whose last byte is a backslash spun the lexer forever (found by FuzzParser).
    @Test(arguments: ["f\"\\", "f\"x = {1 + 2:.2f}\\\\\\", "print(f\"a\\"])
    func fStringEndingInBackslash(_ text: String) throws {
        let error = try #require(diagnostic(text))
        #expect(error.message == "unterminated string")
        #expect(Lexer.isIncomplete(SourceFile(name: "<test>", text: text)))
    }
}
