import Foundation
import Testing
@testable import Runtime

/// `drift`, `performance` and `cbpe` through the language: result frames, options and errors.
/// The numbers themselves are checked against NannyML in MonitorTests.
@Suite struct MonitorBuiltinTests {
    /// 200 reference rows and 200 analysis rows whose `x` shifts upward in the second half;
    /// `p` is a probability, `yhat` its 0.5 cut and `y` the label.
    static let files: [String: String] = {
        func rows(shift: (Int) -> Double) -> String {
            var lines = ["x,c,p,yhat,y,r"]
            var state: UInt64 = 7
            for i in 0..<200 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let u = Double(state >> 11) / Double(1 << 53)
                let x = u * 10 + shift(i)
                let p = (Double(i % 10) + 0.5) / 10
                let y = u < p ? 1 : 0
                lines.append("\(x),\(i % 3 == 0 ? "a" : "b"),\(p),\(p >= 0.5 ? 1 : 0),\(y),\(x * 2)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
        return ["ref.csv": rows { _ in 0 }, "ana.csv": rows { $0 >= 100 ? 8 : 0 }]
    }()

    func session() throws -> Session {
        let s = try builtinSession(Self.files)
        #expect(s.show("let ref = read_csv(\"ref.csv\"); let ana = read_csv(\"ana.csv\")") == "")
        return s
    }

    @Test func driftFlagsTheShiftedColumn() throws {
        let s = try session()
        #expect(s.show("let d = drift(ref, ana, columns: [.x, .c], methods: [\"ks\", \"jensen_shannon\", \"chi2\"], chunk: {size: 25})") == "")
        #expect(s.show("d |> columns |> first") == "\"chunk_key\"")
        #expect(s.show("d |> shape") == "[64, 16]")
        #expect(s.show("(d |> filter(.period == \"analysis\" and .name == \"x\" and .method == \"kolmogorov_smirnov\")).alert")
            == "[false, false, false, false, true, true, true, true]")
        #expect(s.show("(d |> filter(.name == \"c\")).method |> unique") == "[\"jensen_shannon\", \"chi2\"]")
        #expect(s.show("(drift(ref, ana, columns: [.x], chunk: {number: 2})).chunk_key")
            == "warning: the reference gives 2 chunks; thresholds from fewer than 6 are unreliable\n"
            + "[\"[0:99]\", \"[100:199]\", \"[0:99]\", \"[100:199]\"]")
    }

    @Test func performanceAndCBPE() throws {
        let s = try session()
        #expect(s.show("let e = cbpe(ref, ana, y_pred_proba: .p, y_pred: .yhat, y_true: .y, metrics: [\"roc_auc\", \"accuracy\"], chunk: {number: 6})") == "")
        #expect(s.show("e |> shape") == "[28, 17]")  // NannyML: 6 chunks of 33 rows plus an incomplete one, per set
        #expect(s.show("e.name |> unique") == "[\"roc_auc\", \"accuracy\"]")
        #expect(s.show("(e |> filter(.value < 0.0 or .value > 1.0)) |> shape") == "[0, 17]")
        #expect(s.show("let r = performance(ref, ana, y_pred_proba: .p, y_pred: .yhat, y_true: .y, metrics: [\"auc\", \"f1\"], chunk: {size: 25})") == "")
        #expect(s.show("(r |> filter(.period == \"analysis\")).method |> unique") == "[\"realized\"]")
        #expect(s.show("(performance(ref, ana, y_pred: .r, y_true: .x, metrics: [\"mae\"], chunk: {size: 25})).value |> first > 0.0")
            == "true")
    }

    @Test func multivariateDriftAndDLE() throws {
        let s = try session()
        #expect(s.show("let m = reconstruction_drift(ref, ana, columns: [.x, .p, .y], chunk: {size: 25})") == "")
        #expect(s.show("m.name |> unique") == "[\"reconstruction_error\"]")
        #expect(s.show("(m |> filter(.period == \"analysis\")).alert |> slice(4)") == "[true, true, true, true]")
        #expect(s.show("let c = domain_drift(ref, ana, columns: [.x, .p], chunk: {size: 50})") == "")
        #expect(s.show("(c |> filter(.period == \"analysis\")).value |> map(v => v > 0.8)") == "[false, false, true, true]")
        #expect(s.show("let e = dle(ref, ana, features: [.x, .p], y_pred: .r, y_true: .y, metrics: [\"mae\", \"rmse\"], chunk: {size: 25})") == "")
        #expect(s.show("e.name |> unique") == "[\"mae\", \"rmse\"]")
        #expect(s.show("dle(ref, ana, features: [.x, .r], y_pred: .r, y_true: .y)")
            == "error: .r is the prediction or the label, not a feature")
        #expect(s.show("dle(ref, ana, y_pred: .r, y_true: .y)") == "error: dle needs the model's feature columns, e.g. features: [.a, .b]")
        #expect(s.show("reconstruction_drift(ref, ana, columns: [.x, .p], components: 1.5)").hasPrefix("error: components is a share"))
    }

    @Test func badInputPointsAtTheArgument() throws {
        let s = try session()
        #expect(s.show("drift(ref, ana, methods: [\"kss\"])") == "error: unknown drift method \"kss\"")
        #expect(s.show("drift(ref, ana, columns: [.nope])") == "error: unknown column .nope in the reference frame")
        #expect(s.show("drift(ref, ana, chunk: {period: \"month\"})") == "error: chunking by period needs the time column, e.g. timestamp: .ts")
        #expect(s.show("drift(ref, ana, chunk: {size: 0})") == "error: chunk's size expects a whole number of at least 1")
        #expect(s.show("drift(ref, ana, chunk: {size: 10, number: 2})") == "error: chunk takes exactly one of size:, number: or period:")
        #expect(s.show("drift(ref |> head(10), ana, chunk: {size: 50})").hasPrefix("error: the reference data has 10 rows"))
        #expect(s.show("cbpe(ref, ana, y_pred: .yhat, y_true: .y)") == "error: cbpe needs the model's probabilities, e.g. y_pred_proba: .p")
        #expect(s.show("cbpe(ref, ana, y_pred_proba: .p, y_pred: .yhat)") == "error: cbpe needs the label column of the reference, e.g. y_true: .y")
        #expect(s.show("cbpe(ref, ana, y_pred_proba: .x, y_pred: .yhat, y_true: .y)").contains("outside [0, 1]"))
        #expect(s.failure("cbpe(ref, ana, y_pred_proba: .x, y_pred: .yhat, y_true: .y)")?.contains("^^") == true)
        #expect(s.show("cbpe(ref, ana, y_pred_proba: .p, y_pred: .yhat, y_true: .y, metrics: [\"mae\"])")
            == "error: \"mae\" is a regression metric, and this model is a classifier")
        #expect(s.show("drift(ref, ana, thresholds: {jensen_shannon: {std: 2, lower: 1}})").hasPrefix("error: thresholds' jensen_shannon: takes"))
    }
}
