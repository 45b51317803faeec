/// Sorting of a feature's sampled values for the bin cuts: an LSD radix sort on order-preserving
/// integer keys, several times faster than a comparison sort on 200k values (the cut computation
/// sorts one sample per feature).
enum SampleSort {
    /// Sorts `values` (no NaN) ascending, with -0.0 turned into +0.0.
    static func sort(_ values: inout [Double]) {
        let count = values.count
        if count < 256 {
            values.sort()
            for i in 0..<count where values[i] == 0 { values[i] = 0 }
            return
        }
        var keys = [UInt64](repeating: 0, count: count)
        var scratch = [UInt64](repeating: 0, count: count)
        let radix = 11
        let buckets = 1 << radix
        let passes = (64 + radix - 1) / radix
        var counts = [Int](repeating: 0, count: buckets * passes)
        values.withUnsafeBufferPointer { source in
            keys.withUnsafeMutableBufferPointer { keys in
                for i in 0..<count {
                    let key = Self.key(source[i])
                    keys[i] = key
                }
            }
        }
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in keys {
                    for pass in 0..<passes {
                        counts[pass * buckets + Int((key >> UInt64(pass * radix)) & UInt64(buckets - 1))] += 1
                    }
                }
            }
        }
        for pass in 0..<passes {
            let digitCounts = counts[(pass * buckets)..<((pass + 1) * buckets)]
            // A pass where every key has the same digit moves nothing.
            if digitCounts.contains(count) { continue }
            var offsets = [Int](repeating: 0, count: buckets)
            var total = 0
            for bucket in 0..<buckets {
                offsets[bucket] = total
                total += counts[pass * buckets + bucket]
            }
            let shift = UInt64(pass * radix)
            keys.withUnsafeBufferPointer { keys in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for key in keys {
                        let bucket = Int((key >> shift) & UInt64(buckets - 1))
                        scratch[offsets[bucket]] = key
                        offsets[bucket] += 1
                    }
                }
            }
            swap(&keys, &scratch)
        }
        for i in 0..<count { values[i] = Self.value(keys[i]) }
    }

    /// A key whose unsigned order is the order of the values (+0.0 and -0.0 share one key).
    @inline(__always) static func key(_ value: Double) -> UInt64 {
        let bits = (value + 0.0).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The value of a key.
    @inline(__always) static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
