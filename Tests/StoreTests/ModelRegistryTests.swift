import Frame
import Testing
import Trees
@testable import Store

@Suite struct ModelRegistryTests {
    /// Group → view → training data → split → model → registry → lineage, end to end.
    static func trained() throws -> (FeatureStore, FeatureGroup, FeatureView, TrainingDataset, BoostedModel) {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "athlete_daily", primaryKey: ["athlete_id"], eventTime: "day", online: true))
        var ids: [Int64] = []
        var days: [Int64] = []
        var load: [Double] = []
        var fatigue: [Double] = []
        for day in 0..<40 {
            for athlete in 0..<5 {
                ids.append(Int64(athlete))
                days.append(Clock.day0 + Int64(day) * Clock.day)
                let value = Double((day * 7 + athlete * 13) % 50)
                load.append(value)
                fatigue.append(value * 2 + Double(athlete))
            }
        }
        try store.insert(group, try frame(
            Column(name: "athlete_id", ints: ids), Column(name: "day", timestamps: days), Column(name: "load", floats: load),
            Column(name: "fatigue", floats: fatigue)))
        let view = try store.featureView(FeatureViewSpec(
            name: "fatigue", sources: [FeatureSource(group)], labels: ["fatigue"], transformations: [FeatureTransformation("load", .standardScaler)]))
        let spine = try frame(Column(name: "athlete_id", ints: ids), Column(name: "day", timestamps: days))
        let td = try store.trainingData(view, spine: spine)
        let split = try store.splitByTime(td, testFrom: Clock.day0 + 30 * Clock.day, gap: 2 * Clock.day)
        var parameters = TrainingParameters()
        parameters.rounds = 5
        parameters.seed = 7
        let features = view.featureNames.compactMap { split.train.column(named: $0) }
        guard let target = split.train.column(named: "fatigue") else { throw StoreError(.missingColumn, "fatigue") }
        let model = try GradientBoosting.train(features: features, target: target, parameters: parameters)
        return (store, group, view, split.dataset, model)
    }

    @Test func registerLoadAndGate() throws {
        let (store, _, _, td, model) = try Self.trained()
        #expect {
            try store.registerModel(model, name: "fatigue_gbdt", trainingDataset: td, metrics: ["rmse": 251.3], gates: [ModelGate("rmse", .lessThan, 240)])
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .gateFailed && error.message == "model 'fatigue_gbdt' fails its gate: rmse 251.3 is not < 240.0; it was not registered"
        }
        #expect(try store.modelVersions(named: "fatigue_gbdt") == [])
        #expect(throws: StoreError.self) {
            try store.registerModel(model, name: "fatigue_gbdt", trainingDataset: td, metrics: ["mae": 1], gates: [ModelGate("rmse", .lessThan, 240)])
        }
        let registered = try store.registerModel(
            model, name: "fatigue_gbdt", trainingDataset: td, metrics: ["rmse": 12.5, "mae": 9], gates: [ModelGate("rmse", .lessThan, 240)])
        #expect(registered.version == 1 && registered.trainingDatasetVersion == 1 && registered.view == "fatigue")
        #expect(registered.metrics.map(\.name) == ["mae", "rmse"])
        #expect(registered.seed == 7 && registered.parameters.contains("rounds=5"))
        let loaded = try store.registeredModel(named: "fatigue_gbdt", version: 1)
        #expect(loaded == registered)
        #expect(loaded.model == model)
        let second = try store.registerModel(model, name: "fatigue_gbdt", trainingDataset: td, metrics: ["rmse": 11])
        #expect(second.version == 2)
        #expect(try store.registeredModel(named: "fatigue_gbdt").version == 2)
        #expect { _ = try store.registeredModel(named: "fatigue_gbdt", version: 9) } throws: { ($0 as? StoreError)?.message == "unknown model 'fatigue_gbdt' v9; it has versions 1, 2" }
        #expect { _ = try store.registeredModel(named: "nope") } throws: { ($0 as? StoreError)?.kind == .notFound }
        // A dataset a model was trained on keeps its split.
        #expect { _ = try store.splitByTime(td, testFrom: Clock.day0 + 20 * Clock.day) } throws: { ($0 as? StoreError)?.message.contains("model fatigue_gbdt v1") == true }
        _ = try store.splitByTime(td, testFrom: Clock.day0 + 30 * Clock.day, gap: 2 * Clock.day)
    }

    @Test func predictionsFromTheOnlinePathMatchTraining() throws {
        let (store, _, view, td, model) = try Self.trained()
        let registered = try store.registerModel(model, name: "m", trainingDataset: td, metrics: ["rmse": 1])
        let vector = try store.featureVector(view, keys: ["athlete_id": .int(3)], dataset: td)
        let rows = try store.transform(td.frame, view: view, dataset: td)
        let last = rows.height - 2
        #expect(rows.values("athlete_id")[last] == .int(3))
        let online = try GradientBoosting.predict(registered.model, features: view.featureNames.compactMap { vector.column(named: $0) })
        let offline = try GradientBoosting.predict(model, features: view.featureNames.compactMap { rows.slice(last..<(last + 1)).column(named: $0) })
        #expect(online == offline)
    }

    @Test func lineageFromAnyNode() throws {
        let (store, group, view, td, model) = try Self.trained()
        let registered = try store.registerModel(model, name: "m", trainingDataset: td, metrics: ["rmse": 1])
        let expected = [
            LineageEdge(from: LineageNode(.featureGroup, "athlete_daily", 1), to: LineageNode(.featureView, "fatigue", 1)),
            LineageEdge(from: LineageNode(.featureView, "fatigue", 1), to: LineageNode(.trainingDataset, "fatigue_v1", 1)),
            LineageEdge(from: LineageNode(.trainingDataset, "fatigue_v1", 1), to: LineageNode(.model, "m", 1)),
        ]
        #expect(try store.lineage(of: .of(registered)) == expected)
        #expect(try store.lineage(of: .of(group)) == expected)
        #expect(try store.lineage(of: .of(view)) == expected)
        #expect(try store.lineage(of: .of(td)) == expected)
        let frame = try store.lineageFrame(of: .of(registered))
        #expect(frame.values("to_kind") == [.string("feature_view"), .string("training_dataset"), .string("model")])
        // A second dataset of the same view shows downstream of the group, not upstream of the model.
        let td2 = try store.trainingData(view, spine: try td.frame.select(["athlete_id", "day"]).head(3))
        #expect(try store.lineage(of: .of(group)).count == 4)
        #expect(try store.lineage(of: .of(registered)) == expected)
        #expect(try store.lineage(of: .of(td2)).count == 2)
        let lonely = try store.featureGroup(FeatureGroupSpec(name: "lonely", primaryKey: ["id"]))
        #expect(try store.lineage(of: .of(lonely)) == [])
        #expect { _ = try store.lineage(of: LineageNode(.model, "ghost", 1)) } throws: { ($0 as? StoreError)?.message == "unknown model 'ghost' v1" }
    }
}
