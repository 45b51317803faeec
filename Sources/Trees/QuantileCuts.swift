/// Cut points of one feature from a sorted sample of its non-null values.
///
/// A feature with at most `maxBins` distinct values gets one bin per value; otherwise the cuts
/// sit near the sample quantiles `i / maxBins`, moved to the nearest change of value so that equal
/// values always share a bin (a heavy value gets a bin of its own). Each cut is the midpoint of the
/// two neighbouring sample values, as in LightGBM, so an unseen value in a gap goes to the nearer side.
/// A value goes to the bin numbered by how many cuts are ≤ it, so `value < cut[j]` ⇔ `bin ≤ j`.
enum QuantileCuts {
    /// The strictly increasing cuts (at most `maxBins - 1`) for `sorted`, which holds no NaN.
    static func cuts(sorted: UnsafeBufferPointer<Double>, maxBins: Int) -> [Double] {
        let n = sorted.count
        guard n > 1, maxBins > 1 else { return [] }
        // Indices where a new distinct value starts (excluding 0): the only places a cut can go.
        var starts: [Int] = []
        for i in 1..<n where sorted[i] != sorted[i - 1] { starts.append(i) }
        if starts.isEmpty { return [] }
        if starts.count < maxBins {
            return starts.map { midpoint(sorted[$0 - 1], sorted[$0]) }
        }
        var cuts: [Double] = []
        cuts.reserveCapacity(maxBins - 1)
        var lastStart = 0
        for i in 1..<maxBins {
            let rank = (i * n) / maxBins
            // First distinct start at or after `rank`, and the one before it: take the nearer.
            var lo = 0
            var hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] < rank { lo = mid + 1 } else { hi = mid }
            }
            var chosen: Int
            if lo == starts.count {
                chosen = starts[lo - 1]
            } else if lo > 0 && rank - starts[lo - 1] < starts[lo] - rank {
                chosen = starts[lo - 1]
            } else {
                chosen = starts[lo]
            }
            if chosen <= lastStart {
                // Already used: the next unused start keeps bins from collapsing behind a heavy value.
                guard let next = firstStart(after: lastStart, in: starts) else { break }
                if next - rank > (n / maxBins) { continue }
                chosen = next
            }
            cuts.append(midpoint(sorted[chosen - 1], sorted[chosen]))
            lastStart = chosen
        }
        return cuts
    }

    /// The first entry of `starts` greater than `value`.
    private static func firstStart(after value: Int, in starts: [Int]) -> Int? {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count ? starts[lo] : nil
    }

    /// A cut strictly above `low` and at most `high` (low < high): their midpoint when it is
    /// representable strictly between, else `high` itself.
    static func midpoint(_ low: Double, _ high: Double) -> Double {
        let mid = low * 0.5 + high * 0.5
        return mid > low && mid <= high ? mid : high
    }
}
