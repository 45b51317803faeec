#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distances between two discrete distributions given as shares over the same bins, computed as
/// scipy and NannyML compute them.
enum DistributionDistances {
    /// Appends NannyML's "leftover" bin: the chunk mass outside the reference bins,
    /// `1 − Σ q` (NumPy-summed), paired with a reference share of 0, when it is positive.
    ///
    /// NannyML surprise: the test is `> 0` on a float, so rounding crumbs of 1e-16 also add a bin.
    static func withLeftover(_ reference: [Double], _ chunk: [Double]) -> (p: [Double], q: [Double]) {
        let leftover = 1 - NumPySum.sum(chunk)
        guard leftover > 0 else { return (reference, chunk) }
        return (reference + [0], chunk + [leftover])
    }

    /// scipy's `jensenshannon(p, q, base=2)`: both normalised to sum 1, then
    /// `sqrt((KL(p‖m) + KL(q‖m)) / ln 2 / 2)` with `m = (p + q) / 2`.
    static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        let n = p.count
        let pSum = NumPySum.sum(p)
        let qSum = NumPySum.sum(q)
        var left = [Double](repeating: 0, count: n)
        var right = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let a = p[i] / pSum
            let b = q[i] / qSum
            let m = (a + b) / 2.0
            left[i] = relativeEntropy(a, m)
            right[i] = relativeEntropy(b, m)
        }
        let total = (NumPySum.sum(left) + NumPySum.sum(right)) / log(2.0)
        return (total / 2.0).squareRoot()
    }

    /// scipy's `rel_entr(x, y)`: `x log(x/y)` for positive arguments, 0 when `x` is 0.
    static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        if x > 0 && y > 0 { return x * log(x / y) }
        if x == 0 && y >= 0 { return 0 }
        return .infinity
    }

    /// NannyML's Hellinger distance `sqrt(Σ (√p − √q)²) / √2` (no renormalisation).
    static func hellinger(_ p: [Double], _ q: [Double]) -> Double {
        var terms = [Double](repeating: 0, count: p.count)
        for i in 0..<p.count {
            let difference = p[i].squareRoot() - q[i].squareRoot()
            terms[i] = difference * difference
        }
        return NumPySum.sum(terms).squareRoot() / 2.0.squareRoot()
    }
}
