import Foundation
import Testing
@testable import Runtime

/// Small made-up data for the store tests: daily load per athlete (ctl = 50 + 5·id + day,
/// atl = 40 + 2·day + id, so a point-in-time value is easy to predict), athletes (reference data
/// with a PII column), and sessions (the spine: athlete, time, request value avg_hr, label rpe).
enum StoreFixtures {
    static let files: [String: String] = {
        var daily = ["day,athlete_id,ctl,atl"]
        var sessions = ["athlete_id,at,avg_hr,rpe"]
        for athlete in 1...2 {
            for day in 1...10 {
                daily.append(String(format: "2024-05-%02d,%d,%d.0,%d.0", day, athlete, 50 + 5 * athlete + day, 40 + 2 * day + athlete))
                if day >= 2 {
                    let hr = 130 + (athlete * 7 + day * 3) % 40
                    sessions.append(String(format: "%d,2024-05-%02dT18:00:00,%d,%.1f", athlete, day, hr, Double(hr - 120) / 5))
                }
            }
        }
        return [
            "daily.csv": daily.joined(separator: "\n") + "\n",
            "athletes.csv": "athlete_id,name,sport,threshold_hr,email\n1,ada,run,172,ada@example.org\n2,ben,ride,165,ben@example.org\n",
            "sessions.csv": sessions.joined(separator: "\n") + "\n",
        ]
    }()

    /// A store with both groups filled.
    static let groups = """
        let s = store(":memory:")
        let daily = read_csv("daily.csv")
        let people = read_csv("athletes.csv")
        let spine = read_csv("sessions.csv")
        let fg = feature_group(s, "athlete_daily", version: 1, primary_key: [.athlete_id], event_time: .day, online: true, description: "Daily training load")
        let ath = feature_group(s, "athlete", version: 1, primary_key: [.athlete_id], online: true, pii: [.email])
        let r1 = insert(fg, daily)
        let r2 = insert(ath, people)
        """

    /// Plus a view with a transformation per kind of column and an on-demand feature, and its training data.
    static let view = groups + """

        let fv = feature_view(s, "fatigue", version: 1, features: [select(fg, .ctl, .atl), select(ath, .sport, .threshold_hr)],
                              label: .rpe, transforms: {ctl: "standard_scaler", sport: "one_hot"}, on_demand: {hr_ratio: .avg_hr / .threshold_hr})
        let td = training_data(fv, spine, spine_time: .at)
        """

    /// A session whose globals hold `code`'s bindings.
    static func session(_ code: String) throws -> Session {
        let session = try builtinSession(files)
        let result = session.evaluate(code, sourceName: "<setup>")
        #expect(result.error == nil, "\(result.error ?? "")")
        return session
    }
}

/// `store`, `feature_group`, `insert`, `read`, `as_of`, `expect` with the expectation constructors,
/// `validation_reports` and `rejected` through the language, with their errors.
@Suite struct StoreGroupBuiltinTests {
    @Test func opensOneStorePerPathPerSession() throws {
        let s = try builtinSession()
        #expect(s.show("let a = store(\"x.db\")") == "")
        #expect(s.show("let b = store(\"x.db\")") == "")
        #expect(s.show("a == b") == "true")
        #expect(s.show("store(\":memory:\") == store(\":memory:\")") == "true")
        #expect(s.show("a") == "feature store \"x.db\": 0 feature groups, 0 feature views, 0 models")
        #expect(s.show("a.path") == "\"x.db\"")
        #expect(s.show("store(42)").hasPrefix("error: store expects 'path' to be a string"))
        let bad = try builtinSession(["text.db": String(repeating: "not a database\n", count: 200)])
        #expect(bad.show("store(\"text.db\")") == "error: cannot open store 'text.db': not an SQLite database")
    }

    @Test func createsOpensAndDescribesGroups() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("fg") == """
            feature group athlete_daily v1 · key .athlete_id · event time .day · online
              Daily training load
              columns: day timestamp, athlete_id int, ctl float, atl float
            """)
        #expect(s.show("[fg.name, fg.version, fg.primary_key, fg.event_time, fg.online]")
                == "[\"athlete_daily\", 1, [\"athlete_id\"], \"day\", true]")
        #expect(s.show("fg.features") == "[\"ctl\", \"atl\"]")
        #expect(s.show("ath.pii") == "[\"email\"]")
        #expect(s.show("[ath.event_time]") == "[null]")
        #expect(s.show("feature_group(s, \"athlete_daily\").columns == fg.columns") == "true")
        #expect(s.show("feature_group(s, \"athlete_daily\", version: 1).description") == "\"Daily training load\"")
        // Opening with the same definition is fine; a different one says what differs, under that argument.
        #expect(s.show("feature_group(s, \"athlete_daily\", version: 1, primary_key: [.athlete_id], event_time: .day, online: true, description: \"Daily training load\").version") == "1")
        let mismatch = s.failure("feature_group(s, \"athlete_daily\", version: 1, primary_key: [.athlete_id], event_time: .day, online: false, description: \"Daily training load\")") ?? ""
        #expect(mismatch.hasPrefix("error: feature group 'athlete_daily' v1 already exists with online true, not false; give the same definition to open it, or create version 2"))
        #expect(mismatch.contains("^^^^^^"))
        #expect(s.show("s.feature_groups") == "[\"athlete\", \"athlete_daily\"]")
    }

    @Test func unknownGroupsAndVersionsAreClearErrors() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("feature_group(s, \"athlete_dayly\")") == "error: unknown feature group 'athlete_dayly'; did you mean 'athlete_daily'?")
        let version = s.failure("feature_group(s, \"athlete_daily\", version: 3)") ?? ""
        #expect(version.hasPrefix("error: unknown feature group 'athlete_daily' v3; it has version 1"))
        #expect(version.contains("|                                   ^^^^^^^\n") || version.hasSuffix("|                                   ^^^^^^^"))
        #expect(s.show("feature_group(s, \"x\", online: true)")
                == "error: feature_group needs primary_key: to create a group; to open one give only its name and version")
        #expect(s.show("feature_group(s, \"Bad Name\", primary_key: [.id])").hasPrefix("error: feature group name 'Bad Name' must start"))
        #expect(s.show("feature_group(s, \"g\", version: 0, primary_key: [.id])") == "error: feature_group's version must be 1 or more, found 0")
        #expect(s.show("insert(daily, fg)").hasPrefix("error: insert expects 'group' to be a feature group"))
    }

    @Test func insertIsAnIdempotentUpsertWithAReport() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("[r1.inserted, r1.updated, r1.unchanged, r1.rejected, r1.commit]") == "[20, 0, 0, 0, 1]")
        #expect(s.show("r1.added_columns") == "[\"day\", \"athlete_id\", \"ctl\", \"atl\"]")
        // The report is a frame: its group and version columns aside, the counts and the outcome.
        #expect(s.show("insert(fg, daily) |> drop(.group, .version)") == """
            shape: (1, 7)
            ┌────────┬──────────┬─────────┬───────────┬──────────┬──────────┬──────────────────────────┐
            │ commit │ inserted │ updated │ unchanged │ rejected │ outcome  │ validation               │
            │ int    │ int      │ int     │ int       │ int      │ string   │ string                   │
            ╞════════╪══════════╪═════════╪═══════════╪══════════╪══════════╪══════════════════════════╡
            │ 3      │ 0        │ 0       │ 20        │ 0        │ ingested │ all 1 expectation passed │
            └────────┴──────────┴─────────┴───────────┴──────────┴──────────┴──────────────────────────┘
            """)
        #expect(s.show("read(fg) |> shape") == "[20, 4]")
        // A correction updates one row and keeps the old one for time travel.
        #expect(s.show("let fix = insert(fg, daily |> filter(.athlete_id == 1 and .day == @2024-05-03) |> with(ctl: 0.0))") == "")
        #expect(s.show("[fix.inserted, fix.updated, fix.unchanged]") == "[0, 1, 0]")
        #expect(s.show("(read(fg) |> filter(.athlete_id == 1 and .day == @2024-05-03)).ctl") == "[0.0]")
        #expect(s.show("(read(fg, commit: 1) |> filter(.athlete_id == 1 and .day == @2024-05-03)).ctl") == "[58.0]")
        #expect(s.show("[fix]") == "[<ingestion report athlete_daily v1: 0 inserted, 1 updated, 0 unchanged, 0 rejected>]")
    }

    @Test func badBatchesWriteNothing() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        let missing = s.failure("insert(fg, daily |> drop(.athlete_id))") ?? ""
        #expect(missing.hasPrefix("error: insert into feature group 'athlete_daily' v1: the batch has no key column .athlete_id"))
        #expect(missing.hasSuffix("|            ^^^^^^^^^^^^^^^^^^^^^^^^^^"))
        #expect(s.show("insert(fg, daily |> with(day: null))")
                .hasPrefix("error: insert into feature group 'athlete_daily' v1: row 0 has a null event time in .day (20 nulls in all); nothing was written"))
        #expect(s.show("insert(fg, daily |> with(ctl: \"high\"))")
                == "error: insert into feature group 'athlete_daily' v1: column .ctl is string in the batch but float in the group; changing a type needs a new version (create version 2)")
        #expect(s.show("insert(fg, daily |> drop(.atl))").hasPrefix("error: insert into feature group 'athlete_daily' v1: the batch lacks column .atl"))
        #expect(s.show("insert(ath, people |> with(sport: \"swim\"))").hasPrefix("error: insert into feature group 'athlete' v1: a row with key (1) would change"))
        #expect(s.show("read(fg) |> shape") == "[20, 4]")
        // Adding a column is allowed: older rows read null.
        #expect(s.show("insert(fg, daily |> head(1) |> with(tsb: .ctl - .atl)).added_columns") == "[\"tsb\"]")
        #expect(s.show("read(fg) |> filter(is_null(.tsb)) |> shape") == "[19, 5]")
    }

    @Test func readsRangesStatesAndTheOnlineTable() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("read(fg, start: @2024-05-09) |> shape") == "[4, 4]")
        #expect(s.show("read(fg, start: @2024-05-02, end: @2024-05-04).day |> unique") == "[@2024-05-02, @2024-05-03]")
        #expect(s.show("as_of(fg, @2024-05-03T12:00:00).ctl") == "[58.0, 63.0]")
        #expect(s.show("read(fg, online: true).ctl") == "[65.0, 70.0]")
        #expect(s.show("read(ath).name") == "[\"ada\", \"ben\"]")
        #expect(s.show("read(ath, start: @2024-05-01)").hasPrefix("error: read of feature group 'athlete' v1: start and end need an event time"))
        #expect(s.show("read(fg, online: true, start: @2024-05-01)").hasPrefix("error: read(fg, online: true) reads the latest row per key"))
        #expect(s.show("read(fg, commit: 1, start: @2024-05-01)") == "error: read takes either commit: or start:/end:, not both")
        #expect(s.show("as_of(fg, \"yesterday\")") == "error: as_of expects 'time' to be a timestamp such as @2024-06-01, found string")
    }

    @Test func strictExpectationsRejectTheWholeBatch() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("let checked = expect(fg, [not_null(.ctl), between(.atl, 0, 60), unique(.athlete_id, .day)])") == "")
        #expect(s.show("checked.policy") == "\"strict\"")
        #expect(s.show("checked.expectations") == "[not_null(.ctl), between(.atl, min: 0, max: 60), unique(.athlete_id, .day)]")
        #expect(s.show("fg").contains("expectations (strict): not_null(.ctl); between(.atl, min: 0, max: 60); unique(.athlete_id, .day)"))
        let bad = "daily |> with(day: .day + 30d, atl: .atl * 2.0)"
        let error = s.failure("insert(fg, \(bad))") ?? ""
        #expect(error.hasPrefix(
            "error: insert into feature group 'athlete_daily' v1 rejected (policy strict): 1 of 4 expectations failed: between(.atl, min: 0, max: 60) 20 rows (row 0: 86.0, row 1: 90.0, row 2: 94.0, …)"))
        #expect(error.contains("validation_reports(fg) holds every report"))
        #expect(s.show("read(fg) |> shape") == "[20, 4]")
        #expect(s.show("validation_reports(fg) |> filter(not .success) |> select(.outcome, .expectation, .unexpected)").contains("│ rejected │ between(.atl, min: 0, max: 60) │ 20         │"))
        #expect(s.show("validation_reports(fg).report |> unique |> len") == "2")
    }

    @Test func lenientExpectationsQuarantineRows() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        #expect(s.show("let lenient = expect(fg, [between(.atl, max: 60), max_null_fraction(.ctl, 0.5)], policy: \"lenient\")") == "")
        #expect(s.show("let r = insert(fg, daily |> with(day: .day + 30d))") == "")
        #expect(s.show("[r.inserted, r.rejected, r.outcome]") == "[18, 2, \"partially_ingested\"]")
        #expect(s.show("rejected(fg).fti_row") == "[9, 19]")
        #expect(s.show("rejected(fg).fti_reason |> first") == "\"between(.atl, min: none, max: 60)\"")
        #expect(s.show("rejected(fg) |> shape") == "[2, 7]")
        #expect(s.show("expect(fg, [not_null(.ctl)], policy: \"lax\")").hasPrefix("error: unknown expect policy \"lax\""))
    }

    @Test func everyExpectationConstructor() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        let made = [
            "not_null(.x)": "not_null(.x)",
            "between(.x, 1, 2, strict_max: true)": "between(.x, min: 1, max: 2, strict_max: true)",
            "between(.t, @2024-01-01, null)": "between(.t, min: 2024-01-01, max: none)",
            "in_set(.sport, [\"run\", \"ride\"])": "in_set(.sport, [\"run\", \"ride\"])",
            "unique(.a)": "unique(.a)",
            "unique([.a, .b])": "unique(.a, .b)",
            "matches(.email, \"^[a-z]+@\")": "matches(.email, \"^[a-z]+@\")",
            "row_count_between(1, 100)": "row_count_between(min: 1, max: 100)",
            "mean_between(.x, 0, 1.5)": "mean_between(.x, min: 0.0, max: 1.5)",
            "max_null_fraction(.x, 0.25)": "max_null_fraction(.x, 0.25)",
        ]
        for (code, summary) in made.sorted(by: { $0.key < $1.key }) {
            #expect(s.show(code) == summary, "\(code)")
        }
        #expect(s.show("between(.x)") == "error: expectation between(.x, min: none, max: none) needs a min or a max")
        #expect(s.show("between(.x, 5, 1)") == "error: expectation between(.x, min: 5, max: 1): min is greater than max")
        #expect(s.show("max_null_fraction(.x, 2)") == "error: expectation max_null_fraction(.x, 2.0): the fraction must lie within 0…1")
        #expect(s.show("matches(.x, \"(\")").hasPrefix("error: expectation matches(.x, \"(\")"))
        #expect(s.show("between(.x, \"a\", 2)") == "error: between's min is a number, timestamp or duration, found string")
        #expect(s.show("in_set(.x, [[1]])") == "error: in_set's values are single values such as \"run\" or 3, found list")
        #expect(s.show("unique(.a, keep: \"last\")") == "error: unique as an expectation takes only columns, not 'keep'")
        #expect(s.show("expect(fg, [1])").hasPrefix("error: expect takes expectations such as not_null(.x)"))
        #expect(s.show("expect(fg, [not_null(.heart)])") == "error: expectation not_null(.heart): feature group 'athlete_daily' v1 has no column .heart")
        // The frame and list `unique` still work.
        #expect(s.show("unique([3, 1, 3])") == "[3, 1]")
        #expect(s.show("unique(people, .sport) |> shape") == "[2, 5]")
        #expect(s.show("select(people, .name, one: 1) |> columns") == "[\"name\", \"one\"]")
        #expect(s.show("select(people, .name) |> columns") == "[\"name\"]")
        // Each kind of check, on data.
        #expect(s.show("let g = expect(ath, [in_set(.sport, [\"run\"]), matches(.email, \"^[a-z]+@example\\\\.org$\"), row_count_between(3, null), mean_between(.threshold_hr, 100, 160)], policy: \"lenient\")") == "")
        let summary = s.show("insert(ath, people |> with(athlete_id: .athlete_id + 10, email: \"nobody\")).validation")
        #expect(summary.hasPrefix("\"4 of 5 expectations failed: in_set(.sport, [\\\"run\\\"]) 1 row (row 1: \\\"ride\\\")"))
        #expect(summary.contains("row_count_between(min: 3, max: none) observed 2.0"))
        #expect(summary.contains("mean_between(.threshold_hr, min: 100.0, max: 160.0) observed 168.5"))
    }
}
