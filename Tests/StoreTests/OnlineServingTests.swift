import Frame
import Testing
@testable import Store

@Suite struct OnlineServingTests {
    static func setup(ttl: Int64? = nil) throws -> (FeatureStore, TestClock, FeatureGroup, FeatureView) {
        let clock = TestClock()
        let store = try memoryStore(clock)
        let group = try store.featureGroup(FeatureGroupSpec(name: "driver_stats", primaryKey: ["driver_id"], eventTime: "ts", online: true))
        try store.insert(group, try frame(
            Column(name: "driver_id", ints: [1001, 1001, 1002]), Column(name: "ts", timestamps: [Clock.at(9, 30), Clock.at(11), Clock.at(8)]),
            Column(name: "trips", ints: [5, 9, 2]), Column(name: "rating", floats: [4.5, 4.0, 3.0]), Column(name: "city", strings: ["Oslo", "Rome", "Oslo"])))
        let view = try store.featureView(FeatureViewSpec(name: "trips", sources: [FeatureSource(group, ttl: ttl)]))
        return (store, clock, group, view)
    }

    /// P20: online and point-in-time training values agree at the read time.
    @Test func p20OnlineEqualsTheLatestOfflineValues() throws {
        let (store, _, _, view) = try Self.setup()
        let vector = try store.featureVector(view, keys: ["driver_id": .int(1001)], at: Clock.at(11, 30))
        #expect(vector.columnNames == ["driver_id", "trips", "rating", "city"])
        #expect(vector.values("trips") == [.int(9)])
        let spine = try frame(Column(name: "driver_id", ints: [1001, 1002]), Column(name: "ts", timestamps: [Clock.at(11, 30), Clock.at(11, 30)]))
        let td = try store.trainingData(view, spine: spine)
        let vectors = try store.featureVectors(view, keys: try spine.select(["driver_id"]), at: Clock.at(11, 30))
        #expect(try vectors.select(["trips", "rating", "city"]) == (try td.frame.select(["trips", "rating", "city"])))
    }

    /// P22: the TTL applies online at read time, inclusive.
    @Test func p22TheTTLAppliesOnline() throws {
        let (store, clock, _, view) = try Self.setup(ttl: 2 * Clock.hour)
        #expect(try store.featureVector(view, keys: ["driver_id": .int(1001)], at: Clock.at(13)).values("trips") == [.int(9)])
        #expect(try store.featureVector(view, keys: ["driver_id": .int(1001)], at: Clock.at(13, 0, 1)).values("trips") == [.null])
        clock.now = Clock.at(12)
        #expect(try store.featureVector(view, keys: ["driver_id": .int(1001)]).values("trips") == [.int(9)])
    }

    @Test func missingKeysAreErrorsUnlessAllowed() throws {
        let (store, _, _, view) = try Self.setup()
        #expect {
            _ = try store.featureVector(view, keys: ["driver_id": .int(7)])
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .missingKey && error.message.contains("no online row for key (7)")
        }
        let keys = try frame(Column(name: "driver_id", ints: [1002, 7, 0], validity: [true, true, false]))
        let vectors = try store.featureVectors(view, keys: keys, allowMissing: true)
        #expect(vectors.values("trips") == [.int(2), .null, .null])
        #expect(vectors.values("city") == [.string("Oslo"), .null, .null])
        #expect { _ = try store.featureVector(view, keys: [:]) } throws: { ($0 as? StoreError)?.kind == .missingColumn }
        #expect { _ = try store.featureVector(view, keys: ["driver_id": .string("1001")]) } throws: { ($0 as? StoreError)?.kind == .typeMismatch }
        #expect { _ = try store.featureVector(view, keys: ["driver_id": .int(1001), "x": .int(1)]) } throws: { ($0 as? StoreError)?.kind == .invalidArgument }
        let empty = try store.featureVectors(view, keys: keys.head(0))
        #expect(empty.height == 0 && empty.columnNames == ["driver_id", "trips", "rating", "city"])
    }

    @Test func offlineOnlyGroupsCannotServe() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["id"], eventTime: "ts"))
        try store.insert(group, try frame(Column(name: "id", ints: [1]), Column(name: "ts", timestamps: [1]), Column(name: "x", ints: [1])))
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)]))
        #expect { _ = try store.featureVector(view, keys: ["id": .int(1)]) } throws: { ($0 as? StoreError)?.message.contains("is not online") == true }
        #expect(throws: StoreError.self) { _ = try store.onlineRows(group) }
    }

    /// Serving applies the transformations fitted on the training data, so a vector equals the
    /// transformed training row for the same values; labels are not served; reference groups join by key.
    @Test func servingAppliesTheStoredTransformations() throws {
        let (store, _, group, _) = try Self.setup()
        let profile = try store.featureGroup(FeatureGroupSpec(name: "profile", primaryKey: ["driver_id"], online: true))
        try store.insert(profile, try frame(Column(name: "driver_id", ints: [1001, 1002]), Column(name: "fleet", strings: ["a", "b"]), Column(name: "churned", bools: [false, true])))
        let view = try store.featureView(FeatureViewSpec(
            name: "scaled", sources: [FeatureSource(group), FeatureSource(profile)], labels: ["churned"],
            transformations: [FeatureTransformation("rating", .standardScaler), FeatureTransformation("city", .oneHot), FeatureTransformation("fleet", .labelEncoder)]))
        let spine = try frame(Column(name: "driver_id", ints: [1001, 1002]), Column(name: "ts", timestamps: [Clock.at(12), Clock.at(12)]))
        let td = try store.trainingData(view, spine: spine)
        let trained = try store.transform(td.frame, view: view)
        let served = try store.featureVectors(view, keys: try spine.select(["driver_id"]), at: Clock.at(12))
        #expect(served.columnNames == ["driver_id", "trips", "rating", "city_Oslo", "city_Rome", "fleet"])
        #expect(try served.select(["trips", "rating", "city_Oslo", "city_Rome", "fleet"]) == (try trained.select(["trips", "rating", "city_Oslo", "city_Rome", "fleet"])))
        #expect(served.values("rating") == [.float(1), .float(-1)])
        #expect(trained.values("churned") == [.bool(false), .bool(true)])
        // A later batch moves the online row; the vector follows, still with the stored parameters.
        try store.insert(group, try frame(
            Column(name: "driver_id", ints: [1002]), Column(name: "ts", timestamps: [Clock.at(12)]), Column(name: "trips", ints: [3]),
            Column(name: "rating", floats: [4.0]), Column(name: "city", strings: ["Paris"])))
        let moved = try store.featureVector(view, keys: ["driver_id": .int(1002)], at: Clock.at(12))
        #expect(moved.values("rating") == [.float(1)] && moved.values("city_Oslo") == [.bool(false)] && moved.values("city_Rome") == [.bool(false)])
        #expect(moved.values("trips") == [.int(3)])
    }
}
