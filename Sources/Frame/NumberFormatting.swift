#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of a timestamp to print.
public enum TimestampStyle: Sendable, Equatable {
    /// `2012-01-01`
    case date
    /// `2012-01-01 06:30:00`
    case seconds
    /// `2012-01-01 06:30:00.123456`
    case microseconds
}

/// The one place numbers, timestamps and durations become text, so output is identical everywhere.
///
/// No locale is consulted: digit generation is Swift's (shortest) or glibc `vsnprintf` with `%e`/`%f`,
/// which is correctly rounded and locale-dependent only in the decimal point; the process never calls
/// `setlocale`, so LC_NUMERIC stays "C" and the point is always `.`.
public enum NumberFormatting {
    /// Shortest text that parses back to the same Double (Swift's `description`): integral values keep
    /// ".0", exponents appear below 1e-4 and from 2^53 up, in Swift's style (`1e-05`, `1e+16`);
    /// specials are `inf`, `-inf`, `nan`.
    public static func shortest(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        return x.description
    }

    /// Table text: 6 significant digits, but integer digits are never rounded away and at least one
    /// decimal is kept; trailing zeros are stripped (`12.8`, `0.0`, `0.12`, `1234567.9`).
    /// Magnitudes below 1e-4 or from 1e15 up use an exponent (`1.5e-07`, `2.0e+15`).
    public static func table(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let scientific = format("%.*e", 5, x)
        guard let marker = scientific.lastIndex(of: "e"), let exponent = Int(scientific[scientific.index(after: marker)...])
        else { return scientific }
        let magnitude = x.magnitude
        if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e15) {
            let mantissa = trimZeros(String(scientific[..<marker]))
            return mantissa + String(scientific[marker...])
        }
        let decimals = max(1, 5 - exponent)
        return trimZeros(format("%.*f", Int32(decimals), x))
    }

    /// Drops trailing zeros after the decimal point, keeping at least one digit after it.
    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var bytes = Array(text.utf8)
        while bytes.count >= 2 && bytes[bytes.count - 1] == UInt8(ascii: "0") && bytes[bytes.count - 2] != UInt8(ascii: ".") {
            bytes.removeLast()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// printf-style formatting of one Double with a precision, through glibc's vsnprintf.
    static func format(_ pattern: String, _ precision: Int32, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let written = withVaList([precision, x]) { arguments in
            buffer.withUnsafeMutableBufferPointer { target in
                vsnprintf(target.baseAddress, target.count, pattern, arguments)
            }
        }
        let length = max(0, min(Int(written), buffer.count - 1))
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `2012-01-01` at midnight, else `2012-01-01 06:30:00`, with `.123456` only when there is a fraction.
    public static func timestamp(_ micros: Int64) -> String {
        let (_, microsOfDay) = CivilTime.split(micros)
        if microsOfDay == 0 { return timestamp(micros, style: .date) }
        return timestamp(micros, style: microsOfDay % 1_000_000 == 0 ? .seconds : .microseconds)
    }

    /// A timestamp in a fixed style (tables use one style per column so rows line up).
    public static func timestamp(_ micros: Int64, style: TimestampStyle) -> String {
        let (days, microsOfDay) = CivilTime.split(micros)
        let (year, month, day) = CivilTime.date(days: days)
        var text = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        text += "-" + pad(month, 2) + "-" + pad(day, 2)
        if style == .date { return text }
        let seconds = microsOfDay / 1_000_000
        text += " " + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if style == .microseconds { text += "." + pad(microsOfDay % 1_000_000, 6) }
        return text
    }

    /// Zero-padded decimal of a non-negative number.
    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Largest-unit-first components, zeros skipped: `7d 12h`, `1m 30s`, `250ms`, `1s 500ms`, `15us`, `0s`;
    /// negative durations get one leading `-`.
    public static func duration(_ micros: Int64) -> String {
        if micros == 0 { return "0s" }
        var rest = micros.magnitude
        let units: [(UInt64, String)] = [
            (86_400_000_000, "d"), (3_600_000_000, "h"), (60_000_000, "m"), (1_000_000, "s"), (1_000, "ms"), (1, "us"),
        ]
        var parts: [String] = []
        for (size, suffix) in units {
            let amount = rest / size
            rest %= size
            if amount > 0 { parts.append("\(amount)\(suffix)") }
        }
        return (micros < 0 ? "-" : "") + parts.joined(separator: " ")
    }
}
