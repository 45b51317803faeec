#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the whole new one, never a part:
/// bytes go to a temporary file beside the target, which is flushed to disk and renamed over it.
final class AtomicFileWriter {
    let path: String
    let temporaryPath: String
    private var descriptor: Int32

    /// Creates the temporary file (`.name.tmp-PID-N` in the target's folder).
    init(path: String) throws(FrameError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if name.isEmpty {
            throw FrameError(.io, "cannot write '\(path)': the path names a folder, not a file")
        }
        var attempt = 0
        while true {
            let candidate = "\(folder).\(name).tmp-\(getpid())-\(attempt)"
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if opened >= 0 {
                temporaryPath = candidate
                descriptor = opened
                return
            }
            if errno != EEXIST || attempt > 100 {
                throw FrameError(.io, "cannot write '\(path)': \(CSVReader.systemMessage(errno))")
            }
            attempt += 1
        }
    }

    deinit {
        abandon()
    }

    /// Appends bytes to the temporary file.
    func write(_ bytes: [UInt8]) throws(FrameError) {
        let failure = bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var written = 0
            while written < buffer.count {
                let result = systemWrite(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return 0
        }
        if failure != 0 {
            throw FrameError(.io, "cannot write '\(path)': \(CSVReader.systemMessage(failure))")
        }
    }

    /// Flushes the temporary file to disk and renames it over the target.
    func commit() throws(FrameError) {
        var failure: Int32 = 0
        if fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        descriptor = -1
        if failure != 0 {
            unlink(temporaryPath)
            throw FrameError(.io, "cannot write '\(path)': \(CSVReader.systemMessage(failure))")
        }
        if rename(temporaryPath, path) != 0 {
            let reason = CSVReader.systemMessage(errno)
            unlink(temporaryPath)
            throw FrameError(.io, "cannot write '\(path)': \(reason)")
        }
    }

    /// Closes and removes the temporary file (after a failure); does nothing once committed.
    func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}

/// write(2), named apart from `AtomicFileWriter.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
