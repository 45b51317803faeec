#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import fti

@Suite("HistoryFile escaping")
struct HistoryEscapingTests {
    static let awkwardEntries = [
        "let x = 1",
        "let w = read_csv(\"a.csv\")\n  |> filter(.temp_max > 30)\n  |> head(3)",
        "back\\slash and \\n literally",
        "tab\there, cr\r here, trailing newline\n",
        "bell \u{7} escape \u{1B}[1m del \u{7F} nul \u{0}",
        "café naïve ∑ 🚀 e\u{301}",
        "\\",
        "",
    ]

    @Test("every entry escapes to one line and round-trips", arguments: awkwardEntries)
    func roundTrip(entry: String) throws {
        let line = HistoryFile.escape(entry)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        let decoded = try #require(HistoryFile.unescape(line[...]))
        #expect(decoded == entry)
    }

    @Test("the escapes are the documented ones")
    func escapeSpelling() {
        #expect(HistoryFile.escape("a\nb") == "a\\nb")
        #expect(HistoryFile.escape("a\\b") == "a\\\\b")
        #expect(HistoryFile.escape("\t\r") == "\\t\\r")
        #expect(HistoryFile.escape("\u{1B}") == "\\x1B")
        #expect(HistoryFile.unescape("\\x1b") == "\u{1B}")
    }

    @Test("unknown or truncated escapes are rejected", arguments: ["\\q", "end\\", "\\x4", "\\xZZ"])
    func badEscapes(line: String) {
        #expect(HistoryFile.unescape(line[...]) == nil)
    }

    @Test("parse requires the header, skips bad lines and accepts CRLF")
    func parsing() throws {
        let good = try HistoryFile.parse(Array("#fti-history v1\nfirst\nsecond\\nline\n".utf8)).get()
        #expect(good == HistoryFile.ParsedHistory(entries: ["first", "second\nline"], malformedLines: 0))
        let crlf = try HistoryFile.parse(Array("#fti-history v1\r\na\r\nb\r\n".utf8)).get()
        #expect(crlf.entries == ["a", "b"])
        let bad = try HistoryFile.parse(Array("#fti-history v1\nok\nbad\\q\n".utf8)).get()
        #expect(bad == HistoryFile.ParsedHistory(entries: ["ok"], malformedLines: 1))
        #expect(try HistoryFile.parse([]).get().entries.isEmpty)
        #expect(throws: HistoryFile.FormatProblem.self) { try HistoryFile.parse(Array("_HiStOrY_V2_\nx\n".utf8)).get() }
        #expect(throws: HistoryFile.FormatProblem.self) { try HistoryFile.parse([0x23, 0xFF, 0x0A]).get() }
        #expect(throws: HistoryFile.FormatProblem.self) { try HistoryFile.parse(Array("#fti-history v1\na\0b\n".utf8)).get() }
    }
}

@Suite("HistoryFile on disk")
struct HistoryFileTests {
    @Test("a missing file is an empty history; append creates 0700 folders and a 0600 file")
    func createsOnAppend() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/state/fti/history"
        let history = HistoryFile(path: path)
        #expect(history.load().isEmpty)
        #expect(history.loadProblem == nil)
        #expect(!fileExists(path))
        history.append("let x = 1")
        history.append("fn f(a) =\n  a + 1")
        #expect(permissions(folder.path + "/state") == 0o700)
        #expect(permissions(folder.path + "/state/fti") == 0o700)
        #expect(permissions(path) == 0o600)
        #expect(contents(path) == "#fti-history v1\nlet x = 1\nfn f(a) =\\n  a + 1\n")
        #expect(HistoryFile(path: path).load() == ["let x = 1", "fn f(a) =\n  a + 1"])
    }

    @Test("load keeps the newest entries and caps the file at the limit")
    func limit() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history"
        let writer = HistoryFile(path: path, limit: 3)
        for index in 1...5 { writer.append("entry \(index)") }
        let loaded = HistoryFile(path: path, limit: 3).load()
        #expect(loaded == ["entry 3", "entry 4", "entry 5"])
        #expect(contents(path) == "#fti-history v1\nentry 3\nentry 4\nentry 5\n")
        #expect(permissions(path) == 0o600)
    }

    @Test("a file that is not ours is never written, not even appended to",
          arguments: ["_HiStOrY_V2_\nlet\\040x\n", "ls -la\ncd /tmp\n", "#fti-history v2\nfuture\n"])
    func neverClobbersForeignFile(text: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history"
        try writeFile(text, to: path)
        let history = HistoryFile(path: path, limit: 1)
        #expect(history.load().isEmpty)
        #expect(history.loadProblem != nil)
        history.append("new entry")
        #expect(contents(path) == text)
    }

    @Test("an unreadable path (a folder) disables writing")
    func unreadable() throws {
        let folder = try TemporaryFolder()
        let history = HistoryFile(path: folder.path)
        #expect(history.load().isEmpty)
        #expect(history.loadProblem != nil)
        history.append("x")
        #expect(!fileExists(folder.path + "/x"))
    }

    @Test("malformed lines are skipped and stop compaction, so the file is not rewritten")
    func malformedLinesBlockCompaction() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history"
        let text = "#fti-history v1\none\nbad\\q\ntwo\nthree\n"
        try writeFile(text, to: path)
        let history = HistoryFile(path: path, limit: 2)
        #expect(history.load() == ["two", "three"])
        #expect(history.loadProblem == nil)
        #expect(contents(path) == text)
        history.append("four")
        #expect(contents(path) == text + "four\n")
    }

    @Test("an oversized entry is not written")
    func oversizedEntry() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/history"
        let history = HistoryFile(path: path)
        history.append(String(repeating: "x", count: HistoryFile.maximumEntryBytes + 1))
        history.append("small")
        #expect(HistoryFile(path: path).load() == ["small"])
    }

    @Test("default path: FTI_HISTORY, then XDG_STATE_HOME, then HOME")
    func defaultPath() {
        #expect(HistoryFile.defaultPath(environment: ["FTI_HISTORY": "/h", "HOME": "/home/u"]) == "/h")
        #expect(HistoryFile.defaultPath(environment: ["FTI_HISTORY": "", "HOME": "/home/u"]) == nil)
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/s/fti/history")
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s/", "HOME": "/home/u"]) == "/s/fti/history")
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/home/u"])
            == "/home/u/.local/state/fti/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/fti/history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }
}

@Suite("LineEditor completion insertion")
struct CompletionInsertionTests {
    @Test("the common prefix is inserted, never shorter than the typed word")
    func insertion() {
        #expect(LineEditor.CompletionMatches.insertion(word: ".te", candidates: [".temp_max", ".temp_min"]) == ".temp_m")
        #expect(LineEditor.CompletionMatches.insertion(word: "su", candidates: ["sum", "summary"]) == "sum")
        #expect(LineEditor.CompletionMatches.insertion(word: ".te", candidates: [".temp", ".Temp"]) == ".te")
        #expect(LineEditor.CompletionMatches.insertion(word: "ca", candidates: ["café", "cafè"]) == "caf")
    }
}

// MARK: - Helpers

/// A fresh folder under /tmp, removed with its contents when the test ends.
private final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/fti-history-test.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        path = try #require(made)
    }

    deinit {
        Self.remove(path)
    }

    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            if let folder = opendir(path) {
                while let entry = readdir(folder) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name != "." && name != ".." { remove(path + "/" + name) }
                }
                closedir(folder)
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

private func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
}

private func permissions(_ path: String) -> mode_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
}

private func contents(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

private struct WriteFailed: Error {}

private func writeFile(_ text: String, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw WriteFailed() }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw WriteFailed() }
}
