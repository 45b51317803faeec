import Frame
import Testing
@testable import Trees

/// Sanity of what the trainer learns on synthetic problems with a known answer.
@Suite("Trainer: accuracy on synthetic data")
struct TrainingAccuracyTests {
    static let data = TrainingFixtures.mixed(rowCount: 12_000, seed: 21)
    static let train = 0..<9000
    static let holdout = 9000..<12_000

    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    static func fit(_ objective: Objective, target: Column, _ configure: (inout TrainingParameters) -> Void = { _ in })
        throws -> (predictions: [[Double]], labels: [Double])
    {
        var p = TrainingParameters()
        p.objective = objective
        p.classCount = objective == .multiclassSoftmax ? 3 : 1
        p.rounds = 60
        p.learningRate = 0.2
        configure(&p)
        let model = try GradientBoosting.train(
            features: TrainingFixtures.slice(data.features, train), target: TrainingFixtures.slice(target, train),
            parameters: p)
        let predictions = try GradientBoosting.predict(model, features: TrainingFixtures.slice(data.features, holdout))
        return (predictions, TrainingFixtures.doubles(TrainingFixtures.slice(target, holdout)))
    }

    @Test("regression RMSE is well below the target's spread", arguments: [
        Objective.squaredError, .huber, .absoluteError,
    ])
    func regression(objective: Objective) throws {
        let (predictions, labels) = try Self.fit(objective, target: Self.data.regression)
        let rmse = TrainingFixtures.score(labels, predictions[0], Metrics.rmse)
        let spread = Self.standardDeviation(labels)
        #expect(rmse < 0.35 * spread, "rmse \(rmse), std \(spread)")
    }

    @Test("leaf-wise growth learns as well")
    func leafWise() throws {
        let (predictions, labels) = try Self.fit(.squaredError, target: Self.data.regression) {
            $0.growth = .leafWise
            $0.maxLeaves = 16
            $0.maxDepth = 0
        }
        let rmse = TrainingFixtures.score(labels, predictions[0], Metrics.rmse)
        #expect(rmse < 0.35 * Self.standardDeviation(labels))
    }

    @Test("binary AUC is high on a nearly separable problem")
    func binary() throws {
        let (predictions, labels) = try Self.fit(.binaryLogistic, target: Self.data.binary) {
            $0.subsample = 0.8
            $0.colsample = 0.8
        }
        let auc = TrainingFixtures.score(labels, predictions[0], Metrics.auc)
        #expect(auc > 0.9, "auc \(auc)")
        #expect(predictions[0].allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("multiclass accuracy is high and probabilities sum to 1")
    func multiclass() throws {
        let (predictions, labels) = try Self.fit(.multiclassSoftmax, target: Self.data.multiclass)
        #expect(predictions.count == 3)
        var correct = 0
        for row in 0..<labels.count {
            let p = (0..<3).map { predictions[$0][row] }
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            let best = p.indices.max { p[$0] < p[$1] } ?? 0
            if Double(best) == labels[row] { correct += 1 }
        }
        #expect(Double(correct) / Double(labels.count) > 0.85)
    }
}
