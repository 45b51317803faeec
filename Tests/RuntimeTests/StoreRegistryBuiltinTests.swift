import Foundation
import Frame
import Testing
@testable import Runtime

/// `register` with gates, `load_model` from a store, `predict` and `batch_predict` with registered
/// models, `lineage` and `skew_report` (each of the four skew causes) through the language.
@Suite struct StoreRegistryBuiltinTests {
    /// The view fixture, split, a model trained on the transformed train rows and registered.
    static let registered = StoreFixtures.view + """

        let parts = split_by_time(td, test_from: @2024-05-08, gap: 1d)
        let m = gbdt(parts.train, target: .rpe, features: td.features, rounds: 20)
        let rm = register(s, m, name: "rpe", training_data: td, metrics: {rmse: 0.8}, gate: .rmse < 1.5)
        """

    @Test func registersModelsThatPassTheirGate() throws {
        let s = try StoreFixtures.session(Self.registered)
        #expect(s.show("rm").hasPrefix("""
            registered model rpe v1 · trained on training dataset v1 of feature view fatigue v1
              metrics: rmse 0.8
              gbdt model: regression, 20 rounds
            """))
        #expect(s.show("[rm.name, rm.version, rm.view, rm.view_version, rm.training_dataset, rm.seed]") == "[\"rpe\", 1, \"fatigue\", 1, 1, 42]")
        #expect(s.show("rm.metrics") == "{rmse: 0.8}")
        #expect(s.show("rm.features == td.features") == "true")
        #expect(s.show("rm.rounds") == "20")
        #expect(s.show("type_of(rm.registered_at)") == "\"timestamp\"")
        #expect(s.show("rm.parameters").contains("rounds=20"))
        // Gates: a list, `and`, a reversed comparison; the next version of the name.
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, metrics: {rmse: 0.8, r2: 0.9}, gate: [.rmse <= 1.0, 0.5 < .r2]).version") == "2")
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, metrics: {rmse: 0.8, r2: 0.9}, gate: .rmse < 1.0 and .r2 >= 0.9).version") == "3")
        let failed = s.failure("register(s, m, name: \"rpe\", training_data: td, metrics: {rmse: 2.0}, gate: .rmse < 1.5)") ?? ""
        #expect(failed.hasPrefix("error: model 'rpe' fails its gate: rmse 2.0 is not < 1.5; it was not registered"))
        #expect(failed.contains("^^^^"))
        #expect(s.show("load_model(s, \"rpe\").version") == "3")
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, metrics: {rmse: 2.0}, gate: .mae < 1.5)")
                .hasPrefix("error: model 'rpe': the gate mae < 1.5 names metric mae, which the metrics lack (they have rmse)"))
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, gate: .rmse + 1)")
                == "error: a gate compares with <, <=, > or >=, found +")
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, gate: {rmse: 240})")
                == "error: gate expects comparisons such as .rmse < 240, found record")
        #expect(s.show("register(s, m, name: \"rpe\", training_data: td, metrics: {rmse: \"low\"})") == "error: metric rmse must be a number, found string")
        #expect(s.show("register(s, m, name: \"Race Time\", training_data: td)").hasPrefix("error: model name 'Race Time' must start with a lowercase letter"))
        #expect(s.show("register(s, daily, name: \"x\", training_data: td)").hasPrefix("error: register expects 'model' to be a model"))
        #expect(s.show("s.models") == "[\"rpe\"]")
    }

    @Test func loadsRegisteredModelsAndPredictsWithThem() throws {
        let s = try StoreFixtures.session(Self.registered)
        #expect(s.show("let back = load_model(s, \"rpe\", version: 1)") == "")
        #expect(s.show("predict(back, parts.test).prediction == predict(m, parts.test).prediction") == "true")
        #expect(s.show("explain(back, parts.test) |> shape") == "[6, 7]")
        #expect(s.show("load_model(s, \"rpe\", version: 4)") == "error: unknown model 'rpe' v4; it has version 1")
        #expect(s.show("load_model(s, \"race\")") == "error: unknown model 'race'")
        #expect(s.show("load_model(s)").hasPrefix("error: load_model(s, \"name\") needs the model's name"))
        // The file form is unchanged.
        #expect(s.show("save(m, \"m.json\")") == "")
        #expect(s.show("predict(load_model(\"m.json\"), parts.test).prediction == predict(m, parts.test).prediction") == "true")
        #expect(s.show("load_model(\"m.json\", version: 2)") == "error: load_model(path) reads a model file; a name and version apply to load_model(store, \"name\")")
    }

    @Test func batchPredictAppliesTheModelsTransformations() throws {
        let s = try StoreFixtures.session(Self.registered)
        // A spine (keys and times) is read point-in-time; the prediction equals the model on td.train.
        #expect(s.show("let scored = batch_predict(rm, fv, spine)") == "")
        #expect(s.show("scored |> columns") == "[\"athlete_id\", \"at\", \"avg_hr\", \"rpe\", \"prediction\"]")
        #expect(s.show("(scored |> filter(.at < @2024-05-07)).prediction == predict(m, td.train).prediction") == "true")
        // A frame of raw features is taken as it is.
        #expect(s.show("batch_predict(rm, fv, td.data).prediction == scored.prediction") == "true")
        #expect(s.show("batch_predict(m, fv, spine, spine_time: .at, training_data: td, name: \"yhat\").yhat == scored.prediction") == "true")
        #expect(s.show("batch_predict(rm, fv, td.data |> drop(.atl))")
                == "error: the frame has .ctl, .sport, .threshold_hr but not .atl; give every feature of the view, or none (keys and times, read point-in-time)")
        #expect(s.show("batch_predict(rm, fv, spine |> drop(.avg_hr))")
                == "error: on-demand feature hr_ratio = (.avg_hr / .threshold_hr) needs .avg_hr, which the frame lacks")
        #expect(s.show("batch_predict(m, fv, spine)").hasPrefix("error: point-in-time features of feature view 'fatigue' v1: the spine has no time column .day"))
    }

    @Test func lineageOfEveryKind() throws {
        let s = try StoreFixtures.session(Self.registered)
        #expect(s.show("lineage(rm)") == """
            shape: (4, 6)
            ┌──────────────────┬───────────────┬──────────────┬──────────────────┬────────────┬────────────┐
            │ from_kind        │ from_name     │ from_version │ to_kind          │ to_name    │ to_version │
            │ string           │ string        │ int          │ string           │ string     │ int        │
            ╞══════════════════╪═══════════════╪══════════════╪══════════════════╪════════════╪════════════╡
            │ feature_group    │ athlete       │ 1            │ feature_view     │ fatigue    │ 1          │
            │ feature_group    │ athlete_daily │ 1            │ feature_view     │ fatigue    │ 1          │
            │ feature_view     │ fatigue       │ 1            │ training_dataset │ fatigue_v1 │ 1          │
            │ training_dataset │ fatigue_v1    │ 1            │ model            │ rpe        │ 1          │
            └──────────────────┴───────────────┴──────────────┴──────────────────┴────────────┴────────────┘
            """)
        #expect(s.show("lineage(fg) |> shape") == "[3, 6]")
        #expect(s.show("lineage(fv) |> shape") == "[4, 6]")
        #expect(s.show("lineage(td) |> shape") == "[4, 6]")
        #expect(s.show("lineage(m)") == "error: lineage expects a feature group, feature view, training dataset or registered model, found model")
        #expect(s.show("let lone = feature_group(s, \"lone\", primary_key: [.id])") == "")
        #expect(s.show("lineage(lone) |> shape") == "[0, 6]")
    }

    @Test func aConsistentPipelineHasNoSkew() throws {
        let s = try StoreFixtures.session(Self.registered)
        #expect(s.show("let report = skew_report(fv, rm)") == "")
        #expect(s.show("[report.ok, report.skews, report.warnings]") == "[true, 0, 0]")
        #expect(s.show("report.findings |> columns") == "[\"cause\", \"check\", \"status\", \"detail\"]")
        #expect(s.show("report.findings.cause |> unique") == "[\"transformations\", \"on_demand\", \"leakage\", \"source\"]")
        let text = s.show("report")
        #expect(text.hasPrefix("skew report: model 'rpe' v1 served through feature view 'fatigue' v1: 0 skews, 0 warnings"))
        #expect(text.contains("leakage          point_in_time           ok      all 18 rows of training dataset v1"))
    }

    @Test func skewCauseTransformationsFittedDifferently() throws {
        let s = try StoreFixtures.session(Self.registered)
        // A newer training dataset refits the scaler; serving now uses it, the model was trained with v1's.
        #expect(s.show("let td2 = training_data(fv, spine |> filter(.athlete_id == 2), spine_time: .at)") == "")
        #expect(s.show("skew_report(fv, rm).skewed").contains("\"transformations/serving_parameters\""))
        #expect(s.show("(skew_report(fv, rm).findings |> filter(.check == \"serving_parameters\")).detail |> first")
                .hasPrefix("\"serving uses the parameters of training dataset v2 of feature view 'fatigue' v1, the model those of training dataset v1"))
        // batch_predict with the registered model keeps the model's own parameters.
        #expect(s.show("(batch_predict(rm, fv, spine) |> filter(.at < @2024-05-07)).prediction == predict(m, td.train).prediction") == "true")
        // A plain model trained on untransformed values, while serving scales them.
        #expect(s.show("let raw = gbdt(td.data, target: .rpe, features: [.ctl, .atl], rounds: 5)") == "")
        #expect(s.show("skew_report(fv, raw, training_data: td.data, spine_time: .at).skewed") == "[\"transformations/serving_parameters\"]")
    }

    @Test func skewCauseOnDemandFeaturesMissingOnOneSide() throws {
        let s = try StoreFixtures.session(Self.registered)
        // A feature added in the notebook after training_data: serving never computes it.
        #expect(s.show("let extra = gbdt(parts.train |> with(load_ratio: .atl / .threshold_hr), target: .rpe, features: td.features + [\"load_ratio\"], rounds: 5)") == "")
        #expect(s.show("let one = skew_report(fv, extra, training_data: td)") == "")
        #expect(s.show("one.skewed") == "[\"on_demand/inputs_at_serving\", \"source/training_source\"]")
        #expect(s.show("(one.findings |> filter(.check == \"inputs_at_serving\")).detail |> first")
                == "\"the model reads .load_ratio, which serving does not compute; define them as on-demand features of the view, or train without them\"")
        // The same groups through a view without the on-demand feature: computed in training only.
        #expect(s.show("""
            let plain = feature_view(s, "fatigue_plain", version: 1, features: [select(fg, .ctl, .atl), select(ath, .sport, .threshold_hr)],
                                     label: .rpe, transforms: {ctl: "standard_scaler", sport: "one_hot"})
            """) == "")
        #expect(s.show("let td3 = training_data(plain, spine, spine_time: .at)") == "")
        #expect(s.show("let two = skew_report(plain, rm)") == "")
        #expect(s.show("two.skewed |> filter(x => starts_with(x, \"on_demand\"))") == "[\"on_demand/inputs_at_serving\", \"on_demand/on_demand_definitions\"]")
        #expect(s.show("(two.findings |> filter(.check == \"on_demand_definitions\")).detail |> first") == "\".hr_ratio is computed in training only\"")
    }

    @Test func skewCauseFutureLeakage() throws {
        let s = try StoreFixtures.session(Self.registered)
        // The classic mistake: joining each athlete's latest values onto historical spine rows.
        #expect(s.show("""
            let latest = as_of(fg, @2024-06-01) |> select(.athlete_id, .ctl, .atl)
            let leaky = join(spine, latest, on: .athlete_id)
            let cheat = gbdt(leaky, target: .rpe, features: [.ctl, .atl], rounds: 5)
            let report = skew_report(fv, cheat, training_data: leaky, spine_time: .at)
            """) == "")
        #expect(s.show("report.skewed |> filter(x => starts_with(x, \"leakage\"))") == "[\"leakage/point_in_time\"]")
        #expect(s.show("(report.findings |> filter(.check == \"point_in_time\")).detail |> first")
                == "\"16 of 18 training rows hold values from after their spine time (row 0 at 2024-05-02 18:00:00 has .ctl from 2024-05-10); build training data with training_data\"")
        // Point-in-time values pass the same audit.
        #expect(s.show("let fair = gbdt(td.data, target: .rpe, features: [.ctl, .atl], rounds: 5)") == "")
        #expect(s.show("(skew_report(fv, fair, training_data: td.data, spine_time: .at).findings |> filter(.check == \"point_in_time\")).status") == "[\"ok\"]")
        // The label read as a feature; transformations fitted before any split.
        #expect(s.show("let peek = gbdt(td.train |> with(y: .rpe), target: .y, features: [.ctl, .rpe], rounds: 5)") == "")
        #expect(s.show("skew_report(fv, peek, training_data: td).skewed |> filter(x => starts_with(x, \"leakage\"))") == "[\"leakage/label_as_feature\"]")
        #expect(s.show("let td4 = training_data(fv, spine, spine_time: .at)") == "")
        #expect(s.show("(skew_report(fv, m, training_data: td4).findings |> filter(.check == \"fit_before_split\")).status") == "[\"warning\"]")
    }

    @Test func skewCauseADifferentSource() throws {
        let s = try StoreFixtures.session(Self.registered)
        // Serving through a view that reads another, offline-only version of the daily group.
        #expect(s.show("""
            let fg2 = feature_group(s, "athlete_daily", version: 2, primary_key: [.athlete_id], event_time: .day)
            let r3 = insert(fg2, daily |> with(ctl: .ctl + 1.0))
            let fv2 = feature_view(s, "fatigue", version: 2, features: [select(fg2, .ctl, .atl), select(ath, .sport, .threshold_hr)],
                                   label: .rpe, on_demand: {hr_ratio: .avg_hr / .threshold_hr})
            let report = skew_report(fv2, rm)
            """) == "")
        #expect(s.show("report.skewed |> filter(x => starts_with(x, \"source\"))") == "[\"source/training_source\", \"source/online_tables\"]")
        #expect(s.show("batch_predict(rm, fv2, spine)").hasPrefix("error: model 'rpe' v1 was trained through feature view 'fatigue' v1, not 'fatigue' v2"))
        // A frame read from elsewhere (values the store never had at those times).
        #expect(s.show("let copied = td.data |> with(ctl: .ctl + 0.5)") == "")
        #expect(s.show("let other = gbdt(copied, target: .rpe, features: [.ctl, .atl], rounds: 5)") == "")
        #expect(s.show("skew_report(fv, other, training_data: copied, spine_time: .at).skewed") == "[\"source/training_source\"]")
        // Unknown training data is a warning, not a pass.
        #expect(s.show("skew_report(fv, m).warnings") == "5")
        #expect(s.show("skew_report(fv, m, training_data: 3)").hasPrefix("error: skew_report's training_data is a training dataset or the frame"))
        #expect(s.show("skew_report(fv, rm, training_data: td.data)").hasPrefix("error: a registered model's training data is its training dataset"))
    }

    @Test func skewCauseOnlineTableOutOfStepWithOffline() throws {
        let s = try builtinSession(StoreFixtures.files)
        let setup = Self.registered.replacingOccurrences(of: "store(\":memory:\")", with: "store(\"skew.db\")")
        #expect(s.evaluate(setup, sourceName: "<setup>").error == nil)
        // Something outside the store rewrote an online row.
        let connection = try SQLiteConnection(path: s.resolvePath("skew.db"))
        try connection.execute("UPDATE fg_athlete_daily_v1_online SET ctl = 0 WHERE athlete_id = 1")
        try connection.close()
        #expect(s.show("skew_report(fv, rm).skewed") == "[\"source/online_matches_offline\"]")
        #expect(s.show("(skew_report(fv, rm).findings |> filter(.check == \"online_matches_offline\")).detail |> first")
                == "\"1 key of feature group 'athlete_daily' v1 differ between the online table and the latest offline rows\"")
    }
}
