/// LightGBM's histogram bins for one numeric feature, so that our trainer can be handed the very
/// bins LightGBM would build (NannyML's tree models are LightGBM's).
///
/// A feature is replaced by its LightGBM bin number; with at most 255 distinct numbers our trainer
/// gives each its own bin, so both learners then search the same split candidates over the same
/// histograms. The boundaries follow LightGBM 3's `BinMapper::FindBin` for a numeric feature
/// (`max_bin` 255, `min_data_in_bin` 3, zero kept in a bin of its own): negative and positive values
/// are binned apart by `GreedyFindBin` — one bin per distinct value when they are few (merging values
/// seen fewer than `min_data_in_bin` times), otherwise bins of about equal counts with heavy values
/// alone — and each boundary is the double just above the midpoint between neighbouring values.
/// Nulls stay null (LightGBM's NaN bin).
struct LightGBMBins: Sendable {
    /// Upper bounds of the bins, increasing; the last is +∞. A value goes to the first bin whose
    /// bound is ≥ it.
    let bounds: [Double]
    /// Per bin, the bin number handed to the trainer. A bin no training row fell in is renumbered
    /// to the nearest occupied bin below it (the lowest occupied one if none is below): LightGBM
    /// puts the threshold of a split between two occupied bins just under the upper one, so values
    /// in empty bins between them go left.
    let numbers: [Double]

    /// LightGBM's `kZeroThreshold` (a float constant, 1e-35f).
    static let zeroThreshold = Double(Float(1e-35))

    /// Bins fitted on `values` (NaN for null), reading only `rows` when given.
    init(_ values: [Double], rows: [Int]?, maxBin: Int = 255, minDataInBin: Int = 3) {
        var sample: [Double] = []
        sample.reserveCapacity(rows?.count ?? values.count)
        if let rows {
            for row in rows where !values[row].isNaN { sample.append(values[row]) }
        } else {
            for value in values where !value.isNaN { sample.append(value) }
        }
        let total = rows?.count ?? values.count
        let nulls = total - sample.count
        // Radix sort (the sample holds no NaN; -0.0 becomes +0.0, which LightGBM's zero bin takes alike).
        sample = DoubleRadixSort.sorted(sample)
        var distinct: [Double] = []
        var counts: [Int] = []
        for value in sample {
            // LightGBM merges values within one ulp of the previous one, keeping the larger.
            if let last = distinct.last, value <= last.nextUp {
                distinct[distinct.count - 1] = value
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        // With nulls present LightGBM keeps one bin for them out of max_bin.
        var bounds = LightGBMBins.zeroAsOneBin(
            distinct, counts, maxBin: nulls > 0 ? maxBin - 1 : maxBin, total: sample.count, minDataInBin: minDataInBin)
        if bounds.isEmpty { bounds = [.infinity] }
        self.bounds = bounds
        var occupied = [Bool](repeating: false, count: bounds.count)
        for value in distinct { occupied[LightGBMBins.bin(value, bounds)] = true }
        var numbers = [Double](repeating: 0, count: bounds.count)
        let lowest = occupied.firstIndex(of: true) ?? 0
        var current = lowest
        for bin in 0..<bounds.count {
            if occupied[bin] { current = bin }
            numbers[bin] = Double(bin < lowest ? lowest : current)
        }
        self.numbers = numbers
    }

    /// The bin numbers of `values` (rows `rows` when given, in that order); NaN stays NaN.
    func numbers(of values: [Double], rows: [Int]?) -> [Double] {
        let count = rows?.count ?? values.count
        var out = [Double](repeating: .nan, count: count)
        bounds.withUnsafeBufferPointer { bounds in
            numbers.withUnsafeBufferPointer { numbers in
                values.withUnsafeBufferPointer { values in
                    out.withUnsafeMutableBufferPointer { out in
                        if let rows {
                            rows.withUnsafeBufferPointer { rows in
                                for i in 0..<count { out[i] = Self.number(values[rows[i]], bounds, numbers) }
                            }
                        } else {
                            for i in 0..<count { out[i] = Self.number(values[i], bounds, numbers) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The bin number of one value (NaN stays NaN).
    @inline(__always)
    private static func number(
        _ value: Double, _ bounds: UnsafeBufferPointer<Double>, _ numbers: UnsafeBufferPointer<Double>
    ) -> Double {
        value.isNaN ? value : numbers[bin(value, bounds)]
    }

    /// The first bin whose upper bound is ≥ `value`.
    static func bin(_ value: Double, _ bounds: [Double]) -> Int {
        bounds.withUnsafeBufferPointer { bin(value, $0) }
    }

    /// The first bin whose upper bound is ≥ `value` (the last bound is +∞, so one always is), by
    /// halving the candidate range.
    @inline(__always)
    static func bin(_ value: Double, _ bounds: UnsafeBufferPointer<Double>) -> Int {
        var base = 0
        var length = bounds.count
        while length > 1 {
            let half = length &>> 1
            // Invariant: the answer lies in base ..< base + length.
            if bounds[base &+ half &- 1] < value { base &+= half }
            length &-= half
        }
        return base
    }

    /// LightGBM's `FindBinWithZeroAsOneBin`: negative values, a bin around zero, positive values.
    static func zeroAsOneBin(
        _ distinct: [Double], _ counts: [Int], maxBin: Int, total: Int, minDataInBin: Int
    ) -> [Double] {
        let n = distinct.count
        var leftData = 0
        var zeroData = 0
        var rightData = 0
        for i in 0..<n {
            if distinct[i] <= -zeroThreshold {
                leftData += counts[i]
            } else if distinct[i] > zeroThreshold {
                rightData += counts[i]
            } else {
                zeroData += counts[i]
            }
        }
        let leftCount = distinct.firstIndex { $0 > -zeroThreshold } ?? n
        var bounds: [Double] = []
        if leftCount > 0 {
            let share = Double(leftData) / Double(total - zeroData) * Double(maxBin - 1)
            let leftMaxBin = max(1, Int(share))
            bounds = greedy(distinct, counts, 0..<leftCount, maxBin: leftMaxBin, total: leftData, minDataInBin: minDataInBin)
            if !bounds.isEmpty { bounds[bounds.count - 1] = -zeroThreshold }
        }
        var rightStart = -1
        for i in leftCount..<n where distinct[i] > zeroThreshold {
            rightStart = i
            break
        }
        let rightMaxBin = maxBin - 1 - bounds.count
        if rightStart >= 0 && rightMaxBin > 0 {
            let right = greedy(
                distinct, counts, rightStart..<n, maxBin: rightMaxBin, total: rightData, minDataInBin: minDataInBin)
            bounds.append(zeroThreshold)
            bounds.append(contentsOf: right)
        } else {
            bounds.append(.infinity)
        }
        return bounds
    }

    /// LightGBM's `GreedyFindBin` over `distinct[range]` with their `counts`.
    static func greedy(
        _ distinct: [Double], _ counts: [Int], _ range: Range<Int>, maxBin: Int, total: Int, minDataInBin: Int
    ) -> [Double] {
        let values = Array(distinct[range])
        let weights = Array(counts[range])
        let n = values.count
        var bounds: [Double] = []
        if n == 0 { return bounds }
        if n <= maxBin {
            var inBin = 0
            for i in 0..<(n - 1) {
                inBin += weights[i]
                if inBin >= minDataInBin {
                    let bound = ((values[i] + values[i + 1]) / 2).nextUp
                    if bounds.isEmpty || !(bound <= bounds[bounds.count - 1].nextUp) {
                        bounds.append(bound)
                        inBin = 0
                    }
                }
            }
            bounds.append(.infinity)
            return bounds
        }
        var binLimit = maxBin
        if minDataInBin > 0 { binLimit = max(1, min(binLimit, total / minDataInBin)) }
        var meanBinSize = Double(total) / Double(binLimit)
        var restBins = binLimit
        var restSamples = total
        var isBig = [Bool](repeating: false, count: n)
        for i in 0..<n where Double(weights[i]) >= meanBinSize {
            isBig[i] = true
            restBins -= 1
            restSamples -= weights[i]
        }
        meanBinSize = Double(restSamples) / Double(restBins)
        var uppers = [Double](repeating: .infinity, count: binLimit)
        var lowers = [Double](repeating: .infinity, count: binLimit)
        var binCount = 0
        lowers[0] = values[0]
        var inBin = 0
        for i in 0..<(n - 1) {
            if !isBig[i] { restSamples -= weights[i] }
            inBin += weights[i]
            let halfMean = max(1.0, meanBinSize * Double(Float(0.5)))
            if isBig[i] || Double(inBin) >= meanBinSize || (isBig[i + 1] && Double(inBin) >= halfMean) {
                uppers[binCount] = values[i]
                binCount += 1
                lowers[binCount] = values[i + 1]
                if binCount >= binLimit - 1 { break }
                inBin = 0
                if !isBig[i] {
                    restBins -= 1
                    meanBinSize = Double(restSamples) / Double(restBins)
                }
            }
        }
        binCount += 1
        for i in 0..<(binCount - 1) {
            let bound = ((uppers[i] + lowers[i + 1]) / 2).nextUp
            if bounds.isEmpty || !(bound <= bounds[bounds.count - 1].nextUp) { bounds.append(bound) }
        }
        bounds.append(.infinity)
        return bounds
    }
}
