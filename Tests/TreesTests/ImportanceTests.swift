import Testing
@testable import Trees
import TestSupport

@Suite("Importance")
struct ImportanceTests {
    /// Tree 1 splits f0 (gain 4, cover 10) then f2 (gain 1, cover 6); tree 2 splits f0 (gain 2,
    /// cover 8). f1 is never used.
    static func model() -> BoostedModel {
        var first = Tree()
        first.appendNode(value: 0, cover: 10)
        first.appendNode(value: 0, cover: 6)
        first.appendNode(value: 1, cover: 4)
        first.appendNode(value: 2, cover: 2)
        first.appendNode(value: 3, cover: 4)
        first.split(0, feature: 0, threshold: 1, defaultLeft: true, gain: 4, left: 1, right: 2)
        first.split(1, feature: 2, threshold: 1, defaultLeft: true, gain: 1, left: 3, right: 4)
        var second = Tree()
        second.appendNode(value: 0, cover: 8)
        second.appendNode(value: 1, cover: 3)
        second.appendNode(value: 2, cover: 5)
        second.split(0, feature: 0, threshold: 2, defaultLeft: false, gain: 2, left: 1, right: 2)
        return BoostedModel(
            parameters: TrainingParameters(), featureNames: ["f0", "f1", "f2"], baseScore: [0], trees: [first, second])
    }

    @Test("XGBoost's five kinds by hand")
    func byHand() {
        let model = Self.model()
        #expect(Importance.compute(model, kind: .weight) == [2, 0, 1])
        #expect(Importance.compute(model, kind: .totalGain) == [6, 0, 1])
        #expect(Importance.compute(model, kind: .gain) == [3, 0, 1])
        #expect(Importance.compute(model, kind: .totalCover) == [18, 0, 6])
        #expect(Importance.compute(model, kind: .cover) == [9, 0, 6])
    }

    @Test("kind names match XGBoost's importance_type strings")
    func names() {
        #expect(Importance.Kind.allCases.map(\.rawValue) == ["gain", "cover", "weight", "total_gain", "total_cover"])
    }

    @Test("a model without splits scores zero everywhere")
    func noSplits() {
        var leaf = Tree()
        leaf.appendNode(value: 1, cover: 1)
        let model = BoostedModel(parameters: TrainingParameters(), featureNames: ["a", "b"], baseScore: [0], trees: [leaf])
        for kind in Importance.Kind.allCases {
            #expect(Importance.compute(model, kind: kind) == [0, 0])
        }
    }

    @Test("random models: weight counts every split node", arguments: [11, 12, 13] as [UInt64])
    func randomWeights(seed: UInt64) {
        var random = UseTestRandom(seed: seed)
        let model = RandomUseModels.model(&random, featureCount: 4, rounds: 10, maxDepth: 5)
        let weights = Importance.compute(model, kind: .weight)
        let splits = model.trees.reduce(0) { total, tree in total + tree.feature.filter { $0 >= 0 }.count }
        #expect(weights.reduce(0, +) == Double(splits))
        let gain = Importance.compute(model, kind: .gain)
        let total = Importance.compute(model, kind: .totalGain)
        for feature in 0..<4 where weights[feature] > 0 {
            #expect(gain[feature] == total[feature] / weights[feature])
        }
    }
}
