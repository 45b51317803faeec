import Frame
import Testing
import Trees

@testable import Monitor

@Suite("Performance units")
struct PerformanceUnitTests {
    /// A small binary frame: 8 rows, labels, predictions and scores.
    static func binaryFrame(
        labels: [Double] = [1, 0, 1, 1, 0, 0, 1, 0], predictions: [Double] = [1, 0, 0, 1, 1, 0, 1, 0],
        scores: [Double] = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3]
    ) throws -> DataFrame {
        try DataFrame(columns: [
            Column(name: "y", floats: labels), Column(name: "p", floats: predictions), Column(name: "s", floats: scores),
        ])
    }

    static let binary = ModelOutputs.binaryClassification(score: "s", prediction: "p")

    @Test func confusionMatrixCountsAndSamplingErrors() throws {
        let calculator = PerformanceCalculator(
            outputs: Self.binary, target: "y", metrics: [.confusionMatrix, .accuracy], chunker: .size(4))
        let result = try calculator.fit(reference: try Self.binaryFrame()).referenceResult
        // Chunk 0: y 1 0 1 1, ŷ 1 0 0 1 -> TP 2, TN 1, FP 0, FN 1.
        let chunk0 = result.rows.filter { $0.chunkIndex == 0 }
        #expect(chunk0.map(\.name) == ["true_positive", "true_negative", "false_positive", "false_negative", "accuracy"])
        #expect(chunk0.map(\.value) == [2, 1, 0, 1, 0.75])
        // Reference-wide TP share 3/8: SE = std / sqrt(n) · n with n = 4.
        let std = (3.0 / 8.0 * 5.0 / 8.0).squareRoot()
        expectClose(chunk0[0].samplingError, std / 2 * 4, tolerance: 1e-15, "TP sampling error")
        // Counts have no upper limit, and thresholds come from the reference chunks' counts.
        #expect(chunk0[0].lowerThreshold != nil)
    }

    @Test func binaryNaNRulesFollowNannyML() throws {
        let oneClass = try Self.binaryFrame(
            labels: [1, 1, 1, 1, 0, 1, 0, 1], predictions: [1, 1, 0, 1, 1, 0, 0, 1])
        let calculator = PerformanceCalculator(
            outputs: Self.binary, target: "y", metrics: [.rocAUC, .f1, .precision, .recall, .specificity, .accuracy],
            chunker: .size(4))
        let rows = try calculator.fit(reference: oneClass).referenceResult.rows.filter { $0.chunkIndex == 0 }
        // Chunk 0 has only positive labels: AUC, F1, precision, recall undefined; specificity has
        // TN + FP = 0; accuracy is defined.
        #expect(rows.map { $0.value == nil } == [true, true, true, true, true, false])
        #expect(rows.map { $0.alert == nil } == [true, true, true, true, true, false])
        #expect(rows.allSatisfy { $0.samplingError != nil })
    }

    @Test func realizedValuesMatchTreesMetrics() throws {
        let frame = try Self.binaryFrame()
        let calculator = PerformanceCalculator(
            outputs: Self.binary, target: "y", metrics: [.rocAUC, .f1, .precision, .recall, .accuracy], chunker: .size(8))
        let rows = try calculator.fit(reference: frame).referenceResult.rows
        let y: [Double] = [1, 0, 1, 1, 0, 0, 1, 0]
        let p: [Double] = [1, 0, 0, 1, 1, 0, 1, 0]
        let s: [Double] = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3]
        y.withUnsafeBufferPointer { yb in
            p.withUnsafeBufferPointer { pb in
                s.withUnsafeBufferPointer { sb in
                    #expect(rows[0].value == Metrics.auc(yb, sb))
                    #expect(rows[1].value == Metrics.f1(yb, pb))
                    #expect(rows[2].value == Metrics.precision(yb, pb))
                    #expect(rows[3].value == Metrics.recall(yb, pb))
                    #expect(rows[4].value == Metrics.accuracy(yb, pb))
                }
            }
        }
    }

    @Test func multiclassMacroAverages() throws {
        let labels = ["a", "b", "c", "a", "b", "c", "a", "c", "b", "a", "c", "b"]
        let predictions = ["a", "b", "b", "a", "c", "c", "b", "c", "b", "a", "a", "b"]
        let frame = try DataFrame(columns: [
            Column(name: "y", strings: labels), Column(name: "yhat", strings: predictions),
            Column(name: "pa", floats: [0.7, 0.1, 0.2, 0.6, 0.2, 0.1, 0.3, 0.2, 0.1, 0.8, 0.5, 0.2]),
            Column(name: "pb", floats: [0.2, 0.8, 0.5, 0.3, 0.3, 0.2, 0.5, 0.2, 0.7, 0.1, 0.2, 0.6]),
            Column(name: "pc", floats: [0.1, 0.1, 0.3, 0.1, 0.5, 0.7, 0.2, 0.6, 0.2, 0.1, 0.3, 0.2]),
        ])
        let outputs = ModelOutputs.multiclassClassification(
            classes: ["a", "b", "c"].map { ClassProbabilityColumn(label: $0, column: "p" + $0) }, prediction: "yhat")
        let calculator = PerformanceCalculator(
            outputs: outputs, target: "y", metrics: [.rocAUC, .f1, .precision, .recall, .specificity, .accuracy],
            chunker: .size(12))
        let rows = try calculator.fit(reference: frame).referenceResult.rows
        let code: [String: Double] = ["a": 0, "b": 1, "c": 2]
        let y = labels.map { code[$0] ?? -1 }
        let p = predictions.map { code[$0] ?? -1 }
        let probabilities = (0..<12).flatMap { i in ["pa", "pb", "pc"].compactMap { frame.column(named: $0)?.scalar(at: i) } }
            .map { scalar -> Double in if case .float(let v) = scalar { return v } else { return .nan } }
        y.withUnsafeBufferPointer { yb in
            p.withUnsafeBufferPointer { pb in
                probabilities.withUnsafeBufferPointer { probs in
                    expectClose(rows[0].value, Metrics.multiclassAUC(yb, probabilities: probs, classCount: 3), tolerance: 1e-15, "auc")
                    expectClose(rows[1].value, Metrics.f1(yb, pb, averaging: .macro), tolerance: 1e-15, "f1")
                    expectClose(rows[2].value, Metrics.precision(yb, pb, averaging: .macro), tolerance: 1e-15, "precision")
                    expectClose(rows[3].value, Metrics.recall(yb, pb, averaging: .macro), tolerance: 1e-15, "recall")
                    expectClose(rows[5].value, Metrics.accuracy(yb, pb), tolerance: 1e-15, "accuracy")
                }
            }
        }
        // Specificity per class, by hand: TN / (TN + FP) is 7/8 for a, 6/8 for b and 7/8 for c.
        expectClose(rows[4].value, (7.0 / 8 + 6.0 / 8 + 7.0 / 8) / 3, tolerance: 1e-15, "specificity")
    }

    @Test func regressionValuesAndErrors() throws {
        let frame = try DataFrame(columns: [
            Column(name: "y", floats: [1, 2, 3, 4]), Column(name: "yhat", floats: [1.5, 2, 2, 5]),
        ])
        let calculator = PerformanceCalculator(
            outputs: .regression(prediction: "yhat"), target: "y", metrics: [.mae, .mse, .rmse, .mape, .msle, .rmsle],
            chunker: .size(4))
        let rows = try calculator.fit(reference: frame).referenceResult.rows
        expectClose(rows[0].value, (0.5 + 0 + 1 + 1) / 4, tolerance: 1e-15, "mae")
        expectClose(rows[1].value, (0.25 + 0 + 1 + 1) / 4, tolerance: 1e-15, "mse")
        expectClose(rows[2].value, ((0.25 + 0 + 1 + 1) / 4).squareRoot(), tolerance: 1e-15, "rmse")
        expectClose(rows[3].value, (0.5 + 0 + 1.0 / 3 + 0.25) / 4, tolerance: 1e-15, "mape")
        #expect(rows.allSatisfy { $0.samplingError != nil && $0.lowerThreshold != nil })
        let negative = try DataFrame(columns: [Column(name: "y", floats: [1, -2]), Column(name: "yhat", floats: [1, 2])])
        #expect {
            try PerformanceCalculator(outputs: .regression(prediction: "yhat"), target: "y", metrics: [.msle], chunker: .size(2))
                .fit(reference: negative)
        } throws: { ($0 as? MonitorError)?.kind == .outOfRange }
    }

    @Test func badInputsAreErrors() throws {
        let good = try Self.binaryFrame()
        func kind(_ calculator: PerformanceCalculator, reference: DataFrame? = nil, analysis: DataFrame? = nil) -> MonitorError.Kind? {
            do {
                let fitted = try calculator.fit(reference: reference ?? good)
                if let analysis { _ = try fitted.calculate(analysis) }
                return nil
            } catch {
                return error.kind
            }
        }
        let all: [PerformanceMetric] = [.rocAUC, .f1]
        let base = PerformanceCalculator(outputs: Self.binary, target: "y", metrics: all, chunker: .size(4))
        #expect(kind(base) == nil)
        #expect(kind(base, reference: try Self.binaryFrame(scores: [0.9, 0.2, 1.4, 0.8, 0.6, 0.1, 0.7, 0.3])) == .outOfRange)
        #expect(kind(base, reference: try Self.binaryFrame(labels: [1, 0, 2, 1, 0, 0, 1, 0])) == .outOfRange)
        #expect(kind(base, reference: try Self.binaryFrame(predictions: [1, 0, 0, 1, -1, 0, 1, 0])) == .outOfRange)
        #expect(kind(base, analysis: try good.select(["p", "s"])) == .missingColumn)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "nope", metrics: all, chunker: .size(4))) == .missingColumn)
        let stringScores = try DataFrame(columns: [
            Column(name: "y", floats: [1, 0]), Column(name: "p", floats: [1, 0]), Column(name: "s", strings: ["a", "b"]),
        ])
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: all, chunker: .size(1)), reference: stringScores) == .wrongType)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: all, chunker: .size(9))) == .tooFewRows)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: [.mae], chunker: .size(4))) == .invalidArgument)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: [], chunker: .size(4))) == .invalidArgument)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: [.f1, .f1], chunker: .size(4))) == .invalidArgument)
        #expect(kind(PerformanceCalculator(outputs: .binaryClassification(score: nil, prediction: "p"), target: "y", metrics: [.rocAUC], chunker: .size(4))) == .invalidArgument)
        #expect(kind(PerformanceCalculator(outputs: .regression(prediction: "p"), target: "y", metrics: [.f1], chunker: .size(4))) == .invalidArgument)
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: all, chunker: .size(4), thresholds: [.f1: .constant(lower: 1, upper: 0)])) == .invalidArgument)
        let nullTargets = try DataFrame(columns: [
            Column(name: "y", floats: [1, 0], validity: [false, false]), Column(name: "p", floats: [1, 0]), Column(name: "s", floats: [0.5, 0.5]),
        ])
        #expect(kind(PerformanceCalculator(outputs: Self.binary, target: "y", metrics: all, chunker: .size(1)), reference: nullTargets) == .nullValues)
        let multiclass = ModelOutputs.multiclassClassification(
            classes: [ClassProbabilityColumn(label: "a", column: "s"), ClassProbabilityColumn(label: "b", column: "s")], prediction: "p")
        #expect(kind(PerformanceCalculator(outputs: multiclass, target: "y", metrics: [.confusionMatrix], chunker: .size(4))) == .invalidArgument)
        // Numeric labels 0 and 1 are not the classes "a" and "b".
        #expect(kind(PerformanceCalculator(outputs: multiclass, target: "y", metrics: [.f1], chunker: .size(4))) == .outOfRange)
    }
}
