/// Absolute-error leaves: after a tree's structure is grown from the signs of the residuals, each
/// leaf's value is replaced by the median residual of its rows (times the learning rate), as
/// XGBoost up to 3.3 and LightGBM's L1 objective do; Newton steps on a constant hessian would
/// otherwise move every leaf by the same ±1 / (count + λ)-sized amount.
enum LeafMedianRefit {
    /// New values for `leaves` (in order): learning rate × median of label − margin over each leaf's rows.
    static func values(
        leaves: [LeafRows], rows: UnsafePointer<UInt32>, labels: UnsafePointer<Double>,
        margins: UnsafePointer<Double>, marginStride: Int, learningRate: Double,
        scratch: UnsafeMutablePointer<Double>, threads: Int
    ) -> [Double] {
        var values = [Double](repeating: 0, count: leaves.count)
        let context = SendableBox((rows, labels, margins, scratch))
        values.withUnsafeMutableBufferPointer { output in
            let outputBox = SendableBox(output)
            ParallelTasks.run(leaves.count, threads: threads) { index in
                let (rows, labels, margins, scratch) = context.value
                let leaf = leaves[index]
                let count = leaf.end - leaf.begin
                if count == 0 { return }
                // Each leaf uses its own slice of the scratch buffer, the same range as its rows.
                let residuals = scratch + leaf.begin
                for i in 0..<count {
                    let row = Int(rows[leaf.begin + i])
                    residuals[i] = labels[row] - margins[row * marginStride]
                }
                outputBox.value[index] = learningRate * median(residuals, count: count)
            }
        }
        return values
    }

    /// The median of `values[0 ..< count]` (mean of the two middle values for an even count);
    /// reorders the values. Quickselect with a median-of-three pivot.
    static func median(_ values: UnsafeMutablePointer<Double>, count: Int) -> Double {
        let upper = select(values, count: count, rank: count / 2)
        if count % 2 == 1 { return upper }
        // After selection everything below `count / 2` is ≤ the upper middle: the lower middle is their maximum.
        var lower = values[0]
        for i in 1..<(count / 2) { lower = max(lower, values[i]) }
        return lower * 0.5 + upper * 0.5
    }

    /// The value of rank `rank` (0-based) in `values[0 ..< count]`, leaving smaller values before it.
    static func select(_ values: UnsafeMutablePointer<Double>, count: Int, rank: Int) -> Double {
        var low = 0
        var high = count - 1
        while high > low {
            let middle = low + (high - low) / 2
            // Median of three moved to `high`.
            if values[middle] < values[low] { swap(values, middle, low) }
            if values[high] < values[low] { swap(values, high, low) }
            if values[middle] < values[high] { swap(values, middle, high) }
            let pivot = values[high]
            var store = low
            for i in low..<high where values[i] < pivot {
                swap(values, i, store)
                store += 1
            }
            swap(values, store, high)
            // Skip the run of values equal to the pivot, so many equal residuals cannot stall the search.
            var equalEnd = store + 1
            var i = store + 1
            while i <= high {
                if values[i] == pivot {
                    swap(values, i, equalEnd)
                    equalEnd += 1
                }
                i += 1
            }
            if rank < store {
                high = store - 1
            } else if rank < equalEnd {
                return pivot
            } else {
                low = equalEnd
            }
        }
        return values[rank]
    }

    @inline(__always) private static func swap(_ values: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) {
        let t = values[i]
        values[i] = values[j]
        values[j] = t
    }
}
