import Frame
import Testing
@testable import Store

@Suite struct FeatureGroupTests {
    static func driverSpec(online: Bool = true) -> FeatureGroupSpec {
        FeatureGroupSpec(
            name: "driver_stats", version: 1, primaryKey: ["driver_id"], eventTime: "ts", online: online,
            description: "trips per driver", owner: "ops", tags: ["fleet"], columnTags: ["email": ["pii"]])
    }

    static func batch(_ ids: [Int64], _ times: [Int64], _ trips: [Int64], emails: [String?]? = nil) throws -> DataFrame {
        try frame(
            Column(name: "driver_id", ints: ids), Column(name: "ts", timestamps: times), Column(name: "trips", ints: trips),
            Column(name: "email", strings: emails ?? ids.map { "d\($0)@x.org" }))
    }

    @Test func createThenOpenWithTheSameDefinition() throws {
        let store = try memoryStore()
        let created = try store.featureGroup(Self.driverSpec())
        #expect(created.columns.isEmpty)
        let opened = try store.featureGroup(Self.driverSpec())
        #expect(opened == created)
        let byName = try store.featureGroup(named: "driver_stats", version: 1)
        #expect(byName.spec.columnTags == ["email": ["pii"]])
        #expect(byName.spec.tags == ["fleet"])
        #expect(byName.spec.description == "trips per driver")
        #expect(try store.featureGroupVersions(named: "driver_stats") == [1])
    }

    @Test func openingWithAnotherDefinitionNamesTheDifference() throws {
        let store = try memoryStore()
        _ = try store.featureGroup(Self.driverSpec())
        var other = Self.driverSpec()
        other.primaryKey = ["driver_id", "ts2"]
        #expect {
            _ = try store.featureGroup(other)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .definitionMismatch && error.message.contains("primary key [driver_id]")
                && error.message.contains("version 2")
        }
        other = Self.driverSpec(online: false)
        #expect(throws: StoreError.self) { _ = try store.featureGroup(other) }
        other = Self.driverSpec()
        other.columnTags = [:]
        #expect { _ = try store.featureGroup(other) } throws: { ($0 as? StoreError)?.message.contains("tags") == true }
    }

    @Test func unknownGroupsAndVersionsAreClearErrors() throws {
        let store = try memoryStore()
        _ = try store.featureGroup(Self.driverSpec())
        #expect {
            _ = try store.featureGroup(named: "driver_stats", version: 3)
        } throws: { ($0 as? StoreError)?.message == "unknown feature group 'driver_stats' v3; it has version 1" }
        #expect {
            _ = try store.featureGroup(named: "driver_stat", version: 1)
        } throws: { ($0 as? StoreError)?.message == "unknown feature group 'driver_stat'; did you mean 'driver_stats'?" }
    }

    @Test func insertIsAnIdempotentUpsert() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        let first = try Self.batch([1, 1, 2], [Clock.at(8), Clock.at(9), Clock.at(8)], [3, 5, 7])
        let report = try store.insert(group, first)
        #expect(report.inserted == 3 && report.updated == 0 && report.unchanged == 0 && report.rejected == 0)
        #expect(report.addedColumns == ["driver_id", "ts", "trips", "email"])
        #expect(report.validation.outcome == .ingested)
        let before = try store.read(group)
        let online = try store.onlineRows(group)
        let again = try store.insert(group, first)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 3)
        #expect(try store.read(group) == before)
        #expect(try store.onlineRows(group) == online)
        // One changed value, one new row.
        let second = try Self.batch([1, 3], [Clock.at(9), Clock.at(8)], [6, 1])
        let changed = try store.insert(group, second)
        #expect(changed.inserted == 1 && changed.updated == 1 && changed.unchanged == 0)
        let after = try store.read(group)
        #expect(after.values("trips") == [.int(3), .int(7), .int(1), .int(6)])
        #expect(after.values("driver_id") == [.int(1), .int(2), .int(3), .int(1)])
        #expect(after.columnNames == ["driver_id", "ts", "trips", "email"])
    }

    @Test func readsARangeAndTheStateAtATime() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        try store.insert(group, try Self.batch([1, 1, 1, 2], [Clock.at(8), Clock.at(9, 30), Clock.at(11), Clock.at(10)], [3, 5, 9, 4]))
        let range = try store.read(group, start: Clock.at(9), end: Clock.at(11))
        #expect(range.values("trips") == [.int(5), .int(4)])
        let state = try store.asOf(group, time: Clock.at(10))
        #expect(state.values("driver_id") == [.int(1), .int(2)])
        #expect(state.values("trips") == [.int(5), .int(4)])
        #expect(try store.asOf(group, time: Clock.at(7)).height == 0)
    }

    /// P28: a correction keeps the old version for time travel.
    @Test func timeTravelToAnEarlierCommit() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec(online: false))
        let c1 = try store.insert(group, try Self.batch([1001], [Clock.at(9)], [5])).commit
        try store.insert(group, try Self.batch([1001], [Clock.at(9)], [7]))
        let c3 = try store.insert(group, try Self.batch([1001], [Clock.at(9, 15)], [7])).commit
        let current = try store.read(group)
        #expect(current.values("ts") == [.timestamp(Clock.at(9)), .timestamp(Clock.at(9, 15))])
        #expect(current.values("trips") == [.int(7), .int(7)])
        let old = try store.read(group, asOfCommit: c1)
        #expect(old.values("trips") == [.int(5)])
        #expect(try store.read(group, asOfCommit: c3) == current)
        #expect(try store.read(group, asOfCommit: 0).height == 0)
    }

    /// P21: the online table only moves forward in event time.
    @Test func onlineRowsAreReplacedOnlyByEqualOrNewerEventTimes() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        try store.insert(group, try Self.batch([1001], [Clock.at(11)], [9]))
        try store.insert(group, try Self.batch([1001], [Clock.at(9)], [4]))
        var online = try store.onlineRows(group)
        #expect(online.values("trips") == [.int(9)])
        #expect(try store.read(group).height == 2)
        // An equal event time replaces (a correction); a newer one too; in-batch the newest wins.
        try store.insert(group, try Self.batch([1001], [Clock.at(11)], [10]))
        online = try store.onlineRows(group)
        #expect(online.values("trips") == [.int(10)])
        try store.insert(group, try Self.batch([1001, 1001], [Clock.at(13), Clock.at(12)], [13, 12]))
        online = try store.onlineRows(group)
        #expect(online.values("trips") == [.int(13)])
        #expect(online.values("ts") == [.timestamp(Clock.at(13))])
    }

    @Test func addingAColumnIsAllowedAndOlderRowsReadNull() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        try store.insert(group, try Self.batch([1], [Clock.at(8)], [3]))
        let wider = try Self.batch([2], [Clock.at(8)], [4]).setting(Column(name: "rating", floats: [4.5]))
        let report = try store.insert(group, wider)
        #expect(report.addedColumns == ["rating"])
        let all = try store.read(group)
        #expect(all.columnNames == ["driver_id", "ts", "trips", "email", "rating"])
        #expect(all.values("rating") == [.null, .float(4.5)])
        #expect(try store.featureGroup(named: "driver_stats", version: 1).columns.last == FeatureColumn(name: "rating", type: .float))
    }

    /// P26 and the other breaking changes: each is refused, names the column and says to make a new version.
    @Test func breakingSchemaChangesAreRefused() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        try store.insert(group, try Self.batch([1], [Clock.at(8)], [3]))
        let before = try store.read(group)
        let dropped = try Self.batch([2], [Clock.at(8)], [4]).dropping(["email"])
        #expect {
            try store.insert(group, dropped)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .schemaChange && error.message.contains(".email") && error.message.contains("version 2")
        }
        let renamed = try Self.batch([2], [Clock.at(8)], [4]).renaming([(from: "trips", to: "rides")])
        #expect { try store.insert(group, renamed) } throws: { ($0 as? StoreError)?.kind == .schemaChange }
        let retyped = try frame(
            Column(name: "driver_id", ints: [2]), Column(name: "ts", timestamps: [Clock.at(8)]),
            Column(name: "trips", strings: ["four"]), Column(name: "email", strings: ["x"]))
        #expect {
            try store.insert(group, retyped)
        } throws: { ($0 as? StoreError)?.message.contains("string in the batch but int in the group") == true }
        // Ints widen into a float column; an all-null column takes the schema's type.
        try store.insert(group, try Self.batch([3], [Clock.at(8)], [5]).setting(Column(name: "rating", floats: [1.5])))
        try store.insert(group, try Self.batch([4], [Clock.at(8)], [6]).setting(Column(name: "rating", ints: [2])))
        try store.insert(group, try Self.batch([5], [Clock.at(8)], [7], emails: [nil]).setting(Column(name: "rating", ints: [2])))
        let emails = try store.read(group).values("email")
        #expect(emails.last == .null)
        #expect(try store.read(group).height == before.height + 3)
        #expect(try store.featureGroup(named: "driver_stats", version: 1).columns.first { $0.name == "rating" }?.type == .float)
    }

    @Test func badBatchesWriteNothing() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        try store.insert(group, try Self.batch([1], [Clock.at(8)], [3]))
        let commits = try store.rows("SELECT COUNT(*) FROM fti_commit")
        let noKey = try Self.batch([2], [Clock.at(8)], [4]).dropping(["driver_id"])
        #expect {
            try store.insert(group, noKey)
        } throws: { ($0 as? StoreError)?.message == "insert into feature group 'driver_stats' v1: the batch has no key column .driver_id" }
        let nullKey = try frame(
            Column(name: "driver_id", ints: [2, 0], validity: [true, false]), Column(name: "ts", timestamps: [Clock.at(8), Clock.at(8)]),
            Column(name: "trips", ints: [1, 2]), Column(name: "email", strings: ["a", "b"]))
        #expect {
            try store.insert(group, nullKey)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .nullKey && error.message.contains("row 1 has a null key in .driver_id")
        }
        let nullTime = try frame(
            Column(name: "driver_id", ints: [2]), Column(name: "ts", timestamps: [0], validity: [false]),
            Column(name: "trips", ints: [1]), Column(name: "email", strings: ["a"]))
        #expect { try store.insert(group, nullTime) } throws: { ($0 as? StoreError)?.message.contains("null event time") == true }
        let wrongTime = try frame(
            Column(name: "driver_id", ints: [2]), Column(name: "ts", strings: ["8:00"]),
            Column(name: "trips", ints: [1]), Column(name: "email", strings: ["a"]))
        #expect { try store.insert(group, wrongTime) } throws: { ($0 as? StoreError)?.kind == .schemaChange }
        let unknown = FeatureGroup(
            id: 999, spec: FeatureGroupSpec(name: "nope", primaryKey: ["id"]), columns: [], expectations: [], policy: .strict,
            tableName: "fg_nope_v1")
        #expect { try store.insert(unknown, noKey) } throws: { ($0 as? StoreError)?.kind == .notFound }
        #expect(try store.rows("SELECT COUNT(*) FROM fti_commit") == commits)
        #expect(try store.read(group).height == 1)
    }

    @Test func firstBatchTypesAreChecked() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        let floatKey = try frame(Column(name: "k", floats: [1.5]), Column(name: "t", ints: [1]))
        #expect { try store.insert(group, floatKey) } throws: { ($0 as? StoreError)?.kind == .typeMismatch }
        let boolTime = try frame(Column(name: "k", ints: [1]), Column(name: "t", bools: [true]))
        #expect { try store.insert(group, boolTime) } throws: { ($0 as? StoreError)?.kind == .typeMismatch }
        let badName = try frame(Column(name: "k", ints: [1]), Column(name: "t", ints: [1]), Column(name: "a b", ints: [1]))
        #expect { try store.insert(group, badName) } throws: { ($0 as? StoreError)?.kind == .invalidName }
        // Int event times are allowed.
        let report = try store.insert(group, try frame(Column(name: "k", ints: [1]), Column(name: "t", ints: [1])))
        #expect(report.inserted == 1)
    }

    /// P27: reference data is insert-only.
    @Test func referenceGroupsAreImmutable() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "country", primaryKey: ["code"], online: true))
        #expect(group.isReference)
        let first = try frame(Column(name: "code", strings: ["DE", "FR"]), Column(name: "name", strings: ["Germany", "France"]))
        #expect(try store.insert(group, first).inserted == 2)
        #expect(try store.insert(group, first).unchanged == 2)
        let change = try frame(Column(name: "code", strings: ["IT", "DE"]), Column(name: "name", strings: ["Italy", "Deutschland"]))
        #expect {
            try store.insert(group, change)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .immutableReference && error.message.contains("\"DE\"")
        }
        #expect(try store.read(group).values("name") == [.string("Germany"), .string("France")])
        #expect(try store.onlineRows(group).height == 2)
        #expect(throws: StoreError.self) { _ = try store.read(group, start: 0, end: 1) }
    }

    @Test func emptyAndOneRowBatches() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.driverSpec())
        let empty = try Self.batch([], [], [])
        let report = try store.insert(group, empty)
        #expect(report.inserted == 0 && report.addedColumns.count == 4)
        #expect(try store.read(group).height == 0)
        #expect(try store.read(group).columnNames == ["driver_id", "ts", "trips", "email"])
        #expect(try store.insert(group, try Self.batch([1], [Clock.at(8)], [3])).inserted == 1)
    }

    @Test func keysMayBeCompositeAndStrings() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(
            FeatureGroupSpec(name: "sales", primaryKey: ["store", "item"], eventTime: "day", online: true))
        let batch = try frame(
            Column(name: "store", strings: ["s1", "s1", "s2"]), Column(name: "item", ints: [1, 2, 1]),
            Column(name: "day", timestamps: [Clock.day0, Clock.day0, Clock.day0]), Column(name: "units", floats: [1, 2, 3]))
        #expect(try store.insert(group, batch).inserted == 3)
        let moved = try frame(
            Column(name: "store", strings: ["s1"]), Column(name: "item", ints: [2]),
            Column(name: "day", timestamps: [Clock.day0 + Clock.day]), Column(name: "units", floats: [5]))
        #expect(try store.insert(group, moved).inserted == 1)
        let online = try store.onlineRows(group)
        #expect(online.values("units") == [.float(1), .float(5), .float(3)])
    }
}
