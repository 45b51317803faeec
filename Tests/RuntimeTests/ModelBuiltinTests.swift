import Foundation
import Testing
@testable import Runtime

/// `gbdt`, `predict`, `explain`, `importance`, `save`/`load_model` and the metric builtins through
/// the language, with their errors.
@Suite struct ModelBuiltinTests {
    /// y = 2a + (b > 5 ? 10 : 0), exactly learnable by trees; `c` is a bool label of b > 5.
    static let files: [String: String] = {
        var rows = ["a,b,s,y,c,k"]
        for i in 0..<200 {
            let a = Double(i % 20)
            let b = Double((i * 7) % 11)
            let y = 2 * a + (b > 5 ? 10 : 0)
            let bText = i % 17 == 3 ? "" : String(b)
            rows.append("\(a),\(bText),s\(i % 3),\(y),\(b > 5),\(i % 20 % 3)")
        }
        return ["d.csv": rows.joined(separator: "\n") + "\n"]
    }()

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let d = read_csv(\"d.csv\") |> drop(.s)") == "")
        return s
    }

    @Test func trainsPredictsAndScores() throws {
        let s = try session()
        #expect(s.show("let m = gbdt(d, target: .y, features: [.a, .b], rounds: 200, learning_rate: 0.3)") == "")
        #expect(s.show("m.objective") == "\"regression\"")
        #expect(s.show("m.rounds") == "200")
        #expect(s.show("m.features") == "[\"a\", \"b\"]")
        #expect(s.show("rmse(predict(m, d), .y, .prediction) < 1.0") == "true")
        #expect(s.show("r2(predict(m, d), .y, .prediction) > 0.99") == "true")
        #expect(s.show("predict(m, d) |> columns") == "[\"a\", \"b\", \"y\", \"c\", \"k\", \"prediction\"]")
        #expect(s.show("predict(m, d, name: \"yhat\") |> columns |> last") == "\"yhat\"")
        let summary = s.show("m")
        #expect(summary.hasPrefix("gbdt model: regression, 200 rounds (200 trees, depth-wise, max_depth 6), 2 features"))
        #expect(summary.contains("top features by total gain: a "))
    }

    @Test func sameSeedSameModelWhateverTheThreads() throws {
        let s = try session()
        #expect(s.show("let p1 = predict(gbdt(d, target: .y, subsample: 0.7, colsample: 0.5, threads: 1, seed: 7), d)") == "")
        #expect(s.show("let p2 = predict(gbdt(d, target: .y, subsample: 0.7, colsample: 0.5, threads: 2, seed: 7), d)") == "")
        #expect(s.show("p1.prediction == p2.prediction") == "true")
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let s = try session()
        #expect(s.show("let m = gbdt(d, target: .y, rounds: 500, learning_rate: 0.5, valid: d, early_stopping: 5)") == "")
        #expect(s.show("m.best_round == m.rounds") == "true")
        #expect(s.show("len(m.validation) >= m.rounds") == "true")
        #expect(s.show("m").contains("validation rmse"))
    }

    @Test func binaryAndMulticlass() throws {
        let s = try session()
        #expect(s.show("let c = gbdt(d, target: .c, features: [.a, .b], objective: \"binary\", max_leaves: 7)") == "")
        #expect(s.show("let p = predict(c, d) |> with(yhat: .prediction >= 0.5)") == "")
        #expect(s.show("auc(p, .c, .prediction) > 0.99") == "true")
        #expect(s.show("accuracy(p, .c, .yhat) > 0.95") == "true")
        #expect(s.show("logloss(p, .c, .prediction) < 0.3") == "true")
        #expect(s.show("f1(p, .c, .yhat) > 0.9") == "true")
        #expect(s.show("confusion(p, .c, .yhat) |> columns") == "[\"actual\", \"0\", \"1\"]")
        #expect(s.show("let k = gbdt(d, target: .k, features: [.a], objective: \"multiclass\", rounds: 20)") == "")
        #expect(s.show("predict(k, d) |> columns") == "[\"a\", \"b\", \"y\", \"c\", \"k\", \"prediction\", \"prob_0\", \"prob_1\", \"prob_2\"]")
        #expect(s.show("precision(predict(k, d), .k, .prediction, average: \"macro\") > 0.9") == "true")
    }

    @Test func explainSumsToTheMargin() throws {
        let s = try session()
        #expect(s.show("let m = gbdt(d, target: .y, rounds: 30)") == "")
        #expect(s.show("let e = explain(m, d) |> with(total: .a + .b + .c + .k + .bias)") == "")
        #expect(s.show("let p = predict(m, d, margin: true)") == "")
        #expect(s.show("zip(e.total, p.prediction) |> map(t => if abs(t[0] - t[1]) < 1e-9 then 0 else 1) |> sum") == "0")
        #expect(s.show("importance(m, type: \"weight\") |> columns") == "[\"feature\", \"weight\"]")
        #expect(s.show("(importance(m)).feature |> first") == "\"a\"")
    }

    @Test func savedModelsPredictIdentically() throws {
        let s = try session()
        #expect(s.show("let m = gbdt(d, target: .y, rounds: 25)") == "")
        #expect(s.show("save(m, \"m.json\")") == "")
        #expect(s.show("predict(load_model(\"m.json\"), d).prediction == predict(m, d).prediction") == "true")
        #expect(s.show("load_model(\"missing.json\")").hasPrefix("error:"))
        #expect(s.show("load_model(\"missing.json\")").contains("missing.json"))
    }

    @Test func badInputNamesTheCulprit() throws {
        let s = try session()
        #expect(s.show("gbdt(d)") == "error: gbdt needs a target column, e.g. gbdt(train, target: .y)")
        #expect(s.show("gbdt(d, target: .z)") == "error: unknown column .z in the train frame")
        #expect(s.show("gbdt(d, target: .y, objective: \"regresion\")").hasPrefix("error: unknown gbdt objective \"regresion\""))
        #expect(s.show("gbdt(d, target: .y, features: [.y])") == "error: the target .y cannot also be a feature")
        #expect(s.show("gbdt(d, target: .y, rounds: 0)") == "error: gbdt's rounds must be 1 to 1000000, found 0")
        #expect(s.show("gbdt(d, target: .y, early_stopping: 5)") == "error: early_stopping needs a validation frame, e.g. valid: test")
        #expect(s.show("gbdt(d |> head(0), target: .y)").hasPrefix("error:"))
        #expect(s.show("gbdt(read_csv(\"d.csv\"), target: .y)").contains(".s"))
        #expect(s.show("gbdt(d, target: .b)").contains(".b"))
        #expect(s.show("predict(42, d)") == "error: predict expects 'model' to be a model (from gbdt or load_model), found int")
        #expect(s.show("predict(gbdt(d, target: .y, rounds: 2), d |> drop(.a))")
            == "error: the frame has no column .a, a feature of the model")
        #expect(s.show("rmse(d, .y, .nope)") == "error: unknown column .nope in the given frame")
        #expect(s.show("rmse(d, .y, .b)").hasPrefix("error: .b has "))
    }
}
