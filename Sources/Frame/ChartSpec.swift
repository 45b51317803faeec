/// A chart as pure data: a title, panels stacked vertically that share one x axis, and an optional
/// split of the x positions into a reference and an analysis period (the shape of a monitoring plot).
///
/// Renderers (`TextChart`, `SVGChart`) never fail: a value missing for an x position is a gap, extra
/// values are ignored. `validate()` reports such mismatches for callers that want them as errors.
public struct ChartSpec: Sendable, Equatable {
    /// Printed above the chart; may be empty.
    public var title: String
    /// The shared x positions; every series, band and alert index refers to these.
    public var x: ChartXAxis
    /// Names the x axis under its tick labels; empty for none.
    public var xLabel: String
    /// Panels from top to bottom.
    public var panels: [ChartPanel]
    /// The reference/analysis split, drawn as a divider with two labels; nil for none.
    public var periods: ChartPeriods?

    /// Creates a chart from its parts.
    public init(
        title: String = "", x: ChartXAxis, xLabel: String = "", panels: [ChartPanel], periods: ChartPeriods? = nil
    ) {
        self.title = title
        self.x = x
        self.xLabel = xLabel
        self.panels = panels
        self.periods = periods
    }

    /// A plain chart of one or more series over one x axis in a single panel (e.g. actual vs predicted
    /// over time).
    public static func lines(
        title: String = "", x: ChartXAxis, series: [ChartSeries], yLabel: String = "", xLabel: String = ""
    ) -> ChartSpec {
        ChartSpec(title: title, x: x, xLabel: xLabel, panels: [ChartPanel(yLabel: yLabel, series: series)])
    }
}

/// The x positions of a chart: category keys placed evenly in order, or numbers/timestamps placed to scale.
public enum ChartXAxis: Sendable, Equatable {
    /// Evenly spaced slots labelled by these keys (chunk keys such as `[0:4999]` or `2019-01`).
    case categories([String])
    /// Positions to scale; NaN marks a position that cannot be placed (its values are not drawn).
    case numbers([Double])
    /// Microseconds since 1970-01-01 UTC, placed to scale and labelled as dates or times.
    case timestamps([Int64])

    /// The number of x positions.
    public var count: Int {
        switch self {
        case .categories(let keys): keys.count
        case .numbers(let values): values.count
        case .timestamps(let values): values.count
        }
    }

    /// Two axes are equal when their positions are, NaN matching NaN.
    public static func == (lhs: ChartXAxis, rhs: ChartXAxis) -> Bool {
        switch (lhs, rhs) {
        case (.categories(let a), .categories(let b)): a == b
        case (.numbers(let a), .numbers(let b)): ChartEquality.same(a, b)
        case (.timestamps(let a), .timestamps(let b)): a == b
        default: false
        }
    }
}

/// One panel: a y label, the series drawn in it, and the monitoring decorations (thresholds,
/// confidence band, alerts) that belong to its metric.
public struct ChartPanel: Sendable, Equatable {
    /// Names the panel's metric; printed above it.
    public var yLabel: String
    /// Series in drawing order (later ones are drawn over earlier ones).
    public var series: [ChartSeries]
    /// Horizontal threshold lines; either side may be absent.
    public var thresholds: ChartThresholds
    /// A shaded band per x position (e.g. value ± 3 sampling errors); nil for none.
    public var confidence: ChartBand?
    /// Indices into the x axis where the metric raised an alert.
    public var alerts: [Int]
    /// The bottom of the y axis, when fixed (nil: from the data); values below it are not drawn.
    public var yMin: Double?
    /// The top of the y axis, when fixed (nil: from the data); values above it are not drawn.
    public var yMax: Double?

    /// Creates a panel; decorations default to none and the y range to the data's.
    public init(
        yLabel: String = "", series: [ChartSeries], thresholds: ChartThresholds = .none,
        confidence: ChartBand? = nil, alerts: [Int] = [], yMin: Double? = nil, yMax: Double? = nil
    ) {
        self.yLabel = yLabel
        self.series = series
        self.thresholds = thresholds
        self.confidence = confidence
        self.alerts = alerts
        self.yMin = yMin
        self.yMax = yMax
    }
}

/// A named sequence of values, one per x position; NaN or infinity is a gap in the line.
public struct ChartSeries: Sendable, Equatable {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// A line through the points.
        case line
        /// A line with a marker at every point (the usual monitoring look).
        case lineWithMarkers
        /// Markers only (a scatter).
        case points
    }

    /// Shown in the legend.
    public var name: String
    /// One value per x position; NaN marks a gap.
    public var values: [Double]
    /// Line, line with markers, or points.
    public var style: Style

    /// Creates a series from values with NaN for gaps.
    public init(name: String, values: [Double], style: Style = .line) {
        self.name = name
        self.values = values
        self.style = style
    }

    /// Creates a series from optional values; nil becomes a gap.
    public init(name: String, optionalValues: [Double?], style: Style = .line) {
        self.init(name: name, values: optionalValues.map { $0 ?? .nan }, style: style)
    }

    /// Two series are equal when names, styles and values are, NaN matching NaN.
    public static func == (lhs: ChartSeries, rhs: ChartSeries) -> Bool {
        lhs.name == rhs.name && lhs.style == rhs.style && ChartEquality.same(lhs.values, rhs.values)
    }
}

/// Lower and upper threshold lines of a panel; a nil or non-finite side is not drawn.
public struct ChartThresholds: Sendable, Equatable {
    /// Values below this raise alerts.
    public var lower: Double?
    /// Values above this raise alerts.
    public var upper: Double?

    /// No thresholds.
    public static let none = ChartThresholds(lower: nil, upper: nil)

    /// Creates thresholds; either side may be nil.
    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// True when neither side will be drawn.
    public var isEmpty: Bool { finiteLower == nil && finiteUpper == nil }

    /// The lower side when it is a finite number.
    var finiteLower: Double? { lower.flatMap { $0.isFinite ? $0 : nil } }
    /// The upper side when it is a finite number.
    var finiteUpper: Double? { upper.flatMap { $0.isFinite ? $0 : nil } }

    /// Equal when both sides are, NaN matching NaN.
    public static func == (lhs: ChartThresholds, rhs: ChartThresholds) -> Bool {
        ChartEquality.same(lhs.lower, rhs.lower) && ChartEquality.same(lhs.upper, rhs.upper)
    }
}

/// A band given by a lower and an upper bound per x position; a position with a non-finite bound has
/// no band.
public struct ChartBand: Sendable, Equatable {
    /// Lower bounds, one per x position.
    public var lower: [Double]
    /// Upper bounds, one per x position.
    public var upper: [Double]

    /// Creates a band from its bounds.
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }

    /// The band at `index` as (low, high), or nil when either bound is missing or not finite.
    func bounds(at index: Int) -> (low: Double, high: Double)? {
        guard index >= 0, index < lower.count, index < upper.count else { return nil }
        let a = lower[index]
        let b = upper[index]
        guard a.isFinite, b.isFinite else { return nil }
        return a <= b ? (a, b) : (b, a)
    }

    /// Equal when both bounds are, NaN matching NaN.
    public static func == (lhs: ChartBand, rhs: ChartBand) -> Bool {
        ChartEquality.same(lhs.lower, rhs.lower) && ChartEquality.same(lhs.upper, rhs.upper)
    }
}

/// Splits the x positions into a reference period (the first `referenceCount`) and an analysis period
/// (the rest), as NannyML's charts do.
public struct ChartPeriods: Sendable, Equatable {
    /// How many leading x positions belong to the reference period.
    public var referenceCount: Int
    /// Label over the reference part.
    public var referenceLabel: String
    /// Label over the analysis part.
    public var analysisLabel: String

    /// Creates a split after `referenceCount` positions.
    public init(referenceCount: Int, referenceLabel: String = "reference", analysisLabel: String = "analysis") {
        self.referenceCount = referenceCount
        self.referenceLabel = referenceLabel
        self.analysisLabel = analysisLabel
    }
}

/// Equality of Double data where NaN (a gap) equals NaN, so a spec equals itself.
enum ChartEquality {
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where !same(a[index], b[index]) { return false }
        return true
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN)
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): same(x, y)
        default: false
        }
    }
}
