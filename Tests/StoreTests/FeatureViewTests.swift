import Frame
import Testing
@testable import Store

@Suite struct FeatureViewTests {
    static func setup() throws -> (FeatureStore, FeatureGroup, FeatureGroup) {
        let store = try memoryStore()
        let daily = try store.featureGroup(FeatureGroupSpec(name: "athlete_daily", primaryKey: ["athlete_id"], eventTime: "day", online: true))
        try store.insert(daily, try frame(
            Column(name: "athlete_id", ints: [7, 8]), Column(name: "day", timestamps: [Clock.day0, Clock.day0]),
            Column(name: "ctl", floats: [40, 50]), Column(name: "atl", floats: [45, 60]), Column(name: "fatigued", bools: [false, true])))
        let profile = try store.featureGroup(FeatureGroupSpec(name: "athlete_profile", primaryKey: ["athlete_id"], online: true))
        try store.insert(profile, try frame(Column(name: "athlete_id", ints: [7, 8]), Column(name: "sport", strings: ["run", "bike"])))
        return (store, daily, profile)
    }

    @Test func createOpenAndCompare() throws {
        let (store, daily, profile) = try Self.setup()
        let spec = FeatureViewSpec(
            name: "fatigue", sources: [FeatureSource(daily, features: ["ctl", "atl", "fatigued"]), FeatureSource(profile)],
            labels: ["fatigued"], transformations: [FeatureTransformation("sport", .oneHot)], description: "fatigue model")
        let view = try store.featureView(spec)
        #expect(view.featureNames == ["ctl", "atl", "sport"])
        #expect(view.labels == ["fatigued"])
        #expect(view.keyColumns == ["athlete_id"])
        #expect(try store.featureView(spec) == view)
        #expect(try store.featureView(named: "fatigue", version: 1) == view)
        var loose = spec
        loose.sources[0].features = nil
        #expect(try store.featureView(loose) == view)
        var other = spec
        other.labels = []
        #expect { _ = try store.featureView(other) } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .definitionMismatch && error.message.contains("labels [fatigued], not []") && error.message.contains("version 2")
        }
        other = spec
        other.sources[1].ttl = 5
        #expect { _ = try store.featureView(other) } throws: { ($0 as? StoreError)?.kind == .definitionMismatch }
        #expect { _ = try store.featureView(named: "fatigue", version: 2) } throws: { ($0 as? StoreError)?.message == "unknown feature view 'fatigue' v2; it has version 1" }
        #expect { _ = try store.featureView(named: "fatige", version: 1) } throws: { ($0 as? StoreError)?.message.contains("did you mean 'fatigue'?") == true }
    }

    @Test func aViewDoesNotSeeColumnsAddedLater() throws {
        let (store, daily, _) = try Self.setup()
        let view = try store.featureView(FeatureViewSpec(name: "load", sources: [FeatureSource(daily)]))
        #expect(view.featureNames == ["ctl", "atl", "fatigued"])
        try store.insert(daily, try frame(
            Column(name: "athlete_id", ints: [7]), Column(name: "day", timestamps: [Clock.day0 + Clock.day]),
            Column(name: "ctl", floats: [41]), Column(name: "atl", floats: [44]), Column(name: "fatigued", bools: [false]),
            Column(name: "tsb", floats: [-3])))
        let reopened = try store.featureView(FeatureViewSpec(name: "load", sources: [FeatureSource(daily)]))
        #expect(reopened.featureNames == ["ctl", "atl", "fatigued"])
        let td = try store.trainingData(reopened, spine: try frame(Column(name: "athlete_id", ints: [7]), Column(name: "day", timestamps: [Clock.day0 + Clock.day])))
        #expect(td.frame.columnNames == ["athlete_id", "day", "ctl", "atl", "fatigued"])
    }

    @Test func definitionsAreChecked() throws {
        let (store, daily, profile) = try Self.setup()
        func fails(_ spec: FeatureViewSpec, _ text: String) {
            #expect {
                _ = try store.featureView(spec)
            } throws: { error in
                guard let error = error as? StoreError, error.message.contains(text) else {
                    Issue.record("unexpected: \(error)")
                    return false
                }
                return true
            }
        }
        fails(FeatureViewSpec(name: "v", sources: []), "at least one feature group")
        fails(FeatureViewSpec(name: "V", sources: [FeatureSource(daily)]), "must start with a lowercase letter")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily, features: ["ctll"])]), "did you mean .ctl?")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily, features: ["day"])]), "not a feature (keys come from the spine)")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily, keyMap: ["day": "t"])]), "not a key of")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(profile, ttl: Clock.day)]), "cannot have a ttl")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily, ttl: -1)]), "must not be negative")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], labels: ["athlete_id"]), "is a key column")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], transformations: [FeatureTransformation("sport", .oneHot)]), "neither a feature nor a label")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], transformations: [FeatureTransformation("fatigued", .standardScaler)]), "needs a numeric column")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], transformations: [FeatureTransformation("ctl", .oneHot)]), "needs a string, int or bool column")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], transformations: [FeatureTransformation("ctl", .log1p), FeatureTransformation("ctl", .log1p)]), "two transformations")
        let empty = try store.featureGroup(FeatureGroupSpec(name: "empty", primaryKey: ["id"]))
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(empty)]), "has no data yet")
        fails(FeatureViewSpec(name: "v", sources: [FeatureSource(group: "nope", version: 1)]), "unknown feature group 'nope'")
        #expect(try store.featureViewVersions(named: "v") == [])
    }

    @Test func transformNeedsATrainingDataset() throws {
        let (store, daily, _) = try Self.setup()
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(daily)], transformations: [FeatureTransformation("ctl", .standardScaler)]))
        #expect { _ = try store.transform(try frame(Column(name: "ctl", floats: [1])), view: view) } throws: {
            ($0 as? StoreError)?.message.contains("no training dataset") == true
        }
        let plain = try store.featureView(FeatureViewSpec(name: "plain", sources: [FeatureSource(daily)]))
        let input = try frame(Column(name: "ctl", floats: [1]))
        #expect(try store.transform(input, view: plain) == input)
    }
}
