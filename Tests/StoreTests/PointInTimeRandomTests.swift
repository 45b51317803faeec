import Frame
import TestSupport
import Testing
@testable import Store



@Suite struct PointInTimeRandomTests {
    /// Random groups (written in several batches with corrections), random spines and TTLs: every
    /// training row equals a brute-force search over the current rows, and no row sees an event
    /// time later than its spine time.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func matchesABruteForceJoin(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k", "s"], eventTime: "t", online: true))
        // The truth: (k, s, t) → value, last write wins.
        var truth: [Int64: (k: Int64, s: String, t: Int64, v: Int64)] = [:]
        for _ in 0..<3 {
            let count = 1 + random.below(40)
            var keys: [Int64] = []
            var subs: [String?] = []
            var times: [Int64] = []
            var values: [Int64] = []
            var seen: Set<Int64> = []
            for _ in 0..<count {
                let k = Int64(random.below(4))
                let s = ["x", "y"][random.below(2)]
                let t = Int64(random.below(30))
                let identity = k * 10_000 + (s == "x" ? 0 : 5_000) + t
                if seen.contains(identity) { continue }
                seen.insert(identity)
                let v = Int64(random.below(1000))
                keys.append(k)
                subs.append(s)
                times.append(t)
                values.append(v)
                truth[identity] = (k, s, t, v)
            }
            try store.insert(group, try frame(
                Column(name: "k", ints: keys), Column(name: "s", strings: subs), Column(name: "t", ints: times),
                Column(name: "v", ints: values), Column(name: "seen_at", ints: times)))
        }
        let ttl: Int64? = random.below(3) == 0 ? nil : Int64(random.below(8))
        let view = try store.featureView(FeatureViewSpec(name: "view", sources: [FeatureSource(group, ttl: ttl)]))
        let spineCount = 60
        var spineKeys: [Int64] = []
        var spineSubs: [String?] = []
        var spineTimes: [Int64] = []
        for _ in 0..<spineCount {
            spineKeys.append(Int64(random.below(5)))
            spineSubs.append(["x", "y"][random.below(2)])
            spineTimes.append(Int64(random.below(35)) - 2)
        }
        let spine = try frame(Column(name: "k", ints: spineKeys), Column(name: "s", strings: spineSubs), Column(name: "t", ints: spineTimes))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.height == spineCount)
        let rows = Array(truth.values)
        for index in 0..<spineCount {
            let time = spineTimes[index]
            var best: (t: Int64, v: Int64)? = nil
            for row in rows where row.k == spineKeys[index] && row.s == spineSubs[index] && row.t <= time {
                if let ttl, time - row.t > ttl { continue }
                if best == nil || row.t > best?.t ?? Int64.min { best = (row.t, row.v) }
            }
            #expect(td.frame.values("v")[index] == (best.map { Scalar.int($0.v) } ?? .null), "spine row \(index)")
            if case .int(let seen) = td.frame.values("seen_at")[index] { #expect(seen <= time) }
            #expect(td.frame.values("t")[index] == .int(time))
        }
        // Online holds the latest row per key, equal to the latest offline value.
        let online = try store.onlineRows(group)
        for row in 0..<online.height {
            guard case .int(let k) = online.values("k")[row], case .string(let s) = online.values("s")[row] else { continue }
            let latest = rows.filter { $0.k == k && $0.s == s }.max { $0.t < $1.t }
            #expect(online.values("v")[row] == latest.map { .int($0.v) })
        }
    }
}
