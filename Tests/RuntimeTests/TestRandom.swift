import TestSupport

/// The seeded generator of this target's randomized tests.
typealias TestRandom = SplitMix64
