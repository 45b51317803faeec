import Frame
import Testing
@testable import Trees

@Suite("Trainer: validation and early stopping")
struct EarlyStoppingTests {
    static let data = TrainingFixtures.mixed(rowCount: 4000, seed: 5)

    static func parameters() -> TrainingParameters {
        var p = TrainingParameters()
        p.rounds = 300
        p.learningRate = 0.5
        p.maxDepth = 8
        p.minChildWeight = 0
        p.lambda = 0
        p.earlyStoppingRounds = 5
        return p
    }

    static var split: (train: [Column], trainY: Column, valid: [Column], validY: Column) {
        (TrainingFixtures.slice(data.features, 0..<2000), TrainingFixtures.slice(data.regression, 0..<2000),
         TrainingFixtures.slice(data.features, 2000..<4000), TrainingFixtures.slice(data.regression, 2000..<4000))
    }

    @Test("training stops after the patience and keeps the best round")
    func truncatesToBestRound() throws {
        let s = Self.split
        let model = try GradientBoosting.train(
            features: s.train, target: s.trainY, parameters: Self.parameters(), validation: (s.valid, s.validY))
        let best = try #require(model.bestRound)
        let history = model.validationHistory
        #expect(history.count < 300)
        #expect(history.count == best + 5)
        #expect(model.trees.count == best)
        #expect(model.roundCount == best)
        // The best round holds the smallest RMSE, the first with it.
        let smallest = history.min() ?? .nan
        #expect(history[best - 1] == smallest)
        #expect(history.firstIndex(of: smallest) == best - 1)
        #expect(history[best...].allSatisfy { $0 >= smallest })
        // The stored history is the metric of the truncated model's predictions at the best round.
        let predictions = try GradientBoosting.predict(model, features: s.valid)
        let rmse = TrainingFixtures.score(TrainingFixtures.doubles(s.validY), predictions[0], Metrics.rmse)
        #expect(rmse == smallest)
    }

    @Test("a validation frame without early stopping records every round and keeps all trees")
    func historyWithoutStopping() throws {
        let s = Self.split
        var p = Self.parameters()
        p.rounds = 12
        p.earlyStoppingRounds = 0
        let model = try GradientBoosting.train(features: s.train, target: s.trainY, parameters: p, validation: (s.valid, s.validY))
        #expect(model.bestRound == nil)
        #expect(model.validationHistory.count == 12)
        #expect(model.trees.count == 12)
    }

    /// Validation margins are updated on bins cut from the training data; predictions walk raw
    /// thresholds. With the training rows as validation (and row sampling, so out-of-sample rows
    /// are walked on bins too) both must agree to the last bit.
    @Test("binned validation margins equal raw-value predictions", arguments: [Objective.binaryLogistic, .squaredError])
    func binnedEqualsRaw(objective: Objective) throws {
        var p = TrainingParameters()
        p.objective = objective
        p.rounds = 8
        p.subsample = 0.6
        p.metric = .rmse
        let target = objective == .binaryLogistic ? Self.data.binary : Self.data.regression
        let model = try GradientBoosting.train(
            features: Self.data.features, target: target, parameters: p, validation: (Self.data.features, target))
        let predictions = try GradientBoosting.predict(model, features: Self.data.features)
        let rmse = TrainingFixtures.score(TrainingFixtures.doubles(target), predictions[0], Metrics.rmse)
        #expect(model.validationHistory.last == rmse)
    }

    @Test("AUC is maximised: a higher value is an improvement")
    func higherIsBetter() throws {
        var p = Self.parameters()
        p.objective = .binaryLogistic
        p.metric = .auc
        p.learningRate = 0.3
        let train = TrainingFixtures.slice(Self.data.features, 0..<2000)
        let valid = TrainingFixtures.slice(Self.data.features, 2000..<4000)
        let model = try GradientBoosting.train(
            features: train, target: TrainingFixtures.slice(Self.data.binary, 0..<2000), parameters: p,
            validation: (valid, TrainingFixtures.slice(Self.data.binary, 2000..<4000)))
        let best = try #require(model.bestRound)
        let history = model.validationHistory
        #expect(history[best - 1] == history.max())
        #expect(history[best - 1] > 0.9)
    }

    // The interrupt flag is process-wide and other suites poll it concurrently, so setting it here
    // could stop their work instead of ours; the per-round poll is not tested for that reason.
    @Test("progress is reported once per round")
    func progressAndInterrupt() throws {
        var rounds: [Int] = []
        var p = TrainingParameters()
        p.rounds = 4
        _ = try GradientBoosting.train(features: Self.data.features, target: Self.data.regression, parameters: p) { round, total in
            rounds.append(round)
            #expect(total == 4)
        }
        #expect(rounds == [1, 2, 3, 4])
    }
}
