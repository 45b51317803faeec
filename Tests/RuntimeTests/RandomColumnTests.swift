import Frame
import Testing
@testable import Runtime

/// Random columns from the language: one stream key per call drawn from the session's generator,
/// values per row of the frame the expression is evaluated on, replays identical, argument errors.
@Suite struct RandomColumnTests {
    /// The key the n-th draw of a fresh generator seeded `seed` gives (1-based).
    private static func key(seed: UInt64, draw: Int) -> UInt64 {
        var generator = RandomGenerator(seed: seed)
        var key: UInt64 = 0
        for _ in 0..<draw { key = generator.next() }
        return key
    }

    @Test func eachCallDrawsOneKeyFromTheSessionGenerator() throws {
        let s = try builtinSession()
        let first = Self.key(seed: 42, draw: 1)
        #expect(s.show("random_normal(150, 12)") == "<column expression random_normal(150, 12, \"\(RandomStream.label(first))\")>")
        let second = Self.key(seed: 42, draw: 2)
        #expect(s.show("random_choice([\"run\", \"ride\"], weights: [3, 1])")
                == "<column expression random_choice([\"run\", \"ride\"], weights(3, 1), \"\(RandomStream.label(second))\")>")
        // The next plain draw follows the two keys.
        #expect(s.show("rand_int(0, 1000000000)") == "\(RandomGenerator(seed: 42).peek(after: 2))")
    }

    @Test func rowValuesComeFromTheKeyAndTheRow() throws {
        let s = try builtinSession()
        let key = Self.key(seed: 9, draw: 1)
        let expected = (0..<4).map { formatDouble(10 + 5 * RandomStream.uniform(key: key, row: $0, draw: 0)) }
        #expect(s.show("seed(9)\n(frame({i: range(4)}) |> with(u: random_uniform(10, 15))).u") == "[\(expected.joined(separator: ", "))]")
    }

    @Test func goldenIntegersForSeed42() throws {
        let s = try builtinSession()
        #expect(s.show("(frame({i: range(8)}) |> with(k: random_int(1, 100))).k") == "[51, 59, 5, 4, 65, 32, 11, 5]")
        #expect(s.show("seed(42); (frame({i: range(8)}) |> with(k: random_int(1, 100))).k") == "[51, 59, 5, 4, 65, 32, 11, 5]")
    }

    @Test func replaysAreIdenticalAndSeedRestarts() throws {
        let code = """
        let f = frame({i: range(300)}) |> with(n: random_normal(150, 12), s: random_choice(["run", "ride"]), p: random_poisson(4))
        [sum(f.n), f.s, f.p]
        """
        let first = try builtinSession().show(code)
        #expect(!first.hasPrefix("error"))
        #expect(try builtinSession().show(code) == first)
        let s = try builtinSession()
        _ = s.show("rand()")
        #expect(s.show(code) != first)
        #expect(s.show("seed(42)\n" + code) == first)
    }

    @Test func twoCallsAreTwoStreamsAndOneExpressionIsOneStream() throws {
        let s = try builtinSession()
        let code = """
        let r = random_uniform()
        let f = frame({i: range(500)}) |> with(a: r, b: r, c: random_uniform())
        [f.a == f.b, f.a == f.c, len(filter(zip(f.a, f.c), p => p[0] == p[1]))]
        """
        #expect(s.show(code) == "[true, false, 0]")
        let functions = """
        fn noise() = random_normal()
        let g = frame({i: range(100)}) |> with(x: noise(), y: noise())
        g.x == g.y
        """
        #expect(s.show(functions) == "false")
    }

    @Test func aFilteredFrameDrawsByItsOwnRows() throws {
        let s = try builtinSession()
        let code = """
        let r = random_normal(0, 1)
        let f = frame({i: range(1000)})
        let whole = f |> with(x: r)
        let part = f |> filter(.i % 3 == 0) |> with(x: r)
        [part.x == slice(whole.x, 0, len(part.x)), len(part.x)]
        """
        #expect(s.show(code) == "[true, 334]")
        // A filter on a random column draws once per row of the whole frame.
        #expect(s.show("shape(frame({i: range(10000)}) |> filter(random_uniform() < 0.25))") == "[2547, 1]")
    }

    @Test func parametersMayBeColumns() throws {
        let s = try builtinSession()
        let code = """
        let f = frame({base: [100, 200, null, 400]}) |> with(v: random_normal(.base, .base * 0.1), k: random_int(.base, .base + 1))
        [map(zip(f.base, f.v), p => p[0] == null or abs(p[1] - p[0]) < p[0]), f.v[2], f.k[2]]
        """
        #expect(s.show(code) == "[[true, true, true, true], null, null]")
        #expect(s.show("frame({s: [1, -1]}) |> with(v: random_normal(0, .s))")
                == "error: random_normal's std must be ≥ 0, found -1 in row 1")
    }

    @Test func usedInsideVerbsAndAggregates() throws {
        let s = try builtinSession()
        let code = """
        let acts = frame({i: range(1000)}) |> with(hr: random_normal(150, 12), sport: random_choice(["run", "ride"], weights: [3, 1]))
        acts |> group_by(.sport) |> agg(n: count(), hr: mean(.hr)) |> sort(.sport)
        """
        let table = s.show(code)
        #expect(table.contains("│ ride   │ 2"))
        #expect(table.contains("│ run    │ 7"))
        #expect(s.show("(frame({i: range(20000)}) |> agg(m: mean(random_uniform()))).m[0] > 0.49") == "true")
        #expect(s.show("type_of(random_bool())") == "\"column expression\"")
    }

    @Test func argumentErrors() throws {
        let s = try builtinSession()
        #expect(s.show("random_normal(0, -1)") == "error: random_normal's std must be ≥ 0, found -1")
        #expect(s.show("random_uniform(3, 1)") == "error: random_uniform needs low ≤ high, found 3 and 1")
        #expect(s.show("random_int(5, 1)") == "error: random_int needs low ≤ high, found 5 and 1")
        #expect(s.show("random_int(1.5, 3)") == "error: random_int expects 'low' to be an int or a column expression, found float")
        #expect(s.show("random_int(1)").hasPrefix("error: random_int needs the argument 'high'"))
        #expect(s.show("random_bool(1.5)") == "error: random_bool's p must lie in [0, 1], found 1.5")
        #expect(s.show("random_exponential(-2)") == "error: random_exponential's mean must be ≥ 0, found -2")
        #expect(s.show("random_poisson(-1)") == "error: random_poisson's mean must lie in [0, 1e15], found -1")
        #expect(s.show("random_uniform(\"a\")") == "error: random_uniform expects 'low' to be a number or a column expression, found string")
        #expect(s.show("random_choice([])") == "error: random_choice needs at least one value")
        #expect(s.show("random_choice([\"a\", 1])") == "error: random_choice's values must share one type (ints and floats mix); value 1 is an int")
        #expect(s.show("random_choice([[1]])") == "error: random_choice's values must be single values; value 0 is a list")
        #expect(s.show("random_choice([\"a\", \"b\"], weights: [1])") == "error: random_choice needs one weight per value: 2 values, 1 weight")
        #expect(s.show("random_choice([\"a\", \"b\"], weights: [1, -1])") == "error: random_choice's weights must be ≥ 0 and finite; weight 1 is -1")
        #expect(s.show("random_choice([\"a\", \"b\"], weights: [0, 0.0])") == "error: random_choice's weights must not all be zero")
        #expect(s.show("random_choice(\"ab\")") == "error: random_choice expects 'values' to be a list, found string")
    }
}

extension RandomGenerator {
    /// The rand_int(0, 1000000000) a fresh generator would give after `skipped` raw draws.
    fileprivate func peek(after skipped: Int) -> Int64 {
        var copy = self
        for _ in 0..<skipped { _ = copy.next() }
        return copy.nextInt(in: 0, 1_000_000_000)
    }
}

/// A float as the language prints it in a list (shortest round trip).
private func formatDouble(_ value: Double) -> String { value.description }
