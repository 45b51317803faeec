import Frame
import Lang
import Store

/// One data-quality rule (`not_null(.x)`, `between(.hr, 30, 230)`, …), attached with `expect`.
final class ExpectationValue: SelfRenderingHost {
    /// The rule.
    let expectation: FeatureExpectation

    /// Wraps a rule.
    init(_ expectation: FeatureExpectation) { self.expectation = expectation }

    var typeName: String { "expectation" }

    func member(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(expectation.kindName)
        case "columns": return .list(expectation.columns.map(Value.string))
        default: return nil
        }
    }

    var memberNames: [String] { ["kind", "columns"] }

    func display(style: TableStyle) -> String { expectation.summary }

    var inlineText: String { expectation.summary }
}

/// What one `insert` did, shown as a one-row table; `r.inserted`, `r.validation`, … read it, and
/// any verb that takes a frame takes it as that row (`concat` stacks several reports).
final class IngestionReportValue: SelfRenderingHost, FrameConvertible {
    /// The engine's report.
    let report: IngestionReport

    /// Wraps a report.
    init(_ report: IngestionReport) { self.report = report }

    var typeName: String { "ingestion report" }

    func member(_ name: String) -> Value? {
        switch name {
        case "group": return .string(report.group)
        case "version": return .int(Int64(report.version))
        case "commit": return .int(report.commit)
        case "inserted": return .int(Int64(report.inserted))
        case "updated": return .int(Int64(report.updated))
        case "unchanged": return .int(Int64(report.unchanged))
        case "rejected": return .int(Int64(report.rejected))
        case "added_columns": return .list(report.addedColumns.map(Value.string))
        case "outcome": return .string(report.validation.outcome.rawValue)
        case "validation": return .string(report.validation.summary)
        case "frame": return (try? frame()).map(Value.frame) ?? .null
        default: return nil
        }
    }

    var memberNames: [String] {
        ["group", "version", "commit", "inserted", "updated", "unchanged", "rejected", "added_columns", "outcome", "validation", "frame"]
    }

    /// The report as one row: the group and its version, the commit, the four counts, the outcome
    /// and the validation summary.
    func frame() throws(FrameError) -> DataFrame {
        try DataFrame(columns: [
            Column(name: "group", strings: [report.group]),
            Column(name: "version", ints: [Int64(report.version)]),
            Column(name: "commit", ints: [report.commit]),
            Column(name: "inserted", ints: [Int64(report.inserted)]),
            Column(name: "updated", ints: [Int64(report.updated)]),
            Column(name: "unchanged", ints: [Int64(report.unchanged)]),
            Column(name: "rejected", ints: [Int64(report.rejected)]),
            Column(name: "outcome", strings: [report.validation.outcome.rawValue]),
            Column(name: "validation", strings: [report.validation.summary]),
        ])
    }

    func display(style: TableStyle) -> String {
        guard let frame = try? frame() else { return inlineText }
        return TableRenderer.render(frame, style: style)
    }

    var inlineText: String {
        "<ingestion report \(report.group) v\(report.version): \(report.inserted) inserted, \(report.updated) updated, "
            + "\(report.unchanged) unchanged, \(report.rejected) rejected>"
    }
}

/// The skew checks of a model served through a view: one line per check, grouped by cause.
final class SkewReportValue: SelfRenderingHost {
    /// The engine's report.
    let report: SkewReport

    /// Wraps a report.
    init(_ report: SkewReport) { self.report = report }

    var typeName: String { "skew report" }

    func member(_ name: String) -> Value? {
        switch name {
        case "ok": return .bool(report.skewCount == 0)
        case "skews": return .int(Int64(report.skewCount))
        case "warnings": return .int(Int64(report.warningCount))
        case "findings": return (try? report.frame()).map(Value.frame) ?? .null
        case "skewed":
            return .list(report.findings.filter { $0.status == .skew }.map { .string("\($0.cause.rawValue)/\($0.check)") })
        default: return nil
        }
    }

    var memberNames: [String] { ["ok", "skews", "warnings", "findings", "skewed"] }

    func display(style: TableStyle) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var lines = [
            "skew report: \(report.model) served through \(report.view): "
                + "\(plural(report.skewCount, "skew")), \(plural(report.warningCount, "warning"))"
        ]
        let causeWidth = report.findings.map(\.cause.rawValue.count).max() ?? 0
        let checkWidth = report.findings.map(\.check.count).max() ?? 0
        for finding in report.findings {
            let status = finding.status == .skew ? "SKEW" : finding.status.rawValue
            lines.append(
                "  " + Self.padded(finding.cause.rawValue, causeWidth) + "  " + Self.padded(finding.check, checkWidth) + "  "
                    + Self.padded(status, 7) + " " + finding.detail)
        }
        return lines.joined(separator: "\n")
    }

    var inlineText: String { "<skew report: \(report.skewCount) skew, \(report.warningCount) warning>" }

    /// `text` followed by spaces up to `width` characters.
    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
