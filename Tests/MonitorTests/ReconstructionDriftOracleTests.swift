import Frame
import Testing

@testable import Monitor

/// DataReconstructionDriftCalculator against NannyML 0.13.1 on the car loan data
/// (expected/data_reconstruction_car_loan.csv and its meta file).
@Suite("Data reconstruction drift against NannyML")
struct ReconstructionDriftOracleTests {
    static func fitted() throws -> FittedDataReconstructionDrift {
        let calculator = DataReconstructionDriftCalculator(
            columns: NannyMLFixtures.carLoanFeatures, chunker: .size(5000, timestampColumn: "timestamp"))
        return try calculator.fit(reference: try NannyMLFixtures.carLoanReference.get())
    }

    @Test func matchesTheOracle() throws {
        let fitted = try Self.fitted()
        let result = try fitted.calculate(try NannyMLFixtures.carLoanAnalysis.get())
        let expected = try NannyMLFixtures.dataReconstructionCarLoan.get()
        let prefix = "reconstruction_error_"
        let values = try expected.optionalDoubles(prefix + "value")
        let errors = try expected.optionalDoubles(prefix + "sampling_error")
        let uppers = try expected.optionalDoubles(prefix + "upper_confidence_boundary")
        let lowers = try expected.optionalDoubles(prefix + "lower_confidence_boundary")
        let upperThresholds = try expected.optionalDoubles(prefix + "upper_threshold")
        let lowerThresholds = try expected.optionalDoubles(prefix + "lower_threshold")
        let alerts = try expected.optionalBools(prefix + "alert")
        let keys = try expected.strings("chunk_key")
        try #require(result.rows.count == expected.height)
        // The acceptance asks 1e-6; the port agrees to about 1e-13 (the PCA is the same up to the
        // components' signs, which a reconstruction does not see).
        let tolerance = 1e-12
        for (i, row) in result.rows.enumerated() {
            #expect(row.name == "reconstruction_error" && row.method == "data_reconstruction")
            #expect(result.chunk(of: row).key == keys[i])
            expectClose(row.value, values[i], tolerance: tolerance, relative: true, "value \(i)")
            expectClose(row.samplingError, errors[i], tolerance: tolerance, relative: true, "sampling error \(i)")
            expectClose(row.upperConfidenceBound, uppers[i], tolerance: tolerance, relative: true, "upper bound \(i)")
            expectClose(row.lowerConfidenceBound, lowers[i], tolerance: tolerance, relative: true, "lower bound \(i)")
            expectClose(row.upperThreshold, upperThresholds[i], tolerance: tolerance, relative: true, "upper threshold")
            expectClose(row.lowerThreshold, lowerThresholds[i], tolerance: tolerance, relative: true, "lower threshold")
            #expect(row.alert == alerts[i], "alert \(i)")
        }
        let frame = result.dataFrame()
        #expect(frame.height == 20 && frame.columnNames == MonitorResult.frameColumns)
    }

    /// Each fitted stage against the internals NannyML recorded.
    @Test func fittedInternalsMatchScikitLearn() throws {
        let fitted = try Self.fitted()
        let meta = try NannyMLFixtures.meta("data_reconstruction_car_loan")
        let means = try #require(meta["scaler_mean"] as? [Double])
        let scales = try #require(meta["scaler_scale"] as? [Double])
        for (j, feature) in fitted.encoding.features.enumerated() {
            #expect(feature.name == NannyMLFixtures.carLoanFeatures[j])
            expectClose(feature.center, means[j], tolerance: 1e-13, relative: true, "scaler mean \(feature.name)")
            expectClose(feature.scale, scales[j], tolerance: 1e-13, relative: true, "scaler scale \(feature.name)")
        }
        let frequencies = try #require(meta["count_encoder_normalized_frequencies"] as? [String: [String: Double]])
        let salary = try #require(fitted.encoding.features.first { $0.name == "salary_range" })
        let expectedSalary = try #require(frequencies["salary_range"])
        // Reference categories are coded in sorted order.
        #expect(salary.frequencies == expectedSalary.keys.sorted().compactMap { expectedSalary[$0] })
        let pca = try #require(meta["pca"] as? [String: Any])
        #expect(fitted.componentCount == (pca["n_components_"] as? Int))
        let ratios = try #require(pca["explained_variance_ratio_"] as? [Double])
        for (k, ratio) in ratios.enumerated() {
            expectClose(fitted.explainedVarianceRatio[k], ratio, tolerance: 1e-12, relative: true, "ratio \(k)")
        }
        // The kept subspace: each NannyML component is a unit vector in the span of ours.
        let components = try #require(pca["components_"] as? [[Double]])
        let d = fitted.pca.dimension
        for component in components {
            var projected = 0.0
            for c in 0..<fitted.componentCount {
                var dot = 0.0
                for j in 0..<d { dot += component[j] * fitted.pca.components[c * d + j] }
                projected += dot * dot
            }
            expectClose(projected, 1, tolerance: 1e-12, "component in span")
        }
    }
}
