import Testing
@testable import Runtime

/// `skew_report` with `training_data: frame` judges only the columns the model reads: a
/// transformation or a leaked value in a column the model ignores is no skew of that model.
@Suite struct SkewModelFeaturesTests {
    static let setup = """
        let s = store(":memory:")
        let daily = read_csv("daily.csv")
        let people = read_csv("athletes.csv")
        let spine = read_csv("sessions.csv")
        let fg = feature_group(s, "athlete_daily", version: 1, primary_key: [.athlete_id], event_time: .day, online: true)
        let ath = feature_group(s, "athlete", version: 1, primary_key: [.athlete_id], online: true)
        let r1 = insert(fg, daily)
        let r2 = insert(ath, people)
        let fv = feature_view(s, "fatigue", version: 1, features: [select(fg, .ctl, .atl), select(ath, .threshold_hr)],
                              label: .rpe, transforms: {ctl: "standard_scaler", atl: "standard_scaler"})
        let td = training_data(fv, spine, spine_time: .at)
        """

    static func finding(_ report: String, _ check: String) -> String {
        "(\(report).findings |> filter(.check == \"\(check)\")).detail |> first"
    }

    @Test func transformationsOfUnreadColumnsAreNoSkew() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("let only_hr = gbdt(td.data, target: .rpe, features: [.threshold_hr], rounds: 3)") == "")
        #expect(s.show("let report = skew_report(fv, only_hr, training_data: td.data, spine_time: .at)") == "")
        #expect(s.show("report.skewed") == "[]")
        #expect(s.show(Self.finding("report", "serving_parameters"))
            == "\"the model reads none of the features serving transforms (.ctl, .atl)\"")
    }

    @Test func onlyTheReadTransformedColumnIsNamed() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("let raw_ctl = gbdt(td.data, target: .rpe, features: [.ctl, .threshold_hr], rounds: 3)") == "")
        #expect(s.show("let report = skew_report(fv, raw_ctl, training_data: td.data, spine_time: .at)") == "")
        #expect(s.show(Self.finding("report", "serving_parameters"))
            == "\"the model was trained on untransformed .ctl (standard_scaler), which serving transforms; train on td.train or drop the transformation\"")
    }

    @Test func aLeakedColumnTheModelIgnoresIsNoLeak() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("""
            let latest = as_of(fg, @2024-06-01) |> select(.athlete_id, .atl)
            let mixed = join(td.data |> drop(.atl), latest, on: .athlete_id)
            let honest = gbdt(mixed, target: .rpe, features: [.threshold_hr], rounds: 3)
            let cheat = gbdt(mixed, target: .rpe, features: [.atl], rounds: 3)
            """) == "")
        #expect(s.show("skew_report(fv, honest, training_data: mixed, spine_time: .at).skewed") == "[]")
        #expect(s.show("skew_report(fv, cheat, training_data: mixed, spine_time: .at).skewed |> filter(x => x == \"leakage/point_in_time\")")
            == "[\"leakage/point_in_time\"]")
    }
}
