import ArgumentParser
import Foundation
import Lang
import Notebook
import Runtime

/// The `fti` command: the REPL by default, plus `run` and `replay`.
@main
struct FtiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fti",
        abstract: "A notebook-style REPL for feature, training and inference pipelines.",
        discussion: """
        With no subcommand, fti opens the REPL on a terminal, or runs the script on standard input \
        when it is not a terminal. `fti replay` runs notebooks sandboxed to their repository and with \
        a time limit per cell; `fti --sandbox` and `fti run --sandbox` confine files to the current \
        folder. See `fti replay --help`.
        """,
        version: ftiVersion,
        subcommands: [Repl.self, Run.self, Replay.self],
        defaultSubcommand: Repl.self
    )
}

/// The version `fti --version` prints and the REPL banner shows.
let ftiVersion = "0.1.0"

/// `fti run FILE.fti`: runs a script, printing each top-level expression's value.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script, printing the value of each top-level expression (a trailing ';' hides one).")

    @Argument(help: "The script to run (.fti).")
    var file: String

    @OptionGroup var limits: SessionLimitArguments

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("error: cannot read '\(file)': \(fileProblem(file))")
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("error: '\(file)' is not valid UTF-8 text")
            throw ExitCode(1)
        }
        let directory = (file as NSString).deletingLastPathComponent
        let session = makeSession(workingDirectory: FileManager.default.currentDirectoryPath, scriptDirectory: directory) {
            limits.apply(to: &$0, command: "fti run --sandbox")
        }
        defer { session.close() }
        if let problem = session.startupError {
            printError(problem)
            throw ExitCode(1)
        }
        let result = session.evaluate(text, sourceName: file)
        FileHandle.standardOutput.write(Data(result.output.utf8))
        if let error = result.error {
            printError(error)
            throw ExitCode(1)
        }
    }
}

/// `fti replay [--update] PATH...`: replays notebooks and compares their recorded outputs.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay notebooks (Markdown files with fti cells) and compare each cell with its recorded output.",
        discussion: """
        Each notebook runs sandboxed: its cells read and write files only inside the git repository \
        that holds it (or, outside a repository, its folder), the paths given with --allow, and \
        the session's own temp_path folder. A cell stops with an error after --cell-timeout (its \
        own timeout= option wins) or when fti's resident memory passes --memory-limit; a cell's \
        recorded output is cut after 2000 lines with a note.
        """)

    @Flag(name: .long, help: "Rewrite the recorded outputs instead of comparing them.")
    var update = false

    @Option(name: .long, help: ArgumentHelp("Time limit per cell, e.g. 60s, 500ms or 2m; 'none' for no limit. A cell's timeout= option wins.", valueName: "TIME"))
    var cellTimeout = "60s"

    @Option(name: .long, help: ArgumentHelp("Stop a cell when fti's resident memory passes SIZE, e.g. 2G or 500M.", valueName: "SIZE"))
    var memoryLimit: String?

    @Flag(name: .long, help: "Let notebooks read and write files anywhere (no sandbox).")
    var noSandbox = false

    @Option(name: .long, help: ArgumentHelp("Also allow notebooks to read and write under PATH (repeatable).", valueName: "PATH"))
    var allow: [String] = []

    @Argument(help: "Notebook files or folders (every .md file with fti cells inside).")
    var paths: [String] = ["notebooks"]

    func validate() throws {
        if cellTimeout != "none" && ReplayOptions.seconds(in: cellTimeout) == nil {
            throw ValidationError("bad --cell-timeout '\(cellTimeout)': write a positive time such as 60s, 500ms or 2m, or 'none'")
        }
        _ = try SessionLimits.memoryLimit(memoryLimit)
        if noSandbox && !allow.isEmpty { throw ValidationError("--allow has no effect with --no-sandbox") }
    }

    func run() throws {
        let standardLibrary = StandardLibrary.locate()
        let memory = try SessionLimits.memoryLimit(memoryLimit)
        let sandboxed = !noSandbox
        let allowed = allow
        let replayer = Replayer(
            options: ReplayOptions(update: update, cellTimeout: ReplayOptions.seconds(in: cellTimeout)),
            makeRunner: { directory in
                let runner = SessionCellRunner(directory: directory, standardLibrary: standardLibrary) { options in
                    options.memoryLimit = memory
                    if sandboxed {
                        options.fileAccess = SessionLimits.replayPolicy(notebookFolder: directory, allow: allowed)
                    }
                }
                // A broken stdlib file is reported, not hidden: its functions will be missing below.
                if let problem = runner.session.startupError { printError(problem) }
                return runner
            },
            write: { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        )
        let summary = replayer.replay(paths: paths)
        if !summary.succeeded { throw ExitCode(1) }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Why a file could not be read, in the words of the C library.
func fileProblem(_ path: String) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
    return isDirectory.boolValue ? "it is a folder" : "permission denied"
}

/// A session for scripts and the REPL, with the standard library loaded; `configure` adds the
/// command line's limits.
func makeSession(
    workingDirectory: String, scriptDirectory: String? = nil, configure: (inout SessionOptions) -> Void = { _ in }
) -> Session {
    var options = SessionOptions(workingDirectory: workingDirectory)
    options.standardLibraryDirectory = StandardLibrary.locate()
    configure(&options)
    return Session(options: options)
}

/// Finds the `stdlib/` folder: `$FTI_STDLIB`, beside the executable, or in the checkout it was built in.
enum StandardLibrary {
    static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["FTI_STDLIB"], !path.isEmpty { return path }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [executable.appendingPathComponent("stdlib")]
        // .build/<configuration>/fti and .build/<triple>/<configuration>/fti sit two or three levels below the checkout.
        var folder = executable
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("stdlib"))
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate.path
            }
        }
        return nil
    }
}
