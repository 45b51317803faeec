import Foundation
import Frame
import Testing
@testable import Trees

@Suite("Prediction")
struct PredictionTests {
    /// The margin of one row by walking each tree with `Tree.leaf` (the contract's definition).
    static func reference(_ model: BoostedModel, _ columns: [Column], row: Int, output: Int) -> Double {
        var margin = model.baseScore[output]
        let values = columns.map { TrainingFixtures.doubles($0)[row] }
        for (index, tree) in model.trees.enumerated() where index % model.treesPerRound == output {
            margin += tree.value[tree.leaf { values[$0] }]
        }
        return margin
    }

    @Test("block prediction equals walking each tree, for every output", arguments: [
        Objective.squaredError, .binaryLogistic, .multiclassSoftmax,
    ])
    func matchesReference(objective: Objective) throws {
        let data = TrainingFixtures.mixed(rowCount: 700, seed: 13, nullRate: 0.2)
        var p = TrainingParameters()
        p.objective = objective
        p.classCount = objective == .multiclassSoftmax ? 3 : 1
        p.rounds = 7
        p.maxDepth = 4
        let target = objective == .binaryLogistic ? data.binary : (objective == .multiclassSoftmax ? data.multiclass : data.regression)
        let model = try GradientBoosting.train(features: data.features, target: target, parameters: p)
        let margins = try GradientBoosting.predict(model, features: data.features, margin: true)
        let responses = try GradientBoosting.predict(model, features: data.features)
        #expect(margins.count == p.classCount)
        for row in 0..<700 {
            let expected = (0..<p.classCount).map { Self.reference(model, data.features, row: row, output: $0) }
            for output in 0..<p.classCount { #expect(margins[output][row] == expected[output]) }
            switch objective {
            case .binaryLogistic:
                #expect(responses[0][row] == PortableMath.sigmoid(expected[0]))
            case .multiclassSoftmax:
                let total = expected.map { PortableMath.exp($0 - (expected.max() ?? 0)) }.reduce(0, +)
                #expect(abs(responses.map { $0[row] }.reduce(0, +) - 1) < 1e-12)
                #expect(abs(responses[0][row] - PortableMath.exp(expected[0] - (expected.max() ?? 0)) / total) < 1e-15)
            default:
                #expect(responses[0][row] == expected[0])
            }
        }
    }

    @Test("a hand-built model with nulls, infinities and unordered node ids predicts by its thresholds")
    func handBuiltModel() throws {
        var tree = Tree()
        // Nodes appended out of breadth-first order: root 0 → left 2, right 1; node 2 splits on x1.
        tree.appendNode(value: 0, cover: 3)
        tree.appendNode(value: 10, cover: 1)
        tree.appendNode(value: 0, cover: 2)
        tree.appendNode(value: -1, cover: 1)
        tree.appendNode(value: -2, cover: 1)
        tree.split(0, feature: 0, threshold: 0.5, defaultLeft: false, gain: 1, left: 2, right: 1)
        tree.split(2, feature: 1, threshold: .infinity, defaultLeft: true, gain: 1, left: 3, right: 4)
        let model = BoostedModel(parameters: TrainingParameters(), featureNames: ["x0", "x1"], baseScore: [100], trees: [tree])
        let x0 = Column(name: "x0", floats: [0, 0, 0, 1, 0, .nan], validity: [true, true, true, true, false, true])
        let x1 = Column(name: "x1", floats: [1, .infinity, 0, 0, 0, 0], validity: [true, true, false, true, true, true])
        let predictions = try GradientBoosting.predict(model, features: [x0, x1])
        #expect(predictions == [[99, 98, 99, 110, 110, 110]])
    }

    @Test("a split at −inf that sends nulls left still sends every value right")
    func negativeInfinityThreshold() throws {
        var tree = Tree()
        for value in [0.0, 1, 2, 3, 4] { tree.appendNode(value: value, cover: 1) }
        tree.split(0, feature: 0, threshold: -.infinity, defaultLeft: true, gain: 1, left: 1, right: 2)
        tree.split(2, feature: 1, threshold: 0, defaultLeft: false, gain: 1, left: 3, right: 4)
        let model = BoostedModel(parameters: TrainingParameters(), featureNames: ["x0", "x1"], baseScore: [0], trees: [tree])
        let x0 = Column(name: "x0", floats: [-.infinity, 5, 0, 0], validity: [true, true, false, true])
        let x1 = Column(name: "x1", floats: [-1, 1, 0, 0], validity: [true, true, true, false])
        let predictions = try GradientBoosting.predict(model, features: [x0, x1])
        let expected = (0..<4).map { Self.reference(model, [x0, x1], row: $0, output: 0) }
        #expect(predictions[0] == expected)
        #expect(expected == [3, 4, 1, 4])
    }
}

extension PredictionTests {
    @Test func lopsidedLeafWiseTreesPredictAsWalkingEachTree() throws {
        // Heavy-tailed targets make leaf-wise trees peel off a few rows per split, so rows in one
        // block stop at very different depths; each must still end on its own leaf.
        let data = TrainingFixtures.mixed(rowCount: 1500, seed: 41, nullRate: 0.1)
        let skewed = TrainingFixtures.doubles(data.regression).map { value in value.isNaN ? value : exp(2 * value) }
        var p = TrainingParameters()
        p.growth = .leafWise
        p.maxLeaves = 31
        p.maxDepth = 0
        p.rounds = 15
        p.minChildWeight = 1
        let model = try GradientBoosting.train(
            features: data.features, target: Column(name: "y", floats: skewed), parameters: p)
        let depths = try ModelFileValidation.treeDepths(of: model)
        #expect((depths.max() ?? 0) >= 8, "depths \(depths)")
        let margins = try GradientBoosting.predict(model, features: data.features, margin: true, threads: 2)
        for row in 0..<1500 {
            #expect(margins[0][row] == Self.reference(model, data.features, row: row, output: 0), "row \(row)")
        }
    }
}

extension PredictionTests {
    @Test func aSplitAtMinusInfinitySendsOnlyNullsLeft() throws {
        // Only a hand-made model can split at −inf with nulls left; prediction then tests for null
        // at every node instead of reading nulls as −inf, in trees deep enough for several steps.
        var tree = Tree()
        for value in [0.0, 10, 0, 20, 30] { tree.appendNode(value: value, cover: 1) }
        tree.split(0, feature: 0, threshold: -.infinity, defaultLeft: true, gain: 1, left: 1, right: 2)
        tree.split(2, feature: 1, threshold: 0.5, defaultLeft: false, gain: 1, left: 3, right: 4)
        let model = BoostedModel(parameters: TrainingParameters(), featureNames: ["a", "b"], baseScore: [1], trees: [tree])
        let rows = 200
        let a = Column(name: "a", floats: (0..<rows).map { Double($0) - 100 }, validity: (0..<rows).map { $0 % 3 != 0 })
        let b = Column(name: "b", floats: (0..<rows).map { Double($0 % 2) }, validity: (0..<rows).map { $0 % 7 != 0 })
        let margins = try GradientBoosting.predict(model, features: [a, b], margin: true, threads: 2)[0]
        for row in 0..<rows {
            let expected = row % 3 == 0 ? 11.0 : (row % 7 == 0 || row % 2 == 1 ? 31.0 : 21.0)
            #expect(margins[row] == expected, "row \(row)")
            #expect(margins[row] == Self.reference(model, [a, b], row: row, output: 0))
        }
    }
}

@Suite("Training margins")
struct TrainingMarginTests {
    @Test("the trainer's final margins are the model's predicted margins on its rows, bit for bit", arguments: [
        (Objective.squaredError, 1.0), (.binaryLogistic, 1.0), (.multiclassSoftmax, 1.0), (.absoluteError, 1.0),
        (.huber, 0.7), (.squaredError, 0.6),
    ])
    func marginsEqualPrediction(objective: Objective, subsample: Double) throws {
        let data = TrainingFixtures.mixed(rowCount: 900, seed: 29, nullRate: 0.15)
        var p = TrainingParameters()
        p.objective = objective
        p.classCount = objective == .multiclassSoftmax ? 3 : 1
        p.rounds = 12
        p.growth = .leafWise
        p.maxLeaves = 15
        p.maxDepth = 0
        p.subsample = subsample
        let target = objective == .binaryLogistic ? data.binary : (objective == .multiclassSoftmax ? data.multiclass : data.regression)
        let trained = try GradientBoosting.trainKeepingMargins(features: data.features, target: target, parameters: p)
        let margins = try #require(trained.margins)
        let predicted = try GradientBoosting.predict(trained.model, features: data.features, margin: true, threads: 2)
        #expect(margins.count == 900 * p.classCount)
        for row in 0..<900 {
            for output in 0..<p.classCount {
                #expect(margins[row * p.classCount + output] == predicted[output][row], "row \(row) output \(output)")
            }
        }
    }

    @Test func noMarginsWhenEarlyStoppingDropsTrees() throws {
        let data = TrainingFixtures.mixed(rowCount: 600, seed: 5)
        var p = TrainingParameters()
        p.rounds = 200
        p.learningRate = 0.5
        p.earlyStoppingRounds = 3
        let train = TrainingFixtures.slice(data.features, 0..<400)
        let valid = TrainingFixtures.slice(data.features, 400..<600)
        let trained = try GradientBoosting.trainKeepingMargins(
            features: train, target: TrainingFixtures.slice(data.regression, 0..<400), parameters: p,
            validation: (valid, TrainingFixtures.slice(data.regression, 400..<600)))
        let best = try #require(trained.model.bestRound)
        #expect(best < 200)
        #expect(trained.margins == nil)
    }
}
