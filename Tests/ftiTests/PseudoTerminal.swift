#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A program running on a pseudo-terminal, driven like a user at a keyboard: `send` types,
/// `expect` reads the screen output until a text appears. The child gets its own session with the
/// terminal as its controlling terminal, so Ctrl-C (byte 3) reaches it as SIGINT, as in a real
/// terminal. No tmux or `script` needed.
final class PseudoTerminal {
    /// Why driving the terminal failed; the message includes what the screen showed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The child's process id.
    let pid: pid_t
    private let master: Int32
    /// Everything the child wrote so far.
    private var output: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var mark = 0
    private var exitStatus: Int32?

    /// Starts `executable` on a new 100×30 terminal in `directory` with exactly `environment`.
    init(executable: String, arguments: [String] = [], environment: [String: String], directory: String) throws {
        let c = try GNULibC()
        let master = c.posixOpenpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw Failure(description: "posix_openpt failed: errno \(errno)") }
        guard c.grantpt(master) == 0, c.unlockpt(master) == 0 else {
            close(master)
            throw Failure(description: "grantpt/unlockpt failed: errno \(errno)")
        }
        var nameBuffer = [CChar](repeating: 0, count: 128)
        guard c.ptsnameR(master, &nameBuffer, nameBuffer.count) == 0 else {
            close(master)
            throw Failure(description: "ptsname_r failed: errno \(errno)")
        }
        let slavePath = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // POSIX_SPAWN_SETSID (glibc's 0x80; not imported into Swift): the child leads a new session,
        // so opening the terminal below makes it the controlling terminal.
        // Also start from an empty signal mask and default SIGINT handling, whatever the test
        // runner's threads block or ignore, so Ctrl-C reaches the child as it would from a shell.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        _ = c.addChdir(&actions, directory)
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw Failure(description: "posix_spawn \(executable) failed: error \(status)")
        }
        self.master = master
        self.pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use "\r" for Enter, "\u{3}" for Ctrl-C, "\t" for Tab).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                write(master, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN {
                    usleep(1000)
                    continue
                }
                return
            }
            offset += written
        }
    }

    /// Reads until `text` appears after the previous match, within `timeout` seconds; the next
    /// `expect` looks after it. Throws with the recent output when it does not appear.
    @discardableResult
    func expect(_ text: String, timeout: Double = 5) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = Self.find(needle, in: output, from: mark) {
                let seen = String(decoding: output[mark..<range.upperBound], as: UTF8.self)
                mark = range.upperBound
                return seen
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, readAvailable(waitingAtMost: remaining) else {
                throw Failure(description: "timed out waiting for \(text.debugDescription); screen since last match: "
                    + String(decoding: output[mark...], as: UTF8.self).debugDescription)
            }
        }
    }

    /// Waits until the program has put the terminal in raw mode, as a line editor does while it
    /// reads. Keys typed earlier meet the cooked terminal: echoed twice, and Ctrl-D becomes an
    /// end-of-file mark the editor never sees. (Master and slave share one set of attributes.)
    func waitUntilRaw(timeout: Double = 5) throws {
        try waitForMode(raw: true, timeout: timeout)
    }

    /// Waits until the terminal is back in cooked mode: the editor handed a line over and the
    /// program is working on it.
    func waitUntilCooked(timeout: Double = 5) throws {
        try waitForMode(raw: false, timeout: timeout)
    }

    private func waitForMode(raw: Bool, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var attributes = termios()
        while Date() < deadline {
            if tcgetattr(master, &attributes) == 0, (attributes.c_lflag & tcflag_t(ICANON) == 0) == raw { return }
            _ = readAvailable(waitingAtMost: 0.01)
        }
        throw Failure(description: "the terminal never went \(raw ? "raw" : "cooked"); screen: \(screen.debugDescription)")
    }

    /// Waits for the child to exit and returns its exit status, or nil after `timeout` seconds.
    func waitForExit(timeout: Double = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = readAvailable(waitingAtMost: 0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status >> 8) & 0xFF
                return exitStatus
            }
        }
        return nil
    }

    /// Everything the child wrote, for failure messages.
    var screen: String {
        String(decoding: output, as: UTF8.self)
    }

    /// Waits up to `seconds` for output and appends what is there; false once the child is gone
    /// and nothing more can come, or on timeout with nothing read.
    private func readAvailable(waitingAtMost seconds: Double) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(1, min(seconds, 60) * 1000)))
        guard ready > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        // EIO: the child closed the terminal (it exited).
        guard count > 0 else { return count < 0 && (errno == EAGAIN || errno == EINTR) }
        output.append(contentsOf: buffer[0..<count])
        return true
    }

    /// The C library's pseudo-terminal and spawn functions that Swift's Glibc module leaves out
    /// (they need _GNU_SOURCE or _XOPEN_SOURCE), looked up by name at run time.
    private struct GNULibC {
        let posixOpenpt: @convention(c) (Int32) -> Int32
        let grantpt: @convention(c) (Int32) -> Int32
        let unlockpt: @convention(c) (Int32) -> Int32
        let ptsnameR: @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let addChdir: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

        init() throws {
            let handle = dlopen(nil, RTLD_NOW)
            func symbol<T>(_ name: String, as type: T.Type) throws -> T {
                guard let pointer = dlsym(handle, name) else {
                    throw Failure(description: "the C library has no \(name)")
                }
                return unsafeBitCast(pointer, to: type)
            }
            posixOpenpt = try symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
            grantpt = try symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
            unlockpt = try symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
            ptsnameR = try symbol("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
            addChdir = try symbol(
                "posix_spawn_file_actions_addchdir_np",
                as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32).self)
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count - start >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle {
                return index..<index + needle.count
            }
            index += 1
        }
        return nil
    }
}
