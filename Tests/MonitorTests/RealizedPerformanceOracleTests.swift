import Frame
import Testing

@testable import Monitor

/// PerformanceCalculator against NannyML 0.13.1 (expected/realized_car_loan and realized_car_price).
@Suite("Realized performance against NannyML")
struct RealizedPerformanceOracleTests {
    /// Compares every metric's value, sampling error, thresholds and alerts with the oracle table.
    static func compare(_ result: MonitorResult, _ expected: DataFrame, metrics: [String]) throws {
        for metric in metrics {
            let rows = result.rows(name: metric)
            try #require(rows.count == expected.height, "\(metric)")
            let values = try expected.optionalDoubles(metric + "_value")
            let errors = try expected.optionalDoubles(metric + "_sampling_error")
            let uppers = try expected.optionalDoubles(metric + "_upper_threshold")
            let lowers = try expected.optionalDoubles(metric + "_lower_threshold")
            let alerts = try expected.optionalBools(metric + "_alert")
            for (i, row) in rows.enumerated() {
                #expect(row.method == "realized")
                expectClose(row.value, values[i], tolerance: 1e-12, relative: true, "\(metric) value chunk \(i)")
                // ROC AUC's sampling error depends on NumPy's unstable tie order (ALGORITHMS.md 3.5).
                expectClose(
                    row.samplingError, errors[i], tolerance: metric == "roc_auc" ? 5e-3 : 1e-12, relative: true,
                    "\(metric) sampling error chunk \(i)")
                expectClose(row.upperThreshold, uppers[i], tolerance: 1e-12, relative: true, "\(metric) upper threshold")
                expectClose(row.lowerThreshold, lowers[i], tolerance: 1e-12, relative: true, "\(metric) lower threshold")
                #expect(row.alert == alerts[i], "\(metric) alert chunk \(i)")
                #expect(row.lowerConfidenceBound == nil && row.upperConfidenceBound == nil)
            }
        }
    }

    @Test func binaryCarLoan() throws {
        let metrics: [PerformanceMetric] = [.rocAUC, .f1, .precision, .recall, .specificity, .accuracy]
        let calculator = PerformanceCalculator(
            outputs: .binaryClassification(score: "y_pred_proba", prediction: "y_pred"), target: "repaid", metrics: metrics,
            chunker: .size(5000, timestampColumn: "timestamp"))
        let fitted = try calculator.fit(reference: try NannyMLFixtures.carLoanReference.get())
        let result = try fitted.calculate(try NannyMLFixtures.carLoanAnalysisWithTargets.get())
        try Self.compare(result, try NannyMLFixtures.realizedCarLoan.get(), metrics: metrics.map(\.rawValue))
    }

    @Test func regressionCarPrice() throws {
        let metrics: [PerformanceMetric] = [.mae, .mape, .mse, .msle, .rmse, .rmsle]
        let calculator = PerformanceCalculator(
            outputs: .regression(prediction: "y_pred"), target: "y_true", metrics: metrics,
            chunker: .size(6000, timestampColumn: "timestamp"))
        let fitted = try calculator.fit(reference: try NannyMLFixtures.carPriceReference.get())
        let result = try fitted.calculate(try NannyMLFixtures.carPriceAnalysisWithTargets.get())
        try Self.compare(result, try NannyMLFixtures.realizedCarPrice.get(), metrics: metrics.map(\.rawValue))
        #expect(result.dataFrame().height == 120)
    }
}
