import Frame
import Testing
import TestSupport

/// `rolling` against a naive reference (for each row, scan every row of the frame) on random
/// frames (SplitMix64): duplicated times, nulls in keys, times and values, all four `closed`
/// values, row windows, int / timestamp / float time columns, one key, several keys, no key.
@Suite struct RollingPropertyTests {
    /// A random frame: `k` (int key, some null), `s` (string key), `t` (int time 0…24, some null),
    /// `x` (int values, some null), `f` (floats with two decimals, some null).
    static func randomFrame(_ rng: inout SplitMix64, rows: Int? = nil, nullKeys: Bool = true, nullTimes: Bool = true) throws -> DataFrame {
        let n = rows ?? (rng.below(7) == 0 ? rng.below(3) : rng.below(140))
        var keys: [Int64] = []
        var keyValid: [Bool] = []
        var strings: [String?] = []
        var times: [Int64] = []
        var timeValid: [Bool] = []
        var values: [Int64] = []
        var valueValid: [Bool] = []
        var floats: [Double] = []
        var floatValid: [Bool] = []
        for _ in 0..<n {
            keys.append(Int64(rng.below(4)))
            keyValid.append(!nullKeys || rng.below(9) != 0)
            strings.append(["a", "b", "ab"][rng.below(3)])
            times.append(Int64(rng.below(25)))
            timeValid.append(!nullTimes || rng.below(10) != 0)
            values.append(Int64(rng.below(41)) - 20)
            valueValid.append(rng.below(6) != 0)
            floats.append(Double(Int(rng.below(20_001)) - 10_000) / 100)
            floatValid.append(rng.below(7) != 0)
        }
        return try DataFrame(columns: [
            Column(name: "k", ints: keys, validity: keyValid),
            Column(name: "s", strings: strings),
            Column(name: "t", ints: times, validity: timeValid),
            Column(name: "x", ints: values, validity: valueValid),
            Column(name: "f", floats: floats, validity: floatValid),
        ])
    }

    /// The rows in row `row`'s window, by the definition: same key (null equal to null), a valid
    /// time in the window, or for row windows the `n` rows up to it in (time, row) order.
    static func naiveWindow(_ frame: DataFrame, row: Int, on: String, by: [String], window: RollingWindow, closed: RollingClosed) -> [Int]? {
        guard case .int(let t)? = value(frame, on, row) else { return nil }
        let sameKey = (0..<frame.height).filter { other in
            by.allSatisfy { value(frame, $0, other) == value(frame, $0, row) } && !(frame.column(named: on)?.isNull(other) ?? true)
        }
        switch window {
        case .rows(let n):
            let ordered = sameKey.sorted { a, b in
                let (ta, tb) = (int(frame, on, a), int(frame, on, b))
                return ta != tb ? ta < tb : a < b
            }
            guard let position = ordered.firstIndex(of: row) else { return nil }
            return Array(ordered[max(0, position - n + 1)...position])
        case .span(let scalar):
            guard case .int(let w) = scalar else { return nil }
            return sameKey.filter { other in
                let s = int(frame, on, other)
                let afterStart = closed == .left || closed == .both ? s >= t - w : s > t - w
                let beforeEnd = closed == .right || closed == .both ? s <= t : s < t
                return afterStart && beforeEnd
            }
        }
    }

    static func value(_ frame: DataFrame, _ name: String, _ row: Int) -> Scalar? {
        frame.column(named: name)?.scalar(at: row)
    }

    static func int(_ frame: DataFrame, _ name: String, _ row: Int) -> Int64 {
        if case .int(let v)? = value(frame, name, row) { return v }
        return 0
    }

    /// The reference aggregates of a window over int column `x` and float column `f`.
    struct Expected {
        var count: Int64
        var countX: Int64
        var sumX: Int64
        var minX: Int64?
        var maxX: Int64?
        var meanX: Double?
        var stdX: Double?
        var sumF: Double
        var meanF: Double?
        var varF: Double?
        var minF: Double?
        var scaleF: Double
        /// Σf² / (n − 1): the size the error of a variance is measured against.
        var scaleVarF: Double
    }

    static func expected(_ frame: DataFrame, _ rows: [Int]) -> Expected {
        let xs = rows.compactMap { row -> Int64? in
            if case .int(let v)? = value(frame, "x", row) { return v }
            return nil
        }
        let fs = rows.compactMap { row -> Double? in
            if case .float(let v)? = value(frame, "f", row) { return v }
            return nil
        }
        let sumX = xs.reduce(0, +)
        let meanX = xs.isEmpty ? nil : Double(sumX) / Double(xs.count)
        var stdX: Double? = nil
        if xs.count >= 2, let meanX {
            stdX = (xs.map { (Double($0) - meanX) * (Double($0) - meanX) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        }
        let sumF = fs.reduce(0, +)
        let meanF = fs.isEmpty ? nil : sumF / Double(fs.count)
        var varF: Double? = nil
        if fs.count >= 2, let meanF { varF = fs.map { ($0 - meanF) * ($0 - meanF) }.reduce(0, +) / Double(fs.count - 1) }
        return Expected(
            count: Int64(rows.count), countX: Int64(xs.count), sumX: sumX, minX: xs.min(), maxX: xs.max(), meanX: meanX,
            stdX: stdX, sumF: sumF, meanF: meanF, varF: varF, minF: fs.min(), scaleF: fs.map(abs).reduce(0, +),
            scaleVarF: fs.map { $0 * $0 }.reduce(0, +) / Double(max(1, fs.count - 1)))
    }

    static let aggregates: [(name: String, aggregation: Aggregation)] = [
        ("n", .count), ("nx", .count(.column("x"))), ("sx", .sum(.column("x"))), ("lo", .min(.column("x"))),
        ("hi", .max(.column("x"))), ("mx", .mean(.column("x"))), ("sdx", .std(.column("x"))),
        ("sf", .sum(.column("f"))), ("mf", .mean(.column("f"))), ("vf", .variance(.column("f"))), ("lf", .min(.column("f"))),
    ]

    /// Close within 1e-9 of the larger of the two values and `scale` (sums of mixed signs can
    /// cancel to far less than their terms).
    static func close(_ a: Double?, _ b: Double?, scale: Double = 0) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), scale)
    }

    static func float(_ column: Column, _ row: Int) -> Double? {
        if case .float(let v) = column.scalar(at: row) { return v }
        return nil
    }

    static func integer(_ column: Column, _ row: Int) -> Int64? {
        if case .int(let v) = column.scalar(at: row) { return v }
        return nil
    }

    /// Checks every aggregate of every row of `result` against the reference.
    static func check(_ frame: DataFrame, _ result: DataFrame, on: String, by: [String], window: RollingWindow, closed: RollingClosed) throws {
        #expect(result.height == frame.height)
        let c = { (name: String) -> Column in result.column(named: name) ?? Column(name: name, nullsOf: .int, count: 0) }
        for row in 0..<frame.height {
            guard let rows = naiveWindow(frame, row: row, on: on, by: by, window: window, closed: closed) else {
                for (name, _) in aggregates { #expect(c(name).isNull(row), "row \(row) \(name) should be null") }
                continue
            }
            let e = expected(frame, rows)
            let context = "row \(row) window \(window) closed \(closed) by \(by)"
            #expect(integer(c("n"), row) == e.count, "\(context)")
            #expect(integer(c("nx"), row) == e.countX, "\(context)")
            #expect(integer(c("sx"), row) == e.sumX, "\(context)")
            #expect(integer(c("lo"), row) == e.minX, "\(context)")
            #expect(integer(c("hi"), row) == e.maxX, "\(context)")
            #expect(close(float(c("mx"), row), e.meanX), "\(context)")
            #expect(close(float(c("sdx"), row), e.stdX, scale: 1e-6), "\(context): \(String(describing: float(c("sdx"), row))) vs \(String(describing: e.stdX))")
            #expect(close(float(c("sf"), row), e.sumF, scale: e.scaleF), "\(context)")
            #expect(close(float(c("mf"), row), e.meanF, scale: e.scaleF / Double(max(1, e.countX))), "\(context)")
            #expect(close(float(c("vf"), row), e.varF, scale: e.scaleVarF), "\(context): \(String(describing: float(c("vf"), row))) vs \(String(describing: e.varF))")
            #expect(float(c("lf"), row) == e.minF, "\(context)")
        }
    }

    @Test func timeWindowsMatchTheReference() throws {
        var rng = SplitMix64(state: 51_201)
        for round in 0..<60 {
            let frame = try Self.randomFrame(&rng)
            let by: [String] = [[], ["k"], ["s"], ["k", "s"]][round % 4]
            let closed = RollingClosed.allCases[(round / 4) % 4]
            let window = RollingWindow.span(.int(Int64(1 + rng.below(9))))
            let result = try frame.rolling(on: "t", by: by, window: window, closed: closed, aggregates: Self.aggregates)
            try Self.check(frame, result, on: "t", by: by, window: window, closed: closed)
        }
    }

    @Test func rowWindowsMatchTheReference() throws {
        var rng = SplitMix64(state: 88_003)
        for round in 0..<40 {
            let frame = try Self.randomFrame(&rng)
            let by: [String] = [[], ["k"], ["s", "k"]][round % 3]
            let window = RollingWindow.rows(1 + rng.below(6))
            let result = try frame.rolling(on: "t", by: by, window: window, aggregates: Self.aggregates)
            try Self.check(frame, result, on: "t", by: by, window: window, closed: .right)
        }
    }

    /// The same rows in another order give the same results row for row (also through the path
    /// for frames that are already sorted by key and time).
    @Test func inputOrderDoesNotMatter() throws {
        var rng = SplitMix64(state: 4_242)
        for round in 0..<20 {
            let frame = try Self.randomFrame(&rng, rows: 80 + rng.below(80), nullKeys: round % 2 == 0, nullTimes: round % 2 == 0)
            let sorted = try frame.sorted(by: [SortKey("k"), SortKey("t")])
            let window = RollingWindow.span(.int(Int64(1 + rng.below(6))))
            let a = try frame.rolling(on: "t", by: ["k"], window: window, aggregates: Self.aggregates)
            let b = try sorted.rolling(on: "t", by: ["k"], window: window, aggregates: Self.aggregates)
            let order = try frame.sortOrder(by: [SortKey("k"), SortKey("t")])
            #expect(a.gather(order) == b)
        }
    }

    /// Timestamps with a duration window and floats with a float window give what the int times give.
    @Test func timestampAndFloatTimesAgreeWithIntTimes() throws {
        var rng = SplitMix64(state: 9_191)
        let day: Int64 = 86_400_000_000
        for _ in 0..<20 {
            let frame = try Self.randomFrame(&rng)
            guard let t = frame.column(named: "t"), let ints = t.int64Values else { continue }
            let valid = (0..<frame.height).map { !t.isNull($0) }
            let stamped = try frame.setting(Column(name: "t", timestamps: ints.array.map { $0 * day }, validity: valid))
            let floated = try frame.setting(Column(name: "t", floats: ints.array.map { Double($0) / 4 }, validity: valid))
            for closed in RollingClosed.allCases {
                let w = Int64(1 + rng.below(7))
                let reference = try frame.rolling(on: "t", by: ["k"], window: .span(.int(w)), closed: closed, aggregates: Self.aggregates)
                let a = try stamped.rolling(on: "t", by: ["k"], window: .span(.duration(w * day)), closed: closed, aggregates: Self.aggregates)
                let b = try floated.rolling(on: "t", by: ["k"], window: .span(.float(Double(w) / 4)), closed: closed, aggregates: Self.aggregates)
                for name in Self.aggregates.map(\.name) {
                    #expect(a.column(named: name) == reference.column(named: name))
                    #expect(b.column(named: name) == reference.column(named: name))
                }
            }
        }
    }

    /// NaN and infinities: a sum or mean with NaN (or +inf with -inf) in the window is NaN, one
    /// infinity makes it that infinity, min and max skip NaN, and they leave the window cleanly.
    @Test func specialFloatsLeaveTheWindow() throws {
        let values: [Double] = [1, .nan, 2, .infinity, 3, -.infinity, 4, 5, 6, 7]
        let frame = try DataFrame(columns: [
            Column(name: "t", ints: (0..<10).map { Int64($0) }),
            Column(name: "f", floats: values),
        ])
        let result = try frame.rolling(on: "t", window: .span(.int(2)), aggregates: [
            ("s", .sum(.column("f"))), ("m", .mean(.column("f"))), ("lo", .min(.column("f"))), ("hi", .max(.column("f"))),
            ("sd", .std(.column("f"))),
        ])
        func floats(_ name: String) -> [Double?] {
            (0..<10).map { row in Self.float(result.column(named: name) ?? Column(name: name, nullsOf: .float, count: 10), row) }
        }
        let sums = floats("s")
        #expect(sums[0] == 1)
        #expect(sums[1]?.isNaN == true && sums[2]?.isNaN == true)
        #expect(sums[3] == .infinity && sums[4] == .infinity)
        #expect(sums[5] == -.infinity && sums[6] == -.infinity)
        #expect(sums[7] == 9 && sums[8] == 11 && sums[9] == 13)
        #expect(floats("lo")[1] == 1 && floats("lo")[2] == 2 && floats("hi")[4] == .infinity)
        #expect(floats("lo")[6] == -.infinity && floats("lo")[7] == 4)
        let wider = try frame.rolling(on: "t", window: .span(.int(3)), aggregates: [("s", .sum(.column("f")))])
        #expect(wider.column(named: "s").flatMap { Self.float($0, 5) }?.isNaN == true)
        #expect(wider.column(named: "s").flatMap { Self.float($0, 8) } == 15)
        #expect(floats("m")[9] == 6.5)
        #expect(floats("sd")[2]?.isNaN == true && floats("sd")[9] == 0.5.squareRoot())
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = try DataFrame(columns: [Column(name: "t", ints: []), Column(name: "x", ints: [])])
        let a = try empty.rolling(on: "t", window: .span(.int(3)), aggregates: [("n", .count), ("m", .mean(.column("x")))])
        #expect(a.height == 0 && a.columnNames == ["t", "x", "n", "m"])
        let one = try DataFrame(columns: [Column(name: "t", ints: [5]), Column(name: "x", ints: [7])])
        let b = try one.rolling(on: "t", window: .span(.int(3)), closed: .left, aggregates: [("n", .count), ("s", .sum(.column("x"))), ("m", .mean(.column("x")))])
        #expect(b.column(named: "n")?.scalars == [.int(0)])
        #expect(b.column(named: "s")?.scalars == [.int(0)])
        #expect(b.column(named: "m")?.scalars == [.null])
        let c = try one.rolling(on: "t", window: .rows(4), aggregates: [("s", .sum(.column("x")))])
        #expect(c.column(named: "s")?.scalars == [.int(7)])
    }

    @Test func resultTypesFollowTheInput() throws {
        let frame = try DataFrame(columns: [
            Column(name: "t", timestamps: [0, 1_000_000, 2_000_000]),
            Column(name: "d", durations: [5, 6, 8]),
            Column(name: "b", bools: [true, false, true]),
        ])
        let result = try frame.rolling(on: "t", window: .span(.duration(1_500_000)), aggregates: [
            ("sd", .sum(.column("d"))), ("md", .mean(.column("d"))), ("first", .min(.column("t"))),
            ("nb", .sum(.column("b"))), ("any", .max(.column("b"))),
        ])
        #expect(result.column(named: "sd")?.scalars == [.duration(5), .duration(11), .duration(14)])
        #expect(result.column(named: "md")?.scalars == [.duration(5), .duration(6), .duration(7)])
        #expect(result.column(named: "first")?.scalars == [.timestamp(0), .timestamp(0), .timestamp(1_000_000)])
        #expect(result.column(named: "nb")?.scalars == [.int(1), .int(1), .int(1)])
        #expect(result.column(named: "any")?.scalars == [.bool(true), .bool(true), .bool(true)])
    }

    @Test func badArgumentsAreErrors() throws {
        let frame = try DataFrame(columns: [
            Column(name: "t", timestamps: [0, 1]), Column(name: "i", ints: [1, 2]), Column(name: "s", strings: ["a", "b"]),
        ])
        let mean: [(name: String, aggregation: Aggregation)] = [("m", .mean(.column("i")))]
        #expect(frameError { try frame.rolling(on: "t", window: .span(.duration(0)), aggregates: mean) }?.message
            == "rolling window must be positive, found the duration 0s")
        #expect(frameError { try frame.rolling(on: "t", window: .span(.int(3)), aggregates: mean) }?.code == .typeMismatch)
        #expect(frameError { try frame.rolling(on: "s", window: .span(.int(3)), aggregates: mean) }?.code == .typeMismatch)
        #expect(frameError { try frame.rolling(on: "nope", window: .span(.int(3)), aggregates: mean) }?.code == .columnNotFound)
        #expect(frameError { try frame.rolling(on: "t", window: .rows(0), aggregates: mean) }?.code == .invalidArgument)
        #expect(frameError { try frame.rolling(on: "t", window: .rows(2), aggregates: [("m", .median(.column("i")))]) }?.message
            == "rolling supports count, sum, mean, min, max, std, var and n_unique, not median")
        #expect(frameError { try frame.rolling(on: "t", window: .rows(2), aggregates: [("m", .sum(.column("s")))]) }?.message
            == "rolling sum needs a numeric column, but .s is string")
        #expect(frameError { try frame.rolling(on: "t", window: .rows(2), aggregates: mean + mean) }?.code == .duplicateColumn)
    }

    @Test func integerSumsOverflowAsErrors() throws {
        let frame = try DataFrame(columns: [
            Column(name: "t", ints: [0, 1, 2]), Column(name: "x", ints: [Int64.max, 1, Int64.min]),
        ])
        #expect(frameError { try frame.rolling(on: "t", window: .span(.int(2)), aggregates: [("s", .sum(.column("x")))]) }?.code == .overflow)
        // The window that would overflow never forms: exact 128-bit sums come back into range.
        let fine = try frame.rolling(on: "t", window: .span(.int(1)), aggregates: [("s", .sum(.column("x")))])
        #expect(fine.column(named: "s")?.scalars == [.int(Int64.max), .int(1), .int(Int64.min)])
    }

    /// Over a million rows the work is split over cores at key boundaries: spot-check rows of both
    /// halves against the reference, and the sorted and unsorted paths against each other.
    @Test func largeFramesSplitAtKeys() throws {
        var rng = SplitMix64(state: 777)
        let n = 1_100_000
        var keys = [Int64](repeating: 0, count: n)
        var times = [Int64](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: n)
        for row in 0..<n {
            keys[row] = Int64(rng.below(1_000))
            times[row] = Int64(rng.below(100_000))
            values[row] = Double(rng.below(10_000)) / 7
        }
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: keys), Column(name: "t", ints: times), Column(name: "f", floats: values),
        ])
        let aggregates: [(name: String, aggregation: Aggregation)] = [("n", .count), ("m", .mean(.column("f"))), ("hi", .max(.column("f")))]
        let result = try frame.rolling(on: "t", by: ["k"], window: .span(.int(700)), aggregates: aggregates)
        var members = [[Int]](repeating: [], count: 1_000)
        for row in 0..<n { members[Int(keys[row])].append(row) }
        for _ in 0..<300 {
            let row = rng.below(n)
            let inWindow = members[Int(keys[row])].filter { times[$0] > times[row] - 700 && times[$0] <= times[row] }
            let mean = inWindow.map { values[$0] }.reduce(0, +) / Double(inWindow.count)
            #expect(result.column(named: "n")?.scalar(at: row) == .int(Int64(inWindow.count)))
            #expect(Self.close(result.column(named: "m").flatMap { Self.float($0, row) }, mean))
            #expect(result.column(named: "hi")?.scalar(at: row) == .float(inWindow.map { values[$0] }.max() ?? 0))
        }
        let order = try frame.sortOrder(by: [SortKey("k"), SortKey("t")])
        let sorted = frame.gather(order)
        let again = try sorted.rolling(on: "t", by: ["k"], window: .span(.int(700)), aggregates: aggregates)
        #expect(result.gather(order) == again)
    }
}
