#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One row's draw of a distribution from the row's seed (`RandomStream`) and up to two parameters,
/// a pure function so that a random column is the same whatever the split of its rows.
@usableFromInline protocol RandomSampler {
    /// The parameter type (Double for the continuous ones, Int64 for `random_int`).
    associatedtype Parameter: BitwiseCopyable
    /// What one row holds (Double, Int64, or a 0/1 byte).
    associatedtype Output: BitwiseCopyable
    /// What a null row holds (never read, but written so that buffers are initialised).
    static var placeholder: Output { get }
    /// Whether the parameters can be drawn from; the loop stops at the first row where not.
    static func accepts(_ first: Parameter, _ second: Parameter) -> Bool
    /// The row's value from its seed.
    static func draw(_ first: Parameter, _ second: Parameter, seed: UInt64) -> Output
}

/// `random_uniform(low, high)`: low + (high − low)·u, u uniform in [0, 1).
@usableFromInline enum UniformSampler: RandomSampler {
    @inlinable static var placeholder: Double { 0 }
    @inlinable static func accepts(_ low: Double, _ high: Double) -> Bool {
        low.isFinite && high.isFinite && low <= high
    }
    @inlinable static func draw(_ low: Double, _ high: Double, seed: UInt64) -> Double {
        let u = RandomStream.unit(RandomStream.bits(seed: seed, draw: 0))
        return low + (high - low) * u
    }
}

/// `random_normal(mean, std)` by Box–Muller on the row's first two uniforms:
/// mean + std·√(−2 ln(1 − u₀))·cos(2π u₁) (1 − u₀ lies in (0, 1], so the logarithm is finite).
@usableFromInline enum NormalSampler: RandomSampler {
    @inlinable static var placeholder: Double { 0 }
    @inlinable static func accepts(_ mean: Double, _ std: Double) -> Bool {
        mean.isFinite && std.isFinite && std >= 0
    }
    @inlinable static func draw(_ mean: Double, _ std: Double, seed: UInt64) -> Double {
        mean + std * standardNormal(seed: seed)
    }
    @inlinable static func standardNormal(seed: UInt64) -> Double {
        let u0 = RandomStream.unit(RandomStream.bits(seed: seed, draw: 0))
        let u1 = RandomStream.unit(RandomStream.bits(seed: seed, draw: 1))
        return (-2 * log(1 - u0)).squareRoot() * cos(2 * Double.pi * u1)
    }
}

/// `random_bool(p)`: true when the row's uniform is below p.
@usableFromInline enum BernoulliSampler: RandomSampler {
    @inlinable static var placeholder: UInt8 { 0 }
    @inlinable static func accepts(_ p: Double, _ unused: Double) -> Bool { p >= 0 && p <= 1 }
    @inlinable static func draw(_ p: Double, _ unused: Double, seed: UInt64) -> UInt8 {
        RandomStream.unit(RandomStream.bits(seed: seed, draw: 0)) < p ? 1 : 0
    }
}

/// `random_exponential(mean)` by inversion: −mean·ln(1 − u).
@usableFromInline enum ExponentialSampler: RandomSampler {
    @inlinable static var placeholder: Double { 0 }
    @inlinable static func accepts(_ mean: Double, _ unused: Double) -> Bool { mean.isFinite && mean >= 0 }
    @inlinable static func draw(_ mean: Double, _ unused: Double, seed: UInt64) -> Double {
        let u = RandomStream.unit(RandomStream.bits(seed: seed, draw: 0))
        // Subtracting from 0 keeps u = 0 at +0.0 rather than -0.0.
        return 0 - mean * log(1 - u)
    }
}

/// `random_int(low, high)`, both ends included, without modulo bias: draws below 2⁶⁴ mod (span + 1)
/// are rejected and the next draw of the row is taken (as `RandomGenerator.nextInt(below:)`).
@usableFromInline enum IntegerSampler: RandomSampler {
    @inlinable static var placeholder: Int64 { 0 }
    @inlinable static func accepts(_ low: Int64, _ high: Int64) -> Bool { low <= high }
    @inlinable static func draw(_ low: Int64, _ high: Int64, seed: UInt64) -> Int64 {
        let span = UInt64(bitPattern: high &- low)
        if span == UInt64.max { return Int64(bitPattern: RandomStream.bits(seed: seed, draw: 0)) }
        let bound = span &+ 1
        let threshold = (0 &- bound) % bound
        var draw = 0
        while true {
            let bits = RandomStream.bits(seed: seed, draw: draw)
            if bits >= threshold { return low &+ Int64(bitPattern: bits % bound) }
            draw &+= 1
        }
    }
}

/// `random_poisson(mean)`: inversion for means below 10 (one uniform; the cumulative probabilities
/// summed term by term), and for larger means Hörmann's PTRS, the transformed rejection method
/// with squeeze ("The transformed rejection method for generating Poisson random variables",
/// Insurance: Mathematics and Economics 12, 1993), two uniforms per attempt.
@usableFromInline enum PoissonSampler: RandomSampler {
    /// The largest mean accepted: draws must stay exact integers in a Double.
    @usableFromInline static let maximumMean = 1e15

    @inlinable static var placeholder: Int64 { 0 }
    @inlinable static func accepts(_ mean: Double, _ unused: Double) -> Bool { mean >= 0 && mean <= maximumMean }

    @inlinable static func draw(_ mean: Double, _ unused: Double, seed: UInt64) -> Int64 {
        mean < 10 ? inversion(mean, seed: seed) : transformedRejection(mean, seed: seed)
    }

    /// The smallest k with u < P(X ≤ k). Rounding can leave the running sum a hair below 1, so the
    /// search stops where the terms vanish (far in the tail for a mean below 10).
    @usableFromInline static func inversion(_ mean: Double, seed: UInt64) -> Int64 {
        let u = RandomStream.unit(RandomStream.bits(seed: seed, draw: 0))
        var term = exp(-mean)
        var cumulative = term
        var k: Int64 = 0
        while u >= cumulative && k < 1000 {
            k += 1
            term *= mean / Double(k)
            cumulative += term
            if term == 0 { break }
        }
        return k
    }

    /// PTRS: attempt j uses the row's uniforms 2j and 2j + 1.
    @usableFromInline static func transformedRejection(_ mean: Double, seed: UInt64) -> Int64 {
        let root = mean.squareRoot()
        let logMean = log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let acceptBelow = 0.9277 - 3.6224 / (b - 2)
        var draw = 0
        while true {
            let u = RandomStream.unit(RandomStream.bits(seed: seed, draw: draw)) - 0.5
            let v = RandomStream.unit(RandomStream.bits(seed: seed, draw: draw &+ 1))
            draw &+= 2
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            // Also rejects the infinite k of us = 0, and the huge ones of a tiny us.
            guard k >= 0 && k < 0x1p62 else { continue }
            // The squeeze: most attempts end here.
            if us >= 0.07 && v <= acceptBelow { return Int64(k) }
            if us < 0.013 && v > us { continue }
            let left = log(v) + log(inverseAlpha) - log(a / (us * us) + b)
            if left <= logProbability(Int64(k), mean: mean, logMean: logMean) { return Int64(k) }
        }
    }

    /// ln P(X = k) for a Poisson mean. Past the table, Stirling's series for ln k! with the terms
    /// regrouped as (k − mean) − k·ln(1 + (k − mean)/mean), so a mean of 10¹² loses no digits to
    /// cancelling k·ln(mean) against mean.
    @usableFromInline static func logProbability(_ k: Int64, mean: Double, logMean: Double) -> Double {
        if k < Int64(logFactorials.count) {
            return -mean + Double(k) * logMean - logFactorials[Int(k)]
        }
        let x = Double(k)
        let inverse = 1 / x
        let inverseSquare = inverse * inverse
        // 1/(12k) − 1/(360k³) + 1/(1260k⁵) − 1/(1680k⁷): below 1e-14 from here on.
        let correction = inverse * (1.0 / 12 - inverseSquare * (1.0 / 360 - inverseSquare * (1.0 / 1260 - inverseSquare / 1680)))
        return (x - mean) - x * log1p((x - mean) / mean) - 0.5 * log(2 * Double.pi * x) - correction
    }

    /// ln k! for k < 16, summed once.
    @usableFromInline static let logFactorials: [Double] = {
        var table: [Double] = [0]
        var sum = 0.0
        for k in 1..<16 {
            sum += log(Double(k))
            table.append(sum)
        }
        return table
    }()
}
