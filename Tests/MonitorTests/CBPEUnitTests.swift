import Frame
import Testing

@testable import Monitor

@Suite("CBPE units")
struct CBPEUnitTests {
    static let outputs = ModelOutputs.binaryClassification(score: "s", prediction: "p")

    static func frame(
        labels: [Double]? = [1, 0, 1, 1, 0, 0, 1, 0], predictions: [Double] = [1, 0, 0, 1, 1, 0, 1, 0],
        scores: [Double] = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3], labelValidity: [Bool]? = nil
    ) throws -> DataFrame {
        var columns = [Column(name: "p", floats: predictions), Column(name: "s", floats: scores)]
        if let labels { columns.append(Column(name: "y", floats: labels, validity: labelValidity)) }
        return try DataFrame(columns: columns)
    }

    @Test func uncalibratedEstimatesReadTheExpectedConfusionMatrix() throws {
        let estimator = CBPE(
            outputs: Self.outputs, target: "y", metrics: [.accuracy, .precision, .rocAUC, .confusionMatrix],
            chunker: .size(8), calibration: .never)
        let fitted = try estimator.fit(reference: try Self.frame())
        #expect(!fitted.isCalibrated)
        let result = try fitted.estimate(try Self.frame(labels: nil))
        let rows = result.rows.filter { $0.period == .analysis }
        let s: [Double] = [0.9, 0.2, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3]
        let p: [Double] = [1, 0, 0, 1, 1, 0, 1, 0]
        var tp = 0.0
        var tn = 0.0
        var fp = 0.0
        for i in 0..<8 {
            if p[i] == 1 {
                tp += s[i]
                fp += 1 - s[i]
            } else {
                tn += 1 - s[i]
            }
        }
        expectClose(rows[0].value, (tp + tn) / 8, tolerance: 1e-15, "accuracy")
        expectClose(rows[1].value, tp / (tp + fp), tolerance: 1e-15, "precision")
        // With p equal to the ranking score, the estimated AUC is Σ over pairs weighted by p(1 − p').
        #expect((rows[2].value ?? 0) > 0.8)
        expectClose(rows[3].value, tp, tolerance: 1e-12, "estimated true positives")
        #expect(rows.allSatisfy { $0.realized == nil })
        #expect(result.rows.filter { $0.period == .reference }.allSatisfy { $0.realized != nil })
        // Confidence bands are clipped to [0, 1] for rates.
        #expect(rows.filter { $0.name == "accuracy" }.allSatisfy { ($0.upperConfidenceBound ?? 2) <= 1 })
    }

    @Test func calibrationPolicies() throws {
        let always = try CBPE(outputs: Self.outputs, target: "y", metrics: [.f1], chunker: .size(4), calibration: .always)
            .fit(reference: try Self.frame())
        #expect(always.isCalibrated && always.calibratedClasses == ["1"])
        // The isotonic fit of these 8 rows pools (0.4 → 1, 0.6 → 0) into 0.5 each.
        #expect(always.calibrate([0.4, 0.6, 0.0, 1.0]) == [0.5, 0.5, 0, 1])
        let never = try CBPE(outputs: Self.outputs, target: "y", metrics: [.f1], chunker: .size(4), calibration: .never)
            .fit(reference: try Self.frame())
        #expect(!never.isCalibrated && never.calibrate([0.4]) == [0.4])
        // A perfectly ranking model (AUC 1 > 0.999) is never calibrated automatically.
        let perfect = try CBPE(outputs: Self.outputs, target: "y", metrics: [.f1], chunker: .size(4))
            .fit(reference: try Self.frame(scores: [0.9, 0.2, 0.8, 0.8, 0.3, 0.1, 0.7, 0.3]))
        #expect(!perfect.isCalibrated)
    }

    @Test func oneClassReferenceWarnsAndLeavesScoresAlone() throws {
        let fitted = try CBPE(outputs: Self.outputs, target: "y", metrics: [.rocAUC, .accuracy], chunker: .size(4))
            .fit(reference: try Self.frame(labels: [1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!fitted.isCalibrated)
        #expect(fitted.warnings.contains { $0.contains("one class") })
        // Realized ROC AUC is undefined on every reference chunk, so it has no thresholds.
        #expect(fitted.thresholds(of: .rocAUC) == ThresholdBounds(lower: nil, upper: nil))
        #expect(fitted.referenceResult.rows.filter { $0.name == "roc_auc" }.allSatisfy { $0.realized == nil })
    }

    @Test func isotonicMatchesScikitLearnOnTiesAndInterpolation() {
        // Scores 0.1 (0, 0), 0.2 (1), 0.3 (0), 0.5 (1, 1): PAVA pools 0.2 and 0.3 into 0.5.
        let calibrator = IsotonicCalibrator(scores: [0.5, 0.1, 0.3, 0.2, 0.1, 0.5], targets: [1, 0, 0, 1, 0, 1])
        #expect(calibrator.x == [0.1, 0.2, 0.3, 0.5])
        #expect(calibrator.y == [0, 0.5, 0.5, 1])
        // scikit-learn (through scipy's interp1d) gives exactly this, one ulp above 0.75.
        #expect(calibrator.calibrate(0.4) == 0.7500000000000001)
        #expect(calibrator.calibrate(-3) == 0)
        #expect(calibrator.calibrate(9) == 1)
        #expect(calibrator.calibrate(.nan).isNaN)
        let flat = IsotonicCalibrator(scores: [0.3, 0.3], targets: [1, 0])
        #expect(flat.calibrate(0.9) == 0.5)
    }

    @Test func badInputsAreErrors() throws {
        func kind(_ estimator: CBPE, reference: DataFrame? = nil, analysis: DataFrame? = nil) -> MonitorError.Kind? {
            do {
                let fitted = try estimator.fit(reference: reference ?? (try Self.frame()))
                if let analysis { _ = try fitted.estimate(analysis) }
                return nil
            } catch {
                return (error as? MonitorError)?.kind
            }
        }
        let base = CBPE(outputs: Self.outputs, target: "y", metrics: [.rocAUC, .f1], chunker: .size(4))
        #expect(kind(base) == nil)
        #expect(kind(base, reference: try Self.frame(labelValidity: [true, false, true, true, true, true, true, true])) == .nullValues)
        #expect(kind(base, reference: try Self.frame(scores: [0.9, .nan, 0.4, 0.8, 0.6, 0.1, 0.7, 0.3])) == .nullValues)
        #expect(kind(base, reference: try Self.frame(labels: nil)) == .missingColumn)
        #expect(kind(base, analysis: try Self.frame(scores: [0.9, 0.2, 0.4, 0.8, 0.6, -0.1, 0.7, 0.3])) == .outOfRange)
        #expect(kind(base, analysis: try Self.frame(labels: nil).select(["s"])) == .missingColumn)
        #expect(kind(base, analysis: try Self.frame(labels: nil)) == nil)
        #expect(kind(CBPE(outputs: .regression(prediction: "p"), target: "y", metrics: [.mae])) == .invalidArgument)
        #expect(kind(CBPE(outputs: .binaryClassification(score: "s", prediction: nil), target: "y", metrics: [.rocAUC])) == .invalidArgument)
        #expect(kind(CBPE(outputs: Self.outputs, target: "y", metrics: [.f1], chunker: .size(100))) == .tooFewRows)
        let multiclass = try DataFrame(columns: [
            Column(name: "y", strings: ["a", "b", "a", "b"]), Column(name: "yhat", strings: ["a", "b", "b", "b"]),
            Column(name: "pa", floats: [0.8, 0.3, 0.4, 0.1]), Column(name: "pb", floats: [0.2, 0.7, 0.6, 0.9]),
        ])
        let outputs = ModelOutputs.multiclassClassification(
            classes: [ClassProbabilityColumn(label: "a", column: "pa"), ClassProbabilityColumn(label: "b", column: "pb")],
            prediction: "yhat")
        let estimator = CBPE(outputs: outputs, target: "y", metrics: [.f1, .accuracy], chunker: .size(2))
        #expect(kind(estimator, reference: multiclass) == nil)
        let typo = try multiclass.setting(Column(name: "yhat", strings: ["a", "b", "B", "b"]))
        #expect(kind(estimator, reference: multiclass, analysis: typo) == .outOfRange)
        let duplicate = ModelOutputs.multiclassClassification(
            classes: [ClassProbabilityColumn(label: "a", column: "pa"), ClassProbabilityColumn(label: "a", column: "pb")],
            prediction: "yhat")
        #expect(kind(CBPE(outputs: duplicate, target: "y", metrics: [.f1], chunker: .size(2)), reference: multiclass) == .invalidArgument)
    }
}
