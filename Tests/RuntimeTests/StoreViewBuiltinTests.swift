import Foundation
import Testing
@testable import Runtime

/// `feature_view`, `select(fg, …)`, `training_data`, `split_by_time`, training dataset members,
/// on-demand features and `feature_vector(s)` through the language, with their errors.
@Suite struct StoreViewBuiltinTests {
    @Test func createsOpensAndDescribesViews() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("fv") == """
            feature view fatigue v1 · keys .athlete_id · label .rpe
              features: athlete_daily v1 (.ctl, .atl), athlete v1 (.sport, .threshold_hr)
              transforms: .ctl standard_scaler, .sport one_hot
              on-demand: hr_ratio = (.avg_hr / .threshold_hr)
            """)
        #expect(s.show("[fv.name, fv.version, fv.keys, fv.features, fv.labels]")
                == "[\"fatigue\", 1, [\"athlete_id\"], [\"ctl\", \"atl\", \"sport\", \"threshold_hr\"], [\"rpe\"]]")
        #expect(s.show("fv.transforms") == "{ctl: \"standard_scaler\", sport: \"one_hot\"}")
        #expect(s.show("fv.on_demand") == "{hr_ratio: \"(.avg_hr / .threshold_hr)\"}")
        #expect(s.show("fv.groups") == "[\"athlete_daily v1\", \"athlete v1\"]")
        #expect(s.show("select(fg, .ctl, prefix: \"d_\", ttl: 3d)") == "select(feature group athlete_daily v1, .ctl, prefix: \"d_\", ttl: 3d)")
        // Opening: by name (latest version), by version, or with the same definition.
        #expect(s.show("feature_view(s, \"fatigue\").on_demand") == "{hr_ratio: \"(.avg_hr / .threshold_hr)\"}")
        #expect(s.show("feature_view(s, \"fatigue\", version: 1).features |> len") == "4")
        #expect(s.show("""
            feature_view(s, "fatigue", version: 1, features: [select(fg, .ctl, .atl), select(ath, .sport, .threshold_hr)],
                         label: .rpe, transforms: {ctl: "standard_scaler", sport: "one_hot"}, on_demand: {hr_ratio: .avg_hr / .threshold_hr}).version
            """) == "1")
        #expect(s.show("""
            feature_view(s, "fatigue", version: 1, features: [select(fg, .ctl, .atl), select(ath, .sport, .threshold_hr)],
                         label: .rpe, transforms: {ctl: "standard_scaler", sport: "one_hot"}, on_demand: {hr_ratio: .avg_hr * 2})
            """) == "error: feature view 'fatigue' v1 already exists with on-demand features [hr_ratio = (.avg_hr / .threshold_hr)], not [hr_ratio = (.avg_hr * 2)]; give the same definition to open it, or create version 2")
        #expect(s.show("s.feature_views") == "[\"fatigue\"]")
        #expect(s.show("feature_view(s, \"fatigu\")") == "error: unknown feature view 'fatigu'; did you mean 'fatigue'?")
    }

    @Test func viewDefinitionErrorsPointAtTheArgument() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups)
        let unknown = s.failure("feature_view(s, \"v\", features: [select(fg, .heart)])") ?? ""
        #expect(unknown.hasPrefix("error: feature group 'athlete_daily' v1 has no feature .heart"))
        #expect(unknown.hasSuffix("|" + String(repeating: " ", count: 44) + "^^^^^^"))
        #expect(s.show("feature_view(s, \"v\", features: [select(fg, .day)])") == "error: feature group 'athlete_daily' v1 has no feature .day")
        #expect(s.failure("select(fg, .day)")?.contains("keys and the event time come from the spine") == true)
        #expect(s.show("feature_view(s, \"v\", features: [daily])") == "error: feature_view's features are feature groups or select(fg, .a, …), found frame")
        #expect(s.show("feature_view(s, \"v\", features: [fg], transforms: {ctl: \"standard_scalar\"})")
                == "error: unknown transformation \"standard_scalar\" for ctl; expected one of \"standard_scaler\", \"min_max_scaler\", \"one_hot\", \"label_encoder\", \"log1p\"")
        #expect(s.show("feature_view(s, \"v\", features: [fg], transforms: {load: \"log1p\"})")
                == "error: feature view 'v' v1: transformation log1p names .load, which is neither a feature nor a label of the view")
        #expect(s.show("feature_view(s, \"v\", features: [fg, ath], transforms: {sport: \"standard_scaler\"})")
                == "error: feature view 'v' v1: standard_scaler needs a numeric column, but .sport is string")
        #expect(s.show("feature_view(s, \"v\", features: [fg], on_demand: {x: 2})")
                == "error: on_demand's x must be a column expression such as .avg_hr / .threshold_hr, found int")
        #expect(s.show("feature_view(s, \"v\", features: [fg], label: .rpe, on_demand: {x: .rpe * 2})")
                == "error: feature view 'v' v1: on-demand feature .x reads the label .rpe, which serving does not have (it would leak the label)")
        #expect(s.show("feature_view(s, \"v\", features: [fg], on_demand: {ctl: .atl * 2})")
                == "error: feature view 'v' v1: on-demand feature .ctl clashes with a key, feature, label or earlier on-demand feature of the view")
        #expect(s.show("feature_view(s, \"v\", features: [fg, fg])").hasPrefix("error: feature view 'v' v1: the output would have two columns .ctl"))
        #expect(s.show("feature_view(s, \"v\", label: .rpe)") == "error: feature_view needs features: to create a view; to open one give only its name and version")
        #expect(s.show("select(fg, .ctl, ttl: 3)") == "error: select's ttl is a duration such as 30d")
        #expect(s.show("select(fg, .ctl, lag: 3d)") == "error: select has no parameter 'lag'")
        // Nothing half-made is left behind.
        #expect(s.show("s.feature_views") == "[]")
    }

    @Test func trainingDataIsPointInTimeCorrect() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("td") == """
            training dataset v1 of feature view fatigue v1: 18 rows × 9 columns, spine time .at
              features: .ctl, .atl, .sport_ride, .sport_run, .threshold_hr, .hr_ratio · label .rpe
              no split yet: td.train is every row, transformed
            """)
        #expect(s.show("td.data |> columns") == "[\"athlete_id\", \"at\", \"avg_hr\", \"ctl\", \"atl\", \"sport\", \"threshold_hr\", \"rpe\", \"hr_ratio\"]")
        // The brute-force reference: the latest daily row at or before each spine time, per athlete.
        #expect(s.show("let ref = asof_join(spine, daily, left_on: .at, right_on: .day, by: [.athlete_id])") == "")
        #expect(s.show("td.data.ctl == ref.ctl and td.data.atl == ref.atl") == "true")
        #expect(s.show("(td.data |> head(1)).ctl") == "[57.0]")
        #expect(s.show("[td.version, td.rows, td.view, td.view_version, td.spine_time]") == "[1, 18, \"fatigue\", 1, \"at\"]")
        #expect(s.show("td.labels") == "[\"rpe\"]")
        #expect(s.show("td.statistics |> columns") == "[\"column\", \"type\", \"count\", \"nulls\", \"mean\", \"std\", \"min\", \"max\", \"distinct\"]")
        #expect(s.show("[td.split, td.test]") == "[null, null]")
        // A spine time before any data gives nulls; start and end keep spine times in [start, end).
        #expect(s.show("training_data(fv, spine |> with(at: .at - 30d), spine_time: .at).data.ctl |> filter(x => x != null) |> len") == "0")
        #expect(s.show("training_data(fv, spine, spine_time: .at, start: @2024-05-05, end: @2024-05-07).rows") == "4")
        #expect(s.show("fv.training_datasets") == "[1, 2, 3]")
    }

    @Test func trainingDataErrorsWriteNothing() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        let missing = s.failure("training_data(fv, spine |> drop(.athlete_id), spine_time: .at)") ?? ""
        #expect(missing.hasPrefix("error: training data for feature view 'fatigue' v1: the spine has no key column .athlete_id for feature group 'athlete_daily' v1"))
        #expect(missing.hasSuffix("|                   ^^^^^^^^^^^^^^^^^^^^^^^^^^"))
        #expect(s.show("training_data(fv, spine)").hasPrefix("error: training data for feature view 'fatigue' v1: the spine has no time column .day"))
        #expect(s.show("training_data(fv, spine |> with(at: null), spine_time: .at)")
                .hasPrefix("error: training data for feature view 'fatigue' v1: spine rows 0, 1, 2, 3, 4, … have a null time in .at"))
        #expect(s.show("training_data(fv, spine |> drop(.avg_hr), spine_time: .at)")
                == "error: the spine has no column .avg_hr, which on-demand feature hr_ratio reads")
        #expect(s.show("training_data(fv, spine |> with(athlete_id: \"x\"), spine_time: .at)")
                .hasPrefix("error: training data for feature view 'fatigue' v1: spine key .athlete_id is string but key .athlete_id of feature group"))
        #expect(s.show("training_data(fv, spine, spine_time: .at, start: @2024-06-01, end: @2024-05-01)")
                == "error: training data for feature view 'fatigue' v1: start must be before end")
        #expect(s.show("fv.training_datasets") == "[1]")
    }

    @Test func splitByTimeFitsOnTheTrainRows() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("let parts = split_by_time(td, test_from: @2024-05-08, gap: 1d)") == "")
        // Train: spine times before 05-07 (days 2…6), test: from 05-08 (days 8…10); day 7 is the gap.
        #expect(s.show("[parts.train |> shape, parts.test |> shape]") == "[[10, 10], [6, 10]]")
        #expect(s.show("td.split") == "{test_from: @2024-05-08, gap: 1d, test_until: null}")
        #expect(s.show("td.train.ctl == parts.train.ctl and td.test.ctl == parts.test.ctl") == "true")
        #expect(s.show("abs(mean(parts.train.ctl)) < 1e-9") == "true")
        #expect(s.show("abs(mean(parts.test.ctl)) > 0.5") == "true")
        #expect(s.show("parts.train |> columns").contains("\"sport_ride\", \"sport_run\""))
        #expect(s.show("td").contains("split: train before 2024-05-07, test from 2024-05-08 (gap 1d)"))
        #expect(s.show("split_by_time(td, test_from: @2024-05-08, gap: -1d)")
                == "error: split of training dataset v1 of feature view 'fatigue' v1: gap must not be negative")
        #expect(s.show("split_by_time(td, test_from: @2024-05-08, test_until: @2024-05-01)")
                == "error: split of training dataset v1 of feature view 'fatigue' v1: test_until must be after test_from")
        #expect(s.show("split_by_time(td, test_from: @2024-05-01)")
                == "error: split of training dataset v1 of feature view 'fatigue' v1: no row falls before test_from − gap, so there is nothing to train on")
        #expect(s.show("split_by_time(td, test_from: @2024-05-08, gap: \"1d\")") == "error: split_by_time's gap is a duration such as 7d, found string")
    }

    @Test func onDemandFeaturesAreTheSameAtRequestTimeAndInBatch() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("feature_vector(fv, {athlete_id: 1, avg_hr: 150})") == """
            shape: (1, 7)
            ┌────────────┬──────────┬───────┬────────────┬───────────┬──────────────┬──────────┐
            │ athlete_id │ ctl      │ atl   │ sport_ride │ sport_run │ threshold_hr │ hr_ratio │
            │ int        │ float    │ float │ bool       │ bool      │ int          │ float    │
            ╞════════════╪══════════╪═══════╪════════════╪═══════════╪══════════════╪══════════╡
            │ 1          │ 0.417365 │ 61.0  │ false      │ true      │ 172          │ 0.872093 │
            └────────────┴──────────┴───────┴────────────┴───────────┴──────────────┴──────────┘
            """)
        // The latest spine rows in batch (training data, transformed) equal the online vectors.
        #expect(s.show("let last = spine |> filter(.at == @2024-05-10T18:00:00)") == "")
        #expect(s.show("let online = feature_vectors(fv, last)") == "")
        #expect(s.show("let batch = td.train |> filter(.at == @2024-05-10T18:00:00)") == "")
        for column in ["ctl", "atl", "sport_ride", "sport_run", "threshold_hr", "hr_ratio"] {
            #expect(s.show("online.\(column) == batch.\(column)") == "true", "\(column)")
        }
        #expect(s.show("online |> columns") == "[\"athlete_id\", \"ctl\", \"atl\", \"sport_ride\", \"sport_run\", \"threshold_hr\", \"hr_ratio\"]")
        #expect(s.show("feature_vector(fv, {athlete_id: 2, avg_hr: 165}, training_data: td).hr_ratio") == "[1.0]")
    }

    @Test func featureVectorErrors() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("feature_vector(fv, {avg_hr: 150})") == "error: feature_vector needs a value for key .athlete_id (the view's keys are .athlete_id)")
        #expect(s.show("feature_vector(fv, {athlete_id: 1})")
                == "error: feature_vector needs the request value .avg_hr, which on-demand feature hr_ratio reads")
        #expect(s.show("feature_vector(fv, {athlete_id: 1, avg_hr: 150, mood: 3})")
                == "error: .mood is neither a key of the view nor a request value of its on-demand features")
        #expect(s.show("feature_vector(fv, {athlete_id: 9, avg_hr: 150})").hasPrefix(
            "error: feature vectors of feature view 'fatigue' v1: feature group 'athlete_daily' v1 has no online row for key (9)"))
        #expect(s.show("feature_vector(fv, {athlete_id: 9, avg_hr: 150}, allow_missing: true).ctl") == "[null]")
        #expect(s.show("feature_vector(fv, {athlete_id: \"ada\", avg_hr: 150})")
                == "error: feature vectors of feature view 'fatigue' v1: key .athlete_id must be int, found string")
        #expect(s.show("feature_vector(fv, 1)").hasPrefix("error: feature_vector expects the keys as a record such as {athlete_id: 7}, found int"))
        #expect(s.show("feature_vectors(fv, spine |> drop(.avg_hr))")
                == "error: feature_vectors needs the request value .avg_hr, which on-demand feature hr_ratio reads")
    }

    @Test func aTtlAppliesInTrainingAndAtServingWithTheSessionClock() throws {
        let s = try builtinSession(StoreFixtures.files) { $0.clock = 1_715_299_200_000_000 }  // 2024-05-10T00:00:00Z
        #expect(s.evaluate(StoreFixtures.groups, sourceName: "<setup>").error == nil)
        #expect(s.show("let fresh = feature_view(s, \"fresh\", features: [select(fg, .ctl, ttl: 1d)])") == "")
        #expect(s.show("training_data(fresh, spine |> with(at: .at + 30h), spine_time: .at).data.ctl |> filter(x => x == null) |> len") == "2")
        // The store's "now" is the session clock: the day-10 rows are fresh at 2024-05-10, stale a day later.
        #expect(s.show("feature_vector(fresh, {athlete_id: 1}).ctl") == "[65.0]")
        #expect(s.show("feature_vector(fresh, {athlete_id: 1}, at: @2024-05-11T00:00:01).ctl") == "[null]")
        #expect(s.show("now() == @2024-05-10") == "true")
    }

    @Test func aFileStoreKeepsViewsAndOnDemandFeaturesAcrossSessions() throws {
        let first = try builtinSession(StoreFixtures.files)
        let setup = StoreFixtures.view.replacingOccurrences(of: "store(\":memory:\")", with: "store(\"athletes.db\")")
        #expect(first.evaluate(setup, sourceName: "<setup>").error == nil)
        let folder = first.options.workingDirectory
        let second = Session(options: SessionOptions(workingDirectory: folder))
        #expect(second.show("let s = store(\"athletes.db\")") == "")
        #expect(second.show("s") == "feature store \"athletes.db\": 2 feature groups (athlete, athlete_daily), 1 feature view (fatigue), 0 models")
        #expect(second.show("let fv = feature_view(s, \"fatigue\")") == "")
        #expect(second.show("feature_vector(fv, {athlete_id: 1, avg_hr: 172}).hr_ratio") == "[1.0]")
        #expect(second.show("read(feature_group(s, \"athlete_daily\")) |> shape") == "[20, 4]")
    }
}
