import Lang

/// Files and the sandbox: `temp_path`, and the check every builtin that opens a file makes first.
enum SandboxLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "temp_path", parameters: ["name"], signature: "temp_path(name)",
                summary: "A path in the session's own temporary folder: allowed by the sandbox, deleted when the session ends",
                group: "files") { args, vm throws(Diagnostic) in
            let name = try args.string(0, "name")
            guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.utf8.contains(0) else {
                throw args.error(0, "temp_path takes a file name without folders, e.g. temp_path(\"model.json\")")
            }
            guard let session = vm.session else {
                throw Diagnostic("temp_path needs a session", at: args.callSpan)
            }
            do throws(ScratchError) {
                return .string(try session.temporaryPath(name))
            } catch {
                throw Diagnostic(error.message, at: args.callSpan)
            }
        },
    ]

    /// The path a builtin opens for argument `index` (`:memory:` stays SQLite's in-memory database):
    /// resolved against the working directory and checked against the sandbox, with the caret on
    /// the argument when refused.
    static func checkedPath(_ args: Arguments, _ index: Int, _ path: String, _ vm: Interpreter) throws(Diagnostic) -> String {
        if path == ":memory:" { return path }
        guard let session = vm.session else { return path }
        return try session.checkedPath(path, at: args.span(index))
    }

    /// Whether builtins of `vm`'s session are confined by a sandbox (`sql` then refuses ATTACH).
    static func isSandboxed(_ vm: Interpreter) -> Bool {
        vm.session?.options.fileAccess != nil
    }
}
