/// Proleptic Gregorian calendar arithmetic in UTC, for timestamp literals and the time builtins.
public enum TimeCalendar {
    /// Microseconds in one day.
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 of a civil date (any year; months and days must already be valid).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * m + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether a day exists in the given month.
    public static func isValid(year: Int64, month: Int64, day: Int64) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = month == 2 && leap ? 29 : lengths[Int(month - 1)]
        return day <= length
    }

    /// Parses `YYYY-MM-DD` with an optional `THH:MM[:SS[.ffffff]]` and `Z`; nil when malformed or out of range.
    public static func parseTimestamp(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + count) {
                guard isDigit(b[i]) else { return nil }
                v = v * 10 + Int64(b[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              isValid(year: year, month: month, day: day) else { return nil }
        var micros = days(year: year, month: month, day: day) * microsPerDay
        var i = 10
        if i < b.count && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            guard let hour = number(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                  let minute = number(i + 4, 2), hour < 24, minute < 60 else { return nil }
            micros += (hour * 3600 + minute * 60) * 1_000_000
            i += 6
            if i < b.count && b[i] == UInt8(ascii: ":") {
                guard let second = number(i + 1, 2), second < 60 else { return nil }
                micros += second * 1_000_000
                i += 3
                if i < b.count && b[i] == UInt8(ascii: ".") {
                    var scale: Int64 = 100_000
                    i += 1
                    let fractionStart = i
                    while i < b.count && isDigit(b[i]) {
                        micros += Int64(b[i] - UInt8(ascii: "0")) * scale
                        scale /= 10
                        i += 1
                    }
                    if i == fractionStart { return nil }
                }
            }
        }
        if i < b.count && b[i] == UInt8(ascii: "Z") { i += 1 }
        return i == b.count ? micros : nil
    }
}
