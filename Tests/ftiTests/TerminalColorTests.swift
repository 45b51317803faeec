import Testing
@testable import fti

@Suite("TerminalColor policy")
struct TerminalColorTests {
    @Test("colour only on a terminal")
    func requiresTTY() {
        #expect(TerminalColor.isEnabled(stdoutIsTTY: true, environment: [:]))
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: false, environment: [:]))
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: false, environment: ["TERM": "xterm-256color"]))
    }

    @Test("NO_COLOR disables colour when non-empty, whatever its value")
    func noColor() {
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["NO_COLOR": "1"]))
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["NO_COLOR": "0"]))
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["NO_COLOR": "false"]))
        #expect(TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["NO_COLOR": ""]))
    }

    @Test("TERM=dumb disables colour, other terminals keep it")
    func dumbTerminal() {
        #expect(!TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["TERM": "dumb"]))
        #expect(TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["TERM": "xterm-256color"]))
        #expect(TerminalColor.isEnabled(stdoutIsTTY: true, environment: ["TERM": ""]))
    }

    @Test("--color=always and --color=never override the environment and the TTY test")
    func explicitMode() {
        let hostile = ["NO_COLOR": "1", "TERM": "dumb"]
        #expect(TerminalColor.isEnabled(mode: .always, stdoutIsTTY: false, environment: hostile))
        #expect(!TerminalColor.isEnabled(mode: .never, stdoutIsTTY: true, environment: [:]))
        #expect(TerminalColor.isEnabled(mode: .auto, stdoutIsTTY: true, environment: [:]))
        #expect(!TerminalColor.isEnabled(mode: .auto, stdoutIsTTY: true, environment: hostile))
        #expect(TerminalColor.Mode(rawValue: "always") == .always)
        #expect(TerminalColor.Mode(rawValue: "sometimes") == nil)
    }

    @Test("prompt escapes are wrapped in \\1 … \\2 so the editor does not count them")
    func promptWrapping() {
        #expect(TerminalColor.invisible("\u{1B}[1m") == "\u{1}\u{1B}[1m\u{2}")
        #expect(TerminalColor.prompt("fti> ", style: "1;32") == "\u{1}\u{1B}[1;32m\u{2}fti> \u{1}\u{1B}[0m\u{2}")
    }
}
