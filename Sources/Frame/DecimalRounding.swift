#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rounding half away from zero to a number of decimal digits, shared by the column kernel and the
/// language's scalar `round`, so a value rounds the same in a frame and outside one.
public enum DecimalRounding {
    /// `x` rounded to `digits` decimals (negative digits round to tens, hundreds, …). A value with
    /// no digits that far right is unchanged; rounding to a power of ten beyond the value gives ±0;
    /// a result too large for a double (round(1.7e308, -308)) leaves the value unchanged.
    public static func round(_ x: Double, digits: Int) -> Double {
        if digits == 0 { return x.rounded(.toNearestOrAwayFromZero) }
        if !x.isFinite { return x }
        // 10^400 is +inf: digits that far out cannot change a double (or always give 0).
        let scale = pow(10.0, Double(min(digits.magnitude, 400)))
        if digits > 0 {
            let y = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
            return y.isFinite ? y : x
        }
        let quotient = (x / scale).rounded(.toNearestOrAwayFromZero)
        if quotient == 0 { return quotient }
        let y = quotient * scale
        return y.isFinite ? y : x
    }

    /// `x` rounded half away from zero to a multiple of 10^-digits (digits < 0; others return
    /// `x`), and whether the result overflows Int64.
    public static func round(_ x: Int64, digits: Int) -> (Int64, overflow: Bool) {
        if digits >= 0 { return (x, false) }
        let places = -digits
        if places > 19 { return (0, false) }
        if places == 19 {
            // 10^19 exceeds Int64: the result is 0 unless |x| rounds up to ±10^19.
            return (0, x.magnitude >= 5_000_000_000_000_000_000)
        }
        var power: Int64 = 1
        for _ in 0..<places { power *= 10 }
        var quotient = x / power
        let remainder = x % power
        if remainder.magnitude * 2 >= power.magnitude { quotient += x < 0 ? -1 : 1 }
        let (value, overflow) = quotient.multipliedReportingOverflow(by: power)
        return (value, overflow)
    }
}
