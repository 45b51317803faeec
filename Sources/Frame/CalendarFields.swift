/// Calendar fields and truncation of UTC timestamps (microseconds since 1970-01-01T00:00:00Z),
/// shared by the temporal column kernels and the runtime's scalar time builtins so both agree.
///
/// Built on `CivilTime`, so exact for every year an Int64 of microseconds can hold. Weeks follow
/// ISO 8601: they start on Monday, and weekdays count Monday = 1 … Sunday = 7.
public enum TimeField: String, Sendable, CaseIterable {
    case year, month, day, weekday, hour, minute

    /// The field of an instant.
    @inlinable public func value(of micros: Int64) -> Int64 {
        switch self {
        case .year: return CivilTime.date(days: CivilTime.split(micros).days).year
        case .month: return CivilTime.date(days: CivilTime.split(micros).days).month
        case .day: return CivilTime.date(days: CivilTime.split(micros).days).day
        case .weekday: return TimeField.isoWeekday(days: CivilTime.split(micros).days)
        case .hour: return CivilTime.split(micros).microsOfDay / 3_600_000_000
        case .minute: return CivilTime.split(micros).microsOfDay / 60_000_000 % 60
        }
    }

    /// ISO weekday of a day count since 1970-01-01 (a Thursday): Monday = 1 … Sunday = 7.
    @inlinable public static func isoWeekday(days: Int64) -> Int64 {
        let shifted = (days + 3) % 7
        return (shifted < 0 ? shifted + 7 : shifted) + 1
    }
}

/// A unit that `trunc` rounds a timestamp down to.
public enum TimeUnit: String, Sendable, CaseIterable {
    case second, minute, hour, day, week, month, year

    /// The start of the `every`-long interval holding `micros`, intervals counted from the Unix
    /// epoch (Polars' `truncate("15m")`), or nil when `every` is not positive or the result overflows.
    @inlinable public static func truncate(_ micros: Int64, every: Int64) -> Int64? {
        guard every > 0 else { return nil }
        var rest = micros % every
        if rest < 0 { rest += every }
        let (value, overflow) = micros.subtractingReportingOverflow(rest)
        return overflow ? nil : value
    }

    /// The unit names, for messages.
    public static var spelledOut: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// The start of the unit containing `micros` (weeks start on Monday), or nil when it falls outside Int64.
    @inlinable public func truncate(_ micros: Int64) -> Int64? {
        let size: Int64
        switch self {
        case .second: size = 1_000_000
        case .minute: size = 60_000_000
        case .hour: size = 3_600_000_000
        case .day: size = CivilTime.microsPerDay
        case .week, .month, .year:
            let days = CivilTime.split(micros).days
            let start: Int64
            switch self {
            case .week: start = days - (TimeField.isoWeekday(days: days) - 1)
            case .month:
                let date = CivilTime.date(days: days)
                start = CivilTime.days(year: date.year, month: date.month, day: 1)
            default:
                start = CivilTime.days(year: CivilTime.date(days: days).year, month: 1, day: 1)
            }
            let (value, overflow) = start.multipliedReportingOverflow(by: CivilTime.microsPerDay)
            return overflow ? nil : value
        }
        var rest = micros % size
        if rest < 0 { rest += size }
        let (value, overflow) = micros.subtractingReportingOverflow(rest)
        return overflow ? nil : value
    }
}

extension CivilTime {
    /// Years a timestamp may name: Int64 microseconds reach about ±292,000 years from 1970.
    public static let yearRange: ClosedRange<Int64> = -290_000...290_000

    /// Midnight UTC of a calendar date as microseconds, or nil when the date does not exist or is out of range.
    @inlinable public static func timestamp(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard yearRange.contains(year), month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else {
            return nil
        }
        return days(year: year, month: month, day: day) * microsPerDay
    }

    /// Why `timestamp(year:month:day:)` refused a date, in one line.
    public static func invalidDateMessage(year: Int64, month: Int64, day: Int64) -> String {
        if !yearRange.contains(year) {
            return "year \(year) is out of range (\(yearRange.lowerBound)...\(yearRange.upperBound))"
        }
        if month < 1 || month > 12 { return "month \(month) is not between 1 and 12" }
        let length = daysInMonth(year, month)
        if month == 2 && day == 29 { return "\(year) is not a leap year, so February has 28 days" }
        return "day \(day) is not between 1 and \(length) for \(year)-\(month < 10 ? "0" : "")\(month)"
    }
}

extension TimestampParsing {
    /// The forms `parse` accepts, as a hint for messages about text that is not a timestamp.
    public static let acceptedForms = "write YYYY-MM-DD, optionally followed by THH:MM[:SS[.ffffff]] and Z or ±HH:MM"
}
