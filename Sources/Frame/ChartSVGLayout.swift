/// Where each x position of a chart lands horizontally in an SVG plot, where the
/// reference/analysis divider goes, and which colours a series takes in each period.
struct ChartSVGLayout {
    /// Left and right edges of the plot area in px.
    let left: Double
    let right: Double
    let isCategorical: Bool
    /// The x position of each index; nil when it cannot be placed (a NaN number).
    let positions: [Double?]
    /// The range of finite numeric x positions (nil for categories or when there is none).
    let extent: (low: Double, high: Double)?
    /// Positions before this index are in the reference period.
    let referenceCount: Int
    let hasPeriods: Bool
    /// The divider's x, if one is drawn.
    let divider: Double?

    /// Lines in the analysis period (or everywhere without periods), by series index.
    static let analysisColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#17becf", "#8c564b", "#e377c2"]
    /// Lines in the reference period, by series index: darker, cooler companions of the above.
    static let referenceColors = ["#6a51a3", "#a6611a", "#1b7837", "#3f6b8a", "#543005", "#7b3294"]
    /// Thresholds and alerts.
    static let alertColor = "#d62728"

    /// Inner margin for to-scale positions so the extreme points are not drawn on the axis.
    static let padding = 10.0

    init(spec: ChartSpec, left: Double, right: Double) {
        self.left = left
        self.right = right
        let count = spec.x.count
        hasPeriods = spec.periods != nil
        referenceCount = min(max(spec.periods?.referenceCount ?? count, 0), count)
        let split = hasPeriods && referenceCount > 0 && referenceCount < count
        let width = right - left
        switch spec.x {
        case .categories:
            isCategorical = true
            extent = nil
            let slot = width / Double(max(1, count))
            positions = (0..<count).map { left + (Double($0) + 0.5) * slot }
            divider = split ? left + Double(referenceCount) * slot : nil
        case .numbers(let values):
            isCategorical = false
            (positions, extent) = Self.scaled(values, left: left, width: width)
            divider = split ? Self.between(positions, referenceCount) : nil
        case .timestamps(let values):
            isCategorical = false
            (positions, extent) = Self.scaled(values.map { Double($0) }, left: left, width: width)
            divider = split ? Self.between(positions, referenceCount) : nil
        }
    }

    static func scaled(_ values: [Double], left: Double, width: Double) -> ([Double?], (low: Double, high: Double)?) {
        let extent = ChartScale.extent([values])
        let inner = max(0, width - 2 * padding)
        let positions: [Double?] = values.map { value in
            guard value.isFinite, let extent else { return nil }
            return left + padding + ChartScale.fraction(value, low: extent.low, high: extent.high) * inner
        }
        return (positions, extent)
    }

    static func between(_ positions: [Double?], _ referenceCount: Int) -> Double? {
        guard referenceCount > 0, referenceCount < positions.count,
            let last = positions[referenceCount - 1], let first = positions[referenceCount]
        else { return nil }
        return (last + first) * 0.5
    }

    /// The x of a tick's data coordinate (an index for categories, a value otherwise).
    func x(of position: Double) -> Double {
        if isCategorical {
            guard position >= 0, position < Double(positions.count), let x = positions[Int(position)] else { return left }
            return x
        }
        guard let extent else { return left }
        let inner = max(0, right - left - 2 * Self.padding)
        return left + Self.padding + ChartScale.fraction(position, low: extent.low, high: extent.high) * inner
    }

    /// The period of an x position: 0 reference, 1 analysis (everything is analysis without periods).
    func period(of index: Int) -> Int {
        hasPeriods && index < referenceCount ? 0 : 1
    }

    /// The colour of series `series` at x position `index`.
    func color(series: Int, index: Int) -> String {
        period(of: index) == 0
            ? Self.referenceColors[series % Self.referenceColors.count]
            : Self.analysisColors[series % Self.analysisColors.count]
    }
}
