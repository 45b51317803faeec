/// One labelled position on a chart's x axis.
struct ChartTick: Equatable {
    /// Where the tick is, in data coordinates: the index for categories, the value for numbers,
    /// microseconds for timestamps.
    var position: Double
    /// The text under the tick.
    var label: String
}

/// Chooses x-axis ticks: candidate sets are tried from dense to sparse and the first whose labels
/// fit (as judged by the renderer, which knows its own units) wins.
enum ChartXTicks {
    /// The densest candidate tick set that `fits` accepts; falls back to the first position alone.
    ///
    /// `extent` is the range of finite x positions, used for numbers; labels are cut to
    /// `labelLimit` columns; sets of more than `maxCount` ticks are not even built.
    static func choose(
        for axis: ChartXAxis, extent: (low: Double, high: Double)?, labelLimit: Int, maxCount: Int = 100,
        fits: ([ChartTick]) -> Bool
    ) -> [ChartTick] {
        var fallback: [ChartTick] = []
        func accept(_ ticks: [ChartTick]) -> Bool {
            if ticks.isEmpty { return false }
            if fallback.isEmpty { fallback = [ticks[0]] }
            return fits(ticks)
        }
        switch axis {
        case .categories(let keys):
            if keys.isEmpty { return [] }
            // Start at the first stride that could fit: a million keys need not be tried one by one.
            var stride = 1
            while keys.count / stride > max(1, maxCount) { stride = nextStride(after: stride) }
            while stride <= keys.count {
                var ticks: [ChartTick] = []
                var index = 0
                while index < keys.count {
                    let label = TextWidth.truncate(TextWidth.escapingControls(keys[index]), to: labelLimit)
                    ticks.append(ChartTick(position: Double(index), label: label))
                    index += stride
                }
                if accept(ticks) { return ticks }
                stride = nextStride(after: stride)
            }
        case .numbers:
            guard let extent else { return [] }
            if extent.low == extent.high {
                return [ChartTick(position: extent.low, label: NumberFormatting.table(extent.low))]
            }
            var previous: ChartStep? = nil
            for count in stride(from: 12, through: 1, by: -1) {
                let step = ChartStep(span: extent, count: count)
                if step == previous { continue }
                previous = step
                let ticks = step.ticks(low: extent.low, high: extent.high).map {
                    ChartTick(position: $0, label: TextWidth.truncate(NumberFormatting.table($0), to: labelLimit))
                }
                if accept(ticks) { return ticks }
            }
            let ends = [extent.low, extent.high].map {
                ChartTick(position: $0, label: TextWidth.truncate(NumberFormatting.table($0), to: labelLimit))
            }
            if accept(ends) { return ends }
        case .timestamps(let values):
            guard let low = values.min(), let high = values.max() else { return [] }
            if low == high {
                return [ChartTick(position: Double(low), label: NumberFormatting.timestamp(low))]
            }
            for candidate in ChartTimeStep.candidates(low: low, high: high)
            where candidate.approximateCount(span: Double(high) - Double(low)) <= Double(max(1, maxCount)) {
                let ticks = candidate.ticks(low: low, high: high).map {
                    ChartTick(position: Double($0), label: TextWidth.truncate(candidate.label($0), to: labelLimit))
                }
                if accept(ticks) { return ticks }
            }
        }
        return fallback
    }

    /// Strides 1, 2, 5, 10, 20, 50, … so labelled categories stay evenly spaced.
    static func nextStride(after stride: Int) -> Int {
        var power = 1
        while power * 10 <= stride { power *= 10 }
        let lead = stride / power
        if lead < 2 { return 2 * power }
        if lead < 5 { return 5 * power }
        return 10 * power
    }
}

/// A step between timestamp ticks: a fixed duration, a number of calendar months or years, or a
/// 1-2-5 number of microseconds for spans under a second.
enum ChartTimeStep {
    case micros(ChartStep)
    case fixed(Int64, TimestampStyle)
    case months(Int64)
    case years(Int64)

    static let second: Int64 = 1_000_000
    static let day: Int64 = 86_400_000_000

    /// Steps from fine to coarse that give at most about a hundred ticks over `low...high`.
    static func candidates(low: Int64, high: Int64) -> [ChartTimeStep] {
        let span = Double(high) - Double(low)
        var all: [ChartTimeStep] = []
        if span < Double(second) {
            var previous: ChartStep? = nil
            for count in stride(from: 12, through: 1, by: -1) {
                var step = ChartStep(span: (0, span), count: count)
                if step.exponent < 0 { step = ChartStep(span: (0, 1), count: 1) }
                if step == previous { continue }
                previous = step
                all.append(.micros(step))
            }
        }
        let seconds: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200]
        for count in seconds { all.append(.fixed(count * second, .seconds)) }
        for count: Int64 in [1, 2, 7, 14] { all.append(.fixed(count * day, .date)) }
        for count: Int64 in [1, 2, 3, 6] { all.append(.months(count)) }
        var years: Int64 = 1
        while years <= 100_000 {
            for lead: Int64 in [1, 2, 5] { all.append(.years(lead * years)) }
            years *= 10
        }
        return all.filter { $0.approximateCount(span: span) <= 100 }
    }

    /// About how many ticks the step puts over `span` microseconds.
    func approximateCount(span: Double) -> Double {
        switch self {
        case .micros(let step): return span / step.size
        case .fixed(let size, _): return span / Double(size)
        case .months(let count): return span / (Double(count) * 28 * Double(ChartTimeStep.day))
        case .years(let count): return span / (Double(count) * 365 * Double(ChartTimeStep.day))
        }
    }

    /// The tick times inside `low...high`, in order.
    func ticks(low: Int64, high: Int64) -> [Int64] {
        var ticks: [Int64] = []
        switch self {
        case .micros(let step):
            let size = max(1, Int64(step.size))
            Self.appendMultiples(of: size, offset: 0, low: low, high: high, to: &ticks)
        case .fixed(let size, _):
            // Weeks start on Monday: 1970-01-05 is day 4.
            let offset = size == 7 * Self.day || size == 14 * Self.day ? 4 * Self.day : 0
            Self.appendMultiples(of: size, offset: offset, low: low, high: high, to: &ticks)
        case .months(let count):
            let start = CivilTime.date(days: CivilTime.split(low).days)
            var year = start.year
            var month = start.month
            while ticks.count < 200 {
                if (month - 1) % count == 0 {
                    let days = CivilTime.days(year: year, month: month, day: 1)
                    let (tick, overflow) = days.multipliedReportingOverflow(by: Self.day)
                    if overflow && days > 0 || !overflow && tick > high { break }
                    if !overflow && tick >= low { ticks.append(tick) }
                }
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        case .years(let count):
            let startYear = CivilTime.date(days: CivilTime.split(low).days).year
            var year = startYear - ((startYear % count) + count) % count
            while ticks.count < 200 {
                let days = CivilTime.days(year: year, month: 1, day: 1)
                let (product, overflow) = days.multipliedReportingOverflow(by: Self.day)
                if overflow && days > 0 || !overflow && product > high { break }
                if !overflow && product >= low { ticks.append(product) }
                year += count
            }
        }
        return ticks
    }

    /// The label of a tick: a year, a year-month, a date, or a date and time.
    func label(_ tick: Int64) -> String {
        switch self {
        case .micros: return NumberFormatting.timestamp(tick, style: .microseconds)
        case .fixed(_, let style): return NumberFormatting.timestamp(tick, style: style)
        case .months:
            let date = NumberFormatting.timestamp(tick, style: .date)
            return String(date.dropLast(3))
        case .years: return String(CivilTime.date(days: CivilTime.split(tick).days).year)
        }
    }

    /// Appends every `offset + k·size` inside `low...high` (at most 200), stopping before any overflow.
    static func appendMultiples(of size: Int64, offset: Int64, low: Int64, high: Int64, to ticks: inout [Int64]) {
        let (shifted, shiftOverflow) = low.subtractingReportingOverflow(offset)
        if shiftOverflow { return }
        var quotient = shifted / size
        if shifted % size > 0 { quotient += 1 }
        let (product, productOverflow) = quotient.multipliedReportingOverflow(by: size)
        if productOverflow { return }
        var (tick, overflow) = product.addingReportingOverflow(offset)
        while !overflow && tick <= high && ticks.count < 200 {
            ticks.append(tick)
            (tick, overflow) = tick.addingReportingOverflow(size)
        }
    }
}
