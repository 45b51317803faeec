/// Sorts doubles ascending with an LSD radix sort on order-preserving 64-bit keys: 8 passes of one
/// byte each over raw pointers, skipping bytes every key shares. Linear time, stable, no
/// comparisons, and fast even in debug builds, where the generic standard sort is not specialised.
enum DoubleRadixSort {
    /// `values` ascending; they must hold no NaN (−0.0 comes back as +0.0).
    static func sorted(_ values: [Double]) -> [Double] {
        let n = values.count
        if n < 2 { return values }
        var keys = keys(of: values)
        var payload: [Int32] = []
        sort(&keys, payload: &payload)
        var out = [Double](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { target in
            keys.withUnsafeBufferPointer { source in
                for i in 0..<n { target[i] = value(source[i]) }
            }
        }
        return out
    }

    /// The stable ascending order of `values` (`numpy.argsort(kind="stable")`): `result[i]` is the
    /// index of the i-th smallest; equal values keep their index order. No NaN allowed.
    static func order(_ values: [Double]) -> [Int] {
        let n = values.count
        if n > Int(Int32.max) {
            // Beyond the 32-bit payload: fall back to the standard sort (stable by index).
            return (0..<n).sorted { key(values[$0]) != key(values[$1]) ? key(values[$0]) < key(values[$1]) : $0 < $1 }
        }
        var keys = keys(of: values)
        var payload = (0..<n).map { Int32($0) }
        if n >= 2 { sort(&keys, payload: &payload) }
        return payload.map { Int($0) }
    }

    static func keys(of values: [Double]) -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: values.count)
        keys.withUnsafeMutableBufferPointer { keyBuffer in
            values.withUnsafeBufferPointer { source in
                for i in 0..<source.count { keyBuffer[i] = key(source[i]) }
            }
        }
        return keys
    }

    /// Sorts `keys` ascending, moving `payload` (empty, or one entry per key) along.
    static func sort(_ keys: inout [UInt64], payload: inout [Int32]) {
        let n = keys.count
        if n < 2 { return }
        let carries = payload.count == n
        var keyScratch = [UInt64](repeating: 0, count: n)
        var payloadScratch = [Int32](repeating: 0, count: carries ? n : 0)
        var counts = [Int](repeating: 0, count: 256)
        var inOriginal = true
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            let moved: Bool = keys.withUnsafeMutableBufferPointer { keyBuffer in
                keyScratch.withUnsafeMutableBufferPointer { keyScratchBuffer in
                    payload.withUnsafeMutableBufferPointer { payloadBuffer in
                        payloadScratch.withUnsafeMutableBufferPointer { payloadScratchBuffer in
                            counts.withUnsafeMutableBufferPointer { countBuffer in
                                guard let a = keyBuffer.baseAddress, let b = keyScratchBuffer.baseAddress,
                                    let c = countBuffer.baseAddress
                                else { return false }
                                let from = inOriginal ? a : b
                                let to = inOriginal ? b : a
                                for k in 0..<256 { c[k] = 0 }
                                for i in 0..<n { c[Int((from[i] >> shift) & 0xff)] += 1 }
                                // A byte every key shares leaves the order as it is: skip the pass.
                                if c[Int((from[0] >> shift) & 0xff)] == n { return false }
                                var running = 0
                                for k in 0..<256 {
                                    let here = c[k]
                                    c[k] = running
                                    running += here
                                }
                                if carries, let p = payloadBuffer.baseAddress, let q = payloadScratchBuffer.baseAddress {
                                    let fromPayload = inOriginal ? p : q
                                    let toPayload = inOriginal ? q : p
                                    for i in 0..<n {
                                        let bucket = Int((from[i] >> shift) & 0xff)
                                        to[c[bucket]] = from[i]
                                        toPayload[c[bucket]] = fromPayload[i]
                                        c[bucket] += 1
                                    }
                                } else {
                                    for i in 0..<n {
                                        let bucket = Int((from[i] >> shift) & 0xff)
                                        to[c[bucket]] = from[i]
                                        c[bucket] += 1
                                    }
                                }
                                return true
                            }
                        }
                    }
                }
            }
            if moved { inOriginal.toggle() }
        }
        if !inOriginal {
            swap(&keys, &keyScratch)
            if carries { swap(&payload, &payloadScratch) }
        }
    }

    /// A key whose unsigned order is the numeric order of `x` (−0.0 is taken as +0.0, so the two
    /// tie as NumPy's comparisons make them).
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double a key came from.
    @inline(__always) static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
