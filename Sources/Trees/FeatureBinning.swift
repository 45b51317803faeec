/// The bin cuts of every feature, and the binning of rows into `UInt8` matrices (`BinMatrix`).
///
/// Feature `f` has `valueBinCount(f)` value bins (at most 255) numbered by how many of its cuts are
/// ≤ the value; a null (or NaN) goes to bin `nullBin` (255), which no value bin can reach. So a row
/// goes left of cut j (`value < cuts[f][j]`) exactly when its bin is ≤ j, and walking a tree on bins
/// gives the same leaf as walking it on raw values.
struct FeatureBinning: Sendable {
    /// The bin of nulls in every feature.
    static let nullBin: UInt8 = 255
    /// Rows the cuts are computed from, at most (LightGBM's `bin_construct_sample_cnt`).
    static let sampleLimit = 200_000
    /// Rows binned per task.
    static let blockRows = 4096

    /// Cuts per feature, strictly increasing; `valueBinCount[f] == cuts[f].count + 1`.
    let cuts: [[Double]]
    /// Search tables: 256 entries per feature, the cuts padded with +inf.
    private let tables: [Double]
    /// Halving steps of the branch-free search per feature (0 when a feature has no cut).
    private let firstStep: [Int]

    var featureCount: Int { cuts.count }

    /// Number of value bins of feature `f` (the null bin not counted).
    func valueBinCount(_ feature: Int) -> Int { cuts[feature].count + 1 }

    /// Binning with the given cuts.
    init(cuts: [[Double]]) {
        self.cuts = cuts
        var tables = [Double](repeating: .infinity, count: cuts.count * 256)
        var firstStep = [Int](repeating: 0, count: cuts.count)
        for (feature, featureCuts) in cuts.enumerated() {
            for (index, cut) in featureCuts.enumerated() { tables[feature * 256 + index] = cut }
            var step = 0
            if !featureCuts.isEmpty {
                step = 1
                while step * 2 <= featureCuts.count { step *= 2 }
            }
            firstStep[feature] = step
        }
        self.tables = tables
        self.firstStep = firstStep
    }

    /// Computes cuts from (a deterministic sample of) the rows of `sources`.
    init(sources: [FeatureSource], maxBins: Int, threads: Int) {
        let rowCount = sources.first?.count ?? 0
        let sample = Self.sampleRows(rowCount: rowCount)
        var cuts = [[Double]](repeating: [], count: sources.count)
        cuts.withUnsafeMutableBufferPointer { cutsOut in
            let output = SendableBox(cutsOut)
            ParallelTasks.run(sources.count, threads: threads) { feature in
                var values = [Double](repeating: 0, count: sample.count)
                var valid = 0
                values.withUnsafeMutableBufferPointer { buffer in
                    guard let target = buffer.baseAddress else { return }
                    sample.withUnsafeBufferPointer { rows in
                        guard let rowBase = rows.baseAddress else { return }
                        sources[feature].gather(rows: rowBase, count: rows.count, into: target)
                    }
                    for i in 0..<buffer.count where !buffer[i].isNaN {
                        buffer[valid] = buffer[i]
                        valid += 1
                    }
                }
                values.removeLast(values.count - valid)
                SampleSort.sort(&values)
                output.value[feature] = values.withUnsafeBufferPointer {
                    QuantileCuts.cuts(sorted: $0, maxBins: maxBins)
                }
            }
        }
        self.init(cuts: cuts)
    }

    /// The rows the cuts come from: all of them up to `sampleLimit`, else a hashed draw of about
    /// `sampleLimit` rows (the same for every seed, so the cuts depend on the data only).
    static func sampleRows(rowCount: Int) -> [UInt32] {
        if rowCount <= sampleLimit { return (0..<rowCount).map { UInt32($0) } }
        let key = SamplingHash.key(seed: 0, stream: SamplingHash.binningStream, round: 0)
        let threshold = SamplingHash.threshold(rate: Double(sampleLimit) / Double(rowCount))
        var rows: [UInt32] = []
        rows.reserveCapacity(sampleLimit + sampleLimit / 8)
        for row in 0..<rowCount where SamplingHash.draw(key, row) < threshold { rows.append(UInt32(row)) }
        return rows
    }

    /// Writes the bins of `values[0 ..< count]` in `feature` to `target[0 ..< count]`.
    ///
    /// A branch-free binary search over the padded cut table, one halving step at a time for all
    /// the values, so the searches overlap instead of waiting on each other's loads. The step is
    /// taken with a two-lane vector compare: a scalar `? :` compiles to a branch that random data
    /// mispredicts half the time (measured 38 ns against 3.4 ns per value).
    func bin(
        _ values: UnsafePointer<Double>, count: Int, feature: Int, table: UnsafePointer<Double>,
        positions: UnsafeMutablePointer<Int64>, into target: UnsafeMutablePointer<UInt8>
    ) {
        positions.initialize(repeating: 0, count: count + 1)
        var step = firstStep[feature]
        while step > 0 {
            let probe = table + (step - 1)
            let increment = SIMD2<Int64>(repeating: Int64(step))
            var i = 0
            while i < count {
                let p0 = positions[i]
                let p1 = positions[i &+ 1]
                let cuts = SIMD2(probe[Int(p0)], probe[Int(p1)])
                let value = SIMD2(values[i], values[i &+ 1])
                let add = SIMD2<Int64>.zero.replacing(with: increment, where: cuts .<= value)
                positions[i] = p0 &+ add[0]
                positions[i &+ 1] = p1 &+ add[1]
                i &+= 2
            }
            step >>= 1
        }
        let last = Int64(cuts[feature].count)
        for i in 0..<count {
            target[i] = values[i].isNaN ? Self.nullBin : UInt8(truncatingIfNeeded: min(positions[i], last))
        }
    }

    /// Bins every row of `sources` into a row-major matrix, and with `columnMajor` also a
    /// column-major one.
    func binRows(of sources: [FeatureSource], threads: Int, columnMajor: Bool) -> BinMatrix {
        let rowCount = sources.first?.count ?? 0
        let featureCount = self.featureCount
        let matrix = BinMatrix(rowCount: rowCount, featureCount: featureCount, columnMajor: columnMajor)
        let blocks = (rowCount + Self.blockRows - 1) / Self.blockRows
        tables.withUnsafeBufferPointer { tableBuffer in
            guard let tableBase = tableBuffer.baseAddress else { return }
            let shared = SendableBox(tableBase)
            ParallelTasks.run(blocks, threads: threads) { block in
                let start = block * Self.blockRows
                let n = min(Self.blockRows, rowCount - start)
                // One spare slot: the two-lane search reads a pair even for an odd count.
                let values = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockRows + 1)
                let positions = UnsafeMutablePointer<Int64>.allocate(capacity: Self.blockRows + 1)
                let column = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.blockRows)
                defer {
                    values.deallocate()
                    positions.deallocate()
                    column.deallocate()
                }
                for feature in 0..<featureCount {
                    sources[feature].load(from: start, count: n, into: values)
                    values[n] = 0
                    bin(values, count: n, feature: feature, table: shared.value + feature * 256,
                        positions: positions, into: column)
                    if let columns = matrix.columnMajor {
                        (columns.base + feature * rowCount + start).update(from: column, count: n)
                    }
                    var target = matrix.rowMajor.base + start * featureCount + feature
                    for i in 0..<n {
                        target.pointee = column[i]
                        target += featureCount
                    }
                }
            }
        }
        return matrix
    }
}

/// Binned rows: always row-major (`rowMajor[row * featureCount + f]`), and optionally also
/// column-major (`columnMajor[f * rowCount + row]`).
///
/// Training keeps both (the design's column-major matrix plus a row-major copy, N × F bytes
/// each): the root's histogram streams through all rows and reads each row's bins from one line
/// of the row-major matrix (0.32 ns per row and feature, against 0.48 from columns), and walking
/// trees for out-of-sample and validation rows does the same; every other node's histogram and
/// every partition reads columns, which stay in cache for a node's scattered rows.
struct BinMatrix: Sendable {
    let rowCount: Int
    let featureCount: Int
    let rowMajor: TrainingBuffer<UInt8>
    let columnMajor: TrainingBuffer<UInt8>?

    init(rowCount: Int, featureCount: Int, columnMajor: Bool) {
        self.rowCount = rowCount
        self.featureCount = featureCount
        rowMajor = TrainingBuffer(count: rowCount * featureCount)
        self.columnMajor = columnMajor ? TrainingBuffer(count: rowCount * featureCount) : nil
    }
}
