import Lang
import Runtime

/// The fuzz target: parses arbitrary bytes as a script and runs it in a fresh session with a
/// short time limit and no file access.
///
/// Every builtin that takes a path (read_csv, write_csv, sql, store, save, temp_path, …; found by
/// its parameter names and group, so builtins added later are covered too) is replaced by one
/// that fails (`store(":memory:")` excepted), and `use` is refused: the fuzzer must never read
/// or write files, whatever it generates.
func fuzzInterpreter(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let text = String(decoding: input, as: UTF8.self)
    let registered = SourceRegistry.shared.count
    defer { SourceRegistry.shared.forgetSources(after: registered) }
    let session = sandboxedSession()
    // The session and its interpreter refer to each other until closed.
    defer { session.close() }
    let result = session.evaluate(text, sourceName: "<fuzz>", timeout: 0.25)
    _ = result.output.utf8.count
    return 0
}

/// A session like a notebook replay's (fixed clock and seed), with file access cut off.
func sandboxedSession() -> Session {
    var options = SessionOptions(workingDirectory: "/nonexistent/fti-fuzz")
    options.isNotebook = true
    options.clock = SessionOptions.notebookClock
    // Stopped by the session's own watchdog well before libFuzzer's -rss_limit_mb (4 GiB) would
    // report a program that builds a huge frame as a crash.
    options.memoryLimit = 2 << 30
    let session = Session(options: options)
    let interpreter = session.interpreter
    for name in interpreter.builtinNames {
        guard let builtin = interpreter.builtins[name], touchesFiles(builtin) else { continue }
        // A feature store in memory touches no file, and opens the store's builtins to the fuzzer.
        let inMemory = builtin.name == "store"
        interpreter.register(Builtin(
            name: builtin.name, parameters: builtin.parameters, required: builtin.requiredCount,
            acceptsRest: builtin.acceptsRest, acceptsOptions: builtin.acceptsOptions,
            signature: builtin.signature, summary: builtin.summary, group: builtin.group
        ) { args, vm throws(Diagnostic) in
            if inMemory, args.rest.isEmpty, args.options.isEmpty, case .string(":memory:")? = args.value(0) {
                return try builtin.body(&args, vm)
            }
            throw Diagnostic("\(args.callee) is disabled while fuzzing (no file access)", at: args.callSpan)
        })
    }
    interpreter.scriptLoader = { _, span, _ throws(Diagnostic) in
        throw Diagnostic("use is disabled while fuzzing (no file access)", at: span)
    }
    return session
}

/// Whether a builtin may touch the file system: it takes a path, a folder or a file name, names
/// one (`temp_path`), or is listed under `files` in `:help`.
func touchesFiles(_ builtin: Builtin) -> Bool {
    let words = ["path", "file", "dir", "folder"]
    return builtin.group == "files" || words.contains { builtin.name.contains($0) }
        || builtin.parameters.contains { name in words.contains { name.contains($0) } }
}
