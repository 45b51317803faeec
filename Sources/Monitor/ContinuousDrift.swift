/// A continuous column's reference distribution, fitted once, and the drift of a chunk from it.
///
/// Every method drops NaN (and null) values from the reference and from each chunk first; a chunk
/// with no values left gives NaN.
struct ContinuousDriftReference: Sendable {
    /// The reference values without NaN, ascending (for the exact KS and Wasserstein paths).
    let sorted: [Double]
    /// Doane bins fitted on the reference, for Jensen-Shannon and Hellinger.
    let doane: BinEdges
    /// The reference share of each Doane bin.
    let doaneShares: [Double]
    /// Whether KS and Wasserstein take the binned path.
    let binned: Bool
    /// KS bins: `linspace(min, max, bins + 1)` on the reference.
    let ksEdges: BinEdges
    /// Reference CDF at the right edge of each KS bin.
    let ksCDF: [Double]
    /// Wasserstein bins: as KS, except that a constant reference widens to ±0.5 as
    /// `numpy.histogram(bins=n)` does.
    let wassersteinEdges: BinEdges
    /// Reference CDF at the right edge of each Wasserstein bin.
    let wassersteinCDF: [Double]

    /// Fits on `values` (NaN already removed, at least one value).
    init(values: [Double], computation: CDFComputation, bins: Int) {
        let sorted = DoubleRadixSort.sorted(values)
        let doane = BinEdges.doane(values)
        let n = Double(values.count)
        self.sorted = sorted
        self.doane = doane
        doaneShares = sorted.withUnsafeBufferPointer { doane.counts($0) }.map { Double($0) / n }
        binned = computation.isBinned(referenceCount: values.count)
        let low = sorted.first ?? 0
        let high = sorted.last ?? 0
        let ksEdges = BinEdges(lo: low, hi: high, bins: bins)
        let wassersteinEdges = low == high ? BinEdges(lo: low - 0.5, hi: high + 0.5, bins: bins) : ksEdges
        self.ksEdges = ksEdges
        self.wassersteinEdges = wassersteinEdges
        if binned {
            let ksCDF = ContinuousDriftReference.cumulativeShares(sorted, ksEdges)
            self.ksCDF = ksCDF
            wassersteinCDF = low == high ? ContinuousDriftReference.cumulativeShares(sorted, wassersteinEdges) : ksCDF
        } else {
            ksCDF = []
            wassersteinCDF = []
        }
    }

    /// `cumsum(histogram(values, edges) / count)`, summed left to right as `numpy.cumsum` does.
    static func cumulativeShares(_ values: [Double], _ edges: BinEdges) -> [Double] {
        let counts = values.withUnsafeBufferPointer { edges.counts($0) }
        let n = Double(values.count)
        var running = 0.0
        return counts.map { count in
            running += Double(count) / n
            return running
        }
    }

    /// The statistic of `method` for a chunk whose non-NaN values are `chunk` (NaN when empty).
    func statistic(_ method: ContinuousDriftMethod, chunk: [Double]) -> Double {
        if chunk.isEmpty { return .nan }
        switch method {
        case .jensenShannon, .hellinger:
            let n = Double(chunk.count)
            let shares = chunk.withUnsafeBufferPointer { doane.counts($0) }.map { Double($0) / n }
            let (p, q) = DistributionDistances.withLeftover(doaneShares, shares)
            return method == .jensenShannon
                ? DistributionDistances.jensenShannon(p, q) : DistributionDistances.hellinger(p, q)
        case .kolmogorovSmirnov:
            return binned ? binnedKolmogorovSmirnov(chunk) : exactKolmogorovSmirnov(DoubleRadixSort.sorted(chunk))
        case .wasserstein:
            return binned ? binnedWasserstein(chunk) : exactWasserstein(DoubleRadixSort.sorted(chunk))
        }
    }

    /// NannyML's binned KS: `max |R_i − C_i|` with `C_i = (#chunk < e_0)/n + cumsum(chunk
    /// histogram / n)_i`; chunk values above the reference maximum never count.
    func binnedKolmogorovSmirnov(_ chunk: [Double]) -> Double {
        let n = Double(chunk.count)
        let counts = chunk.withUnsafeBufferPointer { ksEdges.counts($0) }
        var below = 0
        for x in chunk where x < ksEdges.lo { below += 1 }
        let offset = Double(below) / n
        var running = 0.0
        var statistic = 0.0
        for i in 0..<counts.count {
            running += Double(counts[i]) / n
            statistic = max(statistic, abs(ksCDF[i] - (offset + running)))
        }
        return statistic
    }

    /// scipy's two-sample statistic `sup |F_ref − F_chunk|`, evaluated at every value of both
    /// samples (`sortedChunk` ascending).
    func exactKolmogorovSmirnov(_ sortedChunk: [Double]) -> Double {
        var statistic = 0.0
        ContinuousDriftReference.mergeSteps(sorted, sortedChunk) { _, referenceCDF, chunkCDF, _ in
            statistic = max(statistic, abs(referenceCDF - chunkCDF))
        }
        return min(statistic, 1)
    }

    /// scipy's `wasserstein_distance`: `Σ |F_ref − F_chunk| Δx` over the merged sorted values,
    /// NumPy-summed over one term per merged value as scipy sums it (equal values add zeros).
    func exactWasserstein(_ sortedChunk: [Double]) -> Double {
        let total = sorted.count + sortedChunk.count
        var terms = [Double](repeating: 0, count: max(0, total - 1))
        terms.withUnsafeMutableBufferPointer { out in
            ContinuousDriftReference.mergeSteps(sorted, sortedChunk) { position, referenceCDF, chunkCDF, step in
                if position < total - 1 { out[position] = abs(referenceCDF - chunkCDF) * step }
            }
        }
        return NumPySum.sum(terms)
    }

    /// Walks the merged ascending values of `a` and `b` once per distinct value `v`, passing the
    /// merged position of its last copy, `F_a(v)`, `F_b(v)` (counts ≤ v over sizes) and the step to
    /// the next distinct value (0 after the last).
    @inline(__always)
    static func mergeSteps(
        _ a: [Double], _ b: [Double], _ visit: (_ position: Int, _ cdfA: Double, _ cdfB: Double, _ step: Double) -> Void
    ) {
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                let na = aBuffer.count
                let nb = bBuffer.count
                guard na > 0, nb > 0, let x = aBuffer.baseAddress, let y = bBuffer.baseAddress else { return }
                let sizeA = Double(na)
                let sizeB = Double(nb)
                var i = 0
                var j = 0
                var value = x[0] <= y[0] ? x[0] : y[0]
                while i < na || j < nb {
                    while i < na && x[i] <= value { i += 1 }
                    while j < nb && y[j] <= value { j += 1 }
                    let next: Double
                    if i < na && (j == nb || x[i] <= y[j]) {
                        next = x[i]
                    } else if j < nb {
                        next = y[j]
                    } else {
                        next = value
                    }
                    visit(i + j - 1, Double(i) / sizeA, Double(j) / sizeB, next - value)
                    value = next
                }
            }
        }
    }

    /// NannyML's binned Wasserstein distance.
    ///
    /// Within the reference range it is `Σ |R_i − C_i| · w` over the bins. Chunk values below the
    /// minimum (`S`) or above the maximum (`G`) add an exact tail term computed on `S ∪ {e_0}` and
    /// `{e_B} ∪ G`. NannyML surprise: the in-range chunk CDF starts at `(|S| + 1)/n`, not `|S|/n`,
    /// so it is overstated by 1/n whenever some chunk value lies below the reference minimum.
    func binnedWasserstein(_ chunk: [Double]) -> Double {
        let n = Double(chunk.count)
        let lo = wassersteinEdges.lo
        let hi = wassersteinEdges.hi
        var smaller: [Double] = []
        var bigger: [Double] = []
        for x in chunk {
            if x < lo { smaller.append(x) } else if x > hi { bigger.append(x) }
        }
        var termSmaller = 0.0
        var amountSmaller = 0.0
        if !smaller.isEmpty {
            amountSmaller = Double(smaller.count + 1) / n
            let (xs, cdf) = ContinuousDriftReference.ecdf(smaller + [lo])
            var terms = [Double](repeating: 0, count: max(0, xs.count - 1))
            for k in 0..<terms.count { terms[k] = cdf[k] * (xs[k + 1] - xs[k]) }
            termSmaller = NumPySum.sum(terms) * amountSmaller
        }
        var termBigger = 0.0
        if !bigger.isEmpty {
            let amountBigger = Double(bigger.count + 1) / n
            let (xs, cdf) = ContinuousDriftReference.ecdf([hi] + bigger)
            var terms = [Double](repeating: 0, count: max(0, xs.count - 1))
            for k in 0..<terms.count { terms[k] = (1 - cdf[k]) * (xs[k + 1] - xs[k]) }
            termBigger = NumPySum.sum(terms) * amountBigger
        }
        let counts = chunk.withUnsafeBufferPointer { wassersteinEdges.counts($0) }
        let width = wassersteinEdges.edges[1] - wassersteinEdges.edges[0]
        var within = [Double](repeating: 0, count: counts.count)
        var running = 0.0
        for i in 0..<counts.count {
            running += Double(counts[i]) / n
            within[i] = abs(wassersteinCDF[i] - (running + amountSmaller)) * width
        }
        return NumPySum.sum(within) + termSmaller + termBigger
    }

    /// The distinct values of `values` ascending and the empirical CDF at each.
    static func ecdf(_ values: [Double]) -> (values: [Double], cdf: [Double]) {
        let sorted = DoubleRadixSort.sorted(values)
        var xs: [Double] = []
        var cdf: [Double] = []
        let n = Double(sorted.count)
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j] == sorted[i] { j += 1 }
            xs.append(sorted[i])
            cdf.append(Double(j) / n)
            i = j
        }
        return (xs, cdf)
    }
}
