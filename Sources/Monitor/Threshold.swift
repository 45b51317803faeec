/// How a metric's alert thresholds are set from its values on the reference chunks.
public enum Threshold: Sendable, Equatable {
    /// NannyML's StandardDeviationThreshold: mean ∓ multiplier × population standard deviation of
    /// the reference-chunk values (NaN values ignored); a nil multiplier means no threshold on
    /// that side.
    case standardDeviation(lowerMultiplier: Double?, upperMultiplier: Double?)
    /// NannyML's ConstantThreshold: fixed bounds, nil meaning none.
    case constant(lower: Double?, upper: Double?)

    /// Three standard deviations on both sides: the default of every performance metric.
    public static let standard = Threshold.standardDeviation(lowerMultiplier: 3, upperMultiplier: 3)
    /// Three standard deviations above, nothing below: the default of every drift method.
    public static let upperOnly = Threshold.standardDeviation(lowerMultiplier: nil, upperMultiplier: 3)

    /// Checks the arguments: multipliers must be finite and not negative, constant bounds ordered.
    public func validate(for metric: String) throws(MonitorError) {
        switch self {
        case .standardDeviation(let lower, let upper):
            for multiplier in [lower, upper] {
                if let multiplier, !(multiplier >= 0 && multiplier.isFinite) {
                    throw MonitorError(
                        .invalidArgument, "threshold multiplier for '\(metric)' must be 0 or more, found \(multiplier)")
                }
            }
        case .constant(let lower, let upper):
            if let lower, let upper, !(lower < upper) {
                throw MonitorError(
                    .invalidArgument,
                    "lower threshold \(lower) for '\(metric)' must be less than upper threshold \(upper)")
            }
            for bound in [lower, upper] {
                if let bound, bound.isNaN {
                    throw MonitorError(.invalidArgument, "a threshold for '\(metric)' is NaN")
                }
            }
        }
    }

    /// The thresholds from `referenceValues`, then clipped to `limits`.
    ///
    /// NannyML clipping: a lower threshold at or below the lower limit becomes the limit (or none,
    /// with `limits.replaceWithNone`), and likewise above. A threshold that comes out NaN (every
    /// reference value NaN) is no threshold.
    public func bounds(fittedOn referenceValues: [Double], limits: ValueLimits) -> ThresholdBounds {
        var lower: Double?
        var upper: Double?
        switch self {
        case .constant(let low, let high):
            lower = low
            upper = high
        case .standardDeviation(let lowMultiplier, let highMultiplier):
            let valid = referenceValues.filter { !$0.isNaN }
            let mean = NumPySum.mean(valid)
            let deviation = NumPySum.standardDeviation(valid)
            lower = lowMultiplier.map { mean - deviation * $0 }
            upper = highMultiplier.map { mean + deviation * $0 }
        }
        if let value = lower, let limit = limits.lower, value <= limit {
            lower = limits.replaceWithNone ? nil : limit
        }
        if let value = upper, let limit = limits.upper, value >= limit {
            upper = limits.replaceWithNone ? nil : limit
        }
        if let value = lower, value.isNaN { lower = nil }
        if let value = upper, value.isNaN { upper = nil }
        return ThresholdBounds(lower: lower, upper: upper)
    }
}

/// The range a metric's values can take, which thresholds and confidence bounds are clipped to.
public struct ValueLimits: Sendable, Equatable {
    /// The smallest possible value, if any.
    public var lower: Double?
    /// The largest possible value, if any.
    public var upper: Double?
    /// Replace an out-of-range threshold with none instead of the limit (NannyML's data
    /// reconstruction drift does this).
    public var replaceWithNone: Bool

    /// Limits `lower...upper`, either side optional.
    public init(lower: Double?, upper: Double?, replaceWithNone: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.replaceWithNone = replaceWithNone
    }

    /// Probabilities and rates: [0, 1].
    public static let unitInterval = ValueLimits(lower: 0, upper: 1)
    /// Distances, errors and counts: [0, ∞).
    public static let nonNegative = ValueLimits(lower: 0, upper: nil)

    /// The confidence band value ± 3 × samplingError, clipped to these limits (NannyML's
    /// SAMPLING_ERROR_RANGE = 3).
    func confidenceBand(_ value: Double, _ samplingError: Double) -> (lower: Double, upper: Double) {
        var low = value - 3 * samplingError
        var high = value + 3 * samplingError
        if let limit = lower, low < limit { low = limit }
        if let limit = upper, high > limit { high = limit }
        return (low, high)
    }
}

/// Fitted lower and upper thresholds, either optional.
public struct ThresholdBounds: Sendable, Equatable {
    /// Values below this alert; nil means no lower threshold.
    public var lower: Double?
    /// Values above this alert; nil means no upper threshold.
    public var upper: Double?

    /// Bounds `lower` and `upper`.
    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// NannyML's usual alert rule, with strict inequalities: a value exactly on a threshold does not
    /// alert. Nil for a NaN value (no value, no verdict).
    public func alert(_ value: Double) -> Bool? {
        if value.isNaN { return nil }
        if let lower, value < lower { return true }
        if let upper, value > upper { return true }
        return false
    }
}
