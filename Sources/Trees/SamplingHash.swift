/// Counter-based random draws: each draw is a hash of (seed, stream, round, index), so a row's or a
/// feature's draw never depends on which thread asks or in which order.
///
/// The mixer is SplitMix64's finaliser (Steele, Lea and Flood, 2014), applied to the key words
/// folded in one at a time with its golden-ratio increment.
enum SamplingHash {
    /// The stream of row sampling draws (subsample).
    static let rowStream: UInt64 = 0x726F_7773
    /// The stream of feature sampling draws (colsample).
    static let featureStream: UInt64 = 0x6665_6174
    /// The stream that picks the rows the bin cuts are computed from.
    static let binningStream: UInt64 = 0x6269_6E73

    /// SplitMix64's output function.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// The key of one (seed, stream, round) triple; combine it with an index through `draw`.
    @inline(__always) static func key(seed: UInt64, stream: UInt64, round: Int) -> UInt64 {
        mix(mix(mix(seed) ^ stream) ^ UInt64(truncatingIfNeeded: round))
    }

    /// A uniform 64-bit draw for `index` under `key`.
    @inline(__always) static func draw(_ key: UInt64, _ index: Int) -> UInt64 {
        mix(key ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
    }

    /// The draw threshold that accepts a fraction `rate` (0 … 1] of indices: accept when draw < threshold.
    static func threshold(rate: Double) -> UInt64 {
        if rate >= 1 { return .max }
        // 2^64 · rate; a product at or above 2^64 cannot convert, so it saturates.
        let scaled = rate * 18446744073709551616.0
        if !(scaled < 18446744073709551616.0) { return .max }
        return UInt64(scaled)
    }
}
