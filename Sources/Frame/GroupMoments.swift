/// Per-group count, sum, min, max and spread of a numeric column, in one pass over the rows.
///
/// The spread uses sums of `x − shift`, where `shift` is the group's first value: the variance is
/// `(Σd² − (Σd)²/n) / (n − 1)`. With the shift near the data this keeps the accuracy of a second
/// pass (no cancellation from a large mean) without reading the column twice; results can differ
/// from a two-pass computation in the last bit, as Polars' and DuckDB's do. Rows are visited in
/// ascending order within fixed chunks, so float sums are the same on every run and machine.
struct GroupMoments {
    /// Non-null values per group.
    var counts: [Int64] = []
    /// Null rows per group (so `counts + nullCounts` are the group sizes).
    var nullCounts: [Int64] = []
    /// Sum per group (for int-backed columns, the exact sum converted).
    var sums: [Double] = []
    /// Exact sums of an int-backed column.
    var integerSums: [Int128] = []
    /// Smallest and largest value per group (NaN skipped for floats; NaN when a group has only NaN).
    var minimums: [Double] = []
    var maximums: [Double] = []
    var integerMinimums: [Int64] = []
    var integerMaximums: [Int64] = []
    /// Shifted sums for the variance.
    var shiftedSums: [Double] = []
    var shiftedSquares: [Double] = []

    /// The sample variance of group `g`, nil for fewer than two values.
    func variance(_ group: Int) -> Double? {
        let n = counts[group]
        if n < 2 { return nil }
        let count = Double(n)
        let d = shiftedSums[group]
        let value = (shiftedSquares[group] - d * d / count) / (count - 1)
        return value < 0 ? 0 : value
    }

    /// Rows per group, nulls included.
    var sizes: [Int] { zip(counts, nullCounts).map { Int($0 + $1) } }
}

/// What the moment kernel needs of an accumulator: add a value, count a null, merge a later chunk.
protocol GroupMomentAccumulator {
    associatedtype Value: BitwiseCopyable
    init()
    mutating func add(_ value: Value)
    mutating func addNull()
    mutating func merge(_ other: Self)
}

/// A float accumulator: 64 bytes, one cache line per group.
struct FloatAccumulator: GroupMomentAccumulator {
    var count: Int64 = 0
    var nulls: Int64 = 0
    var sum = 0.0
    var minimum = Double.nan
    var maximum = Double.nan
    var shift = 0.0
    var shiftedSum = 0.0
    var shiftedSquares = 0.0

    @inline(__always) mutating func add(_ value: Double) {
        if count == 0 { shift = value }
        count &+= 1
        sum += value
        // NaN is skipped: it never wins a comparison, and a NaN extreme (none seen yet) always loses.
        minimum = value < minimum || minimum != minimum ? value : minimum
        maximum = value > maximum || maximum != maximum ? value : maximum
        let d = value - shift
        shiftedSum += d
        shiftedSquares += d * d
    }

    @inline(__always) mutating func addNull() { nulls &+= 1 }

    /// Adds what a later chunk accumulated; its shifted sums are moved to this chunk's shift.
    mutating func merge(_ other: FloatAccumulator) {
        nulls &+= other.nulls
        if other.count == 0 { return }
        if count == 0 {
            let keptNulls = nulls
            self = other
            nulls = keptNulls
            return
        }
        let delta = other.shift - shift
        let n = Double(other.count)
        shiftedSquares += other.shiftedSquares + 2 * delta * other.shiftedSum + n * delta * delta
        shiftedSum += other.shiftedSum + n * delta
        count &+= other.count
        sum += other.sum
        minimum = Double.minimum(minimum, other.minimum)
        maximum = Double.maximum(maximum, other.maximum)
    }
}

/// An Int64 accumulator with an exact 128-bit sum.
struct IntegerAccumulator: GroupMomentAccumulator {
    var sum: Int128 = 0
    var count: Int64 = 0
    var nulls: Int64 = 0
    var minimum = Int64.max
    var maximum = Int64.min
    var shift: Int64 = 0
    var shiftedSum = 0.0
    var shiftedSquares = 0.0

    @inline(__always) mutating func add(_ value: Int64) {
        if count == 0 { shift = value }
        count &+= 1
        sum &+= Int128(value)
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
        let d = Double(value) - Double(shift)
        shiftedSum += d
        shiftedSquares += d * d
    }

    @inline(__always) mutating func addNull() { nulls &+= 1 }

    /// Adds what a later chunk accumulated (see `FloatAccumulator.merge`).
    mutating func merge(_ other: IntegerAccumulator) {
        nulls &+= other.nulls
        if other.count == 0 { return }
        if count == 0 {
            let keptNulls = nulls
            self = other
            nulls = keptNulls
            return
        }
        let delta = Double(other.shift) - Double(shift)
        let n = Double(other.count)
        shiftedSquares += other.shiftedSquares + 2 * delta * other.shiftedSum + n * delta * delta
        shiftedSum += other.shiftedSum + n * delta
        count &+= other.count
        sum &+= other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }
}

enum MomentKernels {
    /// Rows at which the pass splits into two chunks, one per thread. The chunk count depends only
    /// on the row count, never on the machine, so float sums come out the same everywhere.
    static let parallelThreshold = 1 << 20

    /// The chunks a pass over `count` rows is split into: row ranges starting at multiples of 64
    /// (so each chunk owns whole bitmap words).
    static func chunks(_ count: Int) -> [Range<Int>] {
        if count < parallelThreshold { return [0..<count] }
        let middle = (count / 2) & ~63
        return [0..<middle, middle..<count]
    }

    /// Moments of a float column per group.
    static func float(_ values: UnsafePointer<Double>, validity: Bitmap?, index: GroupIndex) -> GroupMoments {
        var moments = GroupMoments()
        for a in accumulate(FloatAccumulator.self, values, validity: validity, index: index) {
            moments.counts.append(a.count)
            moments.nullCounts.append(a.nulls)
            moments.sums.append(a.sum)
            moments.minimums.append(a.minimum)
            moments.maximums.append(a.maximum)
            moments.shiftedSums.append(a.shiftedSum)
            moments.shiftedSquares.append(a.shiftedSquares)
        }
        return moments
    }

    /// Moments of an int-backed column per group (float sums are filled from the exact ones).
    static func integer(_ values: UnsafePointer<Int64>, validity: Bitmap?, index: GroupIndex) -> GroupMoments {
        var moments = GroupMoments()
        for a in accumulate(IntegerAccumulator.self, values, validity: validity, index: index) {
            moments.counts.append(a.count)
            moments.nullCounts.append(a.nulls)
            moments.integerSums.append(a.sum)
            moments.sums.append(Double(a.sum))
            moments.integerMinimums.append(a.minimum)
            moments.integerMaximums.append(a.maximum)
            moments.shiftedSums.append(a.shiftedSum)
            moments.shiftedSquares.append(a.shiftedSquares)
        }
        return moments
    }

    /// One accumulator per group: each chunk fills its own array (on its own thread when there are
    /// two), then the chunks are merged in order.
    static func accumulate<Accumulator: GroupMomentAccumulator>(
        _ type: Accumulator.Type, _ values: UnsafePointer<Accumulator.Value>, validity: Bitmap?, index: GroupIndex
    ) -> [Accumulator] {
        let groups = index.groupCount
        let chunks = self.chunks(index.rowCount)
        let total = max(groups * chunks.count, 1)
        // Cache-line aligned, so a 64-byte accumulator never straddles two lines.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Accumulator>.stride, alignment: 64)
        defer { raw.deallocate() }
        let accumulators = raw.bindMemory(to: Accumulator.self, capacity: total)
        accumulators.initialize(repeating: Accumulator(), count: total)
        let ids = index.ids.base
        withExtendedLifetime(index.ids) {
            let shared = UncheckedSendable((accumulators, ids, values))
            ParallelWork.run(chunks.count) { chunk in
                let (accumulators, ids, values) = shared.value
                let local = accumulators + chunk * groups
                forEachRow(in: chunks[chunk], validity: validity) { row in
                    // A local copy lets the update run in registers, with one load and one store.
                    let slot = local + Int(ids[row])
                    var accumulator = slot.pointee
                    accumulator.add(values[row])
                    slot.pointee = accumulator
                } null: { row in
                    local[Int(ids[row])].addNull()
                }
            }
        }
        var merged: [Accumulator] = []
        merged.reserveCapacity(groups)
        for group in 0..<groups {
            var a = accumulators[group]
            for chunk in 1..<chunks.count { a.merge(accumulators[chunk * groups + group]) }
            merged.append(a)
        }
        return merged
    }
}

/// Calls `body` with every valid row in ascending order: a plain loop without a bitmap, else one
/// word of the bitmap at a time (all-valid words run straight through, others bit by bit).
@inline(__always) func forEachValidRow(count: Int, validity: Bitmap?, _ body: (Int) -> Void) {
    forEachRow(in: 0..<count, validity: validity, body, null: { _ in })
}

/// Calls `valid` or `null` for each row of `range` in ascending order; the range's lower bound
/// must be a multiple of 64. Words without nulls run straight through; the others test each bit,
/// a branch that is well predicted when nulls are rare.
@inline(__always) func forEachRow(
    in range: Range<Int>, validity: Bitmap?, _ valid: (Int) -> Void, null: (Int) -> Void
) {
    guard let validity else {
        for row in range { valid(row) }
        return
    }
    let words = validity.words.base
    withExtendedLifetime(validity.words) {
        let end = range.upperBound
        var base = range.lowerBound
        while base < end {
            let word = words[base &>> 6]
            let width = min(64, end &- base)
            if word == ~0 && width == 64 {
                for row in base..<(base &+ 64) { valid(row) }
            } else {
                for bit in 0..<width {
                    if (word &>> UInt64(bit)) & 1 != 0 { valid(base &+ bit) } else { null(base &+ bit) }
                }
            }
            base &+= 64
        }
    }
}
