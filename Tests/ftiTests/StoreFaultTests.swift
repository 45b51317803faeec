import Foundation
import Frame
import Testing
@testable import Store
import TestSupport

/// The feature store under process faults (issue 10, part 5; issue 8, crash safety): writers killed
/// with SIGKILL at random points, readers running beside a writer, processes racing to create a
/// store. Writers and readers are the built `fti` executable running scripts, so the whole path a
/// user takes (language, runtime, store, SQLite) is under test.
///
/// `FTI_FAULT_SEED` replays a failing run of the kill test; `FTI_FAULT_ROUNDS` changes its length.
@Suite(.serialized) struct StoreFaultTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["FTI_FAULT_SEED"].flatMap { UInt64($0) } ?? 0x0F71_5EED
    static let rounds = environment["FTI_FAULT_ROUNDS"].flatMap { Int($0) } ?? 200
    /// Rounds that share one store file before the next starts afresh (so checks stay fast).
    static let roundsPerStore = 10

    /// Each round starts a writer on the store, kills it at a random point (mostly during an
    /// insert, one round in eight while it starts up and opens the store), reopens the store and
    /// checks: integrity, every batch the writer reported committed present in full, no batch
    /// present in part anywhere, and the next insert accepted.
    @Test func killedWritersLoseNoCommittedBatchAndLeaveNoPartialOne() throws {
        let fti = try #require(FaultExecutable.fti, "build fti first: swift build --build-tests")
        let folder = try FaultFolder("store-kill")
        try FaultWorkload.writeKeys(in: folder.path)
        var random = FaultRandom(state: Self.seed)
        var batchTime = 40.0  // milliseconds; refined from the inserts each round makes itself
        var startupTime = 60.0  // milliseconds from launch to the first committed batch
        var stored = 0  // batches in the current store file
        var inFlight = 0, afterLastReport = 0, early = 0
        var writerTime = 0.0, checkTime = 0.0  // milliseconds, over all rounds
        let began = faultMilliseconds()
        for round in 0..<Self.rounds {
            if round % Self.roundsPerStore == 0 { stored = 0 }
            let path = folder.file("store-\(round / Self.roundsPerStore).db")
            let committed = folder.file("committed")
            try? FileManager.default.removeItem(atPath: committed)
            try FileManager.default.createDirectory(atPath: committed, withIntermediateDirectories: true)
            let first = stored + 1
            let writer = try FaultProcess(
                fti: fti, script: FaultWorkload.writerScript(store: path, first: first, count: 100_000), name: "writer",
                folder: folder.path)
            let launched = faultMilliseconds()
            if random.below(8) == 0 {
                faultSleep(Double(random.below(Int(startupTime))))
            } else {
                let marker = "\(committed)/\(first).csv"
                while !FileManager.default.fileExists(atPath: marker) && writer.isRunning && faultMilliseconds() - launched < 30_000 {
                    faultSleep(0.5)
                }
                startupTime = 0.8 * startupTime + 0.2 * (faultMilliseconds() - launched)
                faultSleep(2 + Double(random.below(Int(batchTime))))
            }
            let killed = writer.killHard()
            try #require(killed, "round \(round): the writer ended by itself: \(writer.standardError)")
            let reported = FaultWorkload.reportedCommits(in: folder.path)
            let reopening = faultMilliseconds()
            writerTime += reopening - launched

            let store = try FeatureStore(path: path)
            let check = try FaultStoreCheck(store)
            let context = "round \(round) (seed \(Self.seed)): store held \(stored) batches, writer reported \(reported.first ?? 0)...\(reported.last ?? 0), store has \(check.lastBatch)"
            try #require(check.problems.isEmpty, "\(context): \(check.problems.joined(separator: "; "))")
            try #require(check.lastBatch >= max(stored, reported.last ?? 0), "\(context): a committed batch was lost")
            try #require(check.lastBatch <= (reported.last ?? stored) + 1, "\(context): more than the batch in flight")
            if reported.isEmpty {
                early += 1
            } else if check.lastBatch > (reported.last ?? stored) {
                afterLastReport += 1
            } else {
                inFlight += 1
            }

            var group = try store.featureGroup(FaultWorkload.spec)
            if group.expectations.isEmpty { group = try store.setExpectations(FaultWorkload.expectations, on: group) }
            let next = check.lastBatch + 1
            let start = faultMilliseconds()
            let report = try store.insert(group, try FaultWorkload.batch(next))
            batchTime = 0.8 * batchTime + 0.2 * (faultMilliseconds() - start) * 1.3
            #expect(report.inserted == FaultWorkload.rows && report.updated == (next > 1 ? FaultWorkload.corrections : 0))
            stored = next
            try store.close()
            checkTime += faultMilliseconds() - reopening
        }
        let store = try FeatureStore(path: folder.file("store-\((Self.rounds - 1) / Self.roundsPerStore).db"))
        let check = try FaultStoreCheck(store)
        #expect(check.problems.isEmpty && check.lastBatch == stored)
        let seconds = (faultMilliseconds() - began) / 1_000
        print(
            "StoreFaultTests: \(Self.rounds) rounds in \(String(format: "%.1f", seconds)) s (seed \(Self.seed)); writers killed before reporting a batch \(early), after a commit not yet reported \(afterLastReport), otherwise \(inFlight); per round: writer \(Int(writerTime) / Self.rounds) ms, reopen, check and insert \(Int(checkTime) / Self.rounds) ms; batch ≈ \(Int(batchTime)) ms, start ≈ \(Int(startupTime)) ms")
    }

    /// A writer inserts batches while two reader processes read the group every way there is, each
    /// until it has seen 30 batches arrive; no read ever shows part of a batch, goes back in time, or
    /// fails (SQLITE_BUSY included: WAL mode and the busy timeout let readers run beside the writer,
    /// and `training_data` wait for its lock). Then the writer is killed and the store checked.
    @Test func readersBesideAWriterSeeWholeBatchesOnly() throws {
        let fti = try #require(FaultExecutable.fti, "build fti first: swift build --build-tests")
        let folder = try FaultFolder("store-readers")
        try FaultWorkload.writeKeys(in: folder.path)
        try FileManager.default.createDirectory(atPath: folder.file("committed"), withIntermediateDirectories: true)
        let path = folder.file("shared.db")
        let batches = 30
        let writer = try FaultProcess(
            fti: fti, script: FaultWorkload.writerScript(store: path, first: 1, count: 100_000), name: "writer",
            folder: folder.path)
        // The readers' feature view needs the group's columns, which the first batch fixes.
        let launched = faultMilliseconds()
        while !FileManager.default.fileExists(atPath: folder.file("committed/1.csv")) && writer.isRunning
            && faultMilliseconds() - launched < 30_000
        {
            faultSleep(1)
        }
        let readers = try (0..<2).map { index in
            try FaultProcess(
                fti: fti, script: FaultWorkload.readerScript(store: path, batches: batches, limit: 400), name: "reader\(index)",
                folder: folder.path)
        }
        var seen = 0
        for reader in readers {
            let status = reader.wait(seconds: 120)
            #expect(status == 0 && reader.standardError.isEmpty, "\(reader.name): \(reader.standardError)")
            // "first last reads": the batches the reader saw come in, and how often it read.
            let words = reader.standardOutput.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(words.count == 3 && words[1] >= words[0] + batches, "\(reader.name): \(reader.standardOutput)")
            seen = max(seen, words.count == 3 ? words[1] : 0)
            if words.count == 3 { print("StoreFaultTests: \(reader.name) saw batches \(words[0]) to \(words[1]) in \(words[2]) reads") }
        }
        #expect(writer.isRunning, "writer: \(writer.standardError)")
        writer.killHard()
        let store = try FeatureStore(path: path)
        let check = try FaultStoreCheck(store)
        #expect(check.problems.isEmpty && check.lastBatch >= seen, "\(check.problems)")
        // What lets a reader's training_data wait for the writer's lock instead of failing at once.
        #expect(try store.rows("PRAGMA busy_timeout") == [[.int(5_000)]])
        #expect(try store.rows("PRAGMA journal_mode") == [[.string("wal")]])
    }

    /// Processes that open a new store file at the same moment, create the same group, insert the
    /// same first batch and create the same view all succeed: whoever comes second finds the
    /// registry, the tables and the rows already there (an insert of the same batch changes nothing).
    @Test func processesCreatingOneStoreAtOnceAllSucceed() throws {
        let fti = try #require(FaultExecutable.fti, "build fti first: swift build --build-tests")
        let folder = try FaultFolder("store-race")
        try FaultWorkload.writeKeys(in: folder.path)
        for attempt in 0..<4 {
            let path = folder.file("race-\(attempt).db")
            let script = FaultWorkload.prelude(store: path, expecting: true) + """
                let report = insert(fg, batch(1))
                let fv = feature_view(s, "faults_view", version: 1, features: [select(fg, .batch, .x)])
                print(report.inserted + report.unchanged, len(read(fg)), len(feature_vectors(fv, keys)))

                """
            let processes = try (0..<3).map { index in
                try FaultProcess(fti: fti, script: script, name: "race\(attempt)-\(index)", folder: folder.path)
            }
            for process in processes {
                let status = process.wait(seconds: 60)
                #expect(status == 0, "attempt \(attempt), \(process.name): \(process.standardError)")
                #expect(process.standardOutput == "1000 1000 1000\n", "attempt \(attempt), \(process.name)")
            }
            let store = try FeatureStore(path: path)
            #expect(try store.integrityProblem() == nil)
            let group = try store.featureGroup(named: "faults", version: 1)
            #expect(try store.read(group).height == FaultWorkload.rows)
            #expect(try store.featureGroupVersions(named: "faults") == [1])
            #expect(try store.rows("SELECT inserted, unchanged FROM fti_commit ORDER BY seq") == [
                [.int(1_000), .int(0)], [.int(0), .int(1_000)], [.int(0), .int(1_000)],
            ])
        }
    }
}
