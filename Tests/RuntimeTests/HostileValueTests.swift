import Foundation
import Lang
import Testing
@testable import Runtime

/// Values built to hurt (nested a million deep, sharing parts, lazy ranges longer than memory)
/// give a diagnostic or a cut display, never a crash or a hang.
@Suite struct HostileValueTests {
    /// Lazy ranges are counted, not built; operations that would build one refuse it.
    @Test(arguments: [
        ("len(range(0, 9223372036854775807))", "9223372036854775807"),
        ("range(0, 9223372036854775807) + [1]",
         "error: list concatenation would build 9223372036854775807 + 1 elements (at most 100000000)"),
        ("zip(range(0, 9223372036854775807), [1])", "error: zip would build a list of 9223372036854775807 elements (at most 100000000)"),
        ("flatten([range(0, 9223372036854775807)])", "error: flatten would build a list of more than 100000000 elements"),
        ("sort(range(0, 9223372036854775807))", "error: sort would build a list of 9223372036854775807 elements (at most 100000000)"),
        ("contains(range(0, 9223372036854775807), 3)",
         "error: contains would build a list of 9223372036854775807 elements (at most 100000000)"),
        ("filter(range(0, 9223372036854775807), x => true)",
         "error: filter would build a list of 9223372036854775807 elements (at most 100000000)"),
        ("sample(range(0, 9223372036854775807), 2)", "error: sample would build a list of 9223372036854775807 elements (at most 100000000)"),
        ("sample(range(1000), 3) |> len", "3"),
        ("range(5) + range(2)", "[0, 1, 2, 3, 4, 0, 1]"),
    ])
    func hugeRangesAreCountedNotBuilt(_ code: String, _ expected: String) throws {
        let session = try builtinSession()
        #expect(session.show(code) == expected)
    }

    /// A list nested a million levels deep displays cut at 50 levels, compares, and is freed
    /// when the session closes, on any thread.
    @Test func deeplyNestedListsDisplayCompareAndFree() throws {
        let session = try builtinSession()
        let shown = session.show("let x = reduce(range(1000000), (acc, i) => [acc], 0)\nx")
        #expect(shown == String(repeating: "[", count: 50) + "[…]" + String(repeating: "]", count: 50))
        #expect(session.show("let y = reduce(range(1000000), (acc, i) => [acc], 0)\nx == y") == "true")
        #expect(session.show("{a: reduce(range(100000), (acc, i) => {b: acc}, 0)}").hasSuffix("{…}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"))
        session.close()
    }

    /// A list that shares its parts has exponentially many elements; its display stops early.
    @Test func sharedPartsDisplayWithinBudget() throws {
        let session = try builtinSession()
        let shown = session.show("reduce(range(60), (acc, i) => [acc, acc], 0)")
        #expect(shown.count < 200_000)
        #expect(shown.hasPrefix("[[[["))
    }

    /// A column expression built in a loop is refused when deeper than the engine recurses safely,
    /// at the caret of the expression; shallower ones evaluate, and quickly (names are linear).
    @Test func deepColumnExpressionsAreRefused() throws {
        let session = try builtinSession()
        let error = try #require(session.failure(
            "let e = reduce(range(5000), (acc, i) => acc + 1, .a)\nframe({a: [1, 2]}) |> with(b: e)"))
        #expect(error.hasPrefix(
            "error: column expression too deep or too large (more than 1000 levels or 100000 parts)\n --> <t>:1:"))
        let shared = try #require(session.failure(
            "let s = reduce(range(40), (acc, i) => acc + acc, .a)\nframe({a: [1, 2]}) |> with(b: s)"))
        #expect(shared.hasPrefix("error: column expression too deep or too large"))
        let fine = session.show("let f = reduce(range(900), (acc, i) => acc + 1, .a)\nframe({a: [1, 2]}) |> with(b: f)")
        #expect(fine.contains("901") && fine.contains("902"), "\(fine)")
        // Displaying a deep expression prints its first thousand levels.
        #expect(session.show("reduce(range(5000), (acc, i) => acc + 1, .a)").contains("…"))
    }
}
