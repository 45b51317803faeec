import Foundation
import Testing
@testable import fti

/// `:save` writes a notebook that `fti replay` passes, through the same `ReplController` the
/// terminal loop uses.
@Suite("REPL :save round trip", .serialized)
struct ReplSaveTests {
    @Test("ten inputs saved with :save replay as 10 passed, and --update changes nothing")
    func tenInputsReplayClean() throws {
        let folder = try temporaryFolder([
            "data/weather.csv": ReplTerminalTests.weatherCSV,
            "helpers.fti": "fn wet(df) = df |> filter(.precipitation > 0.5)\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = ReplHarness(folder: folder)
        let inputs = [
            "let w = read_csv(\"data/weather.csv\")",
            "w |> head(2)",
            // Two displayed values at the prompt (as when pasted); the cell records only the last, as a replay shows it.
            "1 + 1\n2 + 2",
            "|> sqrt",
            "fn celsius_to_f(c) = c * 9 / 5 + 32",
            "celsius_to_f(100)",
            "w |> filter(.tmp_max > 11)",
            ":load helpers.fti",
            "wet(w) |> shape",
            "print(\"done\")\n\"last\"",
        ]
        var shown: [String] = []
        for input in inputs {
            shown.append(session.type(input))
            // Commands that are never saved, interleaved.
            session.type(":vars")
            session.type(":type w")
        }
        session.type(":time w |> shape")
        #expect(shown[2] == "2\n4\n")
        #expect(shown[3] == "2.0\n")
        let saved = session.type(":save session.md")
        #expect(saved == "saved 10 cells to session.md\n")

        let path = folder + "/session.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# fti session\n\n```fti\nlet w = read_csv(\"data/weather.csv\")\n```\n"))
        #expect(text.contains("```fti\n_ |> sqrt\n```\n\n```output\n2.0\n```\n"))
        #expect(text.contains("```fti expect-error\nw |> filter(.tmp_max > 11)\n```\n\n```error\nerror: "))
        #expect(text.contains("```fti\nuse \"helpers.fti\"\n```\n"))
        #expect(text.contains("```fti\nprint(\"done\")\n\"last\"\n```\n\n```output\ndone\n\"last\"\n```\n"))
        #expect(!text.contains(":time") && !text.contains(":vars") && !text.contains("time:"))

        let replay = try runFti(["replay", "session.md"], in: folder)
        #expect(replay.stdout == "10 passed, 0 failed\n")
        #expect(replay.status == 0)

        // What :save wrote is exactly what `replay --update` writes: the update is a no-op.
        let update = try runFti(["replay", "--update", "session.md"], in: folder)
        #expect(update.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test("a notebook saved in another folder is recorded as it replays there, with a warning")
    func savedElsewhere() throws {
        let folder = try temporaryFolder(["data/weather.csv": ReplTerminalTests.weatherCSV, "out/.keep": ""])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = ReplHarness(folder: folder)
        session.type("let w = read_csv(\"data/weather.csv\")")
        session.type("w |> shape")
        let shown = session.type(":save out/s.md")
        #expect(shown.hasPrefix("saved 2 cells to out/s.md\nwarning: cell 1 fails in the saved notebook"))
        let replay = try runFti(["replay", "out/s.md"], in: folder)
        #expect(replay.stdout == "2 passed, 0 failed\n")
    }

    @Test(":reset empties the session and the transcript")
    func resetForgetsEverything() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = ReplHarness(folder: folder)
        session.type("let a = 1")
        session.type(":reset")
        #expect(session.type(":vars") == "no bindings yet\n")
        #expect(session.type(":save s.md") == "error: nothing to save yet: the session has no inputs\n")
        #expect(session.type("a").hasPrefix("error: "))
    }
}
