/// A window's length in the time column's own arithmetic.
enum ResolvedSpan {
    /// Int, timestamp and duration times (microseconds for the last two).
    case integer(Int64)
    /// Float times (or int times with a fractional span, compared as Double).
    case real(Double)
    /// The current row and the `n - 1` before it.
    case rows(Int)
}

/// Time arithmetic of window edges, exact for Int64 and as written for Double.
protocol WindowTime: Comparable {
    /// True when `earlier` (≤ `time`) lies before the start of the window of length `span` ending
    /// at `time`: `earlier < time - span` when the start is inclusive, `earlier <= time - span` otherwise.
    static func isBefore(_ earlier: Self, windowEndingAt time: Self, span: Self, inclusiveStart: Bool) -> Bool
}

extension Int64: WindowTime {
    @inline(__always) static func isBefore(_ earlier: Int64, windowEndingAt time: Int64, span: Int64, inclusiveStart: Bool) -> Bool {
        // time >= earlier, so the wrapping difference read as unsigned is exact, even across the range.
        let distance = UInt64(bitPattern: time &- earlier)
        let length = UInt64(bitPattern: span)
        return inclusiveStart ? distance > length : distance >= length
    }
}

extension Double: WindowTime {
    @inline(__always) static func isBefore(_ earlier: Double, windowEndingAt time: Double, span: Double, inclusiveStart: Bool) -> Bool {
        let start = time - span
        return inclusiveStart ? earlier < start : earlier <= start
    }
}

/// Which windows an aggregate slides over.
enum WindowPlan {
    /// Each arranged row's window among the rows of its own key.
    case rolling(KeyedTimeOrder, ResolvedSpan, RollingClosed)
    /// Each query (left) row's window `[t − span, t]` (ends as `closed` says) among the input
    /// (right) rows of its group; both arrangements have one segment per group id.
    case join(queries: KeyedTimeOrder, inputs: KeyedTimeOrder, ResolvedSpan, RollingClosed)

    /// The arrangement whose positions get results.
    var queries: KeyedTimeOrder {
        switch self {
        case .rolling(let order, _, _): return order
        case .join(let queries, _, _, _): return queries
        }
    }

    /// The arrangement whose positions are aggregated.
    var inputs: KeyedTimeOrder {
        switch self {
        case .rolling(let order, _, _): return order
        case .join(_, let inputs, _, _): return inputs
        }
    }

    /// Runs `accumulator` over the windows of the query segments `segments`. Within a key both
    /// window edges only move forward, so each input position is added once and removed once; the
    /// accumulator starts afresh at every key, so parts split at keys compute what one pass would.
    func run<A: SlidingAccumulator>(_ state: inout A, segments: Range<Int>) {
        // A local copy lets the compiler keep the state in registers across the loop.
        var accumulator = state
        defer { state = accumulator }
        switch self {
        case .rolling(let order, .rows(let length), _):
            slideRows(&accumulator, order: order, length: length, segments: segments)
        case .rolling(let order, .integer(let span), let closed):
            guard case .integer(let times)? = order.times else { return }
            withExtendedLifetime(times) {
                slideTimes(&accumulator, times: times.base, span: span, closed: closed, order: order, segments: segments)
            }
        case .rolling(let order, .real(let span), let closed):
            guard case .real(let times)? = order.times else { return }
            withExtendedLifetime(times) {
                slideTimes(&accumulator, times: times.base, span: span, closed: closed, order: order, segments: segments)
            }
        case .join(let queries, let inputs, .integer(let span), let closed):
            guard case .integer(let left)? = queries.times, case .integer(let right)? = inputs.times else { return }
            withExtendedLifetime((left, right)) {
                slideJoin(&accumulator, left: left.base, right: right.base, span: span, closed: closed,
                          queries: queries, inputs: inputs, segments: segments)
            }
        case .join(let queries, let inputs, .real(let span), let closed):
            guard case .real(let left)? = queries.times, case .real(let right)? = inputs.times else { return }
            withExtendedLifetime((left, right)) {
                slideJoin(&accumulator, left: left.base, right: right.base, span: span, closed: closed,
                          queries: queries, inputs: inputs, segments: segments)
            }
        case .join(_, _, .rows, _):
            return
        }
    }
}

/// Row windows: position q's window is `max(start, q − length + 1)...q`.
@inline(__always) func slideRows<A: SlidingAccumulator>(
    _ accumulator: inout A, order: KeyedTimeOrder, length: Int, segments: Range<Int>
) {
    let rows = order.rows.map { UnsafePointer($0.base) }
    withExtendedLifetime(order.rows) {
        for segment in segments {
            let start = order.offsets[segment]
            let end = order.offsets[segment + 1]
            if start == end { continue }
            accumulator.reset()
            for position in start..<end {
                accumulator.add(position)
                if position - length >= start { accumulator.remove(position - length) }
                if let rows {
                    accumulator.emit(to: Int(rows[position]), rows: min(position - start + 1, length))
                } else {
                    accumulator.emit(to: position, rows: min(position - start + 1, length))
                }
            }
        }
    }
}

/// Time windows of each key: rows with the same time (peers) share one window, which ends after
/// them (`closed` right or both) or before them (left or none).
@inline(__always) func slideTimes<A: SlidingAccumulator, T: WindowTime>(
    _ accumulator: inout A, times: UnsafePointer<T>, span: T, closed: RollingClosed, order: KeyedTimeOrder,
    segments: Range<Int>
) {
    let includesCurrent = closed == .right || closed == .both
    let inclusiveStart = closed == .left || closed == .both
    let rows = order.rows.map { UnsafePointer($0.base) }
    withExtendedLifetime(order.rows) {
        for segment in segments {
            let start = order.offsets[segment]
            let end = order.offsets[segment + 1]
            if start == end { continue }
            accumulator.reset()
            var low = start
            var high = start
            var position = start
            while position < end {
                let time = times[position]
                var peersEnd = position &+ 1
                while peersEnd < end && times[peersEnd] == time { peersEnd &+= 1 }
                let windowEnd = includesCurrent ? peersEnd : position
                while high < windowEnd {
                    accumulator.add(high)
                    high &+= 1
                }
                while low < high && T.isBefore(times[low], windowEndingAt: time, span: span, inclusiveStart: inclusiveStart) {
                    accumulator.remove(low)
                    low &+= 1
                }
                if let rows {
                    for peer in position..<peersEnd { accumulator.emit(to: Int(rows[peer]), rows: high &- low) }
                } else {
                    for peer in position..<peersEnd { accumulator.emit(to: peer, rows: high &- low) }
                }
                position = peersEnd
            }
        }
    }
}

/// Window-join windows: for each query (left) position of a group, the input (right) positions of
/// the same group with time in `[t − span, t]`, each end included or not as `closed` says.
@inline(__always) func slideJoin<A: SlidingAccumulator, T: WindowTime>(
    _ accumulator: inout A, left: UnsafePointer<T>, right: UnsafePointer<T>, span: T, closed: RollingClosed,
    queries: KeyedTimeOrder, inputs: KeyedTimeOrder, segments: Range<Int>
) {
    let includesEnd = closed == .right || closed == .both
    let inclusiveStart = closed == .left || closed == .both
    let rows = queries.rows.map { UnsafePointer($0.base) }
    withExtendedLifetime(queries.rows) {
        for segment in segments {
            let start = queries.offsets[segment]
            let end = queries.offsets[segment + 1]
            if start == end { continue }
            let inputEnd = inputs.offsets[segment + 1]
            accumulator.reset()
            var low = inputs.offsets[segment]
            var high = low
            for position in start..<end {
                let time = left[position]
                while high < inputEnd && (includesEnd ? right[high] <= time : right[high] < time) {
                    accumulator.add(high)
                    high &+= 1
                }
                while low < high && T.isBefore(right[low], windowEndingAt: time, span: span, inclusiveStart: inclusiveStart) {
                    accumulator.remove(low)
                    low &+= 1
                }
                if let rows {
                    accumulator.emit(to: Int(rows[position]), rows: high &- low)
                } else {
                    accumulator.emit(to: position, rows: high &- low)
                }
            }
        }
    }
}

/// Splits segments into at most one part per core, at segment boundaries near equal position
/// counts; small inputs get one part (waking the second core costs more than it saves).
enum SegmentParts {
    /// Positions from which the work is split over cores.
    static let parallelThreshold = 1 << 20

    static func split(_ offsets: [Int], count: Int) -> [Range<Int>] {
        let segments = offsets.count - 1
        if segments <= 0 { return [] }
        let parts = count >= parallelThreshold ? min(ParallelWork.processorCount, segments) : 1
        if parts <= 1 { return [0..<segments] }
        var ranges: [Range<Int>] = []
        var first = 0
        for part in 1..<parts {
            let target = count * part / parts
            var segment = first
            while segment < segments && offsets[segment + 1] <= target { segment += 1 }
            // The part ends after the segment that crosses the target.
            let last = min(segments, segment + 1)
            if last > first {
                ranges.append(first..<last)
                first = last
            }
        }
        if first < segments { ranges.append(first..<segments) }
        return ranges
    }
}
