import Frame
import Testing
@testable import Trees

/// Models must be bit-identical for a seed whatever the thread count: fixed-point histograms,
/// counter-based sampling and a fixed tie rule (every Double compared by bit pattern).
@Suite("Trainer: same model for any thread count")
struct ThreadDeterminismTests {
    /// Big enough (40k rows × 6 features) that histograms, partitions and gradients really split
    /// work among threads.
    static let data = TrainingFixtures.mixed(rowCount: 40_000, seed: 7)

    static func train(_ objective: Objective, growth: GrowthPolicy, threads: Int, sampled: Bool) throws -> BoostedModel {
        var p = TrainingParameters()
        p.objective = objective
        p.classCount = objective == .multiclassSoftmax ? 3 : 1
        p.rounds = 6
        p.learningRate = 0.3
        p.growth = growth
        p.maxDepth = growth == .depthWise ? 5 : 0
        p.maxLeaves = growth == .leafWise ? 24 : 0
        p.threads = threads
        p.seed = 11
        if sampled {
            p.subsample = 0.7
            p.colsample = 0.6
        }
        let target: Column
        switch objective {
        case .binaryLogistic: target = data.binary
        case .multiclassSoftmax: target = data.multiclass
        default: target = data.regression
        }
        let validation = (TrainingFixtures.slice(data.features, 0..<5000), TrainingFixtures.slice(target, 0..<5000))
        return try GradientBoosting.train(features: data.features, target: target, parameters: p, validation: validation)
    }

    @Test("threads 1, 2 and 3 give identical models", arguments: [
        (Objective.squaredError, GrowthPolicy.depthWise, false),
        (Objective.squaredError, GrowthPolicy.depthWise, true),
        (Objective.binaryLogistic, GrowthPolicy.leafWise, true),
        (Objective.multiclassSoftmax, GrowthPolicy.depthWise, true),
        (Objective.absoluteError, GrowthPolicy.leafWise, false),
        (Objective.huber, GrowthPolicy.depthWise, true),
    ])
    func identicalAcrossThreads(objective: Objective, growth: GrowthPolicy, sampled: Bool) throws {
        let one = try Self.train(objective, growth: growth, threads: 1, sampled: sampled)
        let two = try Self.train(objective, growth: growth, threads: 2, sampled: sampled)
        let three = try Self.train(objective, growth: growth, threads: 3, sampled: sampled)
        #expect(one.trees.count == 6 * (objective == .multiclassSoftmax ? 3 : 1))
        #expect(one.trees.allSatisfy { $0.nodeCount > 1 })
        #expect(TrainingFixtures.fingerprint(one) == TrainingFixtures.fingerprint(two))
        #expect(TrainingFixtures.fingerprint(one) == TrainingFixtures.fingerprint(three))
        // Prediction sums trees in model order per row: also independent of threads.
        let p1 = try GradientBoosting.predict(one, features: Self.data.features, margin: true, threads: 1)
        let p2 = try GradientBoosting.predict(one, features: Self.data.features, margin: true, threads: 2)
        #expect(p1.map { $0.map(\.bitPattern) } == p2.map { $0.map(\.bitPattern) })
    }

    @Test("the seed changes sampled models and only them")
    func seedMatters() throws {
        var p = TrainingParameters()
        p.rounds = 3
        p.subsample = 0.5
        let data = TrainingFixtures.mixed(rowCount: 3000, seed: 3)
        let a = try GradientBoosting.train(features: data.features, target: data.regression, parameters: p)
        p.seed = 43
        let b = try GradientBoosting.train(features: data.features, target: data.regression, parameters: p)
        #expect(TrainingFixtures.fingerprint(a) != TrainingFixtures.fingerprint(b))
        p.subsample = 1
        let c = try GradientBoosting.train(features: data.features, target: data.regression, parameters: p)
        p.seed = 42
        let d = try GradientBoosting.train(features: data.features, target: data.regression, parameters: p)
        #expect(TrainingFixtures.fingerprint(c) == TrainingFixtures.fingerprint(d))
    }
}
