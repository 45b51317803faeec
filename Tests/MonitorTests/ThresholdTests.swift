import Testing

@testable import Monitor

@Suite("Thresholds and alerts")
struct ThresholdTests {
    @Test func standardDeviationUsesPopulationStd() {
        // mean 2, population std sqrt(2/3)
        let bounds = Threshold.standard.bounds(fittedOn: [1, 2, 3], limits: ValueLimits(lower: nil, upper: nil))
        let std = (2.0 / 3.0).squareRoot()
        #expect(abs((bounds.lower ?? 0) - (2 - 3 * std)) < 1e-15)
        #expect(abs((bounds.upper ?? 0) - (2 + 3 * std)) < 1e-15)
        let custom = Threshold.standardDeviation(lowerMultiplier: 1, upperMultiplier: nil)
            .bounds(fittedOn: [1, 2, 3], limits: ValueLimits(lower: nil, upper: nil))
        #expect(custom.upper == nil)
        #expect(abs((custom.lower ?? 0) - (2 - std)) < 1e-15)
    }

    @Test func nanValuesAreIgnoredAndAllNaNGivesNoThreshold() {
        let bounds = Threshold.standard.bounds(fittedOn: [1, .nan, 3], limits: .unitInterval)
        #expect(bounds.lower == 0 && bounds.upper == 1)
        let none = Threshold.standard.bounds(fittedOn: [.nan, .nan], limits: ValueLimits(lower: nil, upper: nil))
        #expect(none.lower == nil && none.upper == nil)
    }

    @Test func clippingReplacesWithTheLimitOrNone() {
        let values = [0.5, 0.9, 0.1]
        let clipped = Threshold.standard.bounds(fittedOn: values, limits: .unitInterval)
        #expect(clipped.lower == 0 && clipped.upper == 1)
        let dropped = Threshold.standard.bounds(
            fittedOn: values, limits: ValueLimits(lower: 0, upper: 1, replaceWithNone: true))
        #expect(dropped.lower == nil && dropped.upper == nil)
        // Exactly on the limit also counts as reaching it (NannyML uses <= and >=).
        let onLimit = Threshold.constant(lower: 0, upper: 1).bounds(fittedOn: [], limits: .unitInterval)
        #expect(onLimit.lower == 0 && onLimit.upper == 1)
        let constant = Threshold.constant(lower: 0.2, upper: nil).bounds(fittedOn: [5], limits: .unitInterval)
        #expect(constant.lower == 0.2 && constant.upper == nil)
    }

    @Test func alertsAreStrict() {
        let bounds = ThresholdBounds(lower: 0.2, upper: 0.8)
        #expect(bounds.alert(0.2) == false)
        #expect(bounds.alert(0.8) == false)
        #expect(bounds.alert(0.19) == true)
        #expect(bounds.alert(0.81) == true)
        #expect(bounds.alert(.nan) == nil)
        #expect(ThresholdBounds(lower: nil, upper: nil).alert(1e300) == false)
    }

    @Test func confidenceBandIsClipped() {
        let band = ValueLimits.unitInterval.confidenceBand(0.99, 0.01)
        #expect(band.upper == 1)
        #expect(abs(band.lower - 0.96) < 1e-15)
        let open = ValueLimits.nonNegative.confidenceBand(1, 1)
        #expect(open.lower == 0 && open.upper == 4)
    }

    @Test func badThresholdsAreErrors() {
        for threshold in [
            Threshold.standardDeviation(lowerMultiplier: -1, upperMultiplier: 3), .constant(lower: 2, upper: 1),
            .constant(lower: .nan, upper: nil), .standardDeviation(lowerMultiplier: 3, upperMultiplier: .infinity),
        ] {
            #expect { try threshold.validate(for: "f1") } throws: { ($0 as? MonitorError)?.kind == .invalidArgument }
        }
    }

    @Test func numpySumMatchesNumPysOrder() {
        // 0.1 added 10 times left to right is 0.9999999999999999; NumPy's pairwise order gives 1.0.
        let tenths = [Double](repeating: 0.1, count: 10)
        #expect(NumPySum.sum(tenths) == 1.0)
        #expect(NumPySum.sum([]) == 0)
        #expect(NumPySum.mean([1, 2, 3, 4]) == 2.5)
        #expect(NumPySum.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) == 2)
    }
}
