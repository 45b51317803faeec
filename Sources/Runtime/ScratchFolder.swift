import Foundation
import Synchronization

/// A session's private temporary folder, behind `temp_path(name)`: made on first use under the
/// system temporary directory, always allowed by the sandbox, removed when the session closes
/// (or, failing that, when the process exits).
final class ScratchFolder: @unchecked Sendable {
    /// What notebooks print instead of the folder's path, so that replays stay byte-identical.
    static let placeholder = "<temp>"

    /// The folder's real path once made; nil before the first `temp_path`.
    private(set) var path: String?

    /// Makes the folder if needed and returns its real path.
    func make() throws(ScratchError) -> String {
        if let path { return path }
        let base = FileAccessPolicy.realPath(NSTemporaryDirectory())
        var template = Array((base + "/fti-session-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) } != nil
        }
        guard made else { throw ScratchError(message: "cannot make a temporary folder in \(base)") }
        let created = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        path = created
        ScratchRegistry.add(created)
        return created
    }

    /// Deletes the folder and everything in it; later `make` calls start a new one.
    func remove() {
        guard let path else { return }
        try? FileManager.default.removeItem(atPath: path)
        ScratchRegistry.remove(path)
        self.path = nil
    }
}

/// Why the scratch folder could not be made.
struct ScratchError: Error {
    /// One line for the diagnostic.
    var message: String
}

/// The scratch folders alive in this process, removed at exit by whichever session did not close.
enum ScratchRegistry {
    private static let folders = Mutex<[String]>([])
    private static let installed = Atomic<Bool>(false)

    /// Remembers a folder, installing the exit hook on first use.
    static func add(_ path: String) {
        folders.withLock { $0.append(path) }
        if !installed.exchange(true, ordering: .acquiringAndReleasing) {
            atexit { ScratchRegistry.removeAll() }
        }
    }

    /// Forgets a folder that its session removed.
    static func remove(_ path: String) {
        folders.withLock { list in list.removeAll { $0 == path } }
    }

    /// Removes every folder still registered.
    static func removeAll() {
        let remaining = folders.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for path in remaining { try? FileManager.default.removeItem(atPath: path) }
    }
}
