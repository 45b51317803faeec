import Foundation
import Lang

extension Session {
    /// Resolves a path a builtin or `use` is about to open against the working directory and
    /// checks it against the sandbox; a refusal is a diagnostic at `span` naming the path as given.
    public func checkedPath(_ path: String, at span: SourceSpan?) throws(Diagnostic) -> String {
        let resolved = resolvePath(path)
        guard let policy = options.fileAccess else { return resolved }
        let real = FileAccessPolicy.realPath(resolved)
        let scratchRoots = scratch.path.map { [$0] } ?? []
        if policy.allows(realPath: real, extraRoots: scratchRoots) { return resolved }
        throw Diagnostic("sandbox: \(quoted(path)) is outside \(policy.rootList) (\(policy.explanation))", at: span)
    }

    /// A path named `name` in the session's temporary folder, which is made on first use, always
    /// allowed by the sandbox and removed when the session closes.
    func temporaryPath(_ name: String) throws(ScratchError) -> String {
        try scratch.make() + "/" + name
    }

    /// Ends the session: removes its temporary folder and lets it be freed. Evaluating afterwards
    /// gives an error. Safe to call more than once.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        scratch.remove()
        openStores.removeAll()
        // Freeing a value recurses its nesting (a list built a million levels deep in a loop);
        // the caller's stack may be small, so the bindings are let go on a large one.
        onLargeStack { self.interpreter.globals.removeAll() }
        // The interpreter holds the session as its context; letting go breaks the cycle.
        interpreter.context = nil
    }

    /// Text as a notebook records it: the temporary folder's path replaced by a fixed placeholder,
    /// so replays are byte-identical; unchanged outside notebooks.
    func notebookText(_ text: String) -> String {
        guard options.isNotebook, let folder = scratch.path else { return text }
        return text.replacingOccurrences(of: folder, with: ScratchFolder.placeholder)
    }
}
