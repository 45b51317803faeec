import Frame
import Testing
@testable import Store
import TestSupport

/// Offline rows read straight into typed columns, and the scans point-in-time joins keep.
@Suite struct OfflineReadTests {
    static let batch: DataFrame = {
        let rows = 300
        var random = SplitMix64(state: 5)
        var keys: [Int64] = [], times: [Int64] = [], floats: [Double] = [], bools: [Bool] = [], durations: [Int64] = []
        var strings: [String?] = [], valid: [Bool] = []
        let words = ["", "a", "zürich", "東京"]
        for row in 0..<rows {
            keys.append(Int64(row % 40))
            times.append(Clock.day0 + Int64(row) * Clock.hour)
            floats.append(Double(random.below(1000)) / 8)
            bools.append(random.below(2) == 0)
            durations.append(Int64(random.below(90)) * Clock.minute)
            strings.append(random.below(5) == 0 ? nil : words[random.below(words.count)])
            valid.append(random.below(6) != 0)
        }
        return (try? DataFrame(columns: [
            Column(name: "k", ints: keys), Column(name: "t", timestamps: times),
            Column(name: "f", floats: floats, validity: valid), Column(name: "b", bools: bools, validity: Array(valid.reversed())),
            Column(name: "d", durations: durations, validity: valid.shuffledBySeed()),
            Column(name: "s", strings: strings), Column(name: "i", ints: keys.map { $0 * 3 }, validity: valid),
        ])) ?? DataFrame()
    }()

    /// Every type, with nulls: the typed scan equals Frame's general reader with the types conformed.
    @Test func typedScanEqualsTheGeneralReader() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, Self.batch)
        let current = try store.featureGroup(named: "g", version: 1)
        let sql = "SELECT \"k\", \"t\", \"f\", \"b\", \"d\", \"s\", \"i\" FROM \"fg_g_v1\" ORDER BY rowid"
        let statement = try store.connection.prepare(sql)
        let typed = try #require(try TypedScan.frame(statement, schema: current.columns))
        let general = try FrameTypes.conform(try DataFrame.query(connection: store.connection, sql: sql), to: current.columns)
        #expect(typed == general)
        #expect(typed.columns.map(\.type) == [.int, .timestamp, .float, .bool, .duration, .string, .int])
        #expect(try store.read(group).height == Self.batch.height)
    }

    /// A stored value that does not fit its column's type (a file edited by hand) makes the typed
    /// scan give up, and the read answers as the general reader does.
    @Test(arguments: [
        "UPDATE fg_g_v1 SET b = 2 WHERE rowid = 4", "UPDATE fg_g_v1 SET f = 'many' WHERE rowid = 5",
        "UPDATE fg_g_v1 SET i = 2.5 WHERE rowid = 6", "UPDATE fg_g_v1 SET d = 'long' WHERE rowid = 7",
        "UPDATE fg_g_v1 SET t = '2024-01-02T00:00:00' WHERE rowid = 8", "UPDATE fg_g_v1 SET s = x'ff00' WHERE rowid = 9",
    ])
    func misfitValuesFallBackToTheGeneralReader(sql: String) throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, Self.batch)
        try store.connection.execute(sql)
        let current = try store.featureGroup(named: "g", version: 1)
        let query = "SELECT \"k\", \"t\", \"f\", \"b\", \"d\", \"s\", \"i\" FROM \"fg_g_v1\" ORDER BY rowid"
        #expect(try TypedScan.frame(try store.connection.prepare(query), schema: current.columns) == nil)
        let general = Result { try FrameTypes.conform(try DataFrame.query(connection: store.connection, sql: query), to: current.columns) }
        let read = Result { () throws(StoreError) -> DataFrame in try store.query(query, [], current) }
        switch (general, read) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure, .failure): break
        default: Issue.record("the typed read and the general reader disagree for \(sql)")
        }
    }

    /// A second training dataset over unchanged groups reuses the kept scan; an insert makes the
    /// next one read the new rows; recreating an older dataset reads as of its own commit.
    @Test func keptScansFollowTheCommits() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, try frame(Column(name: "k", ints: [1, 2]), Column(name: "t", ints: [10, 10]), Column(name: "x", floats: [1, 2])))
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)]))
        let spine = try frame(Column(name: "k", ints: [1, 2, 1]), Column(name: "t", ints: [15, 15, 30]))
        let first = try store.trainingData(view, spine: spine)
        #expect(first.frame.values("x") == [.float(1), .float(2), .float(1)])
        let current = try store.featureGroup(named: "g", version: 1)
        let key = OfflineCache.Key(watermark: first.watermarks[0].commit, columns: ["k", "t", "x"], start: nil, end: 31)
        #expect(store.offlineCache.rows(group: current.id, key: key) != nil)
        #expect(try store.trainingData(view, spine: spine).frame == first.frame)

        try store.insert(group, try frame(Column(name: "k", ints: [1, 2]), Column(name: "t", ints: [10, 20]), Column(name: "x", floats: [5, 6])))
        #expect(store.offlineCache.rows(group: current.id, key: key) == nil)
        let second = try store.trainingData(view, spine: spine)
        #expect(second.frame.values("x") == [.float(5), .float(2), .float(5)])
        #expect(try store.recreate(first) == first.frame)
        #expect(try store.recreate(second) == second.frame)
    }
}

extension Array {
    /// The elements in an order fixed by a seed (a deterministic shuffle for test data).
    func shuffledBySeed(_ seed: UInt64 = 3) -> [Element] {
        var random = SplitMix64(state: seed)
        var result = self
        for index in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(index, random.below(index + 1)) }
        return result
    }
}

/// The two-halves read of a large offline table equals the serial read, row for row, as of any
/// commit and with an event-time filter, and so does the training data built on it.
@Suite struct ParallelScanTests {
    @Test func halvesEqualTheSerialRead() throws {
        let directory = try TemporaryDirectory()
        let store = try FeatureStore(path: directory.file("p.db"), clock: { Clock.at(23) })
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, OfflineReadTests.batch)
        let first = try #require(try store.firstRow("SELECT MAX(seq) FROM fti_commit")?.first?.integerValue)
        // Corrections: every third row changes, so the history table has rows too.
        let corrected = try OfflineReadTests.batch.gather(Array(stride(from: 0, to: OfflineReadTests.batch.height, by: 3)))
            .setting(Column(name: "f", floats: (0..<100).map { Double($0) + 0.5 }))
        try store.insert(group, corrected)
        let last = try #require(try store.firstRow("SELECT MAX(seq) FROM fti_commit")?.first?.integerValue)
        let current = try store.featureGroup(named: "g", version: 1)
        let names = current.columns.map(\.name)
        let rowids = Int(try #require(try store.firstRow("SELECT MAX(rowid) FROM fg_g_v1")?.first?.integerValue))
        store.parallelScanRows = 64
        for watermark in [first, last] {
            for (filter, parameters) in [("", [Scalar]()), (" AND +\"t\" < ?", [Scalar.int(Clock.day0 + 200 * Clock.hour)])] {
                let halves = try #require(try store.reading("test") { () throws -> DataFrame? in
                    try store.parallelScan(current, names: names, watermark: watermark, filter: filter, parameters: parameters, rowids: rowids)
                })
                store.offlineCache.removeAll()
                let end: Int64? = parameters.isEmpty ? nil : Clock.day0 + 200 * Clock.hour
                let serial = try store.offlineRows(current, start: nil, end: end, watermark: watermark, columns: names, scan: true)
                #expect(halves == serial)
                #expect(halves.height > 0)
            }
        }

        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)]))
        let spine = try OfflineReadTests.batch.select(["k", "t"]).setting(Column(name: "t", timestamps: (0..<300).map { Clock.day0 + Int64($0 * 7 % 300) * Clock.hour }))
        store.offlineCache.removeAll()
        let split = try store.trainingData(view, spine: spine)
        store.parallelScanRows = .max
        store.offlineCache.removeAll()
        let serial = try store.trainingData(view, spine: spine)
        #expect(split.frame == serial.frame)
    }
}
