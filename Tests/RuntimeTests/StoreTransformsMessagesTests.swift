import Testing
@testable import Runtime

/// `td.transforms` (the fitted transformation parameters as a frame) and user messages that name
/// options as the language spells them (`allow_missing: true`, `spine_time:`), not as Swift does.
@Suite struct StoreTransformsMessagesTests {
    @Test func transformsListsTheFittedParameters() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("td.transforms |> columns") == "[\"column\", \"kind\", \"mean\", \"std\", \"min\", \"max\", \"categories\"]")
        #expect(s.show("td.transforms.column") == "[\"ctl\", \"sport\"]")
        #expect(s.show("td.transforms.kind") == "[\"standard_scaler\", \"one_hot\"]")
        #expect(s.show("td.transforms.categories") == "[null, \"ride, run\"]")
        #expect(s.show("last(td.transforms.mean) ?? -1") == "-1")
        // No split yet, so the train rows are every row: the mean is that of the raw column.
        #expect(s.show("round(first(td.transforms.mean), 6) == round(mean(td.data.ctl), 6)") == "true")
        #expect(s.show("first(td.transforms.std) > 0") == "true")
    }

    @Test func transformsOfADatasetWithoutTransformationsIsEmpty() throws {
        let s = try StoreFixtures.session(StoreFixtures.groups + """

            let plain = feature_view(s, "plain", version: 1, features: [select(fg, .ctl)], label: .rpe)
            let tp = training_data(plain, spine, spine_time: .at)
            """)
        #expect(s.show("tp.transforms |> shape") == "[0, 7]")
    }

    @Test func missingKeysNameTheLanguageOption() throws {
        let s = try StoreFixtures.session(StoreFixtures.view)
        #expect(s.show("feature_vector(fv, {athlete_id: 999, avg_hr: 150})").hasSuffix("pass allow_missing: true to get nulls"))
        #expect(s.show("feature_vector(fv, {athlete_id: 999, avg_hr: 150}, allow_missing: true).ctl") == "[null]")
        #expect(s.show("training_data(fv, spine |> drop(.at))").hasSuffix("pass spine_time: to name it"))
    }
}

/// `random_choice` with per-row weight columns, and its display (values and weights apart).
@Suite struct RandomChoiceRowWeightsTests {
    @Test func perRowWeightsPickOnlyWeightedValues() throws {
        let s = try builtinSession()
        #expect(s.show("let f = frame({i: range(200)}) |> with(w: if_else(.i % 2 == 0, 1.0, 0.0))") == "")
        let picked = s.show("(f |> with(c: random_choice([\"a\", \"b\"], weights: [.w, 1 - .w])) |> filter((.i % 2 == 0) == (.c == \"a\"))) |> shape")
        #expect(picked == "[200, 3]")
        #expect(s.show("(frame({w: [1, null]}) |> with(c: random_choice([\"x\", \"y\"], weights: [.w, 1]))).c |> last ?? \"none\"") == "\"none\"")
    }

    @Test func constantWeightsAsColumnsDrawTheSameValues() throws {
        let s = try builtinSession()
        #expect(s.show("let g = frame({i: range(50), three: 3, one: 1})") == "")
        #expect(s.show("seed(5); let a = (g |> with(c: random_choice([\"run\", \"ride\"], weights: [3, 1]))).c") == "")
        #expect(s.show("seed(5); let b = (g |> with(c: random_choice([\"run\", \"ride\"], weights: [.three, .one]))).c") == "")
        #expect(s.show("a == b") == "true")
    }

    @Test func badPerRowWeightsNameTheRow() throws {
        let s = try builtinSession()
        #expect(s.show("frame({w: [1, -2]}) |> with(c: random_choice([\"x\", \"y\"], weights: [.w, 1]))")
            == "error: random_choice's weights must be ≥ 0 and finite; weight 0 is -2 in row 1")
        #expect(s.show("frame({w: [1, 0]}) |> with(c: random_choice([\"x\", \"y\"], weights: [.w, 0]))")
            == "error: random_choice's weights are all zero in row 1")
        #expect(s.show("frame({w: [\"1\"]}) |> with(c: random_choice([\"x\", \"y\"], weights: [.w, 0]))")
            == "error: random_choice's weights must be numbers, but weight 0 is string")
    }

    @Test func displayShowsValuesAndWeightsApart() throws {
        let s = try builtinSession()
        #expect(s.show("random_choice([\"x\", \"y\"], weights: [.w, 2])").hasPrefix("<column expression random_choice([\"x\", \"y\"], weights(.w, 2), \"stream "))
    }
}
