#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level parsers for text fields: Int64, exact Double, bool. Each takes a pointer and a length
/// (no String, no allocation on the common path) and returns nil when the text is not of that type.
public enum NumberParsing {
    /// `[+-]?[0-9]+` that fits Int64.
    @inlinable public static func int64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        if n == 0 { return nil }
        var index = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            index = 1
            if n == 1 { return nil }
        }
        var value: UInt64 = 0
        while index < n {
            let digit = p[index] &- UInt8(ascii: "0")
            if digit > 9 { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        if negative {
            if value > UInt64(Int64.max) + 1 { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        return value > UInt64(Int64.max) ? nil : Int64(value)
    }

    /// Exact powers of ten representable in a Double (10^0 ... 10^22).
    @usableFromInline static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// A decimal float (`1`, `-0.5`, `.5`, `5.`, `1e5`, `2.5E-3`) or `inf`/`infinity`/`nan` in any case,
    /// with an optional sign. Correctly rounded: the Clinger fast path (mantissa ≤ 2^53, |exponent| ≤ 22)
    /// when it is exact, otherwise `strtod` on a NUL-terminated copy.
    public static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n == 0 { return nil }
        var index = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            index = 1
        }
        if index < n && (p[index] | 0x20) >= UInt8(ascii: "a") && (p[index] | 0x20) <= UInt8(ascii: "z") {
            return special(p + index, n - index, negative: negative)
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitsSeen = 0
        var fractionDigits = 0
        var exact = true
        while index < n {
            let digit = p[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            digitsSeen += 1
            if mantissa != 0 || digit != 0 { significantDigits += 1 }
            if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { exact = false }
            index += 1
        }
        if index < n && p[index] == UInt8(ascii: ".") {
            index += 1
            while index < n {
                let digit = p[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                digitsSeen += 1
                if mantissa != 0 || digit != 0 { significantDigits += 1 }
                if significantDigits <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    fractionDigits += 1
                } else {
                    exact = false
                }
                index += 1
            }
        }
        if digitsSeen == 0 { return nil }
        var exponent = 0
        if index < n && (p[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < n && (p[index] == UInt8(ascii: "-") || p[index] == UInt8(ascii: "+")) {
                exponentNegative = p[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < n {
                let digit = p[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            if exponentDigits == 0 { return nil }
            if exponentNegative { exponent = -exponent }
        }
        if index != n { return nil }
        let power = exponent - fractionDigits
        if exact && mantissa <= (1 << 53) && power >= -22 && power <= 22 {
            let value = power >= 0
                ? Double(mantissa) * exactPowersOfTen[power] : Double(mantissa) / exactPowersOfTen[-power]
            return negative ? -value : value
        }
        return viaStrtod(p, n)
    }

    /// inf, infinity, nan (any case), after the sign.
    static func special(_ p: UnsafePointer<UInt8>, _ n: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == n else { return false }
            let letters = word.utf8Start
            for index in 0..<n where (p[index] | 0x20) != letters[index] { return false }
            return true
        }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        if matches("nan") { return .nan }
        return nil
    }

    /// Correctly rounded conversion by the C library, for the cases the fast path cannot do exactly.
    static func viaStrtod(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var text = [CChar](repeating: 0, count: n + 1)
        for index in 0..<n { text[index] = CChar(bitPattern: p[index]) }
        return text.withUnsafeBufferPointer { buffer -> Double? in
            guard let start = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &end)
            guard let end, end - UnsafeMutablePointer(mutating: start) == n else { return nil }
            return value
        }
    }

    /// `true` or `false` in any case.
    @inlinable public static func bool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4 && (p[0] | 0x20) == UInt8(ascii: "t") && (p[1] | 0x20) == UInt8(ascii: "r")
            && (p[2] | 0x20) == UInt8(ascii: "u") && (p[3] | 0x20) == UInt8(ascii: "e")
        {
            return true
        }
        if n == 5 && (p[0] | 0x20) == UInt8(ascii: "f") && (p[1] | 0x20) == UInt8(ascii: "a")
            && (p[2] | 0x20) == UInt8(ascii: "l") && (p[3] | 0x20) == UInt8(ascii: "s")
            && (p[4] | 0x20) == UInt8(ascii: "e")
        {
            return false
        }
        return nil
    }
}
