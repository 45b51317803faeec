import Foundation
import Frame
import Testing
@testable import Store

/// The feature store on a full disk, simulated with SQLite's size limit (`max_page_count`, which
/// fails a write with SQLITE_FULL exactly as a full disk does): the failing insert says the store is
/// full and names it, leaves no trace, and the store takes the same insert once there is room.
@Suite struct StoreFullTests {
    /// The second batch also adds a column, so a failure must undo a schema change as well.
    static func secondBatch() throws -> DataFrame {
        let batch = try FaultWorkload.batch(2)
        return try DataFrame(columns: batch.columns + [Column(name: "note", strings: [String](repeating: "n", count: batch.height))])
    }

    /// The headroom grows one page at a time, so the insert runs out of space at every statement it
    /// makes in turn (staging, history, offline, online, schema, commit, report), until it fits.
    @Test func anInsertThatRunsOutOfSpaceWritesNothingAndTheStoreStaysUsable() throws {
        let folder = try FaultFolder("store-full")
        let path = folder.file("full.db")
        let store = try FeatureStore(path: path)
        let group = try store.setExpectations(FaultWorkload.expectations, on: try store.featureGroup(FaultWorkload.spec))
        try store.insert(group, try FaultWorkload.batch(1))
        let before = try StoreFingerprint(store)
        let second = try Self.secondBatch()
        let full = "insert into feature group 'faults' v1 failed: store '\(path)' is full (no space left on its disk, or its size limit reached); nothing was written"
        var failures = 0
        var messages: [String] = []
        for room in 0..<400 {
            try store.limitSize(toPages: try store.pageCount() + room)
            do {
                let report = try store.insert(group, second)
                #expect(report.inserted == FaultWorkload.rows && report.updated == FaultWorkload.corrections)
                #expect(report.addedColumns == ["note"])
                break
            } catch {
                failures += 1
                if error.message != full { messages.append(error.message) }
                #expect(error.kind == .database)
                let after = try StoreFingerprint(store)
                #expect(after == before, "room \(room): \(after.differences(from: before))")
            }
        }
        #expect(messages.isEmpty, "\(messages)")
        #expect(failures >= 3, "the insert failed only \(failures) times before it fitted")
        print("StoreFullTests: the insert ran out of space \(failures) times before it fitted")
        #expect(try store.read(group).height == 2 * FaultWorkload.rows)
        #expect(try store.featureGroup(named: "faults", version: 1).columns.map(\.name) == ["id", "ts", "batch", "x", "s", "note"])
        try store.close()

        // A fresh connection (no size limit) finds whole batches and takes the next one.
        let reopened = try FeatureStore(path: path)
        let check = try FaultStoreCheck(reopened, columns: 6)
        #expect(check.problems.isEmpty && check.lastBatch == 2, "\(check.problems)")
        let third = try DataFrame(columns: try FaultWorkload.batch(3).columns + [Column(name: "note", nullsOf: .string, count: 1_050)])
        #expect(try reopened.insert(try reopened.featureGroup(named: "faults", version: 1), third).inserted == FaultWorkload.rows)
    }

    /// Creating a feature group in a full store fails the same way and leaves the registry as it was
    /// (its long description needs pages the store cannot add).
    @Test func creatingAGroupInAFullStoreSaysSo() throws {
        let folder = try FaultFolder("store-full-registry")
        let path = folder.file("full.db")
        let store = try FeatureStore(path: path)
        let before = try StoreFingerprint(store)
        try store.limitSize(toPages: try store.pageCount())
        var spec = FaultWorkload.spec
        spec.description = String(repeating: "a long description ", count: 2_000)
        #expect {
            _ = try store.featureGroup(spec)
        } throws: { error in
            (error as? StoreError)?.message
                == "cannot create feature group 'faults' v1: store '\(path)' is full (no space left on its disk, or its size limit reached); nothing was written"
        }
        #expect(try StoreFingerprint(store) == before)
        try store.limitSize(toPages: 1_000_000)
        #expect(try store.featureGroup(spec).name == "faults")
    }
}
