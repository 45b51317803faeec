import Frame
@testable import Store

/// Reads a store written with `FaultWorkload` batches and lists every way it differs from "whole
/// batches 1...L and nothing else", across the offline, history and online tables, the commits, the
/// validation reports and the registry.
struct FaultStoreCheck {
    /// The number of the last batch the store holds (0 for none).
    var lastBatch = 0
    /// What is wrong; empty when the store holds whole batches only.
    var problems: [String] = []

    /// Checks `store`, whose group has `columns` columns (the workload's five, or more a test added).
    init(_ store: FeatureStore, columns expectedColumns: Int = 5) throws {
        if let problem = try store.integrityProblem() { problems.append("integrity_check: \(problem)") }
        let rows = Int64(FaultWorkload.rows)
        let fixes = Int64(FaultWorkload.corrections)
        func count(_ sql: String, _ values: [Scalar] = []) throws -> Int64 {
            try store.rows(sql, values).first?.first?.integerValue ?? -1
        }
        if try count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'fti_stage'") != 0 {
            problems.append("the staging table survived")
        }
        guard let groupID = try store.rows("SELECT id FROM fti_feature_group WHERE name = 'faults'").first?.first?.integerValue
        else {
            if try count("SELECT COUNT(*) FROM fti_commit") != 0 { problems.append("commits without a group") }
            return
        }
        let group = Scalar.int(groupID)
        let expectations = try count("SELECT COUNT(*) FROM fti_expectation WHERE group_id = ?", [group])
        if expectations != 0 && expectations != Int64(FaultWorkload.expectations.count) {
            problems.append("\(expectations) expectations stored, a suite written in part")
        }
        let columns = try count("SELECT COUNT(*) FROM fti_feature_group_column WHERE group_id = ?", [group])
        guard try store.connection.tableExists("fg_faults_v1") else {
            if columns != 0 { problems.append("\(columns) columns registered without a table") }
            if try count("SELECT COUNT(*) FROM fti_commit") != 0 { problems.append("commits without a table") }
            return
        }
        if columns != Int64(expectedColumns) { problems.append("\(columns) columns registered, not \(expectedColumns)") }

        // Offline: event times 1...L, each with one row per key; every row's values those of the
        // batch that wrote it (its own, or the next one's correction).
        let perTime = try store.rows("SELECT ts, COUNT(*) FROM fg_faults_v1 GROUP BY ts ORDER BY ts")
        let last = Int64(perTime.count)
        lastBatch = perTime.count
        for (index, row) in perTime.enumerated() where row != [.int(Int64(index + 1)), .int(rows)] {
            problems.append("offline rows at event time \(row[0]): \(row[1]) (expected time \(index + 1) with \(rows) rows)")
            break
        }
        let wrong = try count(
            """
            SELECT COUNT(*) FROM fg_faults_v1 WHERE NOT (id BETWEEN 0 AND ? AND s IS 'b' || batch AND (
                (batch = ts AND (ts = ? OR id >= ?) AND x = id * 0.5 + batch * 1000)
                OR (batch = ts + 1 AND ts < ? AND id < ? AND x = 0 - (id * 0.5 + batch * 1000))))
            """, [.int(rows - 1), .int(last), .int(fixes), .int(last), .int(fixes)])
        if wrong != 0 { problems.append("\(wrong) offline rows with values no whole batch wrote") }

        // History: the rows each correction replaced, superseded by the commit of the next batch.
        let superseded = max(0, last - 1) * fixes
        let history = try count("SELECT COUNT(*) FROM (SELECT DISTINCT id, ts FROM fg_faults_v1_history)")
        let historyRows = try count("SELECT COUNT(*) FROM fg_faults_v1_history")
        if history != superseded || historyRows != superseded {
            problems.append("\(historyRows) history rows (\(history) distinct), expected \(superseded)")
        }
        let badHistory = try count(
            """
            SELECT COUNT(*) FROM fg_faults_v1_history AS h
            LEFT JOIN (SELECT ts, MIN(fti_commit) AS seq FROM fg_faults_v1 GROUP BY ts) AS o ON o.ts = h.ts + 1
            WHERE NOT (h.batch = h.ts AND h.id < ? AND h.ts < ? AND h.x = h.id * 0.5 + h.batch * 1000
                AND h.fti_superseded IS o.seq)
            """, [.int(fixes), .int(last)])
        if badHistory != 0 { problems.append("\(badHistory) history rows that no whole correction moved there") }

        // Online: the latest row per key, all from the last batch.
        let online = try store.rows("SELECT COUNT(*), MIN(batch), MAX(batch), MIN(ts), MAX(ts) FROM fg_faults_v1_online")
        let expectedOnline: [Scalar] = last == 0 ? [.int(0), .null, .null, .null, .null] : [.int(rows), .int(last), .int(last), .int(last), .int(last)]
        if online.first != expectedOnline { problems.append("online table \(online.first ?? []), expected \(expectedOnline)") }
        if try count("SELECT COUNT(*) FROM fg_faults_v1_online WHERE x IS NOT id * 0.5 + batch * 1000") != 0 {
            problems.append("online rows with values no whole batch wrote")
        }
        if try count("SELECT COUNT(*) FROM fg_faults_v1_rejects") != 0 { problems.append("rejected rows stored") }

        // One commit and one stored report (with three results) per batch, in order.
        let commits = try store.rows(
            "SELECT seq, inserted, updated, unchanged, rejected FROM fti_commit WHERE group_id = ? ORDER BY seq", [group])
        if commits.count != lastBatch {
            problems.append("\(commits.count) commits for \(lastBatch) batches")
        } else {
            for (index, commit) in commits.enumerated() {
                let counts = Array(commit.dropFirst())
                let expected: [Scalar] = [.int(rows), .int(index == 0 ? 0 : fixes), .int(0), .int(0)]
                if counts != expected { problems.append("commit of batch \(index + 1) counted \(counts), expected \(expected)") }
            }
        }
        let reports = try store.rows(
            "SELECT commit_seq, outcome, row_count FROM fti_validation_report WHERE group_id = ? ORDER BY id", [group])
        let expectedReports = commits.enumerated().map { index, commit -> [Scalar] in
            [commit[0], .string("ingested"), .int(rows + (index == 0 ? 0 : fixes))]
        }
        if reports != expectedReports { problems.append("validation reports \(reports), expected \(expectedReports)") }
        let results = try count(
            "SELECT COUNT(*) FROM fti_validation_result AS r JOIN fti_validation_report AS v ON v.id = r.report_id WHERE v.group_id = ?",
            [group])
        if results != Int64(reports.count * (1 + FaultWorkload.expectations.count)) {
            problems.append("\(results) validation results for \(reports.count) reports")
        }
    }
}
