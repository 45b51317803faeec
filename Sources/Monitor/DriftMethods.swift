/// A drift method for continuous columns (NannyML's keys as raw values).
public enum ContinuousDriftMethod: String, Sendable, Equatable, CaseIterable {
    /// The two-sample Kolmogorov-Smirnov statistic (not its p-value).
    case kolmogorovSmirnov = "kolmogorov_smirnov"
    /// Jensen-Shannon distance (base 2) between Doane-binned histograms.
    case jensenShannon = "jensen_shannon"
    /// Earth mover's distance in the column's own units.
    case wasserstein
    /// Hellinger distance between Doane-binned histograms.
    case hellinger

    /// The range the statistic can take, which its thresholds are clipped to.
    var limits: ValueLimits {
        self == .kolmogorovSmirnov ? .unitInterval : .nonNegative
    }
}

/// A drift method for categorical columns (NannyML's keys as raw values).
public enum CategoricalDriftMethod: String, Sendable, Equatable, CaseIterable {
    /// Chi-squared statistic of the reference counts against the chunk counts; alerts on p < 0.05.
    case chi2
    /// Jensen-Shannon distance (base 2) between category shares.
    case jensenShannon = "jensen_shannon"
    /// The largest difference in any category's share.
    case lInfinity = "l_infinity"
    /// Hellinger distance between category shares.
    case hellinger

    /// The range the statistic can take, which its thresholds are clipped to.
    var limits: ValueLimits {
        self == .chi2 ? .unitInterval : .nonNegative
    }
}

/// How Kolmogorov-Smirnov and Wasserstein compare distributions.
///
/// NannyML surprise: with `automatic` (its default) both switch silently from the exact
/// computation to a 10,000-bin approximation once the reference has 10,000 rows or more.
/// NannyML 0.13.1 also ignores the documented way of choosing (a nested `computation_params`
/// entry); here the choice is explicit.
public enum CDFComputation: String, Sendable, Equatable, CaseIterable {
    /// Exact below 10,000 reference rows, binned from there on (NannyML's `auto`).
    case automatic
    /// Always exact (scipy's `ks_2samp` statistic and `wasserstein_distance`).
    case exact
    /// Always binned (NannyML's `estimated`).
    case binned

    /// Whether a reference of `count` rows uses the binned path.
    func isBinned(referenceCount count: Int) -> Bool {
        switch self {
        case .automatic: return count >= 10_000
        case .exact: return false
        case .binned: return true
        }
    }
}

/// How the columns of a drift calculation are typed.
///
/// NannyML types int and float columns as continuous and bool and string columns as categorical;
/// an integer label such as `y_pred` must be forced categorical. Output order follows NannyML:
/// auto-typed continuous columns sorted by name, then forced-continuous ones, then auto-typed
/// categorical columns sorted by name, then forced-categorical ones (forced columns in the order
/// given, where NannyML uses Python set order).
enum DriftColumnKind: Sendable, Equatable {
    case continuous, categorical
}
