import Frame
import Testing
import Trees

@testable import Monitor
import TestSupport

@Suite("DLE units")
struct DLEUnitTests {
    /// A regression whose error grows with `x` and is larger for the category "noisy" (a share
    /// `noisy` of the rows); the model's prediction is the noise-free value.
    static func frame(rows: Int, seed: UInt64, noisy share: Double = 0.3, targets: Bool = true) throws -> DataFrame {
        var random = SplitMix64(seed: seed)
        var x: [Double] = []
        var kind: [String?] = []
        var many: [String?] = []
        var y: [Double] = []
        var prediction: [Double] = []
        for i in 0..<rows {
            let value = random.uniform() * 10
            let noisy = random.uniform() < share
            let truth = 50 + 3 * value
            x.append(value)
            kind.append(i % 17 == 0 ? nil : (noisy ? "noisy" : "calm"))
            many.append(["a", "b", "c", "d", "e", "f"][i % 6])
            prediction.append(truth)
            y.append(truth + random.normal() * (noisy ? 4 : 1) * (1 + value / 5))
        }
        var columns = [
            Column(name: "x", floats: x), Column(name: "kind", strings: kind), Column(name: "many", strings: many),
            Column(name: "p", floats: prediction),
        ]
        if targets { columns.append(Column(name: "y", floats: y)) }
        return try DataFrame(columns: columns)
    }

    static func estimator(_ metrics: [PerformanceMetric] = [.mae, .mape, .mse, .msle, .rmse, .rmsle]) -> DLE {
        var parameters = DLE.defaultParameters
        parameters.rounds = 30
        return DLE(
            features: ["x", "kind", "many"], prediction: "p", target: "y", metrics: metrics, chunker: .size(500),
            parameters: parameters)
    }

    @Test func estimatesFollowTheRealizedLoss() throws {
        let fitted = try Self.estimator().fit(reference: try Self.frame(rows: 3000, seed: 31))
        let result = try fitted.estimate(try Self.frame(rows: 1000, seed: 32, noisy: 0.8))
        #expect(result.rows.count == (6 + 2) * 6)
        // Chunk-major, metrics in the order asked for.
        #expect(result.rows.prefix(6).map(\.name) == ["mae", "mape", "mse", "msle", "rmse", "rmsle"])
        for row in result.rows {
            #expect(row.method == "dle")
            let value = try #require(row.value)
            let error = try #require(row.samplingError)
            let realized = try #require(row.realized)
            #expect(value >= 0)
            // The loss model follows the analysis data to its larger errors (more noisy rows).
            #expect(abs(value - realized) < 4 * error, "\(row.name) \(row.period) \(row.chunkIndex)")
            #expect(row.upperConfidenceBound == value + 3 * error)
            #expect(row.lowerConfidenceBound == max(0, value - 3 * error))
            #expect(row.alert == fitted.thresholds(of: PerformanceMetric(rawValue: row.name) ?? .mae)?.alert(value))
        }
        let mae = result.rows(name: "mae", period: .analysis)
        #expect(mae.allSatisfy { $0.alert == true })
        #expect(fitted.lossModel(for: .rmse) == fitted.lossModel(for: .mse))
        #expect(fitted.lossModel(for: .mae) != fitted.lossModel(for: .mse))
        #expect(fitted.lossModel(for: .f1) == nil)
    }

    @Test func referenceEstimatesEqualWalkingTheModels() throws {
        // Reference estimates come from the trainer's final margins (rows with a target and a
        // prediction) and from walking the models (the rest); estimating the same frame as analysis
        // walks every row, so both must agree to the last bit, for one thread or two.
        var reference = try Self.frame(rows: 1500, seed: 36)
        let targets = try reference.optionalDoubles("y")
        reference = try reference.setting(
            Column(name: "y", floats: targets.map { $0 ?? 0 }, validity: (0..<1500).map { $0 % 23 != 5 }))
        var values: [[Double?]] = []
        for threads in [1, 2] {
            var estimator = Self.estimator()
            estimator.parameters.threads = threads
            let fitted = try estimator.fit(reference: reference)
            let asReference = fitted.referenceResult.rows.map(\.value)
            let asAnalysis = try fitted.estimate(reference).rows.filter { $0.period == .analysis }.map(\.value)
            #expect(asReference == asAnalysis)
            #expect(asReference.allSatisfy { $0 != nil })
            values.append(asReference)
        }
        #expect(values[0] == values[1])
    }

    @Test func analysisWithoutTargetsHasNoRealizedValues() throws {
        let fitted = try Self.estimator([.mae]).fit(reference: try Self.frame(rows: 1000, seed: 33))
        // Unseen categories and null features are fine; so are rows without a prediction.
        var analysis = try Self.frame(rows: 600, seed: 34, targets: false)
        analysis = try analysis.setting(Column(name: "many", strings: [String?](repeating: "new", count: 600)))
        analysis = try analysis.setting(
            Column(name: "x", floats: [Double](repeating: 1, count: 600), validity: (0..<600).map { $0 % 2 == 0 }))
        let result = try fitted.estimate(analysis)
        let rows = result.rows(name: "mae", period: .analysis)
        #expect(rows.count == 2 && rows.allSatisfy { $0.realized == nil && $0.value != nil })
        #expect(result.dataFrame().columnNames == MonitorResult.frameColumns + ["realized"])
        // The sampling error counts rows with a prediction only.
        let withGaps = try analysis.setting(
            Column(name: "p", floats: [Double](repeating: 80, count: 600), validity: (0..<600).map { $0 >= 100 }))
        let gapped = try fitted.estimate(withGaps).rows(name: "mae", period: .analysis)
        let components = try #require(rows.first?.samplingError)
        expectClose(gapped.first?.samplingError, components * (500.0 / 400.0).squareRoot(), tolerance: 1e-12, relative: true, "SE")
    }

    @Test func featureEncoding() throws {
        let reference = try DataFrame(columns: [
            Column(name: "few", strings: ["u", "v", nil, "u", "v", "u"]),
            Column(name: "many", strings: ["f", "b", "c", "d", "e", nil]),
            Column(name: "n", ints: [1, 2, 3, 4, 5, 6]),
        ])
        let (features, matrix) = try DirectLossFeatures.fit(reference, columns: ["few", "many", "n"], order: nil)
        // 2 categories and null: one-hot, nulls having their own indicator.
        #expect(features.names == ["few=0", "few=1", "few=null", "many", "n"])
        #expect(features.binned == [false, false, false, false, true])
        #expect(matrix[0] == [1, 0, 0, 1, 0, 1] && matrix[2] == [0, 0, 1, 0, 0, 0])
        // 5 categories and null: NannyML's sorted code + 1, null after them.
        #expect(matrix[3] == [5, 1, 2, 3, 4, 6])
        let analysis = try DataFrame(columns: [
            Column(name: "few", strings: ["w", nil]), Column(name: "many", strings: ["zz", "b"]),
            Column(name: "n", floats: [0.5, 9]),
        ])
        let encoded = try features.matrix(of: analysis, order: nil)
        // An unseen category is all-zero (one-hot) or 0 (ordinal).
        #expect(encoded == [[0, 0], [0, 0], [0, 1], [0, 1], [0.5, 9]])
    }

    @Test func refusesBadInput() throws {
        let reference = try Self.frame(rows: 600, seed: 35)
        func kind(_ estimator: DLE, _ frame: DataFrame) -> MonitorError.Kind? {
            do {
                _ = try estimator.fit(reference: frame)
                return nil
            } catch { return error.kind }
        }
        #expect(kind(Self.estimator([]), reference) == .invalidArgument)
        #expect(kind(Self.estimator([.f1]), reference) == .invalidArgument)
        #expect(kind(Self.estimator([.mae, .mae]), reference) == .invalidArgument)
        var estimator = Self.estimator([.mae])
        estimator.features = []
        #expect(kind(estimator, reference) == .invalidArgument)
        estimator.features = ["x", "p"]
        #expect(kind(estimator, reference) == .invalidArgument)
        estimator.features = ["x", "y"]
        #expect(kind(estimator, reference) == .invalidArgument)
        estimator.features = ["x", "nope"]
        #expect(kind(estimator, reference) == .missingColumn)
        estimator = Self.estimator([.mae])
        estimator.parameters.objective = .binaryLogistic
        #expect(kind(estimator, reference) == .invalidArgument)
        #expect(kind(Self.estimator([.mae]), try Self.frame(rows: 600, seed: 36, targets: false)) == .missingColumn)
        let stamped = try reference.setting(Column(name: "x", timestamps: [Int64](repeating: 3, count: 600)))
        #expect(kind(Self.estimator([.mae]), stamped) == .wrongType)
        let negative = try reference.setting(Column(name: "p", floats: [Double](repeating: -1, count: 600)))
        #expect(kind(Self.estimator([.msle]), negative) == .outOfRange)
        let noTargets = try reference.setting(Column(name: "y", nullsOf: .float, count: 600))
        #expect(kind(Self.estimator([.mae]), noTargets) == .nullValues)
        #expect(kind(Self.estimator([.mae]), reference.head(100)) == .tooFewRows)
        let fitted = try Self.estimator([.msle]).fit(reference: reference)
        #expect(throws: MonitorError.self) { try fitted.estimate(negative) }
        let texts = try reference.setting(Column(name: "x", strings: [String?](repeating: "t", count: 600)))
        #expect(throws: MonitorError.self) { try fitted.estimate(texts) }
    }
}
