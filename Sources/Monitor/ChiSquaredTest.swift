#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// scipy's `chi2_contingency` on a K × 2 table of counts (reference against chunk), with its
/// default continuity correction, and the chi-squared survival function for the p-value.
enum ChiSquaredTest {
    /// The statistic and p-value for rows `(reference count, chunk count)`; rows with both counts 0
    /// must have been left out.
    ///
    /// Expected counts are row total × column total / grand total. With one degree of freedom (two
    /// categories) Yates' correction applies: each |observed − expected| shrinks by
    /// min(0.5, |observed − expected|). One category only gives statistic 0 and p = 1.
    static func test(reference: [Int], chunk: [Int]) -> (statistic: Double, pValue: Double) {
        let rows = reference.count
        let degrees = rows - 1
        if degrees <= 0 { return (0, 1) }
        var referenceTotal = 0.0
        var chunkTotal = 0.0
        for i in 0..<rows {
            referenceTotal += Double(reference[i])
            chunkTotal += Double(chunk[i])
        }
        let total = referenceTotal + chunkTotal
        var terms = [Double](repeating: 0, count: rows * 2)
        for i in 0..<rows {
            let rowTotal = Double(reference[i] + chunk[i])
            for (j, observed, columnTotal) in [(0, Double(reference[i]), referenceTotal), (1, Double(chunk[i]), chunkTotal)] {
                let expected = rowTotal * columnTotal / total
                var corrected = observed
                if degrees == 1 {
                    let difference = expected - observed
                    let magnitude = min(0.5, abs(difference))
                    corrected = observed + (difference > 0 ? magnitude : difference < 0 ? -magnitude : 0)
                }
                let deviation = corrected - expected
                terms[i * 2 + j] = deviation * deviation / expected
            }
        }
        let statistic = NumPySum.sum(terms)
        return (statistic, survival(statistic, degreesOfFreedom: degrees))
    }

    /// P(X > x) for X chi-squared with `degreesOfFreedom`: the regularized upper incomplete gamma
    /// function Q(k/2, x/2).
    static func survival(_ x: Double, degreesOfFreedom: Int) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        return upperRegularizedGamma(Double(degreesOfFreedom) / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a): by its power series when x < a + 1, otherwise by its continued
    /// fraction (modified Lentz), both to double precision.
    static func upperRegularizedGamma(_ a: Double, _ x: Double) -> Double {
        if x.isInfinite { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1.0 / a
            var sum = term
            var n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(1, exp(logPrefix) * h)
    }
}
