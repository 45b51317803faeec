import Foundation
import TestSupport

/// The seeded generator of the multivariate and DLE unit tests; declared here so that it, not
/// Monitor's own generator of the same name, is the one these tests mean.
typealias SplitMix64 = TestSupport.SplitMix64

extension TestSupport.SplitMix64 {
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { unit() }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
