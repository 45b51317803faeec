import Foundation
import Frame
import Testing
@testable import Store

/// The child half of the crash test: when run with FTI_STORE_CRASH_DB set, it inserts large
/// batches into that store until it is killed. Otherwise it does nothing.
@Suite struct CrashChildProcess {
    static let batchRows = 20_000

    @Test func insertUntilKilled() throws {
        guard let path = ProcessInfo.processInfo.environment["FTI_STORE_CRASH_DB"] else { return }
        let store = try FeatureStore(path: path)
        let group = try store.featureGroup(FeatureGroupSpec(name: "big", primaryKey: ["id"], eventTime: "ts", online: true))
        _ = FileManager.default.createFile(atPath: path + ".started", contents: Data())
        for batch in 0..<10_000 {
            let base = Int64(batch * Self.batchRows)
            let ids = (0..<Int64(Self.batchRows)).map { base + $0 }
            try store.insert(group, try frame(
                Column(name: "id", ints: ids), Column(name: "ts", timestamps: ids),
                Column(name: "x", floats: ids.map { Double($0) * 0.5 }), Column(name: "s", strings: ids.map { "row \($0)" })))
        }
    }
}

@Suite struct CrashSafetyTests {
    /// A process killed with SIGKILL in the middle of inserting leaves whole batches only, and a
    /// sound file.
    @Test func aKilledInsertLeavesWholeBatchesOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("crash.db")
        var executable = CommandLine.arguments[0]
        if !executable.hasPrefix("/") { executable = FileManager.default.currentDirectoryPath + "/" + executable }
        guard FileManager.default.isExecutableFile(atPath: executable) else { return }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashChildProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment["FTI_STORE_CRASH_DB"] = path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        // Wait for the child to start inserting, then let it commit a batch or two and kill it mid-way.
        var waited = 0
        while !FileManager.default.fileExists(atPath: path + ".started") && waited < 600 && child.isRunning {
            usleep(10_000)
            waited += 1
        }
        usleep(700_000)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        let store = try FeatureStore(path: path)
        #expect(try store.integrityProblem() == nil)
        let group = try store.featureGroup(named: "big", version: 1)
        let rows = try store.read(group).height
        #expect(rows % CrashChildProcess.batchRows == 0)
        #expect(try store.onlineRows(group).height == rows)
        let commits = try store.rows("SELECT COUNT(*) FROM fti_commit")[0][0]
        #expect(commits == .int(Int64(rows / CrashChildProcess.batchRows)))
        // The store keeps working after recovery.
        try store.insert(group, try frame(Column(name: "id", ints: [-1]), Column(name: "ts", timestamps: [0]), Column(name: "x", floats: [0]), Column(name: "s", strings: ["after"])))
    }
}
