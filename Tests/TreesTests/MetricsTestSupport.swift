/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator so the model-use tests draw
/// the same random inputs on every run.
struct UseTestRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform integer in 0 ..< bound.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }
}

/// Calls a buffer-taking metric with two arrays.
func scored(_ a: [Double], _ b: [Double], _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Double) -> Double {
    a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in body(x, y) } }
}
