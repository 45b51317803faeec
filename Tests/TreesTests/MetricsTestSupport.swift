import TestSupport
/// The seeded generator of the model-use tests.
typealias UseTestRandom = SplitMix64

/// Calls a buffer-taking metric with two arrays.
func scored(_ a: [Double], _ b: [Double], _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Double) -> Double {
    a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in body(x, y) } }
}
