import Frame
import Testing
@testable import Store

/// The point-in-time scenarios P01–P19 and P23 of research/feature-store-asof.md, B.5.
@Suite struct PointInTimeScenarioTests {
    /// A store holding `driver_stats` (driver_id, ts, trips) with the given rows, one batch.
    static func driverStore(_ rows: [(Int64, Int64, Int64)], online: Bool = false) throws -> (FeatureStore, FeatureGroup) {
        let store = try memoryStore()
        let group = try store.featureGroup(
            FeatureGroupSpec(name: "driver_stats", primaryKey: ["driver_id"], eventTime: "ts", online: online))
        try store.insert(group, try driverBatch(rows))
        return (store, group)
    }

    static func driverBatch(_ rows: [(Int64, Int64, Int64)]) throws -> DataFrame {
        try frame(
            Column(name: "driver_id", ints: rows.map(\.0)), Column(name: "ts", timestamps: rows.map(\.1)),
            Column(name: "trips", ints: rows.map(\.2)))
    }

    static func spine(_ rows: [(Int64, Int64)]) throws -> DataFrame {
        try frame(Column(name: "driver_id", ints: rows.map(\.0)), Column(name: "ts", timestamps: rows.map(\.1)))
    }

    static func view(_ store: FeatureStore, _ group: FeatureGroup, ttl: Int64? = nil, version: Int = 1) throws -> FeatureView {
        try store.featureView(FeatureViewSpec(name: "trips", version: version, sources: [FeatureSource(group, ttl: ttl)]))
    }

    static let p01: [(Int64, Int64, Int64)] = [(1001, Clock.at(8), 3), (1001, Clock.at(9, 30), 5), (1001, Clock.at(11), 9)]

    @Test func p01TheFutureIsNeverUsed() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let td = try store.trainingData(try Self.view(store, group, ttl: 2 * Clock.hour), spine: try Self.spine([(1001, Clock.at(10))]))
        #expect(td.frame.values("trips") == [.int(5)])
        #expect(td.frame.columnNames == ["driver_id", "ts", "trips"])
        #expect(td.version == 1 && td.spineTime == "ts")
    }

    @Test func p02TheTTLLowerBoundIsInclusive() throws {
        let (store, group) = try Self.driverStore([(1001, Clock.at(8), 3)])
        let spine = try Self.spine([(1001, Clock.at(10)), (1001, Clock.at(10, 0, 1))])
        let td = try store.trainingData(try Self.view(store, group, ttl: 2 * Clock.hour), spine: spine)
        #expect(td.frame.values("trips") == [.int(3), .null])
    }

    @Test func p03ExpiredRowsDoNotFallBack() throws {
        let (store, group) = try Self.driverStore([(1001, Clock.at(6), 1)])
        let spine = try Self.spine([(1001, Clock.at(10))])
        #expect(try store.trainingData(try Self.view(store, group, ttl: 2 * Clock.hour), spine: spine).frame.values("trips") == [.null])
        #expect(try store.trainingData(try Self.view(store, group, version: 2), spine: spine).frame.values("trips") == [.int(1)])
        let exact = try store.trainingData(try Self.view(store, group, ttl: 0, version: 3), spine: try Self.spine([(1001, Clock.at(6)), (1001, Clock.at(7))]))
        #expect(exact.frame.values("trips") == [.int(1), .null])
    }

    @Test func p04NoEarlierRowGivesNull() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let td = try store.trainingData(try Self.view(store, group), spine: try Self.spine([(1001, Clock.at(7))]))
        #expect(td.frame.values("trips") == [.null])
    }

    /// P05 (default) and P07: a correction of the same key and event time replaces it; one output row.
    @Test func p05p07TheLatestCorrectionWins() throws {
        let (store, group) = try Self.driverStore([(1001, Clock.at(9), 1)])
        try store.insert(group, try Self.driverBatch([(1001, Clock.at(9), 7)]))
        let td = try store.trainingData(try Self.view(store, group), spine: try Self.spine([(1001, Clock.at(10))]))
        #expect(td.frame.values("trips") == [.int(7)])
        #expect(td.frame.height == 1)
    }

    @Test func p06DailyRowsPickTheDayOfTheSpine() throws {
        let rows = (0..<31).map { (Int64(1001), Clock.day0 + Int64($0) * Clock.day, Int64($0 + 1)) }
        let (store, group) = try Self.driverStore(rows)
        let td = try store.trainingData(try Self.view(store, group), spine: try Self.spine([(1001, Clock.day0 + 14 * Clock.day + 12 * Clock.hour)]))
        #expect(td.frame.values("trips") == [.int(15)])
    }

    @Test func p08DuplicateSpineRowsStayAndKeepTheirLabels() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let view = try store.featureView(FeatureViewSpec(name: "trips", sources: [FeatureSource(group)], labels: ["label"]))
        let spine = try frame(
            Column(name: "driver_id", ints: [1001, 1001]), Column(name: "ts", timestamps: [Clock.at(10), Clock.at(10)]),
            Column(name: "label", ints: [0, 1]), Column(name: "order", strings: ["A", "B"]))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.columnNames == ["driver_id", "ts", "order", "trips", "label"])
        #expect(td.frame.values("trips") == [.int(5), .int(5)])
        #expect(td.frame.values("label") == [.int(0), .int(1)])
        #expect(td.frame.values("order") == [.string("A"), .string("B")])
    }

    @Test func p09GroupsWithDifferentKeysDoNotCollapse() throws {
        let store = try memoryStore()
        let users = try store.featureGroup(FeatureGroupSpec(name: "users", primaryKey: ["user"], eventTime: "ts"))
        try store.insert(users, try frame(Column(name: "user", strings: ["u1"]), Column(name: "ts", timestamps: [Clock.at(9)]), Column(name: "age", ints: [30])))
        let items = try store.featureGroup(FeatureGroupSpec(name: "items", primaryKey: ["item"], eventTime: "ts"))
        try store.insert(items, try frame(
            Column(name: "item", strings: ["i1", "i2"]), Column(name: "ts", timestamps: [Clock.at(8), Clock.at(9, 30)]),
            Column(name: "price", ints: [10, 20])))
        let view = try store.featureView(FeatureViewSpec(name: "shop", sources: [FeatureSource(users), FeatureSource(items)]))
        let spine = try frame(
            Column(name: "user", strings: ["u1", "u1"]), Column(name: "item", strings: ["i1", "i2"]),
            Column(name: "ts", timestamps: [Clock.at(10), Clock.at(10)]))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.values("age") == [.int(30), .int(30)])
        #expect(td.frame.values("price") == [.int(10), .int(20)])
        #expect(view.keyColumns == ["user", "item"])
    }

    @Test func p10EachGroupIsJoinedIndependently() throws {
        let store = try memoryStore()
        let daily = try store.featureGroup(FeatureGroupSpec(name: "daily", primaryKey: ["driver_id"], eventTime: "day"))
        try store.insert(daily, try frame(
            Column(name: "driver_id", ints: [1001, 1001]), Column(name: "day", timestamps: [Clock.day0, Clock.day0 + Clock.day]),
            Column(name: "d", strings: ["d1", "d2"])))
        let hourly = try store.featureGroup(FeatureGroupSpec(name: "hourly", primaryKey: ["driver_id"], eventTime: "hour"))
        try store.insert(hourly, try frame(
            Column(name: "driver_id", ints: [1001, 1001]),
            Column(name: "hour", timestamps: [Clock.day0 + Clock.day + 10 * Clock.hour, Clock.day0 + Clock.day + 11 * Clock.hour]),
            Column(name: "h", strings: ["h10", "h11"])))
        let view = try store.featureView(FeatureViewSpec(name: "both", sources: [FeatureSource(daily), FeatureSource(hourly)]))
        let spine = try frame(Column(name: "driver_id", ints: [1001]), Column(name: "t", timestamps: [Clock.day0 + Clock.day + 10 * Clock.hour + 30 * Clock.minute]))
        let td = try store.trainingData(view, spine: spine, spineTime: "t")
        #expect(td.frame.values("d") == [.string("d2")])
        #expect(td.frame.values("h") == [.string("h10")])
        #expect { _ = try store.trainingData(view, spine: spine) } throws: { ($0 as? StoreError)?.message.contains("no time column .day") == true }
    }

    @Test func p11ReferenceGroupsIgnoreTime() throws {
        let store = try memoryStore()
        let country = try store.featureGroup(FeatureGroupSpec(name: "country", primaryKey: ["code"]))
        try store.insert(country, try frame(Column(name: "code", strings: ["DE"]), Column(name: "name", strings: ["Germany"])))
        let view = try store.featureView(FeatureViewSpec(name: "geo", sources: [FeatureSource(country)]))
        let spine = try frame(Column(name: "code", strings: ["DE", "XX"]), Column(name: "t", timestamps: [Clock.day0 - 4 * 365 * Clock.day, Clock.day0]))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.values("name") == [.string("Germany"), .null])
        #expect(td.spineTime == "")
    }

    @Test func p12OneGroupJoinedTwiceThroughKeyMapsAndPrefixes() throws {
        let store = try memoryStore()
        let location = try store.featureGroup(FeatureGroupSpec(name: "location", primaryKey: ["location_id"], eventTime: "ts"))
        try store.insert(location, try frame(
            Column(name: "location_id", ints: [1, 2]), Column(name: "ts", timestamps: [Clock.at(8), Clock.at(8)]),
            Column(name: "temp", ints: [20, 25])))
        let view = try store.featureView(FeatureViewSpec(name: "trip", sources: [
            FeatureSource(location, keyMap: ["location_id": "origin_id"], prefix: "origin_"),
            FeatureSource(location, keyMap: ["location_id": "destination_id"], prefix: "destination_"),
        ]))
        let spine = try frame(Column(name: "origin_id", ints: [1]), Column(name: "destination_id", ints: [2]), Column(name: "ts", timestamps: [Clock.at(9)]))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.values("origin_temp") == [.int(20)])
        #expect(td.frame.values("destination_temp") == [.int(25)])
        #expect(view.keyColumns == ["origin_id", "destination_id"])
    }

    /// P13 (missing key), P15 (null key): the row stays, features null.
    @Test func p13p15MissingAndNullKeysGiveNull() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let spine = try frame(
            Column(name: "driver_id", ints: [9999, 0, 1001], validity: [true, false, true]),
            Column(name: "ts", timestamps: [Clock.at(10), Clock.at(10), Clock.at(10)]))
        let td = try store.trainingData(try Self.view(store, group), spine: spine)
        #expect(td.frame.values("trips") == [.null, .null, .int(5)])
        #expect(td.frame.values("driver_id") == [.int(9999), .null, .int(1001)])
    }

    @Test func p14NullSpineTimesAreAnError() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let spine = try frame(Column(name: "driver_id", ints: [1001]), Column(name: "ts", timestamps: [0], validity: [false]))
        #expect {
            _ = try store.trainingData(try Self.view(store, group), spine: spine)
        } throws: { ($0 as? StoreError)?.message.contains("spine row 0 has a null time in .ts") == true }
        #expect(try store.trainingDatasetVersions(try Self.view(store, group)) == [])
    }

    @Test func p16DuplicateFeatureNamesNeedAPrefix() throws {
        let store = try memoryStore()
        var groups: [FeatureGroup] = []
        for name in ["a", "b"] {
            let group = try store.featureGroup(FeatureGroupSpec(name: name, primaryKey: ["id"], eventTime: "ts"))
            try store.insert(group, try frame(Column(name: "id", ints: [1]), Column(name: "ts", timestamps: [Clock.at(1)]), Column(name: "rating", floats: [Double(name.count)])))
            groups.append(group)
        }
        #expect {
            _ = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(groups[0]), FeatureSource(groups[1])]))
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .duplicateName && error.message.contains("two columns .rating") && error.message.contains("prefix")
        }
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(groups[0], prefix: "a_"), FeatureSource(groups[1], prefix: "b_")]))
        #expect(view.featureNames == ["a_rating", "b_rating"])
    }

    @Test func p17ALabelComesFromOnePlace() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "tx", primaryKey: ["id"], eventTime: "ts"))
        try store.insert(group, try frame(
            Column(name: "id", ints: [1]), Column(name: "ts", timestamps: [Clock.at(1)]), Column(name: "amount", floats: [3]),
            Column(name: "fraud", bools: [true])))
        let view = try store.featureView(FeatureViewSpec(name: "fraud", sources: [FeatureSource(group)], labels: ["fraud"]))
        #expect(view.featureNames == ["amount"])
        let spine = try frame(Column(name: "id", ints: [1]), Column(name: "ts", timestamps: [Clock.at(2)]), Column(name: "fraud", bools: [false]))
        #expect {
            _ = try store.trainingData(view, spine: spine)
        } throws: { ($0 as? StoreError)?.message.contains("label .fraud comes both from the spine and from feature group 'tx' v1") == true }
        let td = try store.trainingData(view, spine: try spine.dropping(["fraud"]))
        #expect(td.frame.columnNames == ["id", "ts", "amount", "fraud"])
        #expect(td.frame.values("fraud") == [.bool(true)])
        let noLabel = try store.featureView(FeatureViewSpec(name: "fraud2", sources: [FeatureSource(group, features: ["amount"])], labels: ["is_fraud"]))
        #expect {
            _ = try store.trainingData(noLabel, spine: try spine.dropping(["fraud"]))
        } throws: { ($0 as? StoreError)?.message.contains("label .is_fraud is neither a spine column nor a feature") == true }
    }

    @Test func p18TimeSplitsAreHalfOpen() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let td = try store.trainingData(try Self.view(store, group), spine: try Self.spine([(1001, Clock.at(9)), (1001, Clock.at(10)), (1001, Clock.at(11))]))
        let split = try store.splitByTime(td, testFrom: Clock.at(10), testUntil: Clock.at(11))
        #expect(split.train.values("ts") == [.timestamp(Clock.at(9))])
        #expect(split.test.values("ts") == [.timestamp(Clock.at(10))])
        #expect(split.dataset.split == TimeSplit(testFrom: Clock.at(10), testUntil: Clock.at(11)))
        let gapped = try store.splitByTime(td, testFrom: Clock.at(11), gap: Clock.hour)
        #expect(gapped.train.values("ts") == [.timestamp(Clock.at(9))])
        #expect(gapped.test.values("ts") == [.timestamp(Clock.at(11))])
        #expect(throws: StoreError.self) { _ = try store.splitByTime(td, testFrom: Clock.at(9)) }
        #expect(throws: StoreError.self) { _ = try store.splitByTime(td, testFrom: Clock.at(10), gap: -1) }
        #expect(try store.trainingDataset(try Self.view(store, group), version: 1).split?.testFrom == Clock.at(11))
    }

    @Test func p19DatasetsAreReproducibleAfterCorrections() throws {
        let (store, group) = try Self.driverStore([(1001, Clock.at(9), 5)])
        let view = try Self.view(store, group)
        let spine = try Self.spine([(1001, Clock.at(10))])
        let v1 = try store.trainingData(view, spine: spine)
        try store.insert(group, try Self.driverBatch([(1001, Clock.at(9), 6), (1001, Clock.at(9, 30), 8)]))
        let v2 = try store.trainingData(view, spine: spine)
        #expect(v1.frame.values("trips") == [.int(5)])
        #expect(v2.frame.values("trips") == [.int(8)] && v2.version == 2)
        #expect(try store.trainingDataset(view, version: 1) == v1)
        #expect(try store.recreate(v1) == v1.frame)
        #expect(try store.recreate(v2) == v2.frame)
        #expect(v1.watermarks.count == 1 && v1.watermarks[0].commit < v2.watermarks[0].commit)
        #expect { _ = try store.trainingDataset(view, version: 7) } throws: { ($0 as? StoreError)?.message.contains("it has v1, v2") == true }
    }

    @Test func startAndEndFilterTheSpineHalfOpen() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let spine = try Self.spine([(1001, Clock.at(9)), (1001, Clock.at(10)), (1001, Clock.at(11)), (1001, Clock.at(12))])
        let td = try store.trainingData(try Self.view(store, group), spine: spine, start: Clock.at(10), end: Clock.at(12))
        #expect(td.frame.values("trips") == [.int(5), .int(9)])
        #expect(td.start == Clock.at(10) && td.end == Clock.at(12))
        #expect(throws: StoreError.self) { _ = try store.trainingData(try Self.view(store, group), spine: spine, start: 5, end: 5) }
    }

    @Test func spineChecks() throws {
        let (store, group) = try Self.driverStore(Self.p01)
        let view = try Self.view(store, group)
        let stringKey = try frame(Column(name: "driver_id", strings: ["1001"]), Column(name: "ts", timestamps: [Clock.at(10)]))
        #expect { _ = try store.trainingData(view, spine: stringKey) } throws: { ($0 as? StoreError)?.kind == .typeMismatch }
        let intTime = try frame(Column(name: "driver_id", ints: [1001]), Column(name: "ts", ints: [10]))
        #expect { _ = try store.trainingData(view, spine: intTime) } throws: { ($0 as? StoreError)?.kind == .typeMismatch }
        let noKey = try frame(Column(name: "driver", ints: [1001]), Column(name: "ts", timestamps: [Clock.at(10)]))
        #expect { _ = try store.trainingData(view, spine: noKey) } throws: { ($0 as? StoreError)?.message.contains("did you mean .driver?") == true }
        let clash = try frame(Column(name: "driver_id", ints: [1001]), Column(name: "ts", timestamps: [Clock.at(10)]), Column(name: "trips", ints: [1]))
        #expect { _ = try store.trainingData(view, spine: clash) } throws: { ($0 as? StoreError)?.kind == .duplicateName }
        let empty = try store.trainingData(view, spine: try Self.spine([]))
        #expect(empty.frame.height == 0 && empty.frame.columnNames == ["driver_id", "ts", "trips"])
        #expect(empty.frame.column(named: "trips")?.type == .int)
    }

    /// P23: parameters fitted on the train split, applied unchanged to test rows.
    @Test func p23TransformationsAreFittedOnTheTrainSplit() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "obs", primaryKey: ["id"], eventTime: "ts"))
        try store.insert(group, try frame(
            Column(name: "id", ints: [1, 2, 3, 4]), Column(name: "ts", timestamps: [Clock.at(1), Clock.at(2), Clock.at(3), Clock.at(4)]),
            Column(name: "x", floats: [0, 5, 10, 5]), Column(name: "k", ints: [3, 3, 3, 9]),
            Column(name: "c", strings: ["b", "a", "b", "c"]), Column(name: "d", strings: ["b", "a", nil, "c"]),
            Column(name: "n", floats: [0, 1, 3, -1])))
        let view = try store.featureView(FeatureViewSpec(name: "obs", sources: [FeatureSource(group)], transformations: [
            FeatureTransformation("x", .minMaxScaler), FeatureTransformation("k", .standardScaler),
            FeatureTransformation("c", .labelEncoder), FeatureTransformation("d", .oneHot), FeatureTransformation("n", .log1p),
        ]))
        let spine = try frame(Column(name: "id", ints: [1, 2, 3, 4]), Column(name: "ts", timestamps: [Clock.at(5), Clock.at(5), Clock.at(5), Clock.at(6)]))
        let td = try store.trainingData(view, spine: spine)
        let split = try store.splitByTime(td, testFrom: Clock.at(6))
        #expect(split.train.values("x") == [.float(0), .float(0.5), .float(1)])
        #expect(split.test.values("x") == [.float(0.5)])
        #expect(split.train.values("k") == [.float(0), .float(0), .float(0)])
        #expect(split.test.values("k") == [.float(6)])
        #expect(split.train.values("c") == [.int(1), .int(0), .int(1)])
        #expect(split.test.values("c") == [.int(-1)])
        #expect(split.test.columnNames == ["id", "ts", "x", "k", "c", "d_a", "d_b", "n"])
        #expect(split.train.values("d_b") == [.bool(true), .bool(false), .null])
        #expect(split.test.values("d_a") == [.bool(false)] && split.test.values("d_b") == [.bool(false)])
        #expect(split.test.values("n") == [.null])
        #expect(split.train.values("n")[1] == .float(0.6931471805599453))
        let fit = split.dataset.fitted
        #expect(fit.count == 5 && fit[0].min == 0 && fit[0].max == 10 && fit[2].categories == [.string("a"), .string("b")])
        // Serving uses the stored parameters: no clipping for values beyond the training range.
        let serving = try frame(Column(name: "x", floats: [20]), Column(name: "c", strings: [nil]))
        let transformed = try store.transform(serving, view: view)
        #expect(transformed.values("x") == [.float(2)])
        #expect(transformed.values("c") == [.null])
        #expect(try store.trainingDataset(view, version: 1).fitted == fit)
    }
}

@Suite struct SpineNameTests {
    @Test func spineColumnsMayHaveAnyNameSQLiteCanKeepApart() throws {
        let (store, group) = try PointInTimeScenarioTests.driverStore(PointInTimeScenarioTests.p01)
        let view = try PointInTimeScenarioTests.view(store, group)
        let spine = try frame(
            Column(name: "driver_id", ints: [1001]), Column(name: "ts", timestamps: [Clock.at(10)]), Column(name: "order id", strings: ["A"]))
        let td = try store.trainingData(view, spine: spine)
        #expect(try store.trainingDataset(view, version: 1).frame == td.frame)
        #expect(td.frame.values("order id") == [.string("A")])
        let clash = try spine.setting(Column(name: "Order ID", strings: ["B"]))
        #expect { _ = try store.trainingData(view, spine: clash) } throws: { ($0 as? StoreError)?.kind == .duplicateName }
        let reserved = try spine.setting(Column(name: "fti_commit", ints: [1]))
        #expect { _ = try store.trainingData(view, spine: reserved) } throws: { ($0 as? StoreError)?.kind == .invalidName }
    }
}
