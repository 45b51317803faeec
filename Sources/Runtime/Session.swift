import Foundation
import Frame
import Lang

/// Settings that shape how a session evaluates and displays; notebooks pin them for determinism.
public struct SessionOptions: Sendable {
    /// Folder that relative paths are resolved against (a notebook's folder in replays).
    public var workingDirectory: String
    /// Rows shown before a frame is cut with an ellipsis row.
    public var displayRows = 10
    /// Characters a table may span before columns are elided.
    public var displayWidth = 100
    /// Characters a string cell shows before it is cut with `…`.
    public var displayCellWidth = 32
    /// Whether the session runs a notebook replay (volatile values print as placeholders).
    public var isNotebook = false
    /// Folder of `stdlib/*.fti` scripts to load at start, if any.
    public var standardLibraryDirectory: String?
    /// The instant `now()` returns, in microseconds since the epoch; nil means the real wall clock.
    /// Notebook replays set it to `SessionOptions.notebookClock`, so outputs never depend on the day.
    public var clock: Int64?
    /// The state the session's random generator starts from (SplitMix64, see `RandomGenerator`);
    /// every fresh session starts here, so notebooks replay the same draws.
    public var seed: UInt64 = 42
    /// The fixed clock of notebook replays: 2025-01-01T00:00:00Z, in microseconds since the epoch.
    public static let notebookClock: Int64 = 1_735_689_600_000_000
    /// The sandbox: when set, builtins read and write files only inside its roots (and the
    /// session's `temp_path` folder); nil lets them touch any file the process can.
    public var fileAccess: FileAccessPolicy?
    /// Resident memory, in bytes, above which an evaluation is stopped with an error; nil for none.
    public var memoryLimit: UInt64?
    /// Lines of printed output one evaluation keeps before the rest is cut with a note; nil for none.
    public var outputLineLimit: Int?
    /// Bytes of printed output one evaluation keeps before the rest is cut with a note; nil for none.
    public var outputByteLimit: Int?

    /// Options for a session working in `workingDirectory`.
    public init(workingDirectory: String) {
        self.workingDirectory = workingDirectory
    }
}

/// What one evaluation produced: the printed text (values included) and the rendered error, if it failed.
public struct EvaluationResult: Sendable, Equatable {
    /// Everything printed, in order, each display ending in a line break.
    public var output: String
    /// The rendered diagnostic, when evaluation failed.
    public var error: String?
    /// Whether the failure was an interrupt or a time limit rather than an error in the code.
    public var wasInterrupted: Bool
}

/// How the values of expression statements are shown.
public enum DisplayPolicy: Sendable {
    /// Every top-level expression statement not followed by `;` (the REPL and `fti run`).
    case everyExpression
    /// Only the last statement's value, if it is a displayed expression (notebook cells).
    case lastExpression
    /// No values; only what the code prints (`quiet` cells, scripts loaded with `use`).
    case nothing
}

/// One interpreter session: the language, the engine builtins and the session's bindings.
public final class Session: @unchecked Sendable {
    /// Current settings; changing them affects the next evaluation.
    public var options: SessionOptions
    /// The interpreter, exposed for completion and `:vars`.
    public let interpreter = Interpreter()
    private var pending = OutputBuffer()
    /// The rendered errors from loading the standard library (each with a note on what was not
    /// loaded), if any file failed; the session still has every definition that did load.
    public internal(set) var startupError: String?
    /// The session's random generator, started from `options.seed` on first use; `seed(n)` reseeds it.
    public lazy var random = RandomGenerator(seed: options.seed)
    /// Feature stores opened by `store(path)`, by resolved path: one connection per file per session.
    var openStores: [String: StoreValue] = [:]
    /// The folder behind `temp_path`, made on first use and removed by `close()`.
    let scratch = ScratchFolder()
    /// Whether `close()` has run; a closed session evaluates nothing.
    var isClosed = false

    /// Creates a session with every builtin registered and the standard library loaded.
    public init(options: SessionOptions) {
        self.options = options
        interpreter.context = self
        // Code runs on onLargeStack's 512 MiB thread; recursion stops 64 MiB short of its end.
        interpreter.stackBudget = (512 - 64) << 20
        interpreter.output = { [unowned self] text in self.pending.append(text) }
        interpreter.scriptLoader = { path, span, vm throws(Diagnostic) in
            guard let session = vm.context as? Session else { return }
            _ = try session.checkedPath(path, at: span)
            try session.loadScript(path, at: span)
        }
        for builtin in Library.all { interpreter.register(builtin) }
        if let folder = options.standardLibraryDirectory {
            startupError = onLargeStack { self.loadStandardLibrary(from: folder) }
        }
    }

    /// Evaluates source text and returns what it printed and displayed, or its error.
    ///
    /// Runs on a thread with a large stack so that deep (but bounded) recursion ends with a
    /// diagnostic rather than a stack overflow.
    public func evaluate(_ text: String, sourceName: String, kind: SourceFile.Kind = .file,
                         display: DisplayPolicy = .everyExpression, timeout: Double? = nil) -> EvaluationResult {
        let source = SourceFile(name: sourceName, text: text, kind: kind)
        return onLargeStack { self.evaluateHere(source, display: display, timeout: timeout) }
    }

    private func evaluateHere(_ source: SourceFile, display: DisplayPolicy, timeout: Double?) -> EvaluationResult {
        guard !isClosed else {
            return EvaluationResult(output: "", error: "error: the session is closed", wasInterrupted: false)
        }
        pending = OutputBuffer(lineLimit: options.outputLineLimit, byteLimit: options.outputByteLimit)
        // The interpreter checks its own deadline; the watchdog stops engine work that overruns
        // it, and enforces the memory limit.
        let deadline = timeout.map { monotonicNanoseconds() &+ UInt64(min(max(0, $0), 1e9) * 1e9) }
        interpreter.deadline = deadline
        defer { interpreter.deadline = nil }
        let watchdog = EvaluationWatchdog(timeout: timeout, memoryLimit: options.memoryLimit)
        watchdog?.start()
        var failure: Diagnostic?
        do {
            let statements = try Parser.parse(source)
            let lastIndex = statements.count - 1
            try interpreter.run(statements) { value, index in
                if display == .nothing || (display == .lastExpression && index != lastIndex) { return }
                // Like Python's None, a null result (e.g. of print) is not echoed.
                if value.isNull { return }
                self.interpreter.globals.bind("_", to: value)
                self.pending.append(self.render(value) + "\n")
            }
        } catch {
            failure = error
        }
        var stop = watchdog?.finish()
        if stop == nil, let timeout, let deadline, failure?.kind == .interrupted, monotonicNanoseconds() >= deadline {
            stop = .timedOut(seconds: timeout)
        }
        if let stop {
            // Stopped by a limit: whatever the evaluation ended with, the limit is the error.
            failure = Diagnostic(stop.message, at: failure?.span, kind: .interrupted)
        }
        return EvaluationResult(
            output: notebookText(pending.text), error: failure.map { notebookText($0.rendered()) },
            wasInterrupted: failure?.kind == .interrupted)
    }

    /// Renders a value the way the REPL and notebooks show it.
    public func render(_ value: Value) -> String {
        ValueRenderer(style: tableStyle).render(value)
    }

    var tableStyle: TableStyle {
        var style = TableStyle()
        style.maxRows = options.displayRows
        style.maxWidth = options.displayWidth
        style.maxCellWidth = options.displayCellWidth
        return style
    }

    /// Resolves a user-given path against the session's working directory.
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return (options.workingDirectory as NSString).appendingPathComponent(path)
    }

    /// Whether the text ends inside open brackets or after a trailing operator (the REPL reads on).
    public static func isIncomplete(_ text: String) -> Bool {
        Lexer.isIncomplete(SourceFile(name: "<repl>", text: text))
    }

    // MARK: - Scripts

    /// Runs a script file into this session's globals, displaying nothing (`use "x.fti"`, the stdlib).
    func loadScript(_ path: String, at span: SourceSpan?) throws(Diagnostic) {
        let resolved = resolvePath(path)
        guard let data = FileManager.default.contents(atPath: resolved), let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("cannot read script '\(path)'", at: span)
        }
        let source = SourceFile(name: path, text: text)
        let statements = try Parser.parse(source)
        try interpreter.run(statements) { _, _ in }
    }
}

/// Runs `body` on a thread with a 512 MiB stack and waits for its result.
func onLargeStack<T>(_ body: @escaping () -> T) -> T {
    // The caller blocks until the thread is done, so handing the closure over is race-free.
    nonisolated(unsafe) let work = body
    nonisolated(unsafe) var result: T?
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result = work()
        done.signal()
    }
    thread.stackSize = 512 << 20
    thread.start()
    done.wait()
    return result ?? body()
}
