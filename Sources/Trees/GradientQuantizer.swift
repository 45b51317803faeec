/// Turns one tree's Double gradients and hessians into fixed-point values.
///
/// Each tree gets power-of-two scales chosen so that the largest |gradient| and the largest hessian
/// become just under 2^b, with b = 30 for (gradient, hessian) pairs (sums of up to 2^33 rows fit an
/// Int64 exactly) or the packed layout's gradient bits (`PackedHistogram`). A power of two makes the
/// conversion back (`sum × unit`) exact. The resolution is 2^-b of the largest value. Every hessian
/// rounds to at least 1, so an in-node row always adds to its bin's hessian sum: a bin, a child or
/// the null bin is empty exactly when that sum is 0. Objectives whose hessian is always 1 store 1
/// (unit 1), so hessian sums are row counts.
struct GradientQuantizer {
    /// The gradient of a unit step of the fixed-point gradient.
    let gradientUnit: Double
    /// The hessian of a unit step of the fixed-point hessian.
    let hessianUnit: Double
    /// Width of the count field of packed rows (unused by pairs).
    let countBits: Int
    private let gradientScale: Double
    private let hessianScale: Double
    private let unitHessian: Bool
    private let limit: Double

    /// Adding and subtracting 1.5 · 2^52 rounds a Double below 2^51 in magnitude to the nearest
    /// integer (ties to even) with plain SSE2 arithmetic, where `rounded()` calls the C library.
    private static let roundingShift = 6755399441055744.0

    /// Scales for the given largest |gradient| and largest hessian (ignored when `unitHessian`);
    /// `packedCountBits` selects the packed layout's precision.
    init(largestGradient: Double, largestHessian: Double, unitHessian: Bool, packedCountBits: Int? = nil) {
        let bits = packedCountBits.map { PackedHistogram.gradientBits(countBits: $0) } ?? 30
        limit = Double(sign: .plus, exponent: bits, significand: 1)
        gradientScale = Self.scale(for: largestGradient, bits: bits)
        hessianScale = unitHessian ? 1 : Self.scale(for: largestHessian, bits: 30)
        gradientUnit = 1 / gradientScale
        hessianUnit = 1 / hessianScale
        self.unitHessian = unitHessian
        countBits = packedCountBits ?? 0
    }

    /// 2^(bits − 1 − e) for a largest value in [2^e, 2^(e+1)), 1 when nothing is finite and positive.
    private static func scale(for largest: Double, bits: Int) -> Double {
        guard largest.isFinite, largest > 0 else { return 1 }
        let exponent = min(max(bits - 1 - Int(largest.exponent), -1000), 1000)
        return Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// The largest finite |g| and h over the listed rows (rows `0 ..< count` when `rows` is nil).
    static func largest(
        gradients g: UnsafePointer<Double>, hessians h: UnsafePointer<Double>?, rows: UnsafePointer<UInt32>?,
        count: Int
    ) -> (gradient: Double, hessian: Double) {
        // A NaN or infinite gradient compares false with `<` against a finite bound and is skipped.
        var largestG = 0.0
        var largestH = 0.0
        for i in 0..<count {
            let row = rows.map { Int($0[i]) } ?? i
            let magnitude = abs(g[row])
            if magnitude > largestG && magnitude < .infinity { largestG = magnitude }
            if let h, h[row] > largestH && h[row] < .infinity { largestH = h[row] }
        }
        return (largestG, largestH)
    }

    /// The stored value of one row (the hessian ignored with a unit hessian).
    @inline(__always)
    func row<Entry: HistogramEntry>(gradient: Double, hessian: Double, as _: Entry.Type) -> Entry.RowValue {
        let g = quantize(gradient * gradientScale)
        let h = unitHessian ? 1 : max(1, quantize(hessian * hessianScale))
        return Entry.row(gradient: g, hessian: h, countBits: countBits)
    }

    /// The fixed-point gradients and hessians of four rows at once (the same values as `row`).
    @inline(__always)
    func quantized(gradients: SIMD4<Double>, hessians: SIMD4<Double>) -> (SIMD4<Int32>, SIMD4<Int32>) {
        let g = quantize(gradients * gradientScale)
        if unitHessian { return (g, SIMD4(repeating: 1)) }
        let h = quantize(hessians * hessianScale)
        return (g, h.replacing(with: 1, where: h .< 1))
    }

    /// `quantize` of four values. Adding 1.5 · 2^52 rounds each to an integer and leaves it, in
    /// two's complement, in the low 32 bits of the sum's bit pattern: no float-to-int conversion,
    /// which Swift's vector types do lane by lane through generic code.
    @inline(__always)
    private func quantize(_ values: SIMD4<Double>) -> SIMD4<Int32> {
        // NaN → 0, then the bounds; `replacing` rather than `clamped`, which calls unspecialised generic code.
        let clean = values.replacing(with: 0, where: values .!= values)
        let low = clean.replacing(with: -limit, where: clean .< -limit)
        let shifted = low.replacing(with: limit, where: low .> limit) + Self.roundingShift
        return SIMD4<Int32>(
            Int32(truncatingIfNeeded: shifted[0].bitPattern), Int32(truncatingIfNeeded: shifted[1].bitPattern),
            Int32(truncatingIfNeeded: shifted[2].bitPattern), Int32(truncatingIfNeeded: shifted[3].bitPattern))
    }

    /// Rounds to the nearest integer within ±limit (NaN → 0), so the conversion can never trap.
    @inline(__always)
    private func quantize(_ value: Double) -> Int32 {
        let clamped = value > -limit ? (value < limit ? value : limit) : (value.isNaN ? 0 : -limit)
        return Int32((clamped + Self.roundingShift) - Self.roundingShift)
    }

    /// Writes the rows `rows[0 ..< count]`' values to `values[0 ..< count]` from gradient arrays.
    func quantize<Entry: HistogramEntry>(
        gradients g: UnsafePointer<Double>, hessians h: UnsafePointer<Double>, rows: UnsafePointer<UInt32>,
        count: Int, into values: UnsafeMutablePointer<Entry.RowValue>, as entry: Entry.Type
    ) {
        for i in 0..<count {
            let row = Int(rows[i])
            values[i] = self.row(gradient: g[row], hessian: h[row], as: entry)
        }
    }
}
