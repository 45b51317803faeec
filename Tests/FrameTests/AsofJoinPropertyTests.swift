import Testing
@testable import Frame
import TestSupport

/// ASOF joins on randomized inputs (duplicated times, nulls in keys and times, tolerances, all three
/// strategies, empty sides, no key, one key, two keys; int, timestamp, float and mixed times, ranges
/// that pack into one word and ranges that do not) against a reference that scans every right row
/// for every left row, following the documented rules. Compared exactly, cell by cell.
@Suite struct AsofJoinPropertyTests {
    /// What kind of time columns a trial uses.
    enum TimeKind: CaseIterable {
        /// Small int range: many equal times.
        case smallInt
        /// Whole seconds as timestamps, duration tolerances.
        case seconds
        /// Ints over the whole Int64 range (the columnar layout).
        case wideInt
        /// Ints spaced 2^52 apart over a 2^62 span (packed after dividing by a power-of-two unit).
        case spacedInt
        /// Ints spaced 3^33 apart over about 2^62 (packed after dividing by an odd unit).
        case oddSpacedInt
        /// Floats with NaN, ±0, infinities and fractions.
        case float
        /// Int times on the left, float on the right.
        case mixed
        /// Floats that pack: whole and half numbers, negative ones too.
        case packedFloat
    }

    struct Trial {
        var left: DataFrame
        var right: DataFrame
        var by: [String]
        var strategy: AsofStrategy
        var tolerance: Scalar?
        var allowExactMatches: Bool
        var how: AsofJoinKind
        var tieBreak: AsofTieBreak
        var requireNonNull: [String]
    }

    /// 3^33, the odd spacing of `oddSpacedInt` times.
    static let oddUnit: Int64 = 5_559_060_566_555_523

    static func randomTimes(_ kind: TimeKind, left: Bool, count: Int, _ random: inout SplitMix64) -> Column {
        let valid = (0..<count).map { _ in random.below(10) != 0 }
        switch kind {
        case .smallInt:
            return Column(name: "t", ints: (0..<count).map { _ in Int64(random.below(12)) - 3 }, validity: valid)
        case .seconds:
            return Column(name: "t", timestamps: (0..<count).map { _ in Int64(random.below(20)) * 1_000_000 + 1_700_000_000_000_000 }, validity: valid)
        case .wideInt:
            let anchors: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
            return Column(name: "t", ints: (0..<count).map { _ in
                random.below(3) == 0 ? anchors[random.below(anchors.count)] : Int64(bitPattern: random.next()) >> random.below(3)
            }, validity: valid)
        case .spacedInt:
            return Column(name: "t", ints: (0..<count).map { _ in Int64(random.below(1024)) << 52 + (Int64.min >> 1) }, validity: valid)
        case .oddSpacedInt:
            return Column(name: "t", ints: (0..<count).map { _ in Int64(random.below(1024)) * oddUnit - (1 << 61) }, validity: valid)
        case .packedFloat:
            return Column(name: "t", floats: (0..<count).map { _ in Double(random.below(40)) / 2 - 7 }, validity: valid)
        case .float, .mixed:
            if kind == .mixed && left {
                return Column(name: "t", ints: (0..<count).map { _ in Int64(random.below(10)) }, validity: valid)
            }
            let choices: [Double] = [0, -0.0, 0.5, 1, 1.5, 2, 3.25, 4, 7, 9.75, .nan, .infinity, -.infinity, -2, 1.1, 1e300, -Double.leastNonzeroMagnitude]
            return Column(name: "t", floats: (0..<count).map { _ in choices[random.below(choices.count)] }, validity: valid)
        }
    }

    static func randomTolerance(_ kind: TimeKind, _ random: inout SplitMix64) -> Scalar? {
        if random.below(3) == 0 { return nil }
        switch kind {
        case .smallInt: return .int(Int64(random.below(4)))
        case .seconds: return .duration(Int64(random.below(4)) * 1_000_000 + (random.below(2) == 0 ? 0 : 500_000))
        case .wideInt: return .int(random.below(2) == 0 ? Int64(random.below(3)) : Int64.max / Int64(1 + random.below(4)))
        case .spacedInt: return .int(Int64(random.below(4)) << 52 + Int64(random.below(2)))
        case .oddSpacedInt: return .int(max(0, Int64(random.below(4)) * oddUnit + Int64(random.below(3)) - 1))
        case .float, .mixed, .packedFloat: return .float([0, 0.5, 1, 2.25, .infinity][random.below(5)])
        }
    }

    /// Key columns of both sides: none, one int, one string, or an int and a string (with nulls).
    static func randomKeys(_ shape: Int, count: Int, _ random: inout SplitMix64) -> [Column] {
        func ints() -> Column {
            Column(name: "ki", ints: (0..<count).map { _ in Int64(random.below(4)) }, validity: (0..<count).map { _ in random.below(12) != 0 })
        }
        func strings() -> Column {
            let words = ["a", "b", "long key over sixteen bytes"]
            return Column(name: "ks", strings: (0..<count).map { _ in random.below(12) == 0 ? nil : words[random.below(words.count)] })
        }
        switch shape {
        case 0: return []
        case 1: return [ints()]
        case 2: return [strings()]
        default: return [ints(), strings()]
        }
    }

    static func randomTrial(_ random: inout SplitMix64) throws -> Trial {
        let kind = TimeKind.allCases[random.below(TimeKind.allCases.count)]
        let sizes = [0, 1, 2, 5, 17, 40, 90]
        let leftCount = sizes[random.below(sizes.count)]
        let rightCount = sizes[random.below(sizes.count)]
        let shape = random.below(4)
        var left = randomKeys(shape, count: leftCount, &random)
        left.append(randomTimes(kind, left: true, count: leftCount, &random))
        left.append(Column(name: "lid", ints: (0..<leftCount).map { Int64($0) }))
        var right = randomKeys(shape, count: rightCount, &random)
        right.append(randomTimes(kind, left: false, count: rightCount, &random))
        right.append(Column(name: "rid", ints: (0..<rightCount).map { Int64($0) }))
        right.append(Column(name: "p", floats: (0..<rightCount).map { _ in Double(random.below(100)) / 4 },
                            validity: (0..<rightCount).map { _ in random.below(4) != 0 }))
        right.append(Column(name: "seq", ints: (0..<rightCount).map { _ in Int64(random.below(3)) },
                            validity: (0..<rightCount).map { _ in random.below(6) != 0 }))
        let by = left.dropLast(2).map(\.name)
        var allowExactMatches = random.below(3) != 0
        let tolerance = randomTolerance(kind, &random)
        if !allowExactMatches, let tolerance, [Scalar.int(0), .duration(0), .float(0)].contains(tolerance) {
            allowExactMatches = true
        }
        let tieBreaks: [AsofTieBreak] = [.lastInserted, .sortKeys([SortKey("seq")]), .sortKeys([SortKey("seq", descending: true)])]
        return Trial(
            left: try DataFrame(columns: left), right: try DataFrame(columns: right), by: by,
            strategy: AsofStrategy.allCases[random.below(3)], tolerance: tolerance, allowExactMatches: allowExactMatches,
            how: random.below(3) == 0 ? .inner : .left, tieBreak: tieBreaks[random.below(tieBreaks.count)],
            requireNonNull: random.below(4) == 0 ? ["p"] : [])
    }

    // MARK: the reference

    /// A time as the reference compares it: exact ints, or doubles when either side is float.
    enum Time {
        case int(Int64)
        case float(Double)
    }

    static func time(_ column: Column, _ row: Int, asFloat: Bool) -> Time? {
        switch column.scalar(at: row) {
        case .int(let v), .timestamp(let v), .duration(let v): return asFloat ? .float(Double(v)) : .int(v)
        case .float(let v): return v.isNaN ? nil : .float(v)
        default: return nil
        }
    }

    /// -1, 0 or 1 as `a` is before, at or after `b`.
    static func compare(_ a: Time, _ b: Time) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.float(let x), .float(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return 0
        }
    }

    /// How far `later` is after `earlier`, as an exact unsigned int or a double.
    static func distance(_ earlier: Time, _ later: Time) -> Time {
        switch (earlier, later) {
        case (.int(let x), .int(let y)): return .int(Int64(bitPattern: UInt64(bitPattern: y) &- UInt64(bitPattern: x)))
        case (.float(let x), .float(let y)): return .float(x == y ? 0 : y - x)
        default: return .float(.nan)
        }
    }

    static func distanceLess(_ a: Time, _ b: Time) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (u, v) = (UInt64(bitPattern: x), UInt64(bitPattern: y))
            return u < v ? -1 : (u == v ? 0 : 1)
        default: return compare(a, b)
        }
    }

    static func within(_ distance: Time, _ tolerance: Scalar?) -> Bool {
        guard let tolerance else { return true }
        switch (distance, tolerance) {
        case (.int(let d), .int(let t)), (.int(let d), .duration(let t)): return UInt64(bitPattern: d) <= UInt64(t)
        case (.float(let d), .float(let t)): return d <= t
        case (.float(let d), .int(let t)): return d <= Double(t)
        default: return false
        }
    }

    /// The per-left-row match by scanning all right rows.
    static func reference(_ trial: Trial) -> [Int?] {
        let left = trial.left
        let right = trial.right
        guard let leftTime = left.column(named: "t"), let rightTime = right.column(named: "t") else { return [] }
        let asFloat = leftTime.type == .float || rightTime.type == .float
        // Tie rank: position in the tie-break order (stable), higher wins.
        var rank = Array(0..<right.height)
        if case .sortKeys(let keys) = trial.tieBreak, let seq = right.column(named: "seq") {
            let descending = keys.first?.descending ?? false
            let order = (0..<right.height).sorted { a, b in
                let (x, y) = (seq.scalar(at: a), seq.scalar(at: b))
                if x.isNull != y.isNull { return !x.isNull }
                if case .int(let u) = x, case .int(let v) = y, u != v { return descending ? u > v : u < v }
                return a < b
            }
            for (position, row) in order.enumerated() { rank[row] = position }
        }
        var result: [Int?] = []
        for l in 0..<left.height {
            guard let lt = time(leftTime, l, asFloat: asFloat) else {
                result.append(nil)
                continue
            }
            // The backward and forward winners by the documented rules; nearest picks the closer,
            // a distance tie going to the backward one (pandas: bdiff <= fdiff).
            var backward: (row: Int, time: Time, distance: Time)? = nil
            var forward: (row: Int, time: Time, distance: Time)? = nil
            for r in 0..<right.height {
                var keysEqual = true
                for key in trial.by {
                    let (a, b) = (left.column(named: key)?.scalar(at: l) ?? .null, right.column(named: key)?.scalar(at: r) ?? .null)
                    if a.isNull || b.isNull || a != b { keysEqual = false }
                }
                guard keysEqual, let rt = time(rightTime, r, asFloat: asFloat) else { continue }
                if trial.requireNonNull.contains("p"), right.column(named: "p")?.isNull(r) ?? true { continue }
                let order = compare(rt, lt)
                if order < 0 || (order == 0 && trial.allowExactMatches) {
                    let d = distance(rt, lt)
                    if within(d, trial.tolerance) {
                        if let current = backward {
                            let byTime = compare(rt, current.time)
                            if byTime > 0 || (byTime == 0 && rank[r] > rank[current.row]) { backward = (r, rt, d) }
                        } else {
                            backward = (r, rt, d)
                        }
                    }
                }
                if order > 0 || (order == 0 && trial.allowExactMatches) {
                    let d = distance(lt, rt)
                    if within(d, trial.tolerance) {
                        if let current = forward {
                            let byTime = compare(rt, current.time)
                            if byTime < 0 || (byTime == 0 && rank[r] > rank[current.row]) { forward = (r, rt, d) }
                        } else {
                            forward = (r, rt, d)
                        }
                    }
                }
            }
            var best: (row: Int, time: Time, distance: Time)?
            switch trial.strategy {
            case .backward: best = backward
            case .forward: best = forward
            case .nearest:
                best = backward
                if let forward, backward.map({ distanceLess(forward.distance, $0.distance) < 0 }) ?? true { best = forward }
            }
            result.append(best?.row)
        }
        return result
    }

    /// Cell equality with NaN equal to NaN.
    static func same(_ a: Scalar, _ b: Scalar) -> Bool {
        if case .float(let x) = a, case .float(let y) = b, x.isNaN && y.isNaN { return true }
        return a == b
    }

    static func check(_ trial: Trial, _ out: DataFrame, _ expected: [Int?]) -> String? {
        let kept = (0..<trial.left.height).filter { trial.how == .left || expected[$0] != nil }
        guard out.height == kept.count else { return "height \(out.height), expected \(kept.count)" }
        let names = trial.left.columnNames + ["rid", "p", "seq", "t_right"]
        guard out.columnNames == names else { return "columns \(out.columnNames), expected \(names)" }
        for (position, l) in kept.enumerated() {
            for column in trial.left.columns where !same(out.column(named: column.name)?.scalar(at: position) ?? .null, column.scalar(at: l)) {
                return "row \(position): left column \(column.name) differs"
            }
            for name in ["rid", "p", "seq", "t"] {
                let got = out.column(named: name == "t" ? "t_right" : name)?.scalar(at: position) ?? .null
                let want = expected[l].map { trial.right.column(named: name)?.scalar(at: $0) ?? .null } ?? .null
                if !same(got, want) { return "row \(position) (left \(l)): \(name) is \(got), expected \(want) from right row \(String(describing: expected[l]))" }
            }
        }
        return nil
    }

    @Test(arguments: 0..<12)
    func agreesWithTheReference(block: Int) throws {
        var random = SplitMix64(state: UInt64(9_000 + block))
        for round in 0..<60 {
            let trial = try Self.randomTrial(&random)
            let plan = try AsofJoinPlan(
                left: trial.left, right: trial.right, leftOn: "t", rightOn: "t", leftBy: trial.by, rightBy: trial.by,
                strategy: trial.strategy, tolerance: trial.tolerance, allowExactMatches: trial.allowExactMatches,
                how: trial.how, suffix: "_right", tieBreak: trial.tieBreak, requireNonNull: trial.requireNonNull,
                nullLeftTime: .keep)
            let expected = Self.reference(trial)
            for threads in [1, 3] {
                let out = try plan.run(threads: threads)
                let problem = Self.check(trial, out, expected)
                #expect(problem == nil, "block \(block) round \(round) threads \(threads): \(problem ?? "") — \(trial.strategy) tol \(String(describing: trial.tolerance)) exact \(trial.allowExactMatches) by \(trial.by) tie \(trial.tieBreak)")
                if problem != nil { return }
            }
        }
    }

    /// Large enough inputs to take the parallel census, packing and merge paths.
    @Test func largeInputsMatchTheSmallPathsAnswer() throws {
        var random = SplitMix64(state: 77)
        let n = 270_000
        let leftKeys = (0..<n).map { _ in Int64(random.below(1000)) }
        let leftKeyValid = (0..<n).map { _ in random.below(50) != 0 }
        let leftTimes = (0..<n).map { _ in Int64(random.below(5000)) }
        let rightKeys = (0..<n).map { _ in Int64(random.below(1100)) }
        let rightTimes = (0..<n).map { _ in Int64(random.below(5000)) }
        let rightTimeValid = (0..<n).map { _ in random.below(50) != 0 }
        let left = try DataFrame(columns: [
            Column(name: "k", ints: leftKeys, validity: leftKeyValid), Column(name: "t", ints: leftTimes),
        ])
        let right = try DataFrame(columns: [
            Column(name: "k", ints: rightKeys), Column(name: "t", ints: rightTimes, validity: rightTimeValid),
            Column(name: "rid", ints: (0..<n).map { Int64($0) }),
        ])
        var rowsByKey: [Int64: [Int]] = [:]
        for row in 0..<n where rightTimeValid[row] { rowsByKey[rightKeys[row], default: []].append(row) }
        for strategy in AsofStrategy.allCases {
            let plan = try AsofJoinPlan(
                left: left, right: right, leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], strategy: strategy,
                tolerance: .int(30), allowExactMatches: true, how: .left, suffix: "_right", tieBreak: .lastInserted,
                requireNonNull: [], nullLeftTime: .keep)
            let serial = try plan.run(threads: 1)
            let parallel = try plan.run(threads: 2)
            #expect(serial == parallel)
            guard let rid = serial.column(named: "rid")?.int64Values else { continue }
            let ridColumn = serial.column(named: "rid")
            for row in stride(from: 0, to: n, by: 509) {
                let time = leftTimes[row]
                var best: (time: Int64, row: Int)? = nil
                for r in leftKeyValid[row] ? rowsByKey[leftKeys[row], default: []] : [] {
                    let rt = rightTimes[r]
                    let d = abs(rt - time)
                    guard d <= 30, strategy != .backward || rt <= time, strategy != .forward || rt >= time else { continue }
                    guard let current = best else {
                        best = (rt, r)
                        continue
                    }
                    let cd = abs(current.time - time)
                    let better: Bool
                    switch strategy {
                    case .backward: better = rt >= current.time
                    case .forward: better = rt <= current.time
                    case .nearest: better = d < cd || (d == cd && rt <= current.time)
                    }
                    if better { best = (rt, r) }
                }
                if let best {
                    #expect(ridColumn?.isNull(row) == false && rid[row] == Int64(best.row), "\(strategy) row \(row)")
                } else {
                    #expect(ridColumn?.isNull(row) == true, "\(strategy) row \(row)")
                }
            }
        }
    }
}
