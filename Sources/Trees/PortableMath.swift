/// `exp`, `log` and the logistic function written out in Swift arithmetic.
///
/// Training must give bit-identical models on every platform, and platform math libraries differ
/// in the last bit (glibc against Apple's libm), so gradients, base scores and metrics use these:
/// range reduction plus a fixed polynomial, only IEEE additions, multiplications and divisions.
/// Accuracy is within a few ulps over the whole range, far below what boosting can notice.
enum PortableMath {
    /// ln 2 split in a high part with trailing zero bits (k·ln2Hi is exact) and the remainder.
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let invLn2 = 1.44269504088896338700e+00

    /// e^x; +inf above 709.78, 0 below -745.13, NaN for NaN.
    @inlinable static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // Adding and subtracting 1.5 · 2^52 rounds to the nearest integer with plain SSE2
        // arithmetic; `rounded()` would call the C library on baseline x86-64.
        let k = (x * invLn2 + 6755399441055744.0) - 6755399441055744.0
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Taylor series of e^r for |r| ≤ 0.35: the degree-13 term bounds the error below 1e-17.
        var p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        let exponent = Int(k)
        if exponent < -1020 {
            // Two steps keep the intermediate normal before the final subnormal scaling.
            return p * Double(bitPattern: UInt64(exponent + 60 + 1023) << 52) * 0x1p-60
        }
        if exponent > 1023 { return p * 2 * Double(bitPattern: UInt64(exponent - 1 + 1023) << 52) }
        return p * Double(bitPattern: UInt64(exponent + 1023) << 52)
    }

    /// Natural logarithm; -inf at 0, NaN below 0 or for NaN, +inf at +inf.
    @inlinable static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var exponent = Int(x.exponent)
        var m = x.significand  // in [1, 2), also for subnormal x
        if m > 1.4142135623730951 {
            m *= 0.5
            exponent += 1
        }
        // log m = 2 atanh(s) with s = (m-1)/(m+1), |s| ≤ 0.1716: the series to s^23 is exact to 1e-18.
        let s = (m - 1) / (m + 1)
        let z = s * s
        var p = 1.0 / 23.0
        p = p * z + 1.0 / 21.0
        p = p * z + 1.0 / 19.0
        p = p * z + 1.0 / 17.0
        p = p * z + 1.0 / 15.0
        p = p * z + 1.0 / 13.0
        p = p * z + 1.0 / 11.0
        p = p * z + 1.0 / 9.0
        p = p * z + 1.0 / 7.0
        p = p * z + 1.0 / 5.0
        p = p * z + 1.0 / 3.0
        let logM = 2 * s + 2 * s * z * p
        let e = Double(exponent)
        return e * ln2Hi + (logM + e * ln2Lo)
    }

    /// The logistic function 1 / (1 + e^-x).
    @inlinable static func sigmoid(_ x: Double) -> Double {
        1 / (1 + exp(-x))
    }
}

extension PortableMath {
    /// The logistic function of eight values at once, for the binary gradients.
    ///
    /// The same range reduction and coefficients as `exp`, but the polynomial is evaluated by
    /// Estrin's scheme (powers r², r⁴, r⁸ and independent pairs) instead of Horner's: Horner is one
    /// chain of 26 dependent operations, which left the vector units idle (10 ns a row against
    /// 3 ns). The result can differ from `sigmoid(_: Double)` in the last bit; training uses this
    /// one only, so models stay deterministic. Inputs are clamped to ±708 first: beyond that the
    /// result is 0 or 1 to the last bit anyway, and the clamp keeps every step inside the normal
    /// range, so there are no special cases and no branches.
    @inline(__always) static func sigmoid(_ x: SIMD8<Double>) -> SIMD8<Double> {
        // `replacing` rather than `clamped`, which calls unspecialised generic code.
        let high = x.replacing(with: 708, where: .!(x .<= 708))
        let y = -high.replacing(with: -708, where: high .< -708)
        let shifter = SIMD8<Double>(repeating: 6755399441055744.0)
        let k = (y * invLn2 + shifter) - shifter
        let r = (y - k * ln2Hi) - k * ln2Lo
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let a0 = 1 + r
        let a1 = 1.0 / 2 + r * (1.0 / 6)
        let a2 = 1.0 / 24 + r * (1.0 / 120)
        let a3 = 1.0 / 720 + r * (1.0 / 5040)
        let a4 = 1.0 / 40320 + r * (1.0 / 362880)
        let a5 = 1.0 / 3628800 + r * (1.0 / 39916800)
        let a6 = 1.0 / 479001600 + r * (1.0 / 6227020800.0)
        let b0 = a0 + a1 * r2
        let b1 = a2 + a3 * r2
        let b2 = a4 + a5 * r2
        let c0 = b0 + b1 * r4
        let c1 = b2 + a6 * r4
        let p = c0 + c1 * r8
        // 2^k from the bits of k + 1023 + 2^52, whose low bits are the biased exponent.
        let biased = k + (1023 + 4503599627370496.0)
        var scale = SIMD8<Double>()
        for lane in 0..<8 {
            scale[lane] = Double(bitPattern: (biased[lane].bitPattern & 0x7FF) &<< 52)
        }
        return 1 / (1 + p * scale)
    }
}
