import Frame

/// A calendar period for period-based chunking, as pandas' `to_period` offsets ('h', 'D', 'W',
/// 'M', 'Q', 'Y'), in UTC.
///
/// Weeks are pandas' default `W-SUN`: Monday 00:00 to Sunday 23:59:59, keyed
/// `2018-01-01/2018-01-07`. A period ends one microsecond before the next begins (pandas ends
/// it one nanosecond before; timestamps here are microseconds).
public enum ChunkPeriod: String, Sendable, Equatable, CaseIterable {
    case hour, day, week, month, quarter, year

    /// Parses a pandas offset alias (`h`, `D`, `W`, `M`, `Q`, `Y`/`A`) or a period name (`day`, ...).
    public init?(alias: String) {
        switch alias {
        case "h", "H", "hour": self = .hour
        case "D", "d", "day": self = .day
        case "W", "w", "W-SUN", "week": self = .week
        case "M", "m", "month": self = .month
        case "Q", "q", "quarter": self = .quarter
        case "Y", "y", "A", "year": self = .year
        default: return nil
        }
    }

    /// The start of the period holding `micros`.
    func start(of micros: Int64) -> Int64 {
        let (days, microsOfDay) = CivilTime.split(micros)
        switch self {
        case .hour: return micros - microsOfDay % 3_600_000_000
        case .day: return days * CivilTime.microsPerDay
        case .week: return (days - (TimeField.isoWeekday(days: days) - 1)) * CivilTime.microsPerDay
        case .month, .quarter, .year:
            let date = CivilTime.date(days: days)
            let month: Int64
            switch self {
            case .month: month = date.month
            case .quarter: month = (date.month - 1) / 3 * 3 + 1
            default: month = 1
            }
            return CivilTime.days(year: date.year, month: month, day: 1) * CivilTime.microsPerDay
        }
    }

    /// The start of the period after the one starting at `start` (Int64.max when it would overflow).
    func next(after start: Int64) -> Int64 {
        let step: Int64
        switch self {
        case .hour: step = 3_600_000_000
        case .day: step = CivilTime.microsPerDay
        case .week: step = 7 * CivilTime.microsPerDay
        case .month, .quarter, .year:
            let date = CivilTime.date(days: CivilTime.split(start).days)
            let months: Int64 = self == .month ? 1 : self == .quarter ? 3 : 12
            let total = date.month - 1 + months
            let days = CivilTime.days(year: date.year + total / 12, month: total % 12 + 1, day: 1)
            let (value, overflow) = days.multipliedReportingOverflow(by: CivilTime.microsPerDay)
            return overflow ? Int64.max : value
        }
        let (value, overflow) = start.addingReportingOverflow(step)
        return overflow ? Int64.max : value
    }

    /// pandas' string for the period starting at `start`: `2018-01-01 05:00`, `2018-01-01`,
    /// `2018-01-01/2018-01-07`, `2018-01`, `2018Q1`, `2018`.
    func key(start: Int64) -> String {
        let (days, microsOfDay) = CivilTime.split(start)
        let date = CivilTime.date(days: days)
        let year = ChunkPeriod.padded(date.year, 4)
        switch self {
        case .hour:
            return "\(year)-\(ChunkPeriod.padded(date.month, 2))-\(ChunkPeriod.padded(date.day, 2)) "
                + "\(ChunkPeriod.padded(microsOfDay / 3_600_000_000, 2)):00"
        case .day: return "\(year)-\(ChunkPeriod.padded(date.month, 2))-\(ChunkPeriod.padded(date.day, 2))"
        case .week:
            let last = CivilTime.date(days: days + 6)
            return "\(year)-\(ChunkPeriod.padded(date.month, 2))-\(ChunkPeriod.padded(date.day, 2))/"
                + "\(ChunkPeriod.padded(last.year, 4))-\(ChunkPeriod.padded(last.month, 2))-\(ChunkPeriod.padded(last.day, 2))"
        case .month: return "\(year)-\(ChunkPeriod.padded(date.month, 2))"
        case .quarter: return "\(year)Q\((date.month - 1) / 3 + 1)"
        case .year: return year
        }
    }

    /// `value` in decimal, zero-padded to `width` digits (the sign, if any, in front).
    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}
