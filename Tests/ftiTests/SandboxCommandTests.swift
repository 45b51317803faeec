import Foundation
import Testing

/// The sandbox and the limits end to end, through the fti executable: `fti replay` confined to
/// the notebook's repository (`--allow`, `--no-sandbox`), `fti run --sandbox` and `fti --sandbox`,
/// `temp_path` placeholders, cell time limits, the memory ceiling and the output cap. These run
/// the binary because a firing limit raises process-wide interrupt flags.
@Suite struct SandboxCommandTests {
    private let cli = CommandLineTests()

    /// A fresh real folder holding `files` (paths may contain folders; a name ending in `/` makes a folder).
    private func tree(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fti-sandbox-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: url.resolvingSymlinksInPath().path)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let target = real.appendingPathComponent(name)
            if name.hasSuffix("/") {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                continue
            }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target)
        }
        return real
    }

    private static let outsideCSV = "a,b\n1,2\n3,4\n"
    private static let readsOutside = """
        # Reads a file beside the repository

        ```fti
        read_csv("../../outside.csv") |> shape
        ```

        ```output
        [2, 2]
        ```

        ```fti
        1 + 1
        ```

        ```output
        2
        ```

        """

    @Test func replayRefusesAPathOutsideTheRepository() throws {
        let base = try tree(["repo/.git/": "", "repo/nb/read.md": Self.readsOutside, "outside.csv": Self.outsideCSV])
        let result = try cli.fti(["replay", "repo/nb/read.md"], in: base)
        #expect(result.status == 1)
        #expect(result.stdout.contains(
            "sandbox: \"../../outside.csv\" is outside \(base.path)/repo (fti replay reads and writes only inside the notebook's repository; add --allow PATH)"))
        #expect(result.stdout.contains("1 later cell not run"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed, 1 not run\n"))
    }

    @Test func allowOrNoSandboxLetsTheReplayPass() throws {
        let base = try tree(["repo/.git/": "", "repo/nb/read.md": Self.readsOutside, "outside.csv": Self.outsideCSV])
        let allowed = try cli.fti(["replay", "--allow", "outside.csv", "repo/nb/read.md"], in: base)
        #expect(allowed.status == 0)
        #expect(allowed.stdout == "2 passed, 0 failed\n")
        let folder = try cli.fti(["replay", "--allow", base.path, "repo/nb/read.md"], in: base)
        #expect(folder.stdout == "2 passed, 0 failed\n")
        let open = try cli.fti(["replay", "--no-sandbox", "repo/nb/read.md"], in: base)
        #expect(open.status == 0)
        #expect(open.stdout == "2 passed, 0 failed\n")
    }

    @Test func withoutARepositoryTheNotebookFolderIsTheRoot() throws {
        let base = try tree(["nb/sub/read.md": Self.readsOutside, "outside.csv": Self.outsideCSV, "nb/sub/data.csv": Self.outsideCSV])
        let result = try cli.fti(["replay", "nb/sub/read.md"], in: base)
        #expect(result.status == 1)
        #expect(result.stdout.contains(
            "is outside \(base.path)/nb/sub (fti replay reads and writes only inside the notebook's folder; add --allow PATH)"))
    }

    @Test func tempPathsReplayByteForByte() throws {
        let notebook = """
            # Scratch files

            ```fti
            let p = temp_path("m.csv")
            write_csv(read_csv("data.csv"), p)
            p
            ```

            ```fti
            read_csv(p) |> shape
            ```

            """
        let base = try tree(["repo/.git/": "", "repo/scratch.md": notebook, "repo/data.csv": Self.outsideCSV])
        let update = try cli.fti(["replay", "--update", "repo/scratch.md"], in: base)
        #expect(update.status == 0)
        let recorded = try String(contentsOf: base.appendingPathComponent("repo/scratch.md"), encoding: .utf8)
        #expect(recorded.contains("```output\n\"<temp>/m.csv\"\n```"))
        #expect(recorded.contains("```output\n[2, 2]\n```"))
        for _ in 0..<2 {
            let again = try cli.fti(["replay", "repo/scratch.md"], in: base)
            #expect(again.status == 0)
            #expect(again.stdout == "2 passed, 0 failed\n")
        }
        #expect(try String(contentsOf: base.appendingPathComponent("repo/scratch.md"), encoding: .utf8) == recorded)
    }

    private static let spins = """
        # Spins

        ```fti timeout=1s
        reduce(range(0, 1000000000000), (a, b) => a + b, 0)
        ```

        ```fti
        1 + 1
        ```

        """

    @Test func aCellPastItsTimeoutFailsAndTheRestIsNotRun() throws {
        let base = try tree(["spin.md": Self.spins])
        let result = try cli.fti(["replay", "spin.md"], in: base)
        #expect(result.status == 1)
        #expect(result.stdout.contains("+error: cell timed out after 1 s"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed, 1 not run\n"))
    }

    @Test func theReplayTimeoutAppliesToCellsWithoutTheirOwn() throws {
        let notebook = Self.spins.replacingOccurrences(of: "```fti timeout=1s", with: "```fti")
        let base = try tree(["spin.md": notebook])
        let result = try cli.fti(["replay", "--cell-timeout", "500ms", "spin.md"], in: base)
        #expect(result.status == 1)
        #expect(result.stdout.contains("+error: cell timed out after 0.5 s"))
        // The cell's own option wins over the replay's default.
        let own = try tree(["spin.md": Self.spins])
        let longer = try cli.fti(["replay", "--cell-timeout", "100ms", "spin.md"], in: own)
        #expect(longer.stdout.contains("+error: cell timed out after 1 s"))
    }

    @Test func aTimeoutStopsTheDomainClassifiersParallelChunks() throws {
        // Chunks train side by side on two threads; the timeout must stop both, not just the one
        // that sees the request first, and leave the next cell unaffected.
        let notebook = """
            # Drift

            ```fti timeout=500ms
            seed(3)
            let ref = frame({i: range(0, 20000)}) |> with(a: random_normal(), b: random_uniform(), c: random_choice(["x", "y", "z"]))
            let ana = frame({i: range(0, 20000)}) |> with(a: random_normal(0.3), b: random_uniform(), c: random_choice(["x", "y", "z"]))
            domain_drift(ref, ana, columns: [.a, .b, .c], chunk: {size: 2000})
            ```

            """
        let base = try tree(["drift.md": notebook])
        let started = Date()
        let result = try cli.fti(["replay", "drift.md"], in: base)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1)
        #expect(result.stdout.contains("+error: cell timed out after 0.5 s"), "\(result.stdout)")
        // Uninterrupted, this cell trains 100 models (minutes in a debug build).
        #expect(elapsed < 15, "the replay took \(elapsed) s")
    }

    @Test func aTimedOutCellIsRecordedAsAnError() throws {
        let notebook = Self.spins.replacingOccurrences(of: "```fti timeout=1s", with: "```fti timeout=300ms expect-error")
        let base = try tree(["spin.md": notebook])
        let update = try cli.fti(["replay", "--update", "spin.md"], in: base)
        #expect(update.status == 0)
        let recorded = try String(contentsOf: base.appendingPathComponent("spin.md"), encoding: .utf8)
        #expect(recorded.contains("```error\nerror: cell timed out after 0.3 s\n --> cell 1, line 1"))
    }

    @Test func aFrameOverTheMemoryLimitStopsTheCell() throws {
        let rows = (0..<4_000).map { "1,\($0)" }.joined(separator: "\n")
        let notebook = """
            # Too big

            ```fti
            let d = read_csv("k.csv")
            let big = join(d, d, on: [.k])
            shape(big)
            ```

            ```fti
            1 + 1
            ```

            """
        let base = try tree(["big.md": notebook, "k.csv": "k,v\n" + rows + "\n"])
        let result = try cli.fti(["replay", "--memory-limit", "200M", "big.md"], in: base)
        #expect(result.status == 1)
        #expect(result.stdout.contains("+error: memory limit 200 MiB exceeded (used "))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed, 1 not run\n"))
    }

    @Test func aLongPrintIsRecordedCut() throws {
        let notebook = """
            # Chatty

            ```fti
            let xs = map(range(0, 5000), x => print(x))
            ```

            """
        let base = try tree(["chatty.md": notebook])
        let update = try cli.fti(["replay", "--update", "chatty.md"], in: base)
        #expect(update.status == 0)
        let recorded = try String(contentsOf: base.appendingPathComponent("chatty.md"), encoding: .utf8)
        #expect(recorded.contains("\n1999\n… 3000 more lines not shown (output is cut at 2000 lines)\n```"))
        #expect(!recorded.contains("\n2000\n"))
        let again = try cli.fti(["replay", "chatty.md"], in: base)
        #expect(again.stdout == "1 passed, 0 failed\n")
    }

    @Test func runAndTheReplApplyTheSandboxOnlyWhenAsked() throws {
        let base = try tree(["work/s.fti": "read_csv(\"../outside.csv\") |> shape\n", "outside.csv": Self.outsideCSV])
        let folder = base.appendingPathComponent("work")
        let open = try cli.fti(["run", "s.fti"], in: folder)
        #expect(open.status == 0)
        #expect(open.stdout == "[2, 2]\n")
        let closed = try cli.fti(["run", "--sandbox", "s.fti"], in: folder)
        #expect(closed.status == 1)
        #expect(closed.stderr.contains(
            "error: sandbox: \"../outside.csv\" is outside \(folder.path) (fti run --sandbox reads and writes only inside the current folder; add --allow PATH)"))
        let allowed = try cli.fti(["run", "--sandbox", "--allow", "../outside.csv", "s.fti"], in: folder)
        #expect(allowed.stdout == "[2, 2]\n")
        let repl = try cli.fti(["--sandbox"], stdin: "read_csv(\"../outside.csv\")\n", in: folder)
        #expect(repl.status == 1)
        #expect(repl.stderr.contains("(fti --sandbox reads and writes only inside the current folder; add --allow PATH)"))
    }

    @Test func badLimitOptionsAreUsageErrors() throws {
        let base = try tree(["s.fti": "1\n"])
        let timeout = try cli.fti(["replay", "--cell-timeout", "ten", "."], in: base)
        #expect(timeout.status != 0 && timeout.status != 1)
        #expect(timeout.stderr.contains("bad --cell-timeout 'ten'"))
        let memory = try cli.fti(["run", "--memory-limit", "lots", "s.fti"], in: base)
        #expect(memory.stderr.contains("bad --memory-limit 'lots'"))
        let allow = try cli.fti(["run", "--allow", "/tmp", "s.fti"], in: base)
        #expect(allow.stderr.contains("--allow only matters with --sandbox"))
        let limited = try cli.fti(["run", "--memory-limit", "4G", "s.fti"], in: base)
        #expect(limited.status == 0)
        #expect(limited.stdout == "1\n")
    }
}
