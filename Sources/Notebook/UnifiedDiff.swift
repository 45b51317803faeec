/// Renders the difference between a recorded and an actual text as a unified diff
/// (`---`/`+++` labels, `@@ -a,b +c,d @@` hunks with context lines).
public enum UnifiedDiff {
    /// The diff of two texts, compared line by line as given (normalise them first);
    /// empty when they are equal. Every line of the result ends with "\n".
    public static func render(
        old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3
    ) -> String {
        let oldLines = RecordText.lines(old)
        let newLines = RecordText.lines(new)
        let edits = groupingChanges(LineDiff.edits(oldLines, newLines))
        let changes = edits.indices.filter {
            if case .keep = edits[$0] { return false }
            return true
        }
        guard let firstChange = changes.first else { return "" }

        // Lines of each side consumed before each edit, to number the hunks.
        var oldBefore: [Int] = []
        var newBefore: [Int] = []
        var oldCount = 0
        var newCount = 0
        for edit in edits {
            oldBefore.append(oldCount)
            newBefore.append(newCount)
            switch edit {
            case .keep: oldCount += 1; newCount += 1
            case .delete: oldCount += 1
            case .insert: newCount += 1
            }
        }

        var text = "--- \(oldLabel)\n+++ \(newLabel)\n"
        var hunkFirst = firstChange
        var hunkLast = firstChange
        for change in changes.dropFirst() + [edits.count + 2 * context + 1] {
            if change - hunkLast - 1 <= 2 * context {
                hunkLast = change
                continue
            }
            let range = max(0, hunkFirst - context)..<min(edits.count, hunkLast + context + 1)
            text += hunk(edits[range], oldStart: oldBefore[range.lowerBound], newStart: newBefore[range.lowerBound],
                         oldLines: oldLines, newLines: newLines)
            hunkFirst = change
            hunkLast = change
        }
        return text
    }

    /// One `@@` header and its lines; a side with no lines is numbered by the line before it.
    private static func hunk(
        _ edits: ArraySlice<LineDiff.Edit>, oldStart: Int, newStart: Int,
        oldLines: [Substring], newLines: [Substring]
    ) -> String {
        var body = ""
        var oldCount = 0
        var newCount = 0
        for edit in edits {
            switch edit {
            case .keep(let i, _):
                body += " \(oldLines[i])\n"
                oldCount += 1
                newCount += 1
            case .delete(let i):
                body += "-\(oldLines[i])\n"
                oldCount += 1
            case .insert(let j):
                body += "+\(newLines[j])\n"
                newCount += 1
            }
        }
        let a = oldCount > 0 ? oldStart + 1 : oldStart
        let c = newCount > 0 ? newStart + 1 : newStart
        return "@@ -\(a),\(oldCount) +\(c),\(newCount) @@\n" + body
    }

    /// Within each run of changed lines, deletions first, then insertions, as readers expect.
    private static func groupingChanges(_ edits: [LineDiff.Edit]) -> [LineDiff.Edit] {
        var result: [LineDiff.Edit] = []
        var deletions: [LineDiff.Edit] = []
        var insertions: [LineDiff.Edit] = []
        func flush() {
            result += deletions
            result += insertions
            deletions.removeAll()
            insertions.removeAll()
        }
        for edit in edits {
            switch edit {
            case .keep:
                flush()
                result.append(edit)
            case .delete: deletions.append(edit)
            case .insert: insertions.append(edit)
            }
        }
        flush()
        return result
    }
}
