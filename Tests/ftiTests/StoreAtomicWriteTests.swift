import Foundation
import Frame
import Testing
@testable import Store

/// Failed inserts leave no trace (issue 8: "bad input … writes nothing"): a strict rejection stores
/// its validation report and nothing else; a type error writes nothing; a failure found inside the
/// write transaction (after the commit row, the schema change and the staged rows were written)
/// undoes all of them. Each compares every table of the file before and after, schema included.
@Suite struct StoreAtomicWriteTests {
    /// A file store holding batches 1 and 2 of the fault workload, with its expectations.
    static func store(_ folder: FaultFolder) throws -> (FeatureStore, FeatureGroup) {
        let store = try FeatureStore(path: folder.file("atomic.db"))
        let group = try store.setExpectations(FaultWorkload.expectations, on: try store.featureGroup(FaultWorkload.spec))
        try store.insert(group, try FaultWorkload.batch(1))
        try store.insert(group, try FaultWorkload.batch(2))
        return (store, group)
    }

    /// `frame` with one more column, `note`, so a failed insert would also have changed the schema.
    static func withNote(_ frame: DataFrame) throws -> DataFrame {
        try DataFrame(columns: frame.columns + [Column(name: "note", strings: [String](repeating: "n", count: frame.height))])
    }

    /// `frame` with column `name` replaced.
    static func replacing(_ frame: DataFrame, _ column: Column) throws -> DataFrame {
        try DataFrame(columns: frame.columns.map { $0.name == column.name ? column : $0 })
    }

    @Test func aStrictRejectionStoresItsReportAndNothingElse() throws {
        let folder = try FaultFolder("store-atomic")
        let (store, group) = try Self.store(folder)
        let reportTables: Set<String> = ["fti_validation_report", "fti_validation_result"]
        let before = try StoreFingerprint(store, ignoring: reportTables)
        let reports = try store.validationReports(for: group).count
        // The last row's id is out of range: the whole batch, new column included, is refused.
        var batch = try Self.withNote(try FaultWorkload.batch(3))
        var ids = (0..<Int64(FaultWorkload.rows)).map { $0 } + (0..<Int64(FaultWorkload.corrections)).map { $0 }
        ids[FaultWorkload.rows - 1] = 5_000
        batch = try Self.replacing(batch, Column(name: "id", ints: ids))
        #expect {
            try store.insert(group, batch)
        } throws: { error in
            guard let error = error as? StoreError, let report = error.report else { return false }
            return error.kind == .validationFailed && report.outcome == .rejected && report.commit == nil
                && report.results.map(\.success) == [true, true, false]
        }
        #expect(try StoreFingerprint(store, ignoring: reportTables) == before)
        let stored = try store.validationReports(for: group)
        #expect(stored.count == reports + 1 && stored.last?.outcome == .rejected && stored.last?.rejectedRows == 1_050)
        // The same batch without the bad row goes in.
        ids[FaultWorkload.rows - 1] = Int64(FaultWorkload.rows - 1)
        #expect(try store.insert(group, try Self.replacing(batch, Column(name: "id", ints: ids))).inserted == FaultWorkload.rows)
    }

    @Test func aTypeErrorWritesNothing() throws {
        let folder = try FaultFolder("store-atomic")
        let (store, group) = try Self.store(folder)
        let before = try StoreFingerprint(store)
        let batch = try Self.withNote(try FaultWorkload.batch(3))
        // A float column sent as strings, a float key, a string event time: refused before any write.
        let retyped = try Self.replacing(batch, Column(name: "x", strings: [String](repeating: "1.5", count: batch.height)))
        #expect { try store.insert(group, retyped) } throws: { ($0 as? StoreError)?.kind == .schemaChange }
        let floatKey = try Self.replacing(batch, Column(name: "id", floats: [Double](repeating: 1, count: batch.height)))
        #expect { try store.insert(group, floatKey) } throws: { ($0 as? StoreError)?.kind == .schemaChange }
        let textTime = try Self.replacing(batch, Column(name: "ts", strings: [String](repeating: "3", count: batch.height)))
        #expect { try store.insert(group, textTime) } throws: { ($0 as? StoreError)?.kind == .schemaChange }
        #expect(try StoreFingerprint(store) == before)
    }

    /// A reference group refuses a change to an existing row only once the write has begun (the
    /// comparison runs against the staged rows), so this failure comes from inside the transaction.
    @Test func aFailureInsideTheWriteUndoesEverything() throws {
        let folder = try FaultFolder("store-atomic")
        let store = try FeatureStore(path: folder.file("reference.db"))
        let group = try store.setExpectations(
            [.notNull("name")], on: try store.featureGroup(FeatureGroupSpec(name: "places", primaryKey: ["code"], online: true)))
        let codes = (0..<Int64(500)).map { $0 }
        try store.insert(group, try DataFrame(columns: [
            Column(name: "code", ints: codes), Column(name: "name", strings: codes.map { "place \($0)" }),
        ]))
        let before = try StoreFingerprint(store)
        // 500 new rows, a new column, and at the very end one row that changes an existing place.
        let more = (500..<Int64(1_000)).map { $0 } + [Int64(7)]
        let batch = try DataFrame(columns: [
            Column(name: "code", ints: more), Column(name: "name", strings: more.map { $0 == 7 ? "renamed" : "place \($0)" }),
            Column(name: "area", floats: more.map { Double($0) }),
        ])
        #expect {
            try store.insert(group, batch)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .immutableReference && error.message.contains("key (7)")
        }
        let after = try StoreFingerprint(store)
        #expect(after == before, "\(after.differences(from: before))")
        #expect(try store.integrityProblem() == nil)
        #expect(try store.insert(group, batch.gather(Array(0..<500))).inserted == 500)
    }
}
