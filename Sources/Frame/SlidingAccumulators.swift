/// The states that slide over windows whose edges only move forward: a position enters once and
/// leaves once, so each window costs the positions that changed, not its length.
///
/// Every accumulator reads its input through raw pointers in arranged order and writes its result
/// at a frame row through raw pointers: `values` and one validity byte per frame row.
protocol SlidingAccumulator {
    /// Forgets everything (the window is empty and starts afresh).
    mutating func reset()
    /// Position `position` enters the window.
    mutating func add(_ position: Int)
    /// Position `position`, the oldest in the window, leaves it.
    mutating func remove(_ position: Int)
    /// Writes the result for the current window, which holds `rows` positions, at frame row `row`.
    mutating func emit(to row: Int, rows: Int)
}

/// Where results go: one value and one validity byte (1 valid, 0 null) per frame row.
struct SlidingOutput<Value> {
    let values: UnsafeMutablePointer<Value>
    let valid: UnsafeMutablePointer<UInt8>

    @inline(__always) func write(_ value: Value, at row: Int) {
        values[row] = value
        valid[row] = 1
    }

    @inline(__always) func writeNull(at row: Int) {
        valid[row] = 0
    }
}

/// Valid bits of the arranged input; nil pointer means every value is valid.
struct ArrangedValidity {
    let words: UnsafePointer<UInt64>?

    @inline(__always) func isValid(_ position: Int) -> Bool {
        guard let words else { return true }
        return (words[position &>> 6] &>> UInt64(position & 63)) & 1 == 1
    }
}

/// Adds `value` to the compensated sum (`sum`, `error`) exactly (Knuth's TwoSum), so sliding sums
/// do not drift as values come and go.
@inline(__always) func slidingCompensatedAdd(_ sum: inout Double, _ error: inout Double, _ value: Double) {
    let total = sum + value
    let virtualValue = total - sum
    error += (sum - (total - virtualValue)) + (value - virtualValue)
    sum = total
}

/// `count()`: the rows in the window.
struct SlidingRowCount: SlidingAccumulator {
    let output: SlidingOutput<Int64>

    mutating func reset() {}
    mutating func add(_ position: Int) {}
    mutating func remove(_ position: Int) {}
    @inline(__always) mutating func emit(to row: Int, rows: Int) { output.write(Int64(rows), at: row) }
}

/// `count(x)`: the non-null values in the window.
struct SlidingValidCount: SlidingAccumulator {
    let validity: ArrangedValidity
    let output: SlidingOutput<Int64>
    var count = 0

    mutating func reset() { count = 0 }
    @inline(__always) mutating func add(_ position: Int) { if validity.isValid(position) { count &+= 1 } }
    @inline(__always) mutating func remove(_ position: Int) { if validity.isValid(position) { count &-= 1 } }
    @inline(__always) mutating func emit(to row: Int, rows: Int) { output.write(Int64(count), at: row) }
}

/// Sum or mean of floats: a compensated sum of the finite values, with NaN and infinities counted
/// apart so that they leave the window cleanly (a NaN, or +inf with -inf, makes the result NaN).
struct SlidingRealSum: SlidingAccumulator {
    let values: UnsafePointer<Double>
    let validity: ArrangedValidity
    let output: SlidingOutput<Double>
    /// Mean (null for no values) rather than sum (0 for no values).
    let isMean: Bool
    var sum = 0.0
    var error = 0.0
    var count = 0
    var nans = 0
    var positiveInfinities = 0
    var negativeInfinities = 0

    init(values: UnsafePointer<Double>, validity: ArrangedValidity, output: SlidingOutput<Double>, isMean: Bool) {
        self.values = values
        self.validity = validity
        self.output = output
        self.isMean = isMean
    }

    mutating func reset() {
        sum = 0
        error = 0
        count = 0
        nans = 0
        positiveInfinities = 0
        negativeInfinities = 0
    }

    @inline(__always) mutating func add(_ position: Int) { update(position, 1) }
    @inline(__always) mutating func remove(_ position: Int) { update(position, -1) }

    @inline(__always) private mutating func update(_ position: Int, _ sign: Int) {
        guard validity.isValid(position) else { return }
        let value = values[position]
        count &+= sign
        if value.isFinite {
            slidingCompensatedAdd(&sum, &error, sign > 0 ? value : -value)
        } else if value.isNaN {
            nans &+= sign
        } else if value > 0 {
            positiveInfinities &+= sign
        } else {
            negativeInfinities &+= sign
        }
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        var total = sum + error
        if nans > 0 || (positiveInfinities > 0 && negativeInfinities > 0) {
            total = .nan
        } else if positiveInfinities > 0 {
            total = .infinity
        } else if negativeInfinities > 0 {
            total = -.infinity
        }
        if !isMean {
            output.write(total, at: row)
        } else if count == 0 {
            output.writeNull(at: row)
        } else {
            output.write(total / Double(count), at: row)
        }
    }
}

/// Sum or mean of floats known to be all finite: the compensated sum alone, which keeps the state
/// small enough to stay in registers on the hot path.
struct SlidingFiniteRealSum: SlidingAccumulator {
    let values: UnsafePointer<Double>
    let validity: ArrangedValidity
    let output: SlidingOutput<Double>
    let isMean: Bool
    var sum = 0.0
    var error = 0.0
    var count = 0

    init(values: UnsafePointer<Double>, validity: ArrangedValidity, output: SlidingOutput<Double>, isMean: Bool) {
        self.values = values
        self.validity = validity
        self.output = output
        self.isMean = isMean
    }

    mutating func reset() {
        sum = 0
        error = 0
        count = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        count &+= 1
        slidingCompensatedAdd(&sum, &error, values[position])
    }

    @inline(__always) mutating func remove(_ position: Int) {
        guard validity.isValid(position) else { return }
        count &-= 1
        slidingCompensatedAdd(&sum, &error, -values[position])
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        let total = sum + error
        if !isMean {
            output.write(total, at: row)
        } else if count == 0 {
            output.writeNull(at: row)
        } else {
            output.write(total / Double(count), at: row)
        }
    }
}

/// Sum or mean of integers (int, bool as 0/1, duration): an exact 128-bit sum. A sum that does not
/// fit Int64 sets `overflowed`; a mean is the exact sum divided once.
struct SlidingIntegerSum: SlidingAccumulator {
    let values: UnsafePointer<Int64>
    let validity: ArrangedValidity
    let sums: SlidingOutput<Int64>?
    let means: SlidingOutput<Double>?
    var sum: Int128 = 0
    var count = 0
    var overflowed = false

    mutating func reset() {
        sum = 0
        count = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        sum &+= Int128(values[position])
        count &+= 1
    }

    @inline(__always) mutating func remove(_ position: Int) {
        guard validity.isValid(position) else { return }
        sum &-= Int128(values[position])
        count &-= 1
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        if let sums {
            if let exact = Int64(exactly: sum) {
                sums.write(exact, at: row)
            } else {
                overflowed = true
                sums.writeNull(at: row)
            }
        } else if let means {
            if count == 0 {
                means.writeNull(at: row)
            } else {
                means.write(Double(sum) / Double(count), at: row)
            }
        }
    }
}

/// Sample variance or standard deviation (ddof 1): compensated sums of (x − K) and (x − K)², with
/// K the first value after the window last started afresh, so the subtraction cancels little.
/// Any NaN or infinity in the window makes the result NaN; fewer than two values give null.
struct SlidingMoments: SlidingAccumulator {
    let values: UnsafePointer<Double>
    let validity: ArrangedValidity
    let output: SlidingOutput<Double>
    let isStandardDeviation: Bool
    var shift = 0.0
    var hasShift = false
    var first = 0.0
    var firstError = 0.0
    var second = 0.0
    var secondError = 0.0
    var count = 0
    var finiteCount = 0

    init(values: UnsafePointer<Double>, validity: ArrangedValidity, output: SlidingOutput<Double>, isStandardDeviation: Bool) {
        self.values = values
        self.validity = validity
        self.output = output
        self.isStandardDeviation = isStandardDeviation
    }

    mutating func reset() {
        hasShift = false
        shift = 0
        first = 0
        firstError = 0
        second = 0
        secondError = 0
        count = 0
        finiteCount = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        let value = values[position]
        count &+= 1
        guard value.isFinite else { return }
        if !hasShift {
            shift = value
            hasShift = true
        }
        finiteCount &+= 1
        let centred = value - shift
        slidingCompensatedAdd(&first, &firstError, centred)
        slidingCompensatedAdd(&second, &secondError, centred * centred)
    }

    @inline(__always) mutating func remove(_ position: Int) {
        guard validity.isValid(position) else { return }
        let value = values[position]
        count &-= 1
        guard value.isFinite else { return }
        finiteCount &-= 1
        let centred = value - shift
        slidingCompensatedAdd(&first, &firstError, -centred)
        slidingCompensatedAdd(&second, &secondError, -(centred * centred))
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        if count < 2 {
            output.writeNull(at: row)
            return
        }
        if finiteCount < count {
            output.write(.nan, at: row)
            return
        }
        let n = Double(count)
        let s1 = first + firstError
        let s2 = second + secondError
        let variance = max(0, (s2 - s1 * s1 / n) / (n - 1))
        output.write(isStandardDeviation ? variance.squareRoot() : variance, at: row)
    }
}

/// Minimum or maximum of floats by a monotone deque of positions (values increasing from the front
/// for a minimum); NaN is skipped and only given when the window holds nothing else.
struct SlidingRealExtreme: SlidingAccumulator {
    let values: UnsafePointer<Double>
    let validity: ArrangedValidity
    let output: SlidingOutput<Double>
    let isMinimum: Bool
    /// Deque storage, large enough for every position added between two resets.
    let deque: UnsafeMutablePointer<UInt32>
    var head = 0
    var tail = 0
    var nans = 0

    init(values: UnsafePointer<Double>, validity: ArrangedValidity, output: SlidingOutput<Double>, isMinimum: Bool,
         deque: UnsafeMutablePointer<UInt32>) {
        self.values = values
        self.validity = validity
        self.output = output
        self.isMinimum = isMinimum
        self.deque = deque
    }

    mutating func reset() {
        head = 0
        tail = 0
        nans = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        let value = values[position]
        if value.isNaN {
            nans &+= 1
            return
        }
        if isMinimum {
            while tail > head && !(values[Int(deque[tail &- 1])] < value) { tail &-= 1 }
        } else {
            while tail > head && !(values[Int(deque[tail &- 1])] > value) { tail &-= 1 }
        }
        deque[tail] = UInt32(truncatingIfNeeded: position)
        tail &+= 1
    }

    @inline(__always) mutating func remove(_ position: Int) {
        guard validity.isValid(position) else { return }
        if values[position].isNaN {
            nans &-= 1
        } else if head < tail && Int(deque[head]) == position {
            head &+= 1
        }
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        if head < tail {
            output.write(values[Int(deque[head])], at: row)
        } else if nans > 0 {
            output.write(.nan, at: row)
        } else {
            output.writeNull(at: row)
        }
    }
}

/// Minimum or maximum of Int64 values (int, timestamp, duration, bool as 0/1) by a monotone deque.
struct SlidingIntegerExtreme: SlidingAccumulator {
    let values: UnsafePointer<Int64>
    let validity: ArrangedValidity
    let output: SlidingOutput<Int64>
    let isMinimum: Bool
    let deque: UnsafeMutablePointer<UInt32>
    var head = 0
    var tail = 0

    init(values: UnsafePointer<Int64>, validity: ArrangedValidity, output: SlidingOutput<Int64>, isMinimum: Bool,
         deque: UnsafeMutablePointer<UInt32>) {
        self.values = values
        self.validity = validity
        self.output = output
        self.isMinimum = isMinimum
        self.deque = deque
    }

    mutating func reset() {
        head = 0
        tail = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        let value = values[position]
        if isMinimum {
            while tail > head && values[Int(deque[tail &- 1])] >= value { tail &-= 1 }
        } else {
            while tail > head && values[Int(deque[tail &- 1])] <= value { tail &-= 1 }
        }
        deque[tail] = UInt32(truncatingIfNeeded: position)
        tail &+= 1
    }

    @inline(__always) mutating func remove(_ position: Int) {
        if head < tail && Int(deque[head]) == position { head &+= 1 }
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) {
        if head < tail {
            output.write(values[Int(deque[head])], at: row)
        } else {
            output.writeNull(at: row)
        }
    }
}
