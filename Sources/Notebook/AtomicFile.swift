import Foundation

/// Writes a file so readers see either the old or the new content, never a mix: a temporary
/// file in the same folder (same file system), then rename(2) over the target.
enum AtomicFile {
    /// Counter making temporary names unique within the process (no randomness needed).
    private static let counter = Counter()

    /// Replaces the file at `path` (following a symbolic link to its target) with `text`,
    /// keeping its permissions. The message of a thrown error says what failed.
    static func write(_ text: String, to path: String) throws(NotebookError) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(
            ".\(target.lastPathComponent).fti-update-\(ProcessInfo.processInfo.processIdentifier)-\(counter.next())")
        let manager = FileManager.default
        let permissions = (try? manager.attributesOfItem(atPath: target.path))?[.posixPermissions]
        do {
            try Data(text.utf8).write(to: temporary)
            if let permissions {
                try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
        } catch {
            try? manager.removeItem(at: temporary)
            throw NotebookError(path: path, line: 0, message: "cannot write the updated notebook (\(error.localizedDescription))")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: temporary)
            throw NotebookError(path: path, line: 0, message: "cannot replace the notebook (\(reason))")
        }
    }

    /// A thread-safe increasing number.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        /// The next number, starting at 1.
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
