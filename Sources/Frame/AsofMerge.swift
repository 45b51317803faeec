/// The merge step of an ASOF join: both inputs sorted by (group, time), one pass over the left rows
/// with monotone pointers into the right rows, so the work is linear after the sorts.
///
/// For a left key k (group and time), `lower` is the first right row with key >= k and `upper` the
/// first with key > k; both only move forward as k grows. The backward candidate is the row before
/// `upper` (before `lower` when exact matches are not allowed): the last of its run of equal keys,
/// hence the last inserted. The forward candidate starts at `lower` (or `upper`) and its winner is
/// the last row of that run, so ties resolve the same way for every strategy.
enum AsofMerge {
    /// Writes `matched[leftRow]` (the right row, or -1) for every sorted left row; `parts` workers
    /// each take a range of the sorted left rows and find their starting pointers by binary search.
    static func run<L: AsofRows, R: AsofRows, M: AsofMetric>(
        left: L, right: R, metric: M, strategy: AsofStrategy, allowExactMatches: Bool,
        matched: UnsafeMutablePointer<Int32>, parts: Int
    ) where L.Key == R.Key {
        let work = UncheckedSendable(matched)
        ParallelWork.run(parts) { part in
            let range = (left.count * part / parts)..<(left.count * (part + 1) / parts)
            merge(
                left: left, range: range, right: right, metric: metric, strategy: strategy,
                allowExactMatches: allowExactMatches, matched: work.value)
        }
    }

    @inline(__always) static func merge<L: AsofRows, R: AsofRows, M: AsofMetric>(
        left: L, range: Range<Int>, right: R, metric: M, strategy: AsofStrategy, allowExactMatches: Bool,
        matched: UnsafeMutablePointer<Int32>
    ) where L.Key == R.Key {
        guard let first = range.first else { return }
        let n = right.count
        var lower = lowerBound(right, left.key(first))
        var upper = lower
        var runEnd = 0
        let wantBackward = strategy != .forward
        let wantForward = strategy != .backward
        for index in range {
            let key = left.key(index)
            while lower < n && right.key(lower) < key { lower &+= 1 }
            if upper < lower { upper = lower }
            while upper < n && right.key(upper) <= key { upper &+= 1 }
            let group = left.group(index)
            let time = left.time(index)
            var best = -1
            var backwardDistance = metric.zero
            if wantBackward {
                let candidate = (allowExactMatches ? upper : lower) &- 1
                if candidate >= 0 && right.group(candidate) == group {
                    let distance = metric.distance(from: right.time(candidate), to: time)
                    if metric.within(distance) {
                        best = candidate
                        backwardDistance = distance
                    }
                }
            }
            if wantForward {
                let start = allowExactMatches ? lower : upper
                if start < n && right.group(start) == group {
                    let distance = metric.distance(from: time, to: right.time(start))
                    // A distance tie keeps the backward row.
                    if metric.within(distance) && (best < 0 || distance < backwardDistance) {
                        // `start` begins a run of equal keys; its last row wins. Runs found for an
                        // earlier start end at or before this one.
                        if runEnd <= start {
                            let runKey = right.key(start)
                            runEnd = start &+ 1
                            while runEnd < n && right.key(runEnd) == runKey { runEnd &+= 1 }
                        }
                        best = runEnd &- 1
                    }
                }
            }
            matched[Int(left.row(index))] = best >= 0 ? right.row(best) : -1
        }
    }

    /// The first index of `rows` whose key is not less than `key`.
    static func lowerBound<R: AsofRows>(_ rows: R, _ key: R.Key) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows.key(middle) < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// How far apart two time keys of one group are, and whether that is within the tolerance.
protocol AsofMetric {
    associatedtype Distance: Comparable
    var zero: Distance { get }
    /// The distance from an earlier (smaller or equal) time key to a later one.
    func distance(from earlier: UInt64, to later: UInt64) -> Distance
    func within(_ distance: Distance) -> Bool
}

/// Integer time keys (offsets in the layout's unit, or sign-flipped values): the wrapping
/// difference is the exact distance; the limit is the tolerance in the same unit.
struct IntegerAsofMetric: AsofMetric {
    let limit: UInt64
    var zero: UInt64 { 0 }
    @inline(__always) func distance(from earlier: UInt64, to later: UInt64) -> UInt64 { later &- earlier }
    @inline(__always) func within(_ distance: UInt64) -> Bool { distance <= limit }
}

/// Float time keys (`FloatTimeKeys`): decoded and subtracted; equal keys are 0 apart (also for
/// infinities).
struct FloatAsofMetric: AsofMetric {
    let limit: Double
    var zero: Double { 0 }

    @inline(__always) func distance(from earlier: UInt64, to later: UInt64) -> Double {
        if earlier == later { return 0 }
        return FloatTimeKeys.decode(later) - FloatTimeKeys.decode(earlier)
    }

    @inline(__always) func within(_ distance: Double) -> Bool { distance <= limit }
}

/// Float times in the packed layout: stored times expand to `FloatTimeKeys` keys, then decode.
struct PackedFloatAsofMetric: AsofMetric {
    let layout: AsofPackedLayout
    let limit: Double
    var zero: Double { 0 }

    @inline(__always) func distance(from earlier: UInt64, to later: UInt64) -> Double {
        if earlier == later { return 0 }
        return FloatTimeKeys.decode(layout.expand(later)) - FloatTimeKeys.decode(layout.expand(earlier))
    }

    @inline(__always) func within(_ distance: Double) -> Bool { distance <= limit }
}
