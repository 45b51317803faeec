/// Decimal encoding of a float column of a columnar training dataset. Features read from CSV files
/// or rounded by a pipeline have a few decimals: `49.123456` is the integer 49123456 over 10^6.
/// Such a column is stored as integers (bit-packed like any int column) and a decimal scale `e`,
/// and each row read back as `Double(integer) / 10^e`. The encoder checks that this expression
/// gives back every value's exact bits (IEEE division is correctly rounded, so the reader computes
/// the same), and leaves any column with one value that does not round-trip — NaN, infinities,
/// -0.0, a full-precision result — to another encoding.
enum FloatDecimal {
    /// The encoding of one column.
    struct Encoded {
        /// The decimal exponent: values are integers over 10^scale.
        var scale: Int
        /// One integer per row (0 for null rows).
        var integers: [Int64]
        /// The smallest and largest integer of the valid rows.
        var low: Int64
        var high: Int64
    }

    /// Powers of ten that are exact doubles.
    static let powers: [Double] = (0...maximumScale).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }
    /// The largest scale tried.
    static let maximumScale = 15
    /// Products stay below 2^51: there adding and subtracting 1.5 · 2^52 rounds to an integer
    /// (without a library call), and `Double(integer)` is exact.
    static let limit = Double(1 << 51)
    static let rounding = 6_755_399_441_055_744.0

    /// The integer `value · power` rounds to, when `integer / power` gives back `value`'s bits.
    @inline(__always) static func integer(_ value: Double, _ power: Double) -> Int64? {
        let product = value * power
        guard product.magnitude < limit else { return nil }
        let integer = Int64((product + rounding) - rounding)
        return (Double(integer) / power).bitPattern == value.bitPattern ? integer : nil
    }

    /// The value `integer / 10^scale` the reader computes.
    @inline(__always) static func value(_ integer: Int64, scale: Int) -> Double { Double(integer) / powers[scale] }

    /// Encodes `values` (rows whose bit in `validity` is 0 are nulls) with the smallest scale every
    /// valid value needs, or nil when some value does not round-trip at any scale (or none is valid).
    /// The first 64 values choose the scale; a later value that needs more decimals restarts the
    /// pass with its scale (a few times at most: scales only grow).
    static func encode(_ values: UnsafeBufferPointer<Double>, validity: UnsafePointer<UInt64>?) -> Encoded? {
        let sample = Array(firstValid(values, validity: validity, count: 64))
        guard var scale = scale(for: sample, from: 0) else { return nil }
        var integers = [Int64](repeating: 0, count: values.count)
        while true {
            var low = Int64.max
            var high = Int64.min
            let power = powers[scale]
            let failed = integers.withUnsafeMutableBufferPointer { integers -> Int? in
                for row in 0..<values.count where BitPacking.isValid(validity, row) {
                    guard let integer = integer(values[row], power) else { return row }
                    integers[row] = integer
                    low = Swift.min(low, integer)
                    high = Swift.max(high, integer)
                }
                return nil
            }
            guard let failed else {
                return low <= high ? Encoded(scale: scale, integers: integers, low: low, high: high) : nil
            }
            guard scale < maximumScale, let larger = self.scale(for: [values[failed]], from: scale + 1) else { return nil }
            scale = larger
        }
    }

    /// Up to `count` valid values, from the first row on.
    static func firstValid(_ values: UnsafeBufferPointer<Double>, validity: UnsafePointer<UInt64>?, count: Int) -> [Double] {
        var found: [Double] = []
        for row in 0..<values.count where BitPacking.isValid(validity, row) {
            found.append(values[row])
            if found.count == count { break }
        }
        return found
    }

    /// The smallest scale from `first` on at which every one of `sample` round-trips, if any.
    static func scale(for sample: [Double], from first: Int) -> Int? {
        if sample.isEmpty || first > maximumScale { return nil }
        scales: for scale in first...maximumScale {
            let power = powers[scale]
            for value in sample where integer(value, power) == nil { continue scales }
            return scale
        }
        return nil
    }
}
