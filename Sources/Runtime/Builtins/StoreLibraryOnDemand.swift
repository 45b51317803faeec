import Frame
import Lang
import Store

/// On-demand features: column expressions attached to a feature view and evaluated by the frame
/// engine over whole columns, after the raw (untransformed) features are read and before the
/// view's transformations. Training data, batch inference and online vectors all run the stored
/// expression text through the same parse and the same `with` kernel, so a feature computed for
/// one request equals the one computed for the same row in a batch.
enum OnDemandEvaluation {
    /// The definition stored for `name: expression`: the canonical text and the columns it reads.
    /// The text must parse back to the same expression, so that what is stored is what runs.
    static func definition(_ name: String, _ value: Value, at span: SourceSpan) throws(Diagnostic) -> OnDemandFeature {
        guard case .column(let expression) = value, !expression.referencedColumns.isEmpty else {
            throw Diagnostic(
                "on_demand's \(name) must be a column expression such as .avg_hr / .threshold_hr, found \(value.typeName)", at: span,
                hint: "functions written for numbers work too: on_demand: {\(name): my_fn(.a, .b)}")
        }
        let text = expression.sourceDescription
        guard let parsed = try? parse(text, name: name), parsed.sourceDescription == text else {
            throw Diagnostic("on_demand's \(name) cannot be stored as text (\(text)); use plain column names and literals", at: span)
        }
        return OnDemandFeature(name: name, expression: text, inputs: expression.referencedColumns.map(\.0))
    }

    /// The stored features of a view with their expressions parsed.
    static func parsed(_ features: [OnDemandFeature], at span: SourceSpan) throws(Diagnostic) -> [(feature: OnDemandFeature, expression: ColumnExpr)] {
        var result: [(feature: OnDemandFeature, expression: ColumnExpr)] = []
        for feature in features {
            do throws(Diagnostic) {
                result.append((feature, try parse(feature.expression, name: feature.name)))
            } catch {
                throw Diagnostic("the store's on-demand feature \(feature.name) = \(feature.expression) does not parse: \(error.message)", at: span)
            }
        }
        return result
    }

    /// A stored expression back into a column expression (columns, literals, operators, calls).
    static func parse(_ text: String, name: String) throws(Diagnostic) -> ColumnExpr {
        let statements = try Parser.parse(SourceFile(name: "<on-demand \(name)>", text: text))
        guard statements.count == 1, case .expression(let syntax, _) = statements[0] else {
            throw Diagnostic("expected one expression", at: nil)
        }
        return try convert(syntax)
    }

    private static func convert(_ syntax: Syntax) throws(Diagnostic) -> ColumnExpr {
        switch syntax {
        case .column(let name, let span): return .column(name, span)
        case .literal(let value, _): return .literal(value)
        case .unary(let op, let operand, let span): return .unary(op, try convert(operand), span)
        case .binary(let op, let left, let right, let span): return .binary(op, try convert(left), try convert(right), span)
        case .call(.name(let function, _), let arguments, let span) where arguments.allSatisfy({ $0.label == nil }):
            var converted: [ColumnExpr] = []
            for argument in arguments { converted.append(try convert(argument.value)) }
            return .call(function, converted, span)
        default:
            throw Diagnostic("only columns, literals, operators and function calls may appear", at: syntax.span)
        }
    }

    /// Inputs the view itself does not provide: the spine (training) or the request (serving) must.
    static func requestInputs(_ view: FeatureViewValue) -> [String] {
        var provided = view.view.keyColumns + view.view.featureNames
        var needed: [String] = []
        for (feature, _) in view.onDemand {
            for input in feature.inputs where !provided.contains(input) && !needed.contains(input) { needed.append(input) }
            provided.append(feature.name)
        }
        return needed
    }

    /// `frame` with the view's on-demand features appended, in order (each sees the earlier ones).
    /// `side` names what should have brought a missing input, for the message.
    static func apply(_ view: FeatureViewValue, to frame: DataFrame, at span: SourceSpan?, side: String) throws(Diagnostic) -> DataFrame {
        var current = frame
        for (feature, expression) in view.onDemand {
            if let missing = feature.inputs.first(where: { current.column(named: $0) == nil }) {
                throw Diagnostic(
                    "on-demand feature \(feature.name) = \(feature.expression) needs \(columnReference(missing)), which the \(side) lacks",
                    at: span, hint: "request values come from the spine in training and from the keys at serving")
            }
            let translated = try ColumnExprTranslation.translate(expression, for: current)
            let previous = current
            current = try StoreSupport.frameWork(at: span) { () throws(FrameError) in try previous.with([(name: feature.name, expr: translated)]) }
        }
        return current
    }
}

/// The frames a training dataset value shows: its rows with on-demand features, and the
/// transformed train and test parts of its split.
enum StoreDatasets {
    /// The dataset's rows (spine, features, labels) with the on-demand features appended, untransformed.
    static func data(_ value: TrainingDatasetValue, _ dataset: TrainingDataset) throws(Diagnostic) -> DataFrame {
        try OnDemandEvaluation.apply(value.view, to: dataset.frame, at: nil, side: "training dataset")
    }

    /// Train rows (spine time before `test_from − gap`; every row before a split) and test rows
    /// (from `test_from`, before `test_until`), each transformed with the dataset's parameters.
    static func parts(_ value: TrainingDatasetValue, _ dataset: TrainingDataset) throws(Diagnostic) -> (train: DataFrame, test: DataFrame) {
        let rows = try data(value, dataset)
        var train = rows
        var test = rows.head(0)
        if let split = dataset.split, let time = rows.column(named: dataset.spineTime) {
            func literal(_ micros: Int64) -> Expr { .literal(time.type == .timestamp ? .timestamp(micros) : .int(micros)) }
            var testCondition = Expr.binary(.greaterEqual, .column(dataset.spineTime), literal(split.testFrom))
            if let until = split.testUntil {
                testCondition = .binary(.and, testCondition, .binary(.less, .column(dataset.spineTime), literal(until)))
            }
            let trainCondition = Expr.binary(.less, .column(dataset.spineTime), literal(split.testFrom - split.gap))
            train = try StoreSupport.frameWork(at: nil) { () throws(FrameError) in try rows.filter(trainCondition) }
            test = try StoreSupport.frameWork(at: nil) { () throws(FrameError) in try rows.filter(testCondition) }
        }
        let store = value.view.owner.store
        return try StoreSupport.run(value.view.owner, at: nil) { () throws(StoreError) in
            (try store.transform(train, view: value.view.view, dataset: dataset), try store.transform(test, view: value.view.view, dataset: dataset))
        }
    }

    /// The columns a model should read: the view's features as transformed, then the on-demand features.
    static func featureNames(_ value: TrainingDatasetValue, _ dataset: TrainingDataset) throws(Diagnostic) -> [String] {
        let view = value.view.view
        let columns = view.columns.filter { !view.labels.contains($0.name) }.map { (name: $0.name, type: $0.type) }
        let names = try StoreSupport.run(value.view.owner, at: nil) { () throws(StoreError) in
            try FeatureStore.transformedNames(columns, fitted: dataset.fitted)
        }
        return names + value.view.onDemand.map(\.feature.name)
    }

    /// The statistics saved with the dataset, one row per column.
    static func statistics(_ dataset: TrainingDataset) throws(Diagnostic) -> DataFrame {
        let stats = dataset.statistics
        func floats(_ values: [Double?]) -> Column { Column(name: "", floats: values.map { $0 ?? 0 }, validity: values.map { $0 != nil }) }
        return try StoreSupport.frameWork(at: nil) { () throws(FrameError) in
            try DataFrame(columns: [
                Column(name: "column", strings: stats.map(\.column)),
                Column(name: "type", strings: stats.map(\.type.name)),
                Column(name: "count", ints: stats.map { Int64($0.count) }),
                Column(name: "nulls", ints: stats.map { Int64($0.nullCount) }),
                floats(stats.map(\.mean)).renamed("mean"),
                floats(stats.map(\.std)).renamed("std"),
                floats(stats.map(\.min)).renamed("min"),
                floats(stats.map(\.max)).renamed("max"),
                Column(name: "distinct", ints: stats.map { Int64($0.distinctCount ?? 0) }, validity: stats.map { $0.distinctCount != nil }),
            ])
        }
    }
}
