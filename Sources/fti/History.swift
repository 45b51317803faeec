#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// fti's own REPL history file, written by us instead of libedit (whose append and truncate
/// corrupt the file, and whose format differs from GNU readline's).
///
/// Format: a first line `#fti-history v1`, then one entry per line, escaped so that multi-line
/// entries stay on one line (`\\`, `\n`, `\r`, `\t`, `\xHH` for other control characters).
/// Each entry is appended with a single `O_APPEND` write under `flock`, so concurrent sessions
/// interleave whole entries. `load()` caps the file at `limit` entries by rewriting it through a
/// temporary file and `rename`, and only after a fully successful read: a file that cannot be
/// read or is not ours (no header, not UTF-8) is never written to, not even appended to.
struct HistoryFile: Sendable {
    /// The first line of every history file we write; anything else is someone else's file.
    static let header = "#fti-history v1"
    /// Entries longer than this (in UTF-8 bytes) are kept in memory but not written, so one huge
    /// paste cannot bloat the file.
    static let maximumEntryBytes = 64 * 1024

    /// Where the history lives.
    let path: String
    /// How many entries the file keeps (and the editor remembers); at least 1.
    let limit: Int
    /// What the last `load()` found; shared by copies of this value.
    private let state: LoadState

    /// A history file at `path` that keeps the last `limit` entries. Touches nothing on disk.
    init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
        self.state = LoadState()
    }

    /// Why the last `load()` refused the file (and so disabled writing), or nil if it was fine.
    var loadProblem: String? {
        state.problem.withLock { $0 }
    }

    /// Reads the entries, oldest first, at most `limit` of them. A missing file is an empty
    /// history; any other failure returns no entries and disables `append` for this value.
    func load() -> [String] {
        state.problem.withLock { $0 = nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code != ENOENT { refuse("cannot open: \(Self.describe(errno: code))") }
            return []
        }
        defer { close(fd) }
        // An exclusive lock: a compaction below must not race another session's append.
        _ = flock(fd, LOCK_EX)
        let bytes: [UInt8]
        switch Self.readAll(fd) {
        case .success(let read): bytes = read
        case .failure(let failure):
            refuse("cannot read: \(Self.describe(errno: failure.code))")
            return []
        }
        let parsed: ParsedHistory
        switch Self.parse(bytes) {
        case .success(let result): parsed = result
        case .failure(let problem):
            refuse(problem.message)
            return []
        }
        let kept = Array(parsed.entries.suffix(limit))
        if parsed.entries.count > limit && parsed.malformedLines == 0 {
            compact(to: kept)
        }
        return kept
    }

    /// Appends one entry to the file, creating the file (0600) and its folders (0700) as needed.
    /// Does nothing after a refused `load()`, for an entry over `maximumEntryBytes`, or on I/O failure.
    func append(_ entry: String) {
        guard !state.refused.load(ordering: .relaxed) else { return }
        let line = Self.escape(entry) + "\n"
        guard line.utf8.count <= Self.maximumEntryBytes else { return }
        Self.makeParentDirectories(of: path)
        // A concurrent compaction may rename a new file over the one we opened; retry on the new one.
        for _ in 0..<3 {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return }
            _ = flock(fd, LOCK_EX)
            var opened = stat()
            var current = stat()
            guard fstat(fd, &opened) == 0 else {
                close(fd)
                return
            }
            let found = stat(path, &current) == 0
            if found && (current.st_ino != opened.st_ino || current.st_dev != opened.st_dev) {
                close(fd)
                continue
            }
            let text = opened.st_size == 0 ? Self.header + "\n" + line : line
            _ = Self.writeAll(fd, Array(text.utf8))
            close(fd)
            return
        }
    }

    /// The history path from the environment: `$FTI_HISTORY` (set but empty disables history),
    /// else `$XDG_STATE_HOME/fti/history`, else `$HOME/.local/state/fti/history`, else nil.
    static func defaultPath(environment: [String: String]) -> String? {
        if let explicit = environment["FTI_HISTORY"] {
            return explicit.isEmpty ? nil : explicit
        }
        // The XDG spec says relative values are invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return Self.joined(state, "fti/history")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return Self.joined(home, ".local/state/fti/history")
        }
        return nil
    }

    // MARK: - Escaping

    /// One entry as one line: backslash, CR, LF, tab and other control characters escaped.
    static func escape(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + Self.hexByte(UInt8(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The inverse of `escape`, or nil for a line with an unknown or truncated escape.
    static func unescape(_ line: Substring) -> String? {
        var out = String.UnicodeScalarView()
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            switch scalars.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "x":
                guard let high = scalars.next().flatMap(Self.hexValue),
                      let low = scalars.next().flatMap(Self.hexValue)
                else { return nil }
                out.append(Unicode.Scalar(high << 4 | low))
            default: return nil
            }
        }
        return String(out)
    }

    // MARK: - Parsing

    /// The entries of a file's bytes, and how many lines had to be skipped.
    struct ParsedHistory: Equatable {
        var entries: [String]
        var malformedLines: Int
    }

    /// Why a file's bytes are not an fti history.
    struct FormatProblem: Error, Equatable {
        var message: String
    }

    /// Parses a whole file. An empty file is an empty history; otherwise the header is required,
    /// the text must be UTF-8 without NUL bytes, and lines with bad escapes are skipped and counted.
    static func parse(_ bytes: [UInt8]) -> Result<ParsedHistory, FormatProblem> {
        if bytes.isEmpty { return .success(ParsedHistory(entries: [], malformedLines: 0)) }
        if bytes.contains(0) {
            return .failure(FormatProblem(message: "not an fti history file (binary data)"))
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .failure(FormatProblem(message: "not an fti history file (not UTF-8)"))
        }
        // Split bytes, not Characters: "\r\n" is a single Character and would hide a line break.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { Substring(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, Self.stripCR(first) == Self.header else {
            let message = "not an fti history file (first line is not '\(Self.header)')"
            return .failure(FormatProblem(message: message))
        }
        var parsed = ParsedHistory(entries: [], malformedLines: 0)
        for line in lines.dropFirst() {
            if let entry = Self.unescape(Self.stripCR(line)) {
                parsed.entries.append(entry)
            } else {
                parsed.malformedLines += 1
            }
        }
        return .success(parsed)
    }

    /// The complete file text for `entries`, as `compact` writes it.
    static func render(_ entries: [String]) -> String {
        var text = Self.header + "\n"
        for entry in entries {
            let line = Self.escape(entry) + "\n"
            if line.utf8.count <= Self.maximumEntryBytes { text += line }
        }
        return text
    }

    // MARK: - Private

    /// Mutable facts about the last `load()`, shared by copies of the (immutable) value.
    private final class LoadState: Sendable {
        let refused = Atomic<Bool>(false)
        let problem = Mutex<String?>(nil)
    }

    /// Records why the file is off limits and disables writing.
    private func refuse(_ problem: String) {
        state.refused.store(true, ordering: .relaxed)
        state.problem.withLock { $0 = problem }
    }

    /// Rewrites the file with `entries` via a temporary file and `rename`, so a crash leaves
    /// either the old or the new file. Called with the file locked; failure leaves it as it was.
    private func compact(to entries: [String]) {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let written = Self.writeAll(fd, Array(Self.render(entries).utf8)) && fsync(fd) == 0
        close(fd)
        if !written || rename(temporary, path) != 0 {
            unlink(temporary)
        }
    }

    private static func readAll(_ fd: Int32) -> Result<[UInt8], Errno> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return .success(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }

    /// `mkdir -p` of the file's folder, new folders private (0700) as history is personal.
    private static func makeParentDirectories(of path: String) {
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !components.isEmpty else { return }
        components.removeLast()
        var current = path.hasPrefix("/") ? "" : "."
        for component in components {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST { return }
        }
    }

    private static func joined(_ directory: String, _ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    private static func stripCR(_ line: Substring) -> Substring {
        line.hasSuffix("\r") ? line.dropLast() : line
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: return UInt8(scalar.value - 0x30)
        case 0x41...0x46: return UInt8(scalar.value - 0x41 + 10)
        case 0x61...0x66: return UInt8(scalar.value - 0x61 + 10)
        default: return nil
        }
    }

    private static func describe(errno code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }

    /// An `errno` value carried through `Result`.
    private struct Errno: Error {
        var code: Int32
    }
}
