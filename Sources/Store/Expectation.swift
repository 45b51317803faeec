import Frame

/// One data-quality rule attached to a feature group, checked on every insert before anything is
/// written (research/feature-store-asof.md, section C).
///
/// Row checks (`notNull`, `between`, `inSet`, `unique`, `matches`) ask a yes/no question per row;
/// except for `notNull` they ignore nulls, so an empty or all-null column passes. Batch checks
/// (`rowCountBetween`, `meanBetween`, `maxNullFraction`) compare one observed value with bounds.
/// Bounds are inclusive unless marked strict; a nil bound is open on that side.
public enum FeatureExpectation: Sendable, Equatable {
    /// No value of the column is null (NaN counts as null).
    case notNull(String)
    /// Every value lies within the bounds (numbers, timestamps, durations); at least one bound.
    case between(String, min: Scalar?, max: Scalar?, strictMin: Bool = false, strictMax: Bool = false)
    /// Every value is one of `values`.
    case inSet(String, [Scalar])
    /// No combination of the columns' values occurs twice (every occurrence of a repeat is unexpected).
    case unique([String])
    /// Every string contains a match of the POSIX extended regular expression (anchor with ^…$).
    case matches(String, pattern: String)
    /// The batch has between `min` and `max` rows.
    case rowCountBetween(min: Int?, max: Int?)
    /// The mean of the column's non-null values lies within the bounds (fails when there are none).
    case meanBetween(String, min: Double?, max: Double?)
    /// At most this fraction (0…1) of the column's values are null.
    case maxNullFraction(String, Double)

    /// The expectation's type name, as the language spells it.
    public var kindName: String {
        switch self {
        case .notNull: "not_null"
        case .between: "between"
        case .inSet: "in_set"
        case .unique: "unique"
        case .matches: "matches"
        case .rowCountBetween: "row_count_between"
        case .meanBetween: "mean_between"
        case .maxNullFraction: "max_null_fraction"
        }
    }

    /// The columns it reads, in order.
    public var columns: [String] {
        switch self {
        case .notNull(let column), .between(let column, _, _, _, _), .inSet(let column, _), .matches(let column, _),
            .meanBetween(let column, _, _), .maxNullFraction(let column, _):
            [column]
        case .unique(let columns): columns
        case .rowCountBetween: []
        }
    }

    /// True for the checks that judge single rows (a lenient insert quarantines the rows they reject).
    public var judgesRows: Bool {
        switch self {
        case .notNull, .between, .inSet, .unique, .matches: true
        case .rowCountBetween, .meanBetween, .maxNullFraction: false
        }
    }

    /// A one-line rendering such as `between(.pace, 2, 9)`, used in reports and messages.
    public var summary: String {
        let reference = columns.map(columnReference).joined(separator: ", ")
        switch self {
        case .notNull, .unique: return "\(kindName)(\(reference))"
        case .between(_, let min, let max, let strictMin, let strictMax):
            var parts = [reference, "min: \(Self.text(min))", "max: \(Self.text(max))"]
            if strictMin { parts.append("strict_min: true") }
            if strictMax { parts.append("strict_max: true") }
            return "between(\(parts.joined(separator: ", ")))"
        case .inSet(_, let values):
            return "in_set(\(reference), [\(values.map { Self.text($0) }.joined(separator: ", "))])"
        case .matches(_, let pattern):
            return "matches(\(reference), \"\(pattern)\")"
        case .rowCountBetween(let min, let max):
            return "row_count_between(min: \(min.map(String.init) ?? "none"), max: \(max.map(String.init) ?? "none"))"
        case .meanBetween(_, let min, let max):
            return "mean_between(\(reference), min: \(min.map(NumberFormatting.shortest) ?? "none"), max: \(max.map(NumberFormatting.shortest) ?? "none"))"
        case .maxNullFraction(_, let fraction):
            return "max_null_fraction(\(reference), \(NumberFormatting.shortest(fraction)))"
        }
    }

    /// A value as reports print it.
    static func text(_ value: Scalar?) -> String {
        guard let value else { return "none" }
        return ValueText.render(value)
    }

    /// Checks the expectation's own arguments (not the data): bounds present and ordered, a
    /// fraction within 0…1, a pattern that compiles, valid column names.
    func checkArguments() throws(StoreError) {
        for column in columns { try StoreNames.checkColumn(column, "expectation \(kindName)") }
        switch self {
        case .notNull, .inSet: break
        case .unique(let columns):
            if columns.isEmpty { throw StoreError(.invalidArgument, "expectation unique needs at least one column") }
        case .between(_, let min, let max, _, _):
            if (min == nil || min == .null) && (max == nil || max == .null) {
                throw StoreError(.invalidArgument, "expectation \(summary) needs a min or a max")
            }
            for bound in [min, max] {
                guard let bound, bound != .null else { continue }
                switch bound {
                case .int, .float, .timestamp, .duration: break
                default:
                    throw StoreError(.invalidArgument, "expectation \(summary): bounds must be numbers, timestamps or durations")
                }
            }
            if let low = min, let high = max, let order = ValueOrder.compare(low, high), order > 0 {
                throw StoreError(.invalidArgument, "expectation \(summary): min is greater than max")
            }
        case .matches(_, let pattern):
            _ = try RegexMatcher(pattern: pattern, context: "expectation \(summary)")
        case .rowCountBetween(let min, let max):
            if min == nil && max == nil { throw StoreError(.invalidArgument, "expectation \(summary) needs a min or a max") }
            if let min, let max, min > max { throw StoreError(.invalidArgument, "expectation \(summary): min is greater than max") }
            if let min, min < 0 { throw StoreError(.invalidArgument, "expectation \(summary): min must not be negative") }
        case .meanBetween(_, let min, let max):
            if min == nil && max == nil { throw StoreError(.invalidArgument, "expectation \(summary) needs a min or a max") }
            if let min, let max, min > max { throw StoreError(.invalidArgument, "expectation \(summary): min is greater than max") }
            if min?.isNaN == true || max?.isNaN == true {
                throw StoreError(.invalidArgument, "expectation \(summary): bounds must be numbers")
            }
        case .maxNullFraction(_, let fraction):
            if !(fraction >= 0 && fraction <= 1) {
                throw StoreError(.invalidArgument, "expectation \(summary): the fraction must lie within 0…1")
            }
        }
    }
}

/// What an insert does when expectations fail.
public enum ValidationPolicy: String, Sendable, Equatable, CaseIterable {
    /// Any failed expectation rejects the whole batch: nothing is written, the report is stored.
    case strict
    /// Rows that fail a row check go to the group's reject table with the reason; the others are
    /// written. Failed batch checks are reported but do not stop the write.
    case lenient
}

/// Ordering of boxed values for bounds: numbers with numbers, and like temporal types.
enum ValueOrder {
    /// -1, 0 or 1; nil when the values cannot be compared.
    static func compare(_ a: Scalar, _ b: Scalar) -> Int? {
        switch (a, b) {
        case (.timestamp(let x), .timestamp(let y)), (.duration(let x), .duration(let y)), (.int(let x), .int(let y)):
            return x < y ? -1 : (x > y ? 1 : 0)
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }
}

/// How reports and messages print one value.
enum ValueText {
    /// Numbers in their shortest form, strings quoted, timestamps as ISO 8601, durations as `1d 2h`.
    static func render(_ value: Scalar) -> String {
        switch value {
        case .null: "null"
        case .int(let v): String(v)
        case .float(let v): NumberFormatting.shortest(v)
        case .bool(let v): v ? "true" : "false"
        case .string(let v): "\"\(v)\""
        case .timestamp(let v): NumberFormatting.timestamp(v)
        case .duration(let v): NumberFormatting.duration(v)
        }
    }
}
