/// Sums, means and standard deviations rounded the way NumPy 2.0 rounds them.
///
/// NumPy adds a float64 array in blocks of 8192 elements, each block by pairwise summation (runs
/// of at most 128 elements in 8 interleaved accumulators), the block sums left to right. Matching
/// that order keeps threshold, skewness and "is anything left over" tests bit-close to NannyML
/// (a plain left-to-right sum can differ in the last bits and flip `leftover > 0`).
enum NumPySum {
    /// NumPy's reduction buffer size, in elements.
    static let blockSize = 8192

    /// `np.sum` of `values`.
    static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { sum($0) }
    }

    /// `np.sum` of a buffer.
    static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard let base = values.baseAddress, values.count > 0 else { return 0 }
        var total = 0.0
        var start = 0
        while start < values.count {
            let length = min(blockSize, values.count - start)
            let block = pairwise(base + start, length)
            total = start == 0 ? block : total + block
            start += length
        }
        return total
    }

    /// `np.mean`: the NumPy sum divided by the count (NaN for no values).
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : sum(values) / Double(values.count)
    }

    /// `np.std` with ddof 0: the square root of the NumPy-summed squared deviations over the count.
    static func standardDeviation(_ values: [Double]) -> Double {
        variance(values).squareRoot()
    }

    /// `np.var` with ddof 0.
    static func variance(_ values: [Double]) -> Double {
        if values.isEmpty { return .nan }
        let mean = self.mean(values)
        var squares = [Double](repeating: 0, count: values.count)
        for i in 0..<values.count {
            let deviation = values[i] - mean
            squares[i] = deviation * deviation
        }
        return sum(squares) / Double(values.count)
    }

    /// NumPy's `pairwise_sum` kernel for float64.
    static func pairwise(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var result = 0.0
            for i in 0..<n { result += a[i] }
            return result
        }
        if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3]
            var r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            let unrolled = n - n % 8
            while i < unrolled {
                r0 += a[i]
                r1 += a[i + 1]
                r2 += a[i + 2]
                r3 += a[i + 3]
                r4 += a[i + 4]
                r5 += a[i + 5]
                r6 += a[i + 6]
                r7 += a[i + 7]
                i += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                result += a[i]
                i += 1
            }
            return result
        }
        var half = n / 2
        half -= half % 8
        return pairwise(a, half) + pairwise(a + half, n - half)
    }
}
