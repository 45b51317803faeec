import Frame
import Testing

@testable import Monitor

/// CBPE against NannyML 0.13.1: binary on the car loan data (expected/cbpe_car_loan*) and
/// multiclass on the credit card data (expected/cbpe_multiclass).
@Suite("CBPE against NannyML")
struct CBPEOracleTests {
    static let metrics: [PerformanceMetric] = [.rocAUC, .f1, .precision, .recall, .specificity, .accuracy]

    /// Compares every metric with the oracle table: estimates within `estimateTolerance`; ROC AUC's
    /// sampling error and confidence bounds within 0.5% relative (tie order, ALGORITHMS.md 3.5),
    /// everything else to 1e-12 relative; alerts identical.
    static func compare(
        _ result: MonitorResult, _ expected: DataFrame, estimateTolerance: [String: Double],
        errorTolerance: [String: Double] = [:]
    ) throws {
        for metric in metrics.map(\.rawValue) {
            let rows = result.rows(name: metric)
            try #require(rows.count == expected.height, "\(metric)")
            let column = { (suffix: String) throws -> [Double?] in try expected.optionalDoubles(metric + "_" + suffix) }
            let values = try column("value")
            let errors = try column("sampling_error")
            let realized = try column("realized")
            let upperBounds = try column("upper_confidence_boundary")
            let lowerBounds = try column("lower_confidence_boundary")
            let uppers = try column("upper_threshold")
            let lowers = try column("lower_threshold")
            let alerts = try expected.optionalBools(metric + "_alert")
            let estimate = estimateTolerance[metric] ?? 1e-12
            let error = errorTolerance[metric] ?? (metric == "roc_auc" ? 5e-3 : 1e-12)
            for (i, row) in rows.enumerated() {
                #expect(row.method == "cbpe")
                expectClose(row.value, values[i], tolerance: estimate, "\(metric) estimate chunk \(i)")
                expectClose(row.samplingError, errors[i], tolerance: error, relative: true, "\(metric) sampling error chunk \(i)")
                expectClose(row.realized, realized[i], tolerance: 1e-12, relative: true, "\(metric) realized chunk \(i)")
                let bandTolerance = metric == "roc_auc" ? 1e-4 : max(estimate, 1e-12) * 4
                expectClose(row.upperConfidenceBound, upperBounds[i], tolerance: bandTolerance, "\(metric) upper bound \(i)")
                expectClose(row.lowerConfidenceBound, lowerBounds[i], tolerance: bandTolerance, "\(metric) lower bound \(i)")
                expectClose(row.upperThreshold, uppers[i], tolerance: 1e-12, relative: true, "\(metric) upper threshold")
                expectClose(row.lowerThreshold, lowers[i], tolerance: 1e-12, relative: true, "\(metric) lower threshold")
                #expect(row.alert == alerts[i], "\(metric) alert chunk \(i)")
            }
        }
    }

    @Test func binaryCarLoan() throws {
        let estimator = CBPE(
            outputs: .binaryClassification(score: "y_pred_proba", prediction: "y_pred"), target: "repaid",
            metrics: Self.metrics + [.confusionMatrix], chunker: .size(5000, timestampColumn: "timestamp"))
        let fitted = try estimator.fit(reference: try NannyMLFixtures.carLoanReference.get())
        #expect(fitted.isCalibrated)
        let result = try fitted.estimate(try NannyMLFixtures.carLoanAnalysis.get())
        // The issue asks 1e-6 per chunk; the port agrees to about 1e-12.
        try Self.compare(
            result, try NannyMLFixtures.cbpeCarLoan.get(),
            estimateTolerance: Dictionary(uniqueKeysWithValues: Self.metrics.map { ($0.rawValue, 1e-12) }))
        // Confusion matrix rows: estimated counts sum to the chunk size.
        for chunk in 0..<10 {
            let cells = result.rows.filter { row in
                row.period == .analysis && row.chunkIndex == chunk
                    && PerformanceMetric.confusionMatrix.componentNames.contains(row.name)
            }
            #expect(cells.count == 4)
            #expect(abs(cells.compactMap(\.value).reduce(0, +) - 5000) < 1e-6)
        }
        let frame = result.dataFrame()
        #expect(frame.columnNames == MonitorResult.frameColumns + ["realized"])
        #expect(try frame.optionalDoubles("realized").suffix(10).allSatisfy { $0 == nil })
    }

    @Test func calibrationMapMatchesScikitLearn() throws {
        let reference = try NannyMLFixtures.carLoanReference.get()
        let estimator = CBPE(
            outputs: .binaryClassification(score: "y_pred_proba", prediction: "y_pred"), target: "repaid", metrics: [.f1],
            chunker: .size(5000))
        let fitted = try estimator.fit(reference: reference)
        let map = try NannyMLFixtures.cbpeCalibrationMap.get()
        let scores = try map.optionalDoubles("y_pred_proba").map { $0 ?? .nan }
        let expected = try map.optionalDoubles("calibrated")
        for (value, target) in zip(fitted.calibrate(scores), expected) {
            expectClose(value, target, tolerance: 1e-15, "calibrated")
        }
        let decision = try CalibrationDecision.needsCalibration(
            labels: ColumnValues.doubles(try #require(reference.column(named: "repaid")), order: nil, role: ""),
            scores: ColumnValues.doubles(try #require(reference.column(named: "y_pred_proba")), order: nil, role: ""))
        #expect(decision)
    }

    @Test func multiclassCreditCard() throws {
        let classes = ["prepaid_card", "highstreet_card", "upmarket_card"].sorted().map {
            ClassProbabilityColumn(label: $0, column: "y_pred_proba_" + $0)
        }
        // NannyML left prepaid_card uncalibrated. Its test draws NumPy's random splits, which a port
        // cannot reproduce, and for prepaid_card the two calibration errors are within noise; our
        // deterministic splits happen to agree. Should they not, `.classes([...])` pins the decision.
        let estimator = CBPE(
            outputs: .multiclassClassification(classes: classes, prediction: "y_pred"), target: "y_true",
            metrics: Self.metrics, chunker: .size(6000))
        let fitted = try estimator.fit(reference: try NannyMLFixtures.multiclassReference.get())
        #expect(fitted.calibratedClasses == ["highstreet_card", "upmarket_card"])
        let result = try fitted.estimate(try NannyMLFixtures.multiclassAnalysis.get())
        var tolerances = Dictionary(uniqueKeysWithValues: Self.metrics.map { ($0.rawValue, 1e-12) })
        // Multiclass ROC AUC: tied raw scores carry different renormalised probabilities, so NumPy's
        // unstable tie order moves the estimate slightly (2e-6 here).
        tolerances["roc_auc"] = 1e-5
        try Self.compare(result, try NannyMLFixtures.cbpeMulticlass.get(), estimateTolerance: tolerances)
    }
}
