/// The text printed for a failing cell: a `FAIL path:line  cell N (id=x)` header, the first
/// source lines, a note for error-semantics failures, and unified diffs of output and error.
enum FailureReport {
    /// How many source lines are shown under the header.
    static let sourceLines = 3

    /// Header and source excerpt.
    static func header(path: String, cell: Cell) -> String {
        var text = "FAIL \(path):\(cell.line)  cell \(cell.number)"
        if let id = cell.options.id { text += " (id=\(id))" }
        text += "\n"
        for line in RecordText.lines(RecordText.normalize(cell.source)).prefix(sourceLines) {
            text += "  | \(excerpt(line))\n"
        }
        return text
    }

    /// Characters of a source line shown in the header; a longer line is cut with `…`.
    static let excerptWidth = 160

    /// A source line as the header shows it: cut to `excerptWidth`, control characters (a NUL,
    /// an escape that would restyle the terminal) drawn as their pictures (␀, ␛).
    static func excerpt(_ line: Substring) -> String {
        var text = String.UnicodeScalarView()
        for scalar in line.unicodeScalars.prefix(excerptWidth) {
            if scalar.value < 0x20 && scalar != "\t" {
                text.append(Unicode.Scalar(0x2400 + scalar.value) ?? scalar)
            } else {
                text.append(scalar.value == 0x7F ? "\u{2421}" : scalar)
            }
        }
        if line.unicodeScalars.count > excerptWidth { text.append("…") }
        return String(text)
    }

    /// The output diff (recorded → actual, both normalised); empty when they agree.
    static func outputDiff(path: String, cell: Cell, actual: String) -> String {
        UnifiedDiff.render(
            old: RecordText.normalize(cell.recordedOutput ?? ""), new: RecordText.normalize(actual),
            oldLabel: label("recorded output", path: path, line: cell.outputLine), newLabel: "actual output")
    }

    /// The error diff (recorded → actual, both normalised); empty when they agree.
    static func errorDiff(path: String, cell: Cell, actual: String) -> String {
        UnifiedDiff.render(
            old: RecordText.normalize(cell.recordedError ?? ""), new: RecordText.normalize(actual),
            oldLabel: label("recorded error", path: path, line: cell.errorLine), newLabel: "actual error")
    }

    /// Text indented two spaces per line, to show a diagnostic under a header.
    static func indented(_ text: String) -> String {
        RecordText.lines(RecordText.normalize(text)).map { $0.isEmpty ? "\n" : "  \($0)\n" }.joined()
    }

    /// `what (path:line)`, or just `what` when there is no recorded fence.
    private static func label(_ what: String, path: String, line: Int?) -> String {
        guard let line else { return what }
        return "\(what) (\(path):\(line))"
    }
}
