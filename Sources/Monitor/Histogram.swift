#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Equal-width bin edges and NumPy's histogram semantics over them.
///
/// Edges are built as `numpy.linspace` builds them: `e_i = lo + i·((hi − lo)/B)`, with `e_B = hi`
/// exactly. A value `x` falls in bin `i` when `e_i ≤ x < e_{i+1}`; the last bin is closed, so
/// `x = hi` counts; values outside `[e_0, e_B]` and NaN are not counted.
struct BinEdges: Sendable, Equatable {
    /// The `bins + 1` edges, ascending (all equal when `lo == hi`).
    let edges: [Double]

    /// `bins` equal bins from `lo` to `hi` (`numpy.linspace(lo, hi, bins + 1)`).
    init(lo: Double, hi: Double, bins: Int) {
        let count = max(1, bins) + 1
        let step = (hi - lo) / Double(count - 1)
        var edges = [Double](repeating: lo, count: count)
        for i in 0..<count {
            edges[i] = step == 0 ? Double(i) / Double(count - 1) * (hi - lo) + lo : Double(i) * step + lo
        }
        edges[count - 1] = hi
        self.edges = edges
    }

    /// Number of bins.
    var bins: Int { edges.count - 1 }
    /// The first edge.
    var lo: Double { edges[0] }
    /// The last edge.
    var hi: Double { edges[edges.count - 1] }

    /// Bin counts of `values` (`numpy.histogram(values, edges)[0]`).
    func counts(_ values: UnsafeBufferPointer<Double>) -> [Int] {
        let bins = self.bins
        var counts = [Int](repeating: 0, count: bins)
        let lo = self.lo
        let hi = self.hi
        edges.withUnsafeBufferPointer { e in
            counts.withUnsafeMutableBufferPointer { c in
                if !(lo < hi) {
                    // All edges equal: only values equal to them count, in the last (closed) bin.
                    for x in values where x == lo { c[bins - 1] += 1 }
                    return
                }
                let scale = Double(bins) / (hi - lo)
                for x in values where x >= lo && x <= hi {
                    // NumPy's fast index, then the same one-step corrections against the real edges.
                    let position = (x - lo) * scale
                    // A degenerate range (subnormal or overflowing width) gives no usable position.
                    var index = position.isFinite ? Int(min(max(position, 0), Double(bins - 1))) : 0
                    while index > 0 && x < e[index] { index -= 1 }
                    while index < bins - 1 && x >= e[index + 1] { index += 1 }
                    c[index] += 1
                }
            }
        }
        return counts
    }

    /// Bin edges by NumPy's Doane rule (`numpy.histogram_bin_edges(values, bins="doane")`).
    ///
    /// The bin width is `(max − min) / (1 + log2 N + log2(1 + |g1| / σg1))` with `g1` the sample
    /// skewness; the range widens to `min − 0.5 ... max + 0.5` for a constant column, which then
    /// gets one bin. `values` must hold no NaN and at least one value.
    static func doane(_ values: [Double]) -> BinEdges {
        var low = Double.infinity
        var high = -Double.infinity
        for x in values {
            low = min(low, x)
            high = max(high, x)
        }
        var lo = low
        var hi = high
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let n = values.count
        var width = 0.0
        if n > 2 {
            let sigmaG1 = (6.0 * Double(n - 2) / ((Double(n) + 1.0) * Double(n + 3))).squareRoot()
            let sigma = NumPySum.standardDeviation(values)
            if sigma > 0 {
                let mean = NumPySum.mean(values)
                var cubes = [Double](repeating: 0, count: n)
                for i in 0..<n { cubes[i] = pow((values[i] - mean) / sigma, 3) }
                let g1 = NumPySum.mean(cubes)
                width = (high - low) / (1.0 + log2(Double(n)) + log2(1.0 + abs(g1) / sigmaG1))
            }
        }
        var bins = 1
        if width != 0 {
            let ratio = ((hi - lo) / width).rounded(.up)
            bins = ratio.isFinite && ratio >= 1 ? Int(min(ratio, 1e7)) : 1
        }
        return BinEdges(lo: lo, hi: hi, bins: bins)
    }
}
