import Foundation
import Testing
@testable import Runtime
import TestSupport

/// The session's seeded generator: the algorithm's reference outputs, golden draws for seed 42,
/// determinism across sessions, and the sampling builtins' guarantees.
@Suite struct RandomBuiltinTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // Published SplitMix64 outputs for seed 1234567 (the algorithm's reference test vector).
        var generator = RandomGenerator(seed: 1_234_567)
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(outputs == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                            4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    @Test func goldenDrawsForSeed42() throws {
        var generator = RandomGenerator(seed: 42)
        #expect((0..<3).map { _ in generator.next() } == [13_679_457_532_755_275_413, 2_949_826_092_126_892_291, 5_139_283_748_462_763_858])
        let s = try builtinSession()
        #expect(s.show("[rand(), rand(), rand()]") == "[0.7415648787718233, 0.1599103928769201, 0.27860113025513866]")
        #expect(s.show("seed(42); [rand_int(1, 100), rand_int(1, 100), rand_int(1, 100)]") == "[14, 92, 59]")
        #expect(s.show("seed(42); sample(range(10), 3)") == "[3, 2, 4]")
        #expect(s.show("seed(42); shuffle(range(5))") == "[3, 4, 2, 0, 1]")
        #expect(s.show("seed(42); sample([\"a\", \"b\", \"c\"], 5, replace: true)") == "[\"b\", \"b\", \"a\", \"a\", \"b\"]")
    }

    @Test func goldenNormalsForSeed42() {
        // libm's log, sin and cos may differ in the last bit between platforms, so these allow 1e-12.
        var generator = RandomGenerator(seed: 42)
        let draws = (0..<3).map { _ in generator.nextNormal() }
        for (draw, golden) in zip(draws, [0.8822489062222688, 1.388473285287707, -0.4508498757188601]) {
            #expect(abs(draw - golden) < 1e-12)
        }
    }

    @Test func boxMullerPairsConsecutiveUniforms() {
        var generator = RandomGenerator(seed: 7)
        var uniforms = RandomGenerator(seed: 7)
        let (u1, u2) = (uniforms.nextDouble(), uniforms.nextDouble())
        let radius = (-2 * Foundation.log(1 - u1)).squareRoot()
        #expect(generator.nextNormal() == radius * Foundation.cos(2 * Double.pi * u2))
        #expect(generator.nextNormal() == radius * Foundation.sin(2 * Double.pi * u2))
        // The pair is used up: the next call starts a new pair from the next two uniforms.
        #expect(generator.state == uniforms.state)
        generator.reseed(7)
        #expect(generator.nextNormal() == radius * Foundation.cos(2 * Double.pi * u2))
        generator.reseed(7)
        // Reseeding drops a pending second value.
        #expect(generator.nextNormal() == radius * Foundation.cos(2 * Double.pi * u2))
    }

    @Test func everyFreshSessionReplaysTheSameDraws() throws {
        let code = "[rand(), randn(), rand_int(-5, 5), sample(range(100), 4), shuffle([1, 2, 3])]"
        let first = try builtinSession().show(code)
        let second = try builtinSession().show(code)
        #expect(first == second)
        #expect(!first.hasPrefix("error"))
        let s = try builtinSession()
        let again = s.show(code)
        #expect(again == first)
        #expect(s.show(code) != first, "the generator moves on within a session")
        #expect(s.show("seed(42)") == "")
        #expect(s.show(code) == first, "seed(42) restarts the sequence of a fresh session")
    }

    @Test func theSeedOptionSetsTheStart() throws {
        let seeded = try builtinSession { $0.seed = 7 }
        let reseeded = try builtinSession()
        #expect(seeded.show("[rand(), rand()]") == reseeded.show("seed(7); [rand(), rand()]"))
        #expect(try builtinSession().show("seed(-1); rand()") == builtinSession { $0.seed = UInt64.max }.show("rand()"))
    }

    @Test func randIsInTheUnitInterval() {
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<10_000 {
            let x = generator.nextDouble()
            #expect(x >= 0 && x < 1)
        }
    }

    @Test func randIntStaysInRangeWithoutBias() throws {
        var generator = RandomGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        let draws = 60_000
        for _ in 0..<draws {
            let face = generator.nextInt(in: 1, 6)
            #expect((1...6).contains(face))
            counts[Int(face - 1)] += 1
        }
        // Chi-squared with 5 degrees of freedom; 20.5 is the 0.1% critical value.
        let expected = Double(draws) / 6
        let chiSquared = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquared < 20.5, "counts \(counts)")
        // A bound just above 2^63 rejects almost half of all draws; results must still stay below it.
        let bound: UInt64 = (1 << 63) + 1
        for _ in 0..<1_000 { #expect(generator.nextInt(below: bound) < bound) }
        // The extremes do not trap.
        _ = generator.nextInt(in: Int64.min, Int64.max)
        #expect(generator.nextInt(in: Int64.max, Int64.max) == Int64.max)
        #expect(generator.nextInt(in: Int64.min, Int64.min + 1) <= Int64.min + 1)
        let s = try builtinSession()
        #expect(s.show("rand_int(5, 5)") == "5")
        #expect(s.show("let xs = map(range(500), i => rand_int(-3, 3))\n[min(xs), max(xs)]") == "[-3, 3]")
    }

    @Test func randnLooksStandardNormal() {
        var generator = RandomGenerator(seed: 5)
        let draws = (0..<20_000).map { _ in generator.nextNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test func sampleWithoutReplacementHasNoRepeats() throws {
        let s = try builtinSession()
        #expect(s.show("let picked = sample(range(1000), 200)\n[len(picked), len(unique(picked))]") == "[200, 200]")
        #expect(s.show("sort(sample(range(50), 50)) == range(50)") == "true")
        #expect(s.show("sort(shuffle(range(50))) == range(50)") == "true")
        #expect(s.show("sample([], 0)") == "[]")
        #expect(s.show("len(sample([1, 2], 10, replace: true))") == "10")
        var generator = RandomGenerator(seed: 9)
        for population in [1, 2, 7, 100] {
            for count in [0, 1, population / 2, population] {
                let indices = generator.sampleIndices(count, from: population)
                #expect(indices.count == count)
                #expect(Set(indices).count == count)
                #expect(indices.allSatisfy { (0..<population).contains($0) })
            }
        }
    }

    @Test func sampleAndShuffleKeepFrameRowsWhole() throws {
        let csv = "name,age\nana,31\nbo,25\ncy,40\ndee,22\neve,57\n"
        let s = try builtinSession(["p.csv": csv])
        #expect(s.show("let p = read_csv(\"p.csv\")\nlet q = sample(p, 3)\nshape(q)") == "[3, 2]")
        // Every sampled row is a row of the original, name and age together, and none repeats.
        #expect(s.show("len(unique(q.name))") == "3")
        for name in ["ana", "bo", "cy", "dee", "eve"] {
            let age = s.show("filter(p, .name == \"\(name)\").age")
            let sampled = s.show("filter(q, .name == \"\(name)\").age")
            #expect(sampled == "[]" || sampled == age)
        }
        #expect(s.show("sort(shuffle(p), .name).name") == "[\"ana\", \"bo\", \"cy\", \"dee\", \"eve\"]")
        #expect(s.show("shape(sample(p, 8, replace: true))") == "[8, 2]")
    }

    @Test func randomErrors() throws {
        let s = try builtinSession(["p.csv": "a\n1\n2\n"])
        #expect(s.show("rand_int(6, 1)") == "error: rand_int needs low ≤ high, found 6 and 1")
        #expect(s.show("rand_int(1.5, 3)") == "error: rand_int expects 'low' to be an int, found float")
        #expect(s.show("rand(1)") == "error: rand takes at most 0 arguments, got 1")
        #expect(s.show("seed(\"x\")") == "error: seed expects 'n' to be an int, found string")
        #expect(s.show("sample([1, 2, 3], 4)") == "error: sample cannot draw 4 elements from 3 without replacement")
        #expect(s.show("sample(read_csv(\"p.csv\"), 3)") == "error: sample cannot draw 3 rows from 2 without replacement")
        #expect(s.show("sample([1, 2], -1)") == "error: sample needs a non-negative n, found -1")
        #expect(s.show("sample([], 1, replace: true)") == "error: sample cannot draw from an empty list")
        #expect(s.show("sample(\"abc\", 1)") == "error: sample expects a list or a frame, found string")
        #expect(s.show("sample([1], 1, replace: 1)") == "error: sample expects 'replace' to be true or false, found int")
        #expect(s.show("shuffle(3)") == "error: shuffle expects a list or a frame, found int")
        #expect(s.failure("sample([1, 2, 3], 4)")?.contains("pass replace: true") == true)
    }
}
