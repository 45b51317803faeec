import Foundation
import Frame
import Testing

/// NannyML's bundled data sets and its results on them (Fixtures/nannyml), each file parsed once
/// per test process and shared by every suite.
enum NannyMLFixtures {
    /// The fixture folder, found from this source file so tests run from any working directory.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("nannyml")

    static let carLoanReference = load("synthetic_car_loan_reference.csv")
    static let carLoanAnalysis = load("synthetic_car_loan_analysis.csv")
    /// The car loan analysis set with its targets (`repaid`) joined by position.
    static let carLoanAnalysisWithTargets = join(carLoanAnalysis, load("synthetic_car_loan_analysis_target.csv"), "repaid")
    static let carPriceReference = load("regression_synthetic_reference.csv")
    static let carPriceAnalysisWithTargets = join(
        load("regression_synthetic_analysis.csv"), load("regression_synthetic_analysis_targets.csv"), "y_true")
    static let multiclassReference = load("mc_reference.csv")
    static let multiclassAnalysis = load("mc_analysis.csv")

    static let univariateCarLoan = load("expected/univariate_car_loan.csv")
    static let univariateCarLoanExact = load("expected/univariate_car_loan_exact.csv")
    static let realizedCarLoan = load("expected/realized_car_loan.csv")
    static let realizedCarPrice = load("expected/realized_car_price.csv")
    static let cbpeCarLoan = load("expected/cbpe_car_loan.csv")
    static let cbpeCalibrationMap = load("expected/cbpe_car_loan_calibration_map.csv")
    static let cbpeMulticlass = load("expected/cbpe_multiclass.csv")

    static func load(_ name: String) -> Result<DataFrame, FrameError> {
        Result { () throws(FrameError) -> DataFrame in
            try CSVReader.read(path: folder.appendingPathComponent(name).path)
        }
    }

    /// `frame` with the column `name` of `targets` appended (the files are row-aligned on `id`).
    static func join(
        _ frame: Result<DataFrame, FrameError>, _ targets: Result<DataFrame, FrameError>, _ name: String
    ) -> Result<DataFrame, FrameError> {
        Result { () throws(FrameError) -> DataFrame in
            let base = try frame.get()
            let extra = try targets.get()
            guard try base.requireColumn("id") == (try extra.requireColumn("id")) else {
                throw FrameError(.invalidArgument, "target file is not aligned on id")
            }
            return try base.setting(try extra.requireColumn(name))
        }
    }
}

/// Reading expected values out of an oracle table.
extension DataFrame {
    /// The column `name` as optional doubles (null is nil); fails the test when absent.
    func optionalDoubles(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Double?] {
        let found = try #require(self.column(named: name), "no column \(name)", sourceLocation: sourceLocation)
        return found.scalars.map { scalar in
            switch scalar {
            case .float(let value): return value
            case .int(let value): return Double(value)
            default: return nil
            }
        }
    }

    /// The column `name` as optional bools.
    func optionalBools(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Bool?] {
        let found = try #require(self.column(named: name), "no column \(name)", sourceLocation: sourceLocation)
        return found.scalars.map { scalar in
            if case .bool(let value) = scalar { return value }
            return nil
        }
    }

    /// The column `name` as strings (null as "").
    func strings(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let found = try #require(self.column(named: name), "no column \(name)", sourceLocation: sourceLocation)
        return found.scalars.map { scalar in
            switch scalar {
            case .string(let value): return value
            case .int(let value): return String(value)
            default: return ""
            }
        }
    }

    /// The column `name` as optional timestamps (µs).
    func timestamps(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int64?] {
        let found = try #require(self.column(named: name), "no column \(name)", sourceLocation: sourceLocation)
        return found.scalars.map { scalar in
            if case .timestamp(let value) = scalar { return value }
            return nil
        }
    }
}

/// Asserts that two optional numbers agree within `tolerance` (absolute, or relative to the
/// expected magnitude when `relative` is true); nil matches nil only.
func expectClose(
    _ actual: Double?, _ expected: Double?, tolerance: Double, relative: Bool = false, _ what: @autoclosure () -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch (actual, expected) {
    case (nil, nil): return
    case (let a?, let e?):
        let scale = relative ? max(abs(e), 1e-300) : 1
        #expect(abs(a - e) <= tolerance * scale, "\(what()): \(a) vs expected \(e)", sourceLocation: sourceLocation)
    default:
        Issue.record("\(what()): \(String(describing: actual)) vs expected \(String(describing: expected))", sourceLocation: sourceLocation)
    }
}
