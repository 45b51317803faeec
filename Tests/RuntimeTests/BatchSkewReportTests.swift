import Testing
@testable import Runtime

/// `skew_report` for a batch system (no group of the view is online, as the air-quality system of
/// the FTI book): serving reads the offline tables through batch_predict, so the online checks do
/// not apply and are no skew; a view with some groups online and some not still is.
@Suite struct BatchSkewReportTests {
    static let batch = """
        let s = store(":memory:")
        let daily = read_csv("daily.csv")
        let people = read_csv("athletes.csv")
        let spine = read_csv("sessions.csv")
        let fg = feature_group(s, "athlete_daily", version: 1, primary_key: [.athlete_id], event_time: .day)
        let ath = feature_group(s, "athlete", version: 1, primary_key: [.athlete_id])
        let r1 = insert(fg, daily)
        let r2 = insert(ath, people)
        let fv = feature_view(s, "fatigue", version: 1, features: [select(fg, .ctl, .atl), select(ath, .threshold_hr)], label: .rpe)
        let td = training_data(fv, spine, spine_time: .at)
        let parts = split_by_time(td, test_from: @2024-05-08, gap: 1d)
        let m = gbdt(parts.train, target: .rpe, features: td.features, rounds: 10)
        let rm = register(s, m, name: "rpe", training_data: td, metrics: {rmse: 0.8})
        """

    static func finding(_ check: String) -> String {
        "(report.findings |> filter(.check == \"\(check)\"))"
    }

    @Test func aBatchSystemHasNoOnlineSkew() throws {
        let s = try StoreFixtures.session(Self.batch)
        #expect(s.show("let report = skew_report(fv, rm)") == "")
        #expect(s.show("[report.ok, report.skews, report.warnings]") == "[true, 0, 0]")
        #expect(s.show("\(Self.finding("online_tables")).status") == "[\"ok\"]")
        #expect(s.show("\(Self.finding("online_tables")).detail |> first")
                == "\"not applicable: no group of the view is online, so serving is batch and reads the offline tables (athlete_daily v1, athlete v1), as training did\"")
        #expect(s.show("\(Self.finding("online_matches_offline")).detail |> first")
                == "\"not applicable: serving is batch, there are no online tables\"")
        #expect(s.show("\(Self.finding("training_source")).detail |> first")
                == "\"trained on training dataset v1 of feature view 'fatigue' v1, read from the offline tables of the groups serving reads in batch (athlete_daily v1, athlete v1)\"")
        // Batch serving works, which is what the report says serving does.
        #expect(s.show("batch_predict(rm, fv, spine |> head(2)) |> columns |> last") == "\"prediction\"")
    }

    @Test func anUnregisteredModelOnABatchViewIsAuditedTheSameWay() throws {
        let s = try StoreFixtures.session(Self.batch)
        #expect(s.show("let plain = gbdt(td.data, target: .rpe, features: [.ctl, .atl], rounds: 5)") == "")
        #expect(s.show("let report = skew_report(fv, plain, training_data: td.data, spine_time: .at)") == "")
        #expect(s.show("report.skewed") == "[]")
        #expect(s.show("\(Self.finding("online_tables")).status") == "[\"ok\"]")
        // Leakage is still found on a batch view.
        #expect(s.show("""
            let latest = as_of(fg, @2024-06-01) |> select(.athlete_id, .ctl, .atl)
            let leaky = join(spine, latest, on: .athlete_id)
            let cheat = gbdt(leaky, target: .rpe, features: [.ctl, .atl], rounds: 5)
            skew_report(fv, cheat, training_data: leaky, spine_time: .at).skewed
            """) == "[\"leakage/point_in_time\"]")
    }

    @Test func someGroupsOnlineAndSomeNotIsStillSkew() throws {
        let s = try StoreFixtures.session(Self.batch + """

            let live = feature_group(s, "athlete_live", version: 1, primary_key: [.athlete_id], online: true)
            let r3 = insert(live, people |> select(.athlete_id, .sport))
            let mixed = feature_view(s, "mixed", version: 1, features: [select(fg, .ctl, .atl), select(live, .sport)], label: .rpe)
            let report = skew_report(mixed, m, training_data: td)
            """)
        #expect(s.show("report.skewed |> filter(x => x == \"source/online_tables\")") == "[\"source/online_tables\"]")
        #expect(s.show("\(Self.finding("online_tables")).detail |> first")
                == "\"feature group 'athlete_daily' v1 is not online, so serving must read another source; create a version with online: true\"")
    }
}
