import Frame
import Lang
import Trees

/// Model-quality scores over two columns of a frame: `rmse(scored, .y, .prediction)`. Definitions
/// follow scikit-learn (research in Sources/Trees/Metrics.swift); a null in either column is an
/// error rather than a silently dropped row.
enum MetricsLibrary {
    /// A score of (labels, predictions).
    typealias Score = @Sendable (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Double

    static let builtins: [Builtin] = [
        regression("rmse", "Root mean squared error", Metrics.rmse),
        regression("mae", "Mean absolute error", Metrics.mae),
        regression("r2", "Coefficient of determination, 1 − SSres/SStot", Metrics.r2),
        regression("mape", "Mean absolute percentage error, as a fraction (0.1 is 10%)", Metrics.mape),
        regression("auc", "Area under the ROC curve of scores against 0/1 labels (ties count half)", Metrics.auc),
        regression("logloss", "Binary log loss of probabilities against 0/1 labels (clipped at 1e-15)", Metrics.logloss),
        regression("accuracy", "Fraction of rows whose predicted class equals the actual one", Metrics.accuracy),
        classification("precision", "TP / (TP + FP) for class 1, or the macro average with average: \"macro\"", Metrics.precision),
        classification("recall", "TP / (TP + FN) for class 1, or the macro average with average: \"macro\"", Metrics.recall),
        classification("f1", "Harmonic mean of precision and recall for class 1, or the macro average", Metrics.f1),
        Builtin(name: "confusion", parameters: ["df", "actual", "predicted"], signature: "confusion(df, .actual, .predicted)",
                summary: "Counts of rows by actual class (rows) and predicted class (columns), classes sorted" + nullNote,
                group: "models") { args, _ throws(Diagnostic) in
            let (labels, predictions) = try pairs(args)
            let matrix = labels.withUnsafeBufferPointer { l in
                predictions.withUnsafeBufferPointer { p in Metrics.confusionMatrix(l, p) }
            }
            let names = matrix.classes.map(className)
            var columns = [Column(name: "actual", strings: names)]
            for (j, name) in names.enumerated() {
                let counts = (0..<matrix.classCount).map { Int64(matrix.count(actual: $0, predicted: j)) }
                columns.append(Column(name: name, ints: counts))
            }
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try DataFrame(columns: columns) })
        },
    ]

    /// How every metric's summary ends: a null is an error, never a silently dropped row.
    static let nullNote = "; a null in either column is an error"

    /// A builtin `name(df, .actual, .predicted)` returning one float.
    static func regression(_ name: String, _ summary: String, _ score: @escaping Score) -> Builtin {
        Builtin(name: name, parameters: ["df", "actual", "predicted"], signature: "\(name)(df, .actual, .predicted)",
                summary: summary + nullNote, group: "models") { args, _ throws(Diagnostic) in
            let (labels, predictions) = try pairs(args)
            return .float(labels.withUnsafeBufferPointer { l in predictions.withUnsafeBufferPointer { p in score(l, p) } })
        }
    }

    /// A builtin `name(df, .actual, .predicted, average: "binary")` returning one float.
    static func classification(
        _ name: String, _ summary: String,
        _ score: @escaping @Sendable (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, Metrics.Averaging) -> Double
    ) -> Builtin {
        Builtin(name: name, parameters: ["df", "actual", "predicted", "average"], required: 3,
                signature: "\(name)(df, .actual, .predicted, average: \"binary\")",
                summary: summary + nullNote, group: "models") { args, _ throws(Diagnostic) in
            let averaging: Metrics.Averaging = try ColumnArguments.choice(args, 3, "average", default: Average.binary) == .binary ? .binary : .macro
            let (labels, predictions) = try pairs(args)
            return .float(labels.withUnsafeBufferPointer { l in
                predictions.withUnsafeBufferPointer { p in score(l, p, averaging) }
            })
        }
    }

    /// The spellings of `average:`.
    enum Average: String, CaseIterable {
        case binary, macro
    }

    /// The two columns as Doubles, checked: present, numeric or bool, no nulls, at least one row.
    static func pairs(_ args: Arguments) throws(Diagnostic) -> ([Double], [Double]) {
        let frame = try args.frame(0, "df")
        let actual = try ColumnArguments.column(args, 1, "actual")
        let predicted = try ColumnArguments.column(args, 2, "predicted")
        let labels = try values(actual, in: frame)
        let predictions = try values(predicted, in: frame)
        guard !labels.isEmpty else { throw args.error(0, "\(args.callee) needs at least one row") }
        return (labels, predictions)
    }

    /// One column as Doubles (bools as 0/1).
    static func values(_ named: ColumnArguments.Named, in frame: DataFrame) throws(Diagnostic) -> [Double] {
        try JoinLibrary.checkKey(named, in: frame, side: "given")
        guard let column = frame.column(named: named.name) else { return [] }
        if column.nullCount > 0 {
            throw Diagnostic("\(columnReference(named.name)) has \(column.nullCount) null\(column.nullCount == 1 ? "" : "s")", at: named.span,
                             hint: "drop them first: drop_nulls(df, \(columnReference(named.name)))")
        }
        switch column.storage {
        case .float64(let values): return (0..<column.count).map { values[$0] }
        case .int64(let values) where column.type == .int: return (0..<column.count).map { Double(values[$0]) }
        case .bool(let values): return (0..<column.count).map { Double(values[$0]) }
        default:
            throw Diagnostic("\(columnReference(named.name)) is a \(column.type.name) column; metrics need numbers or bools", at: named.span)
        }
    }

    /// A class label as a column name: whole numbers without ".0".
    static func className(_ value: Double) -> String {
        if let whole = Int64(exactly: value) { return String(whole) }
        return NumberFormatting.shortest(value)
    }
}
