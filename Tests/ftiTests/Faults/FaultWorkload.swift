import Foundation
import Frame
@testable import Store

/// The workload of the store-under-faults tests: numbered batches written into one online feature
/// group, so that a store read back after a fault tells exactly which batches it holds.
///
/// Batch `k` (numbered from 1) writes one row per key `id` in `0..<rows` at event time `ts = k`, with
/// `batch = k`, `x = id * 0.5 + k * 1000` and `s = "b<k>"`; from batch 2 on it also corrects the first
/// `corrections` rows of batch `k - 1` (same key and time, `batch = k`, `x` negated), which moves the
/// old rows to the history table. So a store holding batches `1...L` has exactly: `rows` offline rows
/// per event time, `corrections × (L − 1)` corrected rows and as many history rows, an online table
/// of `rows` rows all from batch `L`, and `L` commits and validation reports. A batch written in part
/// breaks one of these counts.
enum FaultWorkload {
    /// Keys per batch: enough that an insert takes tens of milliseconds in a debug build.
    static let rows = 1_000
    /// Rows of the previous batch each batch corrects.
    static let corrections = 50
    /// The group's definition, as the scripts spell it.
    static let spec = FeatureGroupSpec(name: "faults", primaryKey: ["id"], eventTime: "ts", online: true)
    /// The expectations the writers attach (every insert stores a report with three results).
    static let expectations: [FeatureExpectation] = [
        .notNull("x"), .between("id", min: .int(0), max: .int(Int64(rows - 1))),
    ]

    /// `keys.csv` in `folder`: the column `id`, 0 to rows − 1, which the scripts read.
    static func writeKeys(in folder: String) throws {
        var text = "id\n"
        for id in 0..<rows { text += "\(id)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/keys.csv"))
    }

    /// Batch `k` as a frame, equal to what the writer script inserts.
    static func batch(_ k: Int) throws -> DataFrame {
        var ids = (0..<Int64(rows)).map { $0 }
        var times = [Int64](repeating: Int64(k), count: rows)
        var xs = ids.map { Double($0) * 0.5 + Double(k * 1_000) }
        if k > 1 {
            let fixed = (0..<Int64(corrections)).map { $0 }
            ids += fixed
            times += [Int64](repeating: Int64(k - 1), count: corrections)
            xs += fixed.map { 0 - (Double($0) * 0.5 + Double(k * 1_000)) }
        }
        return try DataFrame(columns: [
            Column(name: "id", ints: ids), Column(name: "ts", ints: times),
            Column(name: "batch", ints: [Int64](repeating: Int64(k), count: ids.count)), Column(name: "x", floats: xs),
            Column(name: "s", strings: [String](repeating: "b\(k)", count: ids.count)),
        ])
    }

    /// The script lines that open the store and the group (attaching the expectations when
    /// `expecting`, a write of its own) and define `batch(k)`.
    static func prelude(store: String, expecting: Bool) -> String {
        """
        let s = store("\(store)")
        let fg = feature_group(s, "faults", version: 1, primary_key: [.id], event_time: .ts, online: true)\(expecting ? "\n  |> expect([not_null(.x), between(.id, 0, \(rows - 1))])" : "")
        let keys = read_csv("keys.csv")
        fn batch(k) = {
          let fresh = keys |> with(ts: k, batch: k, x: .id * 0.5 + k * 1000, s: format("b{}", k))
          let fixes = keys |> head(\(corrections)) |> with(ts: k - 1, batch: k, x: 0 - (.id * 0.5 + k * 1000), s: format("b{}", k))
          if k > 1 then concat([fresh, fixes]) else fresh
        }

        """
    }

    /// A writer that inserts batches `first`, `first + 1`, … (`count` of them), and after each
    /// `insert` returns creates `committed/<k>.csv`: its report of what it saw committed (fti prints
    /// a script's output only when the script ends, and a killed one never does).
    static func writerScript(store: String, first: Int, count: Int) -> String {
        prelude(store: store, expecting: true) + """
        fn put(k) = {
          insert(fg, batch(k))
          write_csv(keys |> head(1), "committed/" + format("{}", k) + ".csv")
        }
        range(\(first), \(first + count)) |> map(put);
        print("wrote", \(count))

        """
    }

    /// A reader that reads the group every way a user can (`read`, `as_of`, `read(online: true)`,
    /// `feature_vectors`, `feature_vector`, and every fifth time `training_data`) until it has seen
    /// `batches` more batches than at its first read (reading at most `limit` times), and fails with
    /// `error` when any read shows a batch in part or an older state than a read before it. It prints
    /// the first and last batch it saw and how many times it read.
    static func readerScript(store: String, batches: Int, limit: Int) -> String {
        prelude(store: store, expecting: false) + """
        let fv = feature_view(s, "faults_view", version: 1, features: [select(fg, .batch, .x)])
        fn whole(df, what, i) = {
          let b = df |> group_by(.batch) |> agg(n: count())
          if len(b) != 1 or first(b.n) != \(rows) then error(format("{} at read {}: {} rows from batches {} ({} each)", what, i, len(df), b.batch, b.n)) else first(b.batch)
        }
        fn history(i) = {
          let r = read(fg)
          let sizes = r |> group_by(.ts) |> agg(n: count())
          let top = if len(r) == 0 then 0 else max(r.ts)
          let fixed = len(r |> filter(.batch != .ts))
          if len(sizes |> filter(.n != \(rows))) > 0 or len(sizes) != top or fixed != \(corrections) * max([top - 1, 0])
          then error(format("read {}: {} rows over {} event times up to {}, {} of them corrected", i, len(r), len(sizes), top, fixed))
          else top
        }
        fn check(i, last) = {
          let seen = [
            history(i),
            whole(as_of(fg, 1000000000), "as_of", i),
            whole(read(fg, online: true), "read(online: true)", i),
            whole(feature_vectors(fv, keys), "feature_vectors", i),
            first(feature_vector(fv, {id: 7}).batch),
            if i % 5 == 0 then whole(training_data(fv, keys |> with(ts: 1000000000)).data, "training_data", i) else last
          ]
          if min(seen) < last then error(format("read {}: went back from batch {} to {}", i, last, seen)) else max(seen)
        }
        fn loop(i, last, goal) = if last >= goal or i >= \(limit) then [i, last] else loop(i + 1, check(i, last), goal)
        let start = check(0, 0)
        let done = loop(1, start, start + \(batches))
        print(start, done[1], done[0])

        """
    }

    /// The batch numbers a writer reported committed in `folder/committed`, ascending.
    static func reportedCommits(in folder: String) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/committed")) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasSuffix(".csv") else { return nil }
            return Int(name.dropLast(4))
        }.sorted()
    }
}
