/// Parses timestamps in the forms CSV files and literals use, to microseconds since the epoch (UTC).
///
/// Accepted: `YYYY-MM-DD` or `YYYY/MM/DD` (month and day may have one digit), optionally followed by
/// `T` or a space and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (1–9 digits, truncated to µs),
/// then optionally `Z` or an offset `±HH:MM` / `±HHMM` (converted to UTC). Month, day (leap years
/// included), hour, minute and second ranges are checked.
public enum TimestampParsing {
    /// The timestamp in `p[0..<n]`, or nil when it is not one.
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var index = 0
        @inline(__always) func digits(_ count: ClosedRange<Int>) -> Int64? {
            var value: Int64 = 0
            var seen = 0
            while index < n && seen < count.upperBound {
                let digit = p[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                value = value * 10 + Int64(digit)
                seen += 1
                index += 1
            }
            return count.contains(seen) ? value : nil
        }
        @inline(__always) func expect(_ byte: UInt8) -> Bool {
            guard index < n && p[index] == byte else { return false }
            index += 1
            return true
        }
        guard n >= 8, let year = digits(4...4), index < n else { return nil }
        let separator = p[index]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") else { return nil }
        index += 1
        guard let month = digits(1...2), expect(separator), let day = digits(1...2) else { return nil }
        guard month >= 1 && month <= 12 && day >= 1 && day <= CivilTime.daysInMonth(year, month) else { return nil }
        var micros = CivilTime.days(year: year, month: month, day: day) * CivilTime.microsPerDay
        if index == n { return micros }
        guard p[index] == UInt8(ascii: "T") || p[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let hour = digits(2...2), expect(UInt8(ascii: ":")), let minute = digits(2...2) else { return nil }
        var second: Int64 = 0
        var fraction: Int64 = 0
        if expect(UInt8(ascii: ":")) {
            guard let value = digits(2...2) else { return nil }
            second = value
            if expect(UInt8(ascii: ".")) {
                var seen = 0
                while index < n {
                    let digit = p[index] &- UInt8(ascii: "0")
                    if digit > 9 { break }
                    if seen < 6 { fraction = fraction * 10 + Int64(digit) }
                    seen += 1
                    index += 1
                }
                guard seen >= 1 && seen <= 9 else { return nil }
                for _ in min(seen, 6)..<6 { fraction *= 10 }
            }
        }
        guard hour <= 23 && minute <= 59 && second <= 59 else { return nil }
        micros += ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction
        if index == n { return micros }
        if p[index] == UInt8(ascii: "Z") {
            return index + 1 == n ? micros : nil
        }
        guard p[index] == UInt8(ascii: "+") || p[index] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = p[index] == UInt8(ascii: "+") ? 1 : -1
        index += 1
        guard let offsetHours = digits(2...2) else { return nil }
        _ = expect(UInt8(ascii: ":"))
        guard let offsetMinutes = digits(2...2), index == n, offsetHours <= 23, offsetMinutes <= 59 else { return nil }
        return micros - sign * (offsetHours * 60 + offsetMinutes) * 60_000_000
    }

    /// Convenience for Swift strings (tests, literals).
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, buffer.count - 1)
        }
    }
}
