/// One aggregate over the rows of a group: a function and the expression it reads.
///
/// Semantics (as Polars, which the docs and tests follow): nulls are skipped; the sum of no
/// values is 0 and every other aggregate of no values is null; `std` and `variance` are sample
/// statistics (ddof 1), null for fewer than two values; `median` and `quantile` interpolate
/// linearly; `min`, `max`, `median` and `quantile` ignore NaN (NaN only when nothing else is
/// left), while sums and means propagate it; `first` and `last` return the group's first and last
/// row as they are, null included; `nUnique` counts null as one value.
public struct Aggregation: Sendable, Equatable {
    /// The aggregate functions.
    public enum Function: Sendable, Equatable {
        /// Rows in the group (`count()`); has no input.
        case count
        /// Non-null values (`count(x)`).
        case countValid
        case sum, mean, min, max
        /// Sample standard deviation and variance (ddof 1).
        case std, variance
        case median
        /// The q-quantile, 0 ≤ q ≤ 1, interpolating linearly between the two nearest values.
        case quantile(Double)
        case first, last
        /// Distinct values, null counting as one.
        case nUnique
        /// Pearson correlation of the input with this second expression, over the rows where both
        /// have values (`Correlation.swift`): null for fewer than two such rows.
        case correlation(Expr)

        /// The name the language calls it by.
        public var name: String {
            switch self {
            case .count, .countValid: "count"
            case .sum: "sum"
            case .mean: "mean"
            case .min: "min"
            case .max: "max"
            case .std: "std"
            case .variance: "var"
            case .median: "median"
            case .quantile: "quantile"
            case .first: "first"
            case .last: "last"
            case .nUnique: "n_unique"
            case .correlation: "corr"
            }
        }
    }

    /// What is computed.
    public var function: Function
    /// The expression aggregated, evaluated over the whole frame first; nil only for `count`.
    public var input: Expr?

    /// An aggregate of `input`; `count` ignores the input.
    public init(_ function: Function, _ input: Expr? = nil) {
        self.function = function
        self.input = function == .count ? nil : input
    }

    /// `count()`: rows per group.
    public static let count = Aggregation(.count)

    /// `count(x)`: non-null values.
    public static func count(_ input: Expr) -> Aggregation { Aggregation(.countValid, input) }
    /// `sum(x)`: 0 for a group without values.
    public static func sum(_ input: Expr) -> Aggregation { Aggregation(.sum, input) }
    /// `mean(x)`.
    public static func mean(_ input: Expr) -> Aggregation { Aggregation(.mean, input) }
    /// `min(x)`.
    public static func min(_ input: Expr) -> Aggregation { Aggregation(.min, input) }
    /// `max(x)`.
    public static func max(_ input: Expr) -> Aggregation { Aggregation(.max, input) }
    /// `std(x)`, the sample standard deviation.
    public static func std(_ input: Expr) -> Aggregation { Aggregation(.std, input) }
    /// `var(x)`, the sample variance.
    public static func variance(_ input: Expr) -> Aggregation { Aggregation(.variance, input) }
    /// `median(x)`.
    public static func median(_ input: Expr) -> Aggregation { Aggregation(.median, input) }
    /// `quantile(x, q)`.
    public static func quantile(_ input: Expr, _ q: Double) -> Aggregation { Aggregation(.quantile(q), input) }
    /// `first(x)`: the group's first row, null included.
    public static func first(_ input: Expr) -> Aggregation { Aggregation(.first, input) }
    /// `last(x)`: the group's last row, null included.
    public static func last(_ input: Expr) -> Aggregation { Aggregation(.last, input) }
    /// `n_unique(x)`: distinct values, null counting as one.
    public static func nUnique(_ input: Expr) -> Aggregation { Aggregation(.nUnique, input) }
    /// `corr(x, y)`: the Pearson correlation of two expressions.
    public static func correlation(_ x: Expr, _ y: Expr) -> Aggregation { Aggregation(.correlation(y), x) }

    /// The names of aggregate calls inside expressions: `.call("sum", [x])`, `.call("count", [])`,
    /// `.call("quantile", [x, .literal(q)])`.
    public static let names = [
        "count", "sum", "mean", "min", "max", "std", "var", "median", "quantile", "first", "last", "n_unique", "corr",
    ]

    /// The aggregate an expression call spells, nil when `name` is not an aggregate or has the
    /// arity of some other function (`min(a, b)` with two arguments); malformed arguments throw.
    public init?(call name: String, _ arguments: [Expr]) throws(FrameError) {
        switch (name, arguments.count) {
        case ("count", 0): self.init(.count)
        case ("count", 1): self.init(.countValid, arguments[0])
        case ("sum", 1): self.init(.sum, arguments[0])
        case ("mean", 1): self.init(.mean, arguments[0])
        case ("min", 1): self.init(.min, arguments[0])
        case ("max", 1): self.init(.max, arguments[0])
        case ("std", 1): self.init(.std, arguments[0])
        case ("var", 1): self.init(.variance, arguments[0])
        case ("median", 1): self.init(.median, arguments[0])
        case ("first", 1): self.init(.first, arguments[0])
        case ("last", 1): self.init(.last, arguments[0])
        case ("n_unique", 1): self.init(.nUnique, arguments[0])
        case ("corr", 2): self.init(.correlation(arguments[1]), arguments[0])
        case ("corr", _):
            throw FrameError(.invalidArgument, "corr expects two columns, e.g. corr(.x, .y), found \(arguments.count) arguments")
        case ("quantile", 2):
            let q: Double
            switch arguments[1] {
            case .literal(.float(let value)): q = value
            case .literal(.int(let value)): q = Double(value)
            default:
                throw FrameError(.invalidArgument, "quantile expects q to be a number between 0 and 1")
            }
            guard q >= 0 && q <= 1 else {
                throw FrameError(.invalidArgument, "quantile expects q between 0 and 1, found \(q)")
            }
            self.init(.quantile(q), arguments[0])
        case ("quantile", _):
            throw FrameError(.invalidArgument, "quantile expects a column and q, e.g. quantile(.x, 0.9)")
        case ("count", _), ("sum", _), ("mean", _), ("std", _), ("var", _), ("median", _), ("first", _),
            ("last", _), ("n_unique", _):
            throw FrameError(.invalidArgument, "\(name) expects one column, found \(arguments.count) arguments")
        default:
            return nil
        }
    }

    /// The expression call this aggregate is written as.
    public var expr: Expr {
        let argument = input ?? .literal(.null)
        switch function {
        case .count: return .call("count", [])
        case .quantile(let q): return .call("quantile", [argument, .literal(.float(q))])
        case .correlation(let other): return .call("corr", [argument, other])
        default: return .call(function.name, [argument])
        }
    }

    /// The default output name: the input's name, or "count".
    public var outputName: String { input?.outputName ?? "count" }
}
