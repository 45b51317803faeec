import Foundation
import Frame
import Testing

/// The oracle tables and fitted internals of the multivariate drift methods and DLE, loaded once
/// per test process like the rest of `NannyMLFixtures`.
extension NannyMLFixtures {
    static let dataReconstructionCarLoan = load("expected/data_reconstruction_car_loan.csv")
    static let domainClassifierCarLoan = load("expected/domain_classifier_car_loan.csv")
    static let dleCarPrice = load("expected/dle_car_price.csv")
    /// The car price analysis set without targets, as the DLE oracle was run.
    static let carPriceAnalysis = load("regression_synthetic_analysis.csv")

    /// The car loan features every multivariate oracle monitors, in NannyML's `column_names` order.
    static let carLoanFeatures = [
        "car_value", "salary_range", "debt_to_income_ratio", "loan_length", "repaid_loan_on_prev_car",
        "size_of_downpayment", "driver_tenure",
    ]
    /// The car price features of the DLE oracle.
    static let carPriceFeatures = ["car_age", "km_driven", "price_new", "accident_count", "door_count", "fuel", "transmission"]

    /// `expected/<name>.meta.json` parsed into a dictionary.
    static func meta(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected").appendingPathComponent(name + ".meta.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Whether the slow oracle tests (every chunk of the domain classifier, all six DLE models)
    /// run: set `FTI_SLOW_TESTS=1`, ideally with `-c release`.
    static let slowTestsEnabled = ProcessInfo.processInfo.environment["FTI_SLOW_TESTS"] == "1"
}
