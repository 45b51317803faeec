/// Counter-based random bits for random columns: row `i`'s `k`-th 64-bit draw is a pure function of
/// (stream key, i, k), so a random column does not depend on chunking, threads or evaluation order.
///
/// The construction is SplitMix64's (Steele, Lea and Flood, OOPSLA 2014) applied twice, with
/// `mix(z)` its output function (`z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27;
/// z *= 0x94D049BB133111EB; z ^= z >> 31`) and γ = 0x9E3779B97F4A7C15:
/// - the row seed is the (i+1)-th SplitMix64 output from state `key`: `s = mix(key + (i+1)·γ)`;
/// - the row's k-th draw is the (k+1)-th SplitMix64 output from state `s`: `mix(s + (k+1)·γ)`.
/// A uniform double is the top 53 bits of a draw times 2⁻⁵³, in [0, 1).
public enum RandomStream {
    /// SplitMix64's increment, the odd integer closest to 2⁶⁴/φ.
    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output function: a bijective 64-bit finaliser with full avalanche.
    @inlinable @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// The seed of row `row` in the stream `key`.
    @inlinable @inline(__always)
    static func rowSeed(key: UInt64, row: Int) -> UInt64 {
        mix(key &+ gamma &* UInt64(truncatingIfNeeded: row &+ 1))
    }

    /// The `draw`-th 64 random bits of the row whose seed is `seed`.
    @inlinable @inline(__always)
    static func bits(seed: UInt64, draw: Int) -> UInt64 {
        mix(seed &+ gamma &* UInt64(truncatingIfNeeded: draw &+ 1))
    }

    /// A uniform double in [0, 1) from the top 53 bits of a draw.
    @inlinable @inline(__always)
    static func unit(_ bits: UInt64) -> Double {
        Double(bits &>> 11) * 0x1p-53
    }

    /// The `draw`-th 64 random bits of row `row` in stream `key` (for tests and callers outside kernels).
    public static func bits(key: UInt64, row: Int, draw: Int) -> UInt64 {
        bits(seed: rowSeed(key: key, row: row), draw: draw)
    }

    /// The `draw`-th uniform double in [0, 1) of row `row` in stream `key`.
    public static func uniform(key: UInt64, row: Int, draw: Int) -> Double {
        unit(bits(key: key, row: row, draw: draw))
    }

    /// The text a random call carries its key in: `stream` and 16 hex digits, readable when an
    /// expression is displayed (`random_normal(0, 1, "stream 5f0b2c…")`).
    public static func label(_ key: UInt64) -> String {
        let digits = String(key, radix: 16)
        return "stream " + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The key written by `label`, or nil when `text` is not such a label.
    public static func key(fromLabel text: String) -> UInt64? {
        let prefix = "stream "
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard digits.count == 16 else { return nil }
        return UInt64(digits, radix: 16)
    }
}
