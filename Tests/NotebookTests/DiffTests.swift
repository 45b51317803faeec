import Testing
@testable import Notebook

@Suite("Unified diff and normalising")
struct DiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.render(old: "a\nb", new: "a\nb", oldLabel: "r", newLabel: "a") == "")
    }

    @Test func oneCharacterChangeWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 6", with: "line 6!")
        #expect(
            UnifiedDiff.render(old: old, new: new, oldLabel: "recorded", newLabel: "actual") == """
                --- recorded
                +++ actual
                @@ -3,7 +3,7 @@
                 line 3
                 line 4
                 line 5
                -line 6
                +line 6!
                 line 7
                 line 8
                 line 9

                """)
    }

    @Test func distantChangesMakeSeparateHunksAndNearOnesMerge() {
        let old = (1...20).map(String.init).joined(separator: "\n")
        var lines = (1...20).map(String.init)
        lines[1] = "two"
        lines[18] = "nineteen"
        let separate = UnifiedDiff.render(old: old, new: lines.joined(separator: "\n"), oldLabel: "r", newLabel: "a")
        #expect(separate.components(separatedBy: "@@ ").count - 1 == 2)
        #expect(separate.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"))
        #expect(separate.contains("@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n"))
        lines = (1...20).map(String.init)
        lines[4] = "five"
        lines[10] = "eleven"  // six unchanged lines between: one hunk
        let merged = UnifiedDiff.render(old: old, new: lines.joined(separator: "\n"), oldLabel: "r", newLabel: "a")
        #expect(merged.contains("@@ -2,13 +2,13 @@\n"))
    }

    @Test func emptySides() {
        #expect(UnifiedDiff.render(old: "", new: "x\ny", oldLabel: "r", newLabel: "a") == "--- r\n+++ a\n@@ -0,0 +1,2 @@\n+x\n+y\n")
        #expect(UnifiedDiff.render(old: "x", new: "", oldLabel: "r", newLabel: "a") == "--- r\n+++ a\n@@ -1,1 +0,0 @@\n-x\n")
    }

    @Test func insertionsAndDeletionsAreMinimal() {
        let diff = UnifiedDiff.render(old: "a\nb\nc\nd", new: "a\nx\nb\nd", oldLabel: "r", newLabel: "a")
        #expect(diff == "--- r\n+++ a\n@@ -1,4 +1,4 @@\n a\n+x\n b\n-c\n d\n")
    }

    @Test func editScriptsRebuildTheNewText() {
        // A deterministic pseudo-random sweep: applying the script must give the new lines back.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<200 {
            let old = (0..<next(12)).map { _ in Substring(String(next(4))) }
            let new = (0..<next(12)).map { _ in Substring(String(next(4))) }
            var rebuilt: [Substring] = []
            var kept = 0
            for edit in LineDiff.edits(old, new) {
                switch edit {
                case .keep(let i, let j):
                    #expect(old[i] == new[j])
                    rebuilt.append(old[i])
                    kept += 1
                case .insert(let j): rebuilt.append(new[j])
                case .delete: break
                }
            }
            #expect(rebuilt == new)
            #expect(kept == longestCommonSubsequence(old, new))
        }
    }

    @Test func wildlyDifferentTextsFallBackToReplacingEverything() {
        let old = (0..<2100).map { Substring("old \($0)") }
        let new = (0..<2100).map { Substring("new \($0)") }
        let edits = LineDiff.edits(old, new)
        #expect(edits.count == 4200)
        #expect(edits.first == .delete(old: 0))
        #expect(edits.last == .insert(new: 2099))
    }

    /// Reference LCS length by dynamic programming.
    private func longestCommonSubsequence(_ a: [Substring], _ b: [Substring]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func normalisesLineEndingsAndTrailingBlanks() {
        #expect(RecordText.normalize("a  \r\n\tb\t\r\n\n  \n") == "a\n\tb")
        #expect(RecordText.normalize("\n\nx") == "\n\nx")
        #expect(RecordText.normalize(" \n \n") == "")
        #expect(RecordText.normalize("│ a  │ b │") == "│ a  │ b │")
    }
}
