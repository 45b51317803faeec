import Foundation
import Lang

/// Renders the builtin registry as Markdown: the source of the checked-in `docs/builtins.md`,
/// which a test compares with the registry so that the reference cannot drift from the code.
public enum BuiltinDocs {
    /// The reference page: a title, a note on determinism, then one table per `:help` group in
    /// registration order, each row the builtin's signature and its one-line summary.
    public static func markdown(_ builtins: [Builtin]) -> String {
        var groups: [String] = []
        for builtin in builtins where !groups.contains(builtin.group) { groups.append(builtin.group) }
        var out = """
        # Builtins

        Every builtin fti registers, grouped as `:help` lists them. This page is generated from the
        registry (`BuiltinDocs.markdown` in `Sources/Runtime/BuiltinDocs.swift`) and a test fails when
        it differs; to regenerate it, run `FTI_UPDATE_DOCS=1 swift test --filter BuiltinDocsTests`.

        Builtins marked *element-wise* also take column expressions: `with(df, n: len(.name))` runs
        the engine's column kernel, with the same results as on single values; null in gives null out.
        Timestamps are UTC. `now()` is the session's clock: the wall clock at the prompt, and the fixed
        instant 2025-01-01T00:00:00Z (`SessionOptions.notebookClock`) in notebooks. Random draws come
        from one SplitMix64 generator per session, started from seed 42 (`SessionOptions.seed`), so a
        notebook replays the same numbers; `seed(n)` restarts it.

        """
        for group in groups {
            out += "\n## \(group)\n\n| builtin | what it does |\n| --- | --- |\n"
            for builtin in builtins where builtin.group == group {
                let note = builtin.isElementwise ? " *(element-wise)*" : ""
                out += "| `\(cell(builtin.signature))` | \(cell(builtin.summary))\(note) |\n"
            }
        }
        return out
    }

    /// Text made safe for a table cell: pipes escaped, line breaks flattened.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
