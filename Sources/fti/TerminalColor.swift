/// When fti may emit ANSI colour, and how to put colour in a line-editor prompt.
///
/// The policy follows no-color.org and the usual terminal conventions: colour only on a
/// terminal, never when `NO_COLOR` is set to a non-empty value, never when `TERM=dumb`;
/// an explicit `--color=always|never` beats all of them.
enum TerminalColor {
    /// The user's choice from `--color=auto|always|never`.
    enum Mode: String, CaseIterable, Sendable {
        case auto, always, never
    }

    /// The automatic policy: colour only on a TTY, never with `NO_COLOR` non-empty, never `TERM=dumb`.
    static func isEnabled(stdoutIsTTY: Bool, environment: [String: String]) -> Bool {
        guard stdoutIsTTY else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    /// The policy with an explicit `--color` choice, which overrides the environment and the TTY test.
    static func isEnabled(mode: Mode, stdoutIsTTY: Bool, environment: [String: String]) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto: return isEnabled(stdoutIsTTY: stdoutIsTTY, environment: environment)
        }
    }

    /// Marks bytes the line editor must not count as visible (readline's \1 … \2 convention), so
    /// cursor positioning stays right when a prompt contains escape sequences.
    static func invisible(_ text: String) -> String {
        "\u{1}" + text + "\u{2}"
    }

    /// A prompt drawn with one SGR style (e.g. "1;32" for bold green), its escapes hidden from the editor.
    static func prompt(_ text: String, style: String) -> String {
        invisible("\u{1B}[" + style + "m") + text + invisible("\u{1B}[0m")
    }
}
