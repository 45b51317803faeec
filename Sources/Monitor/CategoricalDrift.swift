/// A categorical column's reference distribution, fitted once, and the drift of a chunk from it.
///
/// Categories are codes from a `CategoryEncoder`: `0..<referenceCategories` are the reference's
/// sorted categories, higher codes are categories the reference never had. Null rows (code -1)
/// are dropped; a chunk with no values left gives NaN.
struct CategoricalDriftReference: Sendable {
    /// Number of reference categories.
    let referenceCategories: Int
    /// Reference count per category (all positive).
    let counts: [Int]
    /// Number of non-null reference rows.
    let total: Int
    /// Reference share per category, `count / total`.
    let shares: [Double]

    /// Fits on the reference codes of `categoryCount` categories.
    init(codes: [Int32], categoryCount: Int) {
        counts = CategoricalDriftReference.tally(codes, 0..<codes.count, categoryCount: categoryCount)
        total = counts.reduce(0, +)
        let n = Double(total)
        shares = counts.map { Double($0) / n }
        referenceCategories = categoryCount
    }

    /// Counts per code of `codes[range]` over at least `categoryCount` categories (nulls skipped).
    static func tally(_ codes: [Int32], _ range: Range<Int>, categoryCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: categoryCount)
        codes.withUnsafeBufferPointer { buffer in
            for i in range {
                let code = Int(buffer[i])
                if code < 0 { continue }
                if code >= counts.count { counts.append(contentsOf: repeatElement(0, count: code - counts.count + 1)) }
                counts[code] += 1
            }
        }
        return counts
    }

    /// The statistic of `method` and, for chi-squared, its p-value, for a chunk with `chunkCounts`
    /// per code (any length; missing codes count 0).
    func statistic(_ method: CategoricalDriftMethod, chunkCounts: [Int]) -> (value: Double, pValue: Double?) {
        let chunkTotal = chunkCounts.reduce(0, +)
        if chunkTotal == 0 { return (.nan, method == .chi2 ? .nan : nil) }
        let n = Double(chunkTotal)
        switch method {
        case .jensenShannon, .hellinger:
            var q = [Double](repeating: 0, count: referenceCategories)
            for code in 0..<min(referenceCategories, chunkCounts.count) { q[code] = Double(chunkCounts[code]) / n }
            let (p, chunkShares) = DistributionDistances.withLeftover(shares, q)
            let value = method == .jensenShannon
                ? DistributionDistances.jensenShannon(p, chunkShares) : DistributionDistances.hellinger(p, chunkShares)
            return (value, nil)
        case .lInfinity:
            var largest = 0.0
            for code in 0..<max(referenceCategories, chunkCounts.count) {
                let referenceShare = code < referenceCategories ? shares[code] : 0
                let chunkShare = code < chunkCounts.count ? Double(chunkCounts[code]) / n : 0
                largest = max(largest, abs(referenceShare - chunkShare))
            }
            return (largest, nil)
        case .chi2:
            // NannyML surprise: the chunk is tested against the counts of the whole reference set,
            // so the statistic grows with the chunk size for a fixed shift.
            var referenceColumn: [Int] = []
            var chunkColumn: [Int] = []
            for code in 0..<max(referenceCategories, chunkCounts.count) {
                let inReference = code < referenceCategories ? counts[code] : 0
                let inChunk = code < chunkCounts.count ? chunkCounts[code] : 0
                if inReference == 0 && inChunk == 0 { continue }
                referenceColumn.append(inReference)
                chunkColumn.append(inChunk)
            }
            let result = ChiSquaredTest.test(reference: referenceColumn, chunk: chunkColumn)
            return (result.statistic, result.pValue)
        }
    }
}
