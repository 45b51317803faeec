import Frame
import Testing
import TestSupport

/// `windowJoin`'s `n_unique` aggregate and `closed:` ends against a naive reference (every left row
/// scans every right row) on random frames (SplitMix64) with null keys, times and values, plus
/// `rolling`'s `n_unique` on a small case.
@Suite struct WindowJoinDistinctClosedTests {
    static func side(_ rng: inout SplitMix64, rows: Int) throws -> DataFrame {
        var keys: [Int64] = [], keyValid: [Bool] = [], times: [Int64] = [], timeValid: [Bool] = []
        var merchants: [String?] = [], prices: [Double] = [], priceValid: [Bool] = []
        for _ in 0..<rows {
            keys.append(Int64(rng.below(4)))
            keyValid.append(rng.below(10) != 0)
            times.append(Int64(rng.below(25)))
            timeValid.append(rng.below(12) != 0)
            merchants.append(rng.below(7) == 0 ? nil : ["m0", "m1", "m2", "m3", "m4"][rng.below(5)])
            prices.append(rng.below(9) == 0 ? .nan : Double(rng.below(4)))
            priceValid.append(rng.below(8) != 0)
        }
        return try DataFrame(columns: [
            Column(name: "k", ints: keys, validity: keyValid),
            Column(name: "t", ints: times, validity: timeValid),
            Column(name: "m", strings: merchants),
            Column(name: "p", floats: prices, validity: priceValid),
        ])
    }

    /// Whether right time `s` is in the window of left time `t` for the given ends.
    static func inWindow(_ s: Int64, _ t: Int64, _ w: Int64, _ closed: RollingClosed) -> Bool {
        let startOK = closed == .left || closed == .both ? s >= t - w : s > t - w
        let endOK = closed == .right || closed == .both ? s <= t : s < t
        return startOK && endOK
    }

    @Test(arguments: RollingClosed.allCases) func matchesTheReference(closed: RollingClosed) throws {
        var rng = SplitMix64(state: 2_024 &+ UInt64(closed.rawValue.count))
        for round in 0..<60 {
            let left = try Self.side(&rng, rows: rng.below(8) == 0 ? rng.below(2) : rng.below(50))
            let right = try Self.side(&rng, rows: rng.below(8) == 0 ? rng.below(2) : rng.below(70))
            let by: [String] = [["k"], []][round % 2]
            let window = Int64(rng.below(6))
            let result = try left.windowJoin(
                right, on: "t", by: by, window: .int(window), closed: closed,
                aggregates: [("n", .count), ("nm", .nUnique(.column("m"))), ("np", .nUnique(.column("p")))])
            for row in 0..<left.height {
                var members: [Int] = []
                if case .int(let t) = left.column(named: "t")?.scalar(at: row),
                   by.allSatisfy({ !(left.column(named: $0)?.isNull(row) ?? true) }) {
                    members = (0..<right.height).filter { other in
                        guard case .int(let s)? = right.column(named: "t")?.scalar(at: other) else { return false }
                        return Self.inWindow(s, t, window, closed)
                            && by.allSatisfy { left.column(named: $0)?.scalar(at: row) == right.column(named: $0)?.scalar(at: other) }
                    }
                }
                var merchants: [String] = []
                var prices: [UInt64] = []
                for member in members {
                    if case .string(let m)? = right.column(named: "m")?.scalar(at: member), !merchants.contains(m) { merchants.append(m) }
                    if case .float(let p)? = right.column(named: "p")?.scalar(at: member) {
                        let bits = p.isNaN ? Double.nan.bitPattern : p.bitPattern
                        if !prices.contains(bits) { prices.append(bits) }
                    }
                }
                let context = "round \(round) row \(row) closed \(closed) window \(window)"
                #expect(result.column(named: "n")?.scalar(at: row) == .int(Int64(members.count)), "\(context)")
                #expect(result.column(named: "nm")?.scalar(at: row) == .int(Int64(merchants.count)), "\(context)")
                #expect(result.column(named: "np")?.scalar(at: row) == .int(Int64(prices.count)), "\(context)")
            }
        }
    }

    @Test func defaultIsBothEndsIncluded() throws {
        let left = try DataFrame(columns: [Column(name: "t", ints: [10])])
        let right = try DataFrame(columns: [Column(name: "t", ints: [5, 7, 10])])
        let n: [(name: String, aggregation: Aggregation)] = [("n", .count)]
        let byDefault = try left.windowJoin(right, on: "t", window: .int(5), aggregates: n)
        #expect(byDefault.column(named: "n")?.scalars == [.int(3)])
        let expected: [RollingClosed: Int64] = [.both: 3, .right: 2, .left: 2, .none: 1]
        for closed in RollingClosed.allCases {
            let result = try left.windowJoin(right, on: "t", window: .int(5), closed: closed, aggregates: n)
            #expect(result.column(named: "n")?.scalars == [.int(expected[closed] ?? -1)], "\(closed)")
        }
    }

    @Test func nUniqueOnEmptyOneRowAndRolling() throws {
        let one = try DataFrame(columns: [Column(name: "t", ints: [1]), Column(name: "m", strings: [nil])])
        let joined = try one.windowJoin(one, on: "t", window: .int(0), aggregates: [("nm", .nUnique(.column("m")))])
        #expect(joined.column(named: "nm")?.scalars == [.int(0)])
        let empty = try one.windowJoin(one.head(0), on: "t", window: .int(3), aggregates: [("nm", .nUnique(.column("m")))])
        #expect(empty.column(named: "nm")?.scalars == [.int(0)])
        let frame = try DataFrame(columns: [
            Column(name: "t", ints: [1, 2, 3, 4]),
            Column(name: "m", strings: ["a", "b", "a", nil]),
        ])
        let rolled = try frame.rolling(on: "t", window: .span(.int(2)), aggregates: [("nm", .nUnique(.column("m")))])
        #expect(rolled.column(named: "nm")?.scalars == [.int(1), .int(2), .int(2), .int(1)])
    }
}
