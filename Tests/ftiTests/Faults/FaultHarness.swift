import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The seeded generator that picks kill points, so a failing round replays exactly with the seed
/// it prints.
typealias FaultRandom = SplitMix64

/// Milliseconds on a monotonic clock, for timing rounds and kill delays.
func faultMilliseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1_000 + Double(now.tv_nsec) / 1_000_000
}

/// Sleeps for `milliseconds` (fractions allowed).
func faultSleep(_ milliseconds: Double) {
    guard milliseconds > 0 else { return }
    usleep(UInt32(min(milliseconds * 1_000, 60_000_000)))
}

/// Sends SIGKILL to `pid`.
private func sendKill(_ pid: Int32) {
    _ = kill(pid, SIGKILL)
}

/// A fresh folder under the temporary directory, removed when the test is done with it.
final class FaultFolder {
    let path: String

    init(_ label: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fti-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Where the built `fti` executable is: beside the test bundle (both live in `.build/<configuration>`),
/// else in the checkout's `.build/debug`, where CommandLineTests looks.
enum FaultExecutable {
    static let fti: String? = {
        var candidates: [String] = []
        var bundle = CommandLine.arguments.first ?? ""
        if !bundle.hasPrefix("/") { bundle = FileManager.default.currentDirectoryPath + "/" + bundle }
        candidates.append(URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("fti").path)
        candidates.append(CommandLineTests.executable.path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

/// One `fti run SCRIPT` child process working in a folder, its output sent to files (a pipe nobody
/// drains could fill up and stall it).
final class FaultProcess {
    let process = Process()
    let name: String
    let folder: String

    /// Writes `script` to `<folder>/<name>.fti` and starts fti on it with `folder` as working directory.
    init(fti: String, script: String, name: String, folder: String) throws {
        self.name = name
        self.folder = folder
        try Data(script.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name).fti"))
        for stream in ["out", "err"] {
            _ = FileManager.default.createFile(atPath: "\(folder)/\(name).\(stream)", contents: Data())
        }
        process.executableURL = URL(fileURLWithPath: fti)
        process.arguments = ["run", "\(name).fti"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // The scripts use no standard-library function: an empty library folder saves each start
        // the time of loading it.
        let library = folder + "/no-stdlib"
        try FileManager.default.createDirectory(atPath: library, withIntermediateDirectories: true)
        environment["FTI_STDLIB"] = library
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: "\(folder)/\(name).out")
        process.standardError = FileHandle(forWritingAtPath: "\(folder)/\(name).err")
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL, then waits for the process to go; true when the signal (not an exit) ended it.
    @discardableResult
    func killHard() -> Bool {
        if process.isRunning { sendKill(process.processIdentifier) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// Waits up to `seconds` for the process to exit by itself, then kills it; returns its exit status
    /// (nil when it had to be killed or died of a signal).
    func wait(seconds: Double) -> Int32? {
        let deadline = faultMilliseconds() + seconds * 1_000
        while process.isRunning && faultMilliseconds() < deadline { faultSleep(5) }
        if process.isRunning {
            killHard()
            return nil
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    var standardOutput: String { (try? String(contentsOfFile: "\(folder)/\(name).out", encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOfFile: "\(folder)/\(name).err", encoding: .utf8)) ?? "" }
}
