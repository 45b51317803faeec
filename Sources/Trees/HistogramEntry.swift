/// How a histogram bin holds the sums of its rows, and how each row's fixed-point gradient and
/// hessian are stored for the histogram loops (see `GradientQuantizer`).
///
/// Two layouts, chosen once per training run:
/// - `SIMD2<Int64>` bins of (gradient, hessian) sums, rows as `SIMD2<Int32>` pairs: every objective.
/// - `Int64` bins packing (gradient sum << countBits) + row count, rows packed the same way with a
///   count of 1: objectives whose hessian is always 1, while `countBits` (enough for the row count)
///   leaves at least 20 bits of gradient per row. Half the bytes per bin and one integer add per
///   (row, feature) instead of a vector load, add and store: 30% less time in the histogram loops.
/// Both are plain integer sums, so packing is linear (`parent − child` works on the packed words)
/// and exact.
protocol HistogramEntry: BitwiseCopyable {
    /// One row's stored value.
    associatedtype RowValue: BitwiseCopyable

    static var zero: Self { get }
    static func &+= (lhs: inout Self, rhs: Self)
    static func &-= (lhs: inout Self, rhs: Self)

    /// The bin contribution of one row.
    static func widen(_ value: RowValue) -> Self

    /// A row's stored value from its fixed-point gradient and hessian.
    static func row(gradient: Int32, hessian: Int32, countBits: Int) -> RowValue

    /// The fixed-point (gradient, hessian) sums of a bin.
    func sums(countBits: Int) -> (gradient: Int64, hessian: Int64)
}

extension SIMD2: HistogramEntry where Scalar == Int64 {
    typealias RowValue = SIMD2<Int32>

    @inline(__always) static func widen(_ value: SIMD2<Int32>) -> SIMD2<Int64> { SIMD2(truncatingIfNeeded: value) }

    @inline(__always) static func row(gradient: Int32, hessian: Int32, countBits: Int) -> SIMD2<Int32> {
        SIMD2<Int32>(gradient, hessian)
    }

    @inline(__always) func sums(countBits: Int) -> (gradient: Int64, hessian: Int64) { (x, y) }
}

extension Int64: HistogramEntry {
    typealias RowValue = Int64

    @inline(__always) static func widen(_ value: Int64) -> Int64 { value }

    @inline(__always) static func row(gradient: Int32, hessian: Int32, countBits: Int) -> Int64 {
        Int64(gradient) &<< Int64(countBits) &+ 1
    }

    @inline(__always) func sums(countBits: Int) -> (gradient: Int64, hessian: Int64) {
        let count = self & ((1 &<< Int64(countBits)) &- 1)
        return ((self &- count) &>> Int64(countBits), count)
    }
}

/// The packed layout's parameters for a training set, or nil when the layout does not apply.
enum PackedHistogram {
    /// Fewest gradient bits per row the packed layout may leave (XGBoost's float32 pairs have 24).
    static let minimumGradientBits = 20

    /// Bits of the count field for `rowCount` rows (counts up to `rowCount` fit).
    static func countBits(rowCount: Int) -> Int { max(1, Int.bitWidth - rowCount.leadingZeroBitCount) }

    /// log2 of the per-row gradient limit: sums of `2^countBits` rows of |g| ≤ 2^b, shifted by
    /// `countBits`, stay within ±2^62; and at most 30, as for pairs (a row's gradient is an Int32).
    static func gradientBits(countBits: Int) -> Int { min(30, 62 - 2 * countBits) }

    /// The count width when `rowCount` rows with a unit hessian can use packed bins.
    static func countBits(rowCount: Int, unitHessian: Bool) -> Int? {
        let bits = countBits(rowCount: rowCount)
        return unitHessian && gradientBits(countBits: bits) >= minimumGradientBits ? bits : nil
    }
}
