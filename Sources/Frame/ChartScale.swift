/// Deterministic arithmetic for placing values on a chart: fractions computed in one fixed order,
/// rounding half away from zero, powers of ten parsed (never `pow`/`log10`, whose last bit may differ
/// between C libraries), and "nice" 1-2-5 tick steps.
///
/// Every position is computed from halves (`v/2 - low/2`) so spans near `Double.greatestFiniteMagnitude`
/// do not overflow to infinity.
enum ChartScale {
    /// Where `value` lies between `low` (0) and `high` (1); 0.5 when the range is empty.
    static func fraction(_ value: Double, low: Double, high: Double) -> Double {
        let span = high * 0.5 - low * 0.5
        if !(span > 0) || !span.isFinite { return 0.5 }
        return (value * 0.5 - low * 0.5) / span
    }

    /// `value` rounded half away from zero and clamped to `0...limit` (NaN gives 0).
    static func index(_ value: Double, limit: Int) -> Int {
        let rounded = value.rounded(.toNearestOrAwayFromZero)
        if !(rounded >= 0) { return 0 }
        if rounded >= Double(max(0, limit)) { return max(0, limit) }
        return Int(rounded)
    }

    /// `numerator / denominator` rounded half away from zero, in integers (denominator > 0).
    static func roundedDivision(_ numerator: Int, _ denominator: Int) -> Int {
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if 2 * remainder.magnitude >= UInt(denominator) { return numerator < 0 ? quotient - 1 : quotient + 1 }
        return quotient
    }

    /// 10^exponent, correctly rounded (parsed from text); 0 or infinity outside the Double range.
    static func powerOfTen(_ exponent: Int) -> Double {
        if exponent > 308 { return .infinity }
        if exponent < -330 { return 0 }
        return Double("1e\(exponent)") ?? (exponent > 0 ? .infinity : 0)
    }

    /// The largest `e` with 10^e <= value, for a positive finite value.
    static func decimalExponent(_ value: Double) -> Int {
        // log10(2) ≈ 0.30103 gives an estimate within one; the loops settle it exactly.
        var exponent = Int((Double(Int(value.exponent)) * 0.301_029_995_663_981_2).rounded(.down))
        var guardCount = 0
        while powerOfTen(exponent + 1) <= value && guardCount < 8 {
            exponent += 1
            guardCount += 1
        }
        while powerOfTen(exponent) > value && guardCount < 16 {
            exponent -= 1
            guardCount += 1
        }
        return exponent
    }

    /// The smallest `low...high` that holds every finite value given, or nil when there is none.
    static func extent(_ groups: [[Double]]) -> (low: Double, high: Double)? {
        var low = Double.infinity
        var high = -Double.infinity
        for group in groups {
            for value in group where value.isFinite {
                if value < low { low = value }
                if value > high { high = value }
            }
        }
        return low <= high ? (low, high) : nil
    }

    /// Widens an empty range (a constant) by 10% of its magnitude on each side, or by 1 around zero,
    /// keeping each side finite.
    static func widened(low: Double, high: Double) -> (low: Double, high: Double) {
        guard low == high else { return (low, high) }
        var margin = low.magnitude * 0.1
        if !(margin > 0) || !margin.isFinite { margin = 1 }
        let newLow = low - margin
        let newHigh = high + margin
        return (newLow.isFinite ? newLow : low, newHigh.isFinite ? newHigh : high)
    }
}

/// A tick step of mantissa × 10^exponent, with mantissa 1, 2 or 5.
struct ChartStep: Equatable {
    var mantissa: Double
    var exponent: Int

    /// The smallest 1-2-5 step at least `span / count`.
    init(span: (low: Double, high: Double), count: Int) {
        let halfSpan = span.high * 0.5 - span.low * 0.5
        let raw = halfSpan / Double(max(1, count)) * 2
        guard raw > 0, raw.isFinite else {
            mantissa = 1
            exponent = 0
            return
        }
        var exponent = ChartScale.decimalExponent(raw)
        let scaled = raw / ChartScale.powerOfTen(exponent)
        var mantissa: Double = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10
        if mantissa == 10 {
            mantissa = 1
            exponent += 1
        }
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// k steps from zero; dividing by an exact power of ten keeps `0.3` from becoming `0.30000000000000004`.
    func value(_ multiple: Double) -> Double {
        if exponent >= 0 { return multiple * mantissa * ChartScale.powerOfTen(exponent) }
        let divisor = ChartScale.powerOfTen(-exponent)
        if divisor.isFinite { return multiple * mantissa / divisor }
        return multiple * mantissa * ChartScale.powerOfTen(exponent)
    }

    /// One step.
    var size: Double { value(1) }

    /// The multiples of the step inside `low...high`, in order, without repeats (at most `limit`).
    func ticks(low: Double, high: Double, limit: Int = 64) -> [Double] {
        let size = self.size
        guard size > 0, size.isFinite else { return [] }
        var first = (low / size).rounded(.up)
        var last = (high / size).rounded(.down)
        guard first.isFinite, last.isFinite else { return [] }
        // The quotient may land one multiple off (0.15 / 0.05 = 2.9999999999999996); settle on values.
        if value(first - 1) >= low { first -= 1 }
        if value(last + 1) <= high { last += 1 }
        guard first <= last else { return [] }
        var ticks: [Double] = []
        var offset = 0.0
        while first + offset <= last && ticks.count < limit {
            let tick = value(first + offset)
            if tick >= low && tick <= high && tick != ticks.last { ticks.append(tick) }
            let next = first + offset + 1
            if next == first + offset { break }
            offset += 1
        }
        return ticks
    }

    /// `low...high` grown outward to multiples of the step, where those stay finite.
    func rounded(low: Double, high: Double) -> (low: Double, high: Double) {
        let size = self.size
        guard size > 0, size.isFinite else { return (low, high) }
        var downMultiple = (low / size).rounded(.down)
        var upMultiple = (high / size).rounded(.up)
        if value(downMultiple) > low { downMultiple -= 1 }
        if value(upMultiple) < high { upMultiple += 1 }
        if value(downMultiple + 1) <= low { downMultiple += 1 }
        if value(upMultiple - 1) >= high { upMultiple -= 1 }
        let down = value(downMultiple)
        let up = value(upMultiple)
        return (down.isFinite && down <= low ? down : low, up.isFinite && up >= high ? up : high)
    }
}

/// A value axis: the range drawn and the tick values labelled on it.
struct ChartValueAxis: Equatable {
    var low: Double
    var high: Double
    var ticks: [Double]
    /// True when no finite data was found (the range is a placeholder).
    var isEmpty: Bool

    /// An axis over the finite values given, widened if constant, grown to nice bounds and ticked
    /// about `tickCount` times.
    init(values: [[Double]], tickCount: Int) {
        guard let extent = ChartScale.extent(values) else {
            self.low = 0
            self.high = 1
            self.ticks = ChartStep(span: (0, 1), count: max(1, tickCount)).ticks(low: 0, high: 1)
            self.isEmpty = true
            return
        }
        let widened = ChartScale.widened(low: extent.low, high: extent.high)
        let step = ChartStep(span: widened, count: max(1, tickCount))
        let bounds = step.rounded(low: widened.low, high: widened.high)
        self.low = bounds.low
        self.high = bounds.high
        let ticks = step.ticks(low: bounds.low, high: bounds.high)
        // A step too large for a Double (ranges near ±1.8e308) leaves only the ends to label.
        self.ticks = ticks.isEmpty ? [bounds.low, bounds.high] : ticks
        self.isEmpty = false
    }

    /// The axis of a panel: every series value at a placeable x position, the finite thresholds and
    /// confidence bounds fit on it.
    init(panel: ChartPanel, x: ChartXAxis, tickCount: Int) {
        if panel.yMin != nil || panel.yMax != nil {
            self.init(values: Self.rangeValues(panel, axis: x), low: panel.yMin, high: panel.yMax, tickCount: tickCount)
            return
        }
        self.init(values: Self.rangeValues(panel, axis: x), tickCount: tickCount)
    }

    /// Every value that should fit on a panel's y axis: series values at placeable x positions,
    /// finite thresholds and confidence bounds.
    static func rangeValues(_ panel: ChartPanel, axis: ChartXAxis) -> [[Double]] {
        let count = axis.count
        var placeable: [Bool] = Array(repeating: true, count: count)
        if case .numbers(let xs) = axis {
            for index in 0..<count { placeable[index] = xs[index].isFinite }
        }
        var groups: [[Double]] = []
        for series in panel.series {
            var values: [Double] = []
            values.reserveCapacity(min(count, series.values.count))
            for index in 0..<min(count, series.values.count) where placeable[index] {
                values.append(series.values[index])
            }
            groups.append(values)
        }
        groups.append([panel.thresholds.finiteLower, panel.thresholds.finiteUpper].compactMap { $0 })
        if let band = panel.confidence {
            var bounds: [Double] = []
            for index in 0..<count where placeable[index] {
                if let pair = band.bounds(at: index) { bounds += [pair.low, pair.high] }
            }
            groups.append(bounds)
        }
        return groups
    }
}
