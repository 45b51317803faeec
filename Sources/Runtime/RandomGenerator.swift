#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session's one seeded random generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014), so a notebook replays the same draws everywhere.
///
/// Each step adds the golden gamma 0x9E3779B97F4A7C15 to a 64-bit state and returns the state
/// mixed by `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
/// The seed is the initial state. Derived draws:
/// - `nextDouble`: the top 53 bits of one step times 2⁻⁵³, uniform in [0, 1).
/// - `nextInt(below:)`: one step modulo the bound, redrawn while below 2⁶⁴ mod bound (unbiased).
/// - `nextNormal`: Box–Muller on two consecutive uniforms u₁, u₂: r = √(−2 ln(1 − u₁)), θ = 2π u₂;
///   the call returns r·cos θ and keeps r·sin θ for the next call (reseeding drops it).
public struct RandomGenerator: Sendable {
    /// The current 64-bit state.
    public private(set) var state: UInt64
    /// The second value of the last Box–Muller pair, returned by the next `nextNormal`.
    private var spareNormal: Double?

    /// A generator whose first draw follows state `seed`.
    public init(seed: UInt64) {
        state = seed
        spareNormal = nil
    }

    /// Restarts the sequence from `seed`, exactly as a fresh generator would.
    public mutating func reseed(_ seed: UInt64) {
        state = seed
        spareNormal = nil
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) with 53 random bits (every multiple of 2⁻⁵³ equally likely).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0..<bound, by rejection so that no value is favoured (0 for a zero bound).
    public mutating func nextInt(below bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        // 2⁶⁴ mod bound values at the bottom would make low results more likely; skip them.
        let threshold = (0 &- bound) % bound
        while true {
            let bits = next()
            if bits >= threshold { return bits % bound }
        }
    }

    /// A uniform integer in low...high (low ≤ high), any span up to the whole Int64 range.
    public mutating func nextInt(in low: Int64, _ high: Int64) -> Int64 {
        let span = UInt64(bitPattern: high &- low)
        if span == UInt64.max { return Int64(bitPattern: next()) }
        return low &+ Int64(bitPattern: nextInt(below: span &+ 1))
    }

    /// A standard normal draw (mean 0, standard deviation 1) by Box–Muller, pairs kept in order.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 − u₁ lies in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - nextDouble())).squareRoot()
        let angle = 2 * Double.pi * nextDouble()
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// The first `count` positions of a Fisher–Yates shuffle of 0..<population: `count` distinct
    /// indices in the order drawn (step i swaps position i with a uniform position in i..<population).
    public mutating func sampleIndices(_ count: Int, from population: Int) -> [Int] {
        var indices = Array(0..<max(0, population))
        let draws = max(0, min(count, population))
        for position in 0..<draws {
            let other = position + Int(nextInt(below: UInt64(population - position)))
            indices.swapAt(position, other)
        }
        return Array(indices[0..<draws])
    }

    /// `count` independent uniform indices in 0..<population (population > 0), with repeats.
    public mutating func sampleIndicesWithReplacement(_ count: Int, from population: Int) -> [Int] {
        var indices: [Int] = []
        guard population > 0 else { return [] }
        indices.reserveCapacity(max(0, count))
        for _ in 0..<max(0, count) { indices.append(Int(nextInt(below: UInt64(population)))) }
        return indices
    }
}
