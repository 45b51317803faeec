/// Which rows and features each tree sees: `subsample` and `colsample`, drawn from
/// `SamplingHash` keyed by (seed, round, row) and (seed, tree, feature), so the draws are the
/// same whatever the thread count or the order rows are visited in.
struct TrainingSample {
    let seed: UInt64
    let rowRate: Double
    let featureRate: Double
    let featureCount: Int

    init(parameters: TrainingParameters, featureCount: Int) {
        seed = parameters.seed
        rowRate = parameters.subsample
        featureRate = parameters.colsample
        self.featureCount = featureCount
    }

    /// True when every row is used in every round.
    var usesAllRows: Bool { rowRate >= 1 }

    /// Splits rows `0 ..< rowCount` into the round's sample (`inBag`, increasing) and the rest
    /// (`outOfBag`, increasing); returns the two counts. Each row is kept with probability `rowRate`.
    func drawRows(
        round: Int, rowCount: Int, inBag: UnsafeMutablePointer<UInt32>, outOfBag: UnsafeMutablePointer<UInt32>
    ) -> (inBag: Int, outOfBag: Int) {
        let key = SamplingHash.key(seed: seed, stream: SamplingHash.rowStream, round: round)
        let threshold = SamplingHash.threshold(rate: rowRate)
        var kept = 0
        var dropped = 0
        for row in 0..<rowCount {
            let keep = SamplingHash.draw(key, row) < threshold
            inBag[kept] = UInt32(truncatingIfNeeded: row)
            outOfBag[dropped] = UInt32(truncatingIfNeeded: row)
            kept &+= keep ? 1 : 0
            dropped &+= keep ? 0 : 1
        }
        return (kept, dropped)
    }

    /// The features tree `tree` may split on, increasing: all of them, or the
    /// `max(1, round(colsample × featureCount))` with the smallest draws (ties to the lower index).
    func drawFeatures(tree: Int) -> [Int32] {
        if featureRate >= 1 { return (0..<featureCount).map { Int32($0) } }
        let wanted = min(featureCount, max(1, Int((featureRate * Double(featureCount)).rounded())))
        let key = SamplingHash.key(seed: seed, stream: SamplingHash.featureStream, round: tree)
        var draws = (0..<featureCount).map { (draw: SamplingHash.draw(key, $0), feature: $0) }
        draws.sort { $0.draw != $1.draw ? $0.draw < $1.draw : $0.feature < $1.feature }
        return draws.prefix(wanted).map { Int32($0.feature) }.sorted()
    }
}
