import Foundation
import Testing

@testable import Runtime

@Suite struct LanguageHintTests {
    @Test func anOperatorAfterAPipeInAnArgumentListHintsAtParentheses() throws {
        let s = try builtinSession()
        let error = try #require(s.failure("with(df, n: row_number() |> over(by: [.k]) - 1)"))
        #expect(error.hasPrefix("error: expected ',' or ')' after an argument, found '-'"))
        #expect(error.contains("wrap the pipe in parentheses: (x |> f(…)) - …"))
        let statement = try #require(s.failure("[1, 2] |> len * 2"))
        #expect(statement.contains("wrap the pipe in parentheses"))
        // Without a pipe there is no such hint.
        let plain = try #require(s.failure("max(1 2)"))
        #expect(!plain.contains("pipe"))
        #expect(s.show("(range(3) |> len) - 1") == "2")
    }

    @Test func operatorsOnListsSayWhatToDoInstead() throws {
        let s = try builtinSession()
        let error = try #require(s.failure("if_else([1, 400] < 365, 3.0, 1.0)"))
        #expect(error.hasPrefix("error: cannot compare list and int"))
        #expect(error.contains("frame column"))
        #expect(error.contains("map(list, x => …)"))
        #expect(try #require(s.failure("[1, 2] * 2")).contains("map(list"))
        #expect(s.failure("1 < 2") == nil)
    }

    @Test func untypedNullsAreIntEverywhere() throws {
        let s = try builtinSession()
        #expect(s.show("frame({x: range(0)})").contains("│ int │"))
        #expect(s.show("frame({x: [null]})").contains("│ int  │"))
        #expect(s.show("frame({k: [1]}) |> with(x: null)").contains("│ int │ int  │"))
        #expect(s.show("frame({k: [1]}) |> with(x: if_else(.k > 0, null, null))").contains("│ int │ int  │"))
    }
}
