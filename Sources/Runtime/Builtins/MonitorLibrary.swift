import Frame
import Lang
import Monitor

/// Monitoring in the language (NannyML's calculators, docs/monitoring.md): univariate `drift`,
/// realized `performance`, and `cbpe`, each fitted on a reference frame and applied to an
/// analysis frame. Results are frames, one row per chunk and column or metric.
enum MonitorLibrary {
    static let driftParameters = ["reference", "analysis", "columns", "methods", "chunk", "timestamp", "categorical", "thresholds"]
    static let performanceParameters = [
        "reference", "analysis", "y_pred_proba", "y_pred", "y_true", "metrics", "chunk", "timestamp", "thresholds", "calibration",
    ]

    static let multivariateParameters = ["reference", "analysis", "columns", "chunk", "timestamp", "categorical", "thresholds", "components"]
    static let dleParameters = ["reference", "analysis", "features", "y_pred", "y_true", "metrics", "chunk", "timestamp", "thresholds"]

    static let builtins: [Builtin] = [
        Builtin(name: "drift", parameters: driftParameters, required: 2,
                signature: "drift(reference, analysis, columns: [.a, .b], methods: [\"jensen_shannon\"], chunk: {size: 5000}, timestamp: .ts)",
                summary: "Univariate drift of each column per chunk against the reference (ks, jensen_shannon, wasserstein, hellinger, chi2, l_infinity), with thresholds and alerts",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try drift(args, vm)
        },
        Builtin(name: "performance", parameters: performanceParameters, required: 2,
                signature: "performance(reference, analysis, y_pred_proba: .p, y_pred: .yhat, y_true: .y, metrics: [\"roc_auc\"], chunk: {size: 5000})",
                summary: "Realized model performance per chunk where labels exist (classification, or regression without y_pred_proba), with sampling errors and alerts",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try performance(args, vm, estimate: false)
        },
        Builtin(name: "cbpe", parameters: performanceParameters, required: 2,
                signature: "cbpe(reference, analysis, y_pred_proba: .p, y_pred: .yhat, y_true: .y, metrics: [\"roc_auc\", \"f1\"], chunk: {size: 5000})",
                summary: "Estimated classification performance per chunk without labels (confidence-based performance estimation), with sampling errors and alerts",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try performance(args, vm, estimate: true)
        },
        Builtin(name: "reconstruction_drift", parameters: multivariateParameters, required: 2,
                signature: "reconstruction_drift(reference, analysis, columns: [.a, .b], chunk: {size: 5000}, components: 0.65)",
                summary: "Multivariate drift: PCA reconstruction error of each chunk against the reference's, with thresholds and alerts",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try multivariate(args, vm, classifier: false)
        },
        Builtin(name: "domain_drift", parameters: multivariateParameters, required: 2,
                signature: "domain_drift(reference, analysis, columns: [.a, .b], chunk: {size: 5000})",
                summary: "Multivariate drift: cross-validated AUC of a tree model telling each chunk from the reference (0.5 means alike)",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try multivariate(args, vm, classifier: true)
        },
        Builtin(name: "dle", parameters: dleParameters, required: 2,
                signature: "dle(reference, analysis, features: [.a, .b], y_pred: .yhat, y_true: .y, metrics: [\"mae\", \"rmse\"], chunk: {size: 5000})",
                summary: "Estimated regression performance per chunk without labels (direct loss estimation: a tree model of the loss)",
                group: "monitoring") { args, vm throws(Diagnostic) in
            try dle(args, vm)
        },
    ]

    // MARK: multivariate drift

    static func multivariate(_ args: Arguments, _ vm: Interpreter, classifier: Bool) throws(Diagnostic) -> Value {
        let reference = try args.frame(0, "reference")
        let analysis = try args.frame(1, "analysis")
        var named: [ColumnArguments.Named] = []
        if args.slots[2] != nil {
            named = try ColumnArguments.columns(args, 2, "columns")
            for column in named { try JoinLibrary.checkKey(column, in: reference, side: "reference") }
        }
        let columns = named.isEmpty ? reference.columnNames : named.map(\.name)
        let categorical = args.slots[5] == nil ? [] : try ColumnArguments.columns(args, 5, "categorical").map(\.name)
        let chunker = try chunker(args, chunkIndex: 3, timestampIndex: 4)
        let threshold = try thresholds(args, 6)
        let key = classifier ? "domain_classifier_auroc" : "reconstruction_error"
        for name in threshold.keys.sorted() where name != key {
            throw args.error(6, "\(args.callee)'s thresholds are keyed \(key), found \(name)")
        }
        let result: MonitorResult
        if classifier {
            if args.slots[7] != nil { throw args.error(7, "components applies to reconstruction_drift only") }
            let calculator = DomainClassifierCalculator(
                columns: columns, treatAsCategorical: categorical, chunker: chunker,
                threshold: threshold[key] ?? .constant(lower: 0.45, upper: 0.65))
            result = try monitor(at: args.callSpan, naming: named) { () throws(MonitorError) in
                try calculator.fit(reference: reference).calculate(analysis)
            }
        } else {
            let components: PrincipalComponentCount
            switch args.value(7) {
            case nil: components = .varianceShare(0.65)
            case .float(let share)? where share > 0 && share < 1: components = .varianceShare(share)
            case .int(let count)? where count >= 1: components = .count(Int(count))
            default: throw args.error(7, "components is a share of variance between 0 and 1 (e.g. 0.65) or a whole number of components")
            }
            let calculator = DataReconstructionDriftCalculator(
                columns: columns, treatAsCategorical: categorical, chunker: chunker, components: components,
                threshold: threshold[key] ?? .standard)
            result = try monitor(at: args.callSpan, naming: named) { () throws(MonitorError) in
                try calculator.fit(reference: reference).calculate(analysis)
            }
        }
        return present(result, vm)
    }

    // MARK: DLE

    static func dle(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let reference = try args.frame(0, "reference")
        let analysis = try args.frame(1, "analysis")
        guard args.slots[2] != nil else {
            throw Diagnostic("dle needs the model's feature columns, e.g. features: [.a, .b]", at: args.callSpan)
        }
        guard args.slots[3] != nil else { throw Diagnostic("dle needs the model's predictions, e.g. y_pred: .yhat", at: args.callSpan) }
        guard args.slots[4] != nil else { throw Diagnostic("dle needs the label column of the reference, e.g. y_true: .y", at: args.callSpan) }
        let features = try ColumnArguments.columns(args, 2, "features")
        let prediction = try ColumnArguments.column(args, 3, "y_pred")
        let target = try ColumnArguments.column(args, 4, "y_true")
        for column in features + [prediction, target] { try JoinLibrary.checkKey(column, in: reference, side: "reference") }
        if let repeated = features.first(where: { $0.name == prediction.name || $0.name == target.name }) {
            throw Diagnostic("\(columnReference(repeated.name)) is the prediction or the label, not a feature", at: repeated.span,
                             hint: "dle adds the prediction to the loss model's inputs itself")
        }
        var metrics: [PerformanceMetric] = []
        if args.slots[5] != nil {
            for item in try args.list(5, "metrics") {
                guard case .string(let text) = item, let metric = PerformanceMetric(rawValue: text), !metric.isClassification else {
                    throw args.error(5, "unknown dle metric \(item.debugDescription); expected one of \"mae\", \"mape\", \"mse\", \"msle\", \"rmse\", \"rmsle\"")
                }
                if !metrics.contains(metric) { metrics.append(metric) }
            }
            guard !metrics.isEmpty else { throw args.error(5, "dle needs at least one metric") }
        } else {
            metrics = [.mae]
        }
        let options = try thresholds(args, 8)
        var metricThresholds: [PerformanceMetric: Threshold] = [:]
        for metric in metrics { if let threshold = options[metric.rawValue] { metricThresholds[metric] = threshold } }
        let estimator = DLE(
            features: features.map(\.name), prediction: prediction.name, target: target.name, metrics: metrics,
            chunker: try chunker(args, chunkIndex: 6, timestampIndex: 7), thresholds: metricThresholds)
        let result = try monitor(at: args.callSpan, naming: features + [prediction, target]) { () throws(MonitorError) in
            try estimator.fit(reference: reference).estimate(analysis)
        }
        return present(result, vm)
    }

    // MARK: drift

    static func drift(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let reference = try args.frame(0, "reference")
        let analysis = try args.frame(1, "analysis")
        let columns: [String]
        var named: [ColumnArguments.Named] = []
        if args.slots[2] != nil {
            named = try ColumnArguments.columns(args, 2, "columns")
            for column in named { try JoinLibrary.checkKey(column, in: reference, side: "reference") }
            columns = named.map(\.name)
        } else {
            columns = reference.columnNames
        }
        var continuous: [ContinuousDriftMethod] = []
        var categorical: [CategoricalDriftMethod] = []
        if args.slots[3] != nil {
            for item in try args.list(3, "methods") {
                guard case .string(let text) = item else {
                    throw args.error(3, "drift's methods are names such as \"jensen_shannon\", found \(item.typeName)")
                }
                let name = methodAliases[text] ?? text
                let asContinuous = ContinuousDriftMethod(rawValue: name)
                let asCategorical = CategoricalDriftMethod(rawValue: name)
                guard asContinuous != nil || asCategorical != nil else {
                    let known = ContinuousDriftMethod.allCases.map(\.rawValue) + ["chi2", "l_infinity", "ks"]
                    throw args.error(3, "unknown drift method \"\(text)\"", hint: Lang.closestName(to: text, among: known).map { "did you mean \"\($0)\"?" })
                }
                if let asContinuous, !continuous.contains(asContinuous) { continuous.append(asContinuous) }
                if let asCategorical, !categorical.contains(asCategorical) { categorical.append(asCategorical) }
            }
        }
        let categoricalColumns = args.slots[6] == nil ? [] : try ColumnArguments.columns(args, 6, "categorical").map(\.name)
        let calculator = UnivariateDriftCalculator(
            columns: columns, treatAsCategorical: categoricalColumns,
            continuousMethods: continuous.isEmpty ? [.jensenShannon] : continuous,
            categoricalMethods: categorical.isEmpty ? [.jensenShannon] : categorical,
            chunker: try chunker(args, chunkIndex: 4, timestampIndex: 5),
            thresholds: try thresholds(args, 7))
        let result = try monitor(at: args.callSpan, naming: named) { () throws(MonitorError) in
            try calculator.fit(reference: reference).calculate(analysis)
        }
        return present(result, vm)
    }

    /// Short names users of NannyML and scipy write.
    static let methodAliases = ["ks": "kolmogorov_smirnov", "js": "jensen_shannon", "linf": "l_infinity", "chi_squared": "chi2"]

    // MARK: performance and CBPE

    static func performance(_ args: Arguments, _ vm: Interpreter, estimate: Bool) throws(Diagnostic) -> Value {
        let reference = try args.frame(0, "reference")
        let analysis = try args.frame(1, "analysis")
        guard args.slots[4] != nil else {
            throw Diagnostic("\(args.callee) needs the label column of the reference, e.g. y_true: .y", at: args.callSpan)
        }
        let target = try ColumnArguments.column(args, 4, "y_true")
        try JoinLibrary.checkKey(target, in: reference, side: "reference")
        let prediction = args.slots[3] == nil ? nil : try ColumnArguments.column(args, 3, "y_pred")
        if let prediction { try JoinLibrary.checkKey(prediction, in: reference, side: "reference") }

        // y_pred_proba: one column (binary) or a record {class: .column} (multiclass).
        var named: [ColumnArguments.Named] = [target] + (prediction.map { [$0] } ?? [])
        let outputs: ModelOutputs
        if let probability = args.value(2) {
            if case .record(let record) = probability {
                guard let prediction else { throw Diagnostic("a multiclass model needs y_pred: the predicted class", at: args.callSpan) }
                var classes: [ClassProbabilityColumn] = []
                for (label, value) in zip(record.keys, record.values) {
                    guard case .column(.column(let name, let span)) = value else {
                        throw args.error(2, "y_pred_proba's \(label): expects a column such as .p_\(label)")
                    }
                    try JoinLibrary.checkKey((name, span), in: reference, side: "reference")
                    named.append((name, span))
                    classes.append(ClassProbabilityColumn(label: label, column: name))
                }
                outputs = .multiclassClassification(classes: classes, prediction: prediction.name)
            } else {
                let score = try ColumnArguments.column(args, 2, "y_pred_proba")
                try JoinLibrary.checkKey(score, in: reference, side: "reference")
                named.append(score)
                outputs = .binaryClassification(score: score.name, prediction: prediction?.name)
            }
        } else {
            guard !estimate else {
                throw Diagnostic("cbpe needs the model's probabilities, e.g. y_pred_proba: .p", at: args.callSpan,
                                 hint: "for a regression model use dle")
            }
            guard let prediction else {
                throw Diagnostic("performance needs the predictions: y_pred_proba: for a classifier, y_pred: for a regression model",
                                 at: args.callSpan)
            }
            outputs = .regression(prediction: prediction.name)
        }
        let isClassification: Bool
        if case .regression = outputs { isClassification = false } else { isClassification = true }

        var metrics: [PerformanceMetric] = []
        if args.slots[5] != nil {
            for item in try args.list(5, "metrics") {
                guard case .string(let text) = item, let metric = PerformanceMetric(rawValue: metricAliases[text] ?? text) else {
                    let known = PerformanceMetric.allCases.filter { $0.isClassification == isClassification }.map(\.rawValue)
                    let text = item.debugDescription
                    throw args.error(5, "unknown \(isClassification ? "classification" : "regression") metric \(text); expected one of "
                                     + known.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                guard metric.isClassification == isClassification else {
                    throw args.error(5, "\"\(metric.rawValue)\" is a \(metric.isClassification ? "classification" : "regression") metric, "
                                     + "and this model is a \(isClassification ? "classifier" : "regression model")")
                }
                if !metrics.contains(metric) { metrics.append(metric) }
            }
            guard !metrics.isEmpty else { throw args.error(5, "\(args.callee) needs at least one metric") }
        } else {
            metrics = isClassification ? [.rocAUC] : [.rmse]
        }
        let chunker = try chunker(args, chunkIndex: 6, timestampIndex: 7)
        let thresholdOptions = try thresholds(args, 8)
        var metricThresholds: [PerformanceMetric: Threshold] = [:]
        for metric in PerformanceMetric.allCases {
            if let threshold = thresholdOptions[metric.rawValue] { metricThresholds[metric] = threshold }
        }
        let result: MonitorResult
        if estimate {
            let calibration: CalibrationPolicy
            switch args.value(9) {
            case nil, .string("auto")?: calibration = .automatic
            case .bool(true)?: calibration = .always
            case .bool(false)?: calibration = .never
            case .list(let list)?:
                try checkMaterializable(list, args)
                calibration = .classes(list.items.map { if case .string(let s) = $0 { s } else { $0.debugDescription } })
            default: throw args.error(9, "cbpe's calibration is \"auto\", true, false or a list of classes")
            }
            let estimator = CBPE(outputs: outputs, target: target.name, metrics: metrics, chunker: chunker,
                                 thresholds: metricThresholds, calibration: calibration)
            result = try monitor(at: args.callSpan, naming: named) { () throws(MonitorError) in
                try estimator.fit(reference: reference).estimate(analysis)
            }
        } else {
            if args.slots[9] != nil { throw args.error(9, "calibration applies to cbpe only") }
            let calculator = PerformanceCalculator(outputs: outputs, target: target.name, metrics: metrics, chunker: chunker,
                                                   thresholds: metricThresholds)
            result = try monitor(at: args.callSpan, naming: named) { () throws(MonitorError) in
                try calculator.fit(reference: reference).calculate(analysis)
            }
        }
        return present(result, vm)
    }

    /// Names scikit-learn users write for NannyML's metric keys.
    static let metricAliases = ["auc": "roc_auc", "confusion": "confusion_matrix"]

    // MARK: shared options

    /// `chunk: {size: n, incomplete: "keep"}`, `{number: k}` or `{period: "month"}`, with
    /// `timestamp: .ts` ordering rows and dating chunks; NannyML's automatic 10 chunks without it.
    static func chunker(_ args: Arguments, chunkIndex: Int, timestampIndex: Int) throws(Diagnostic) -> Chunker {
        let timestamp = args.slots[timestampIndex] == nil ? nil : try ColumnArguments.column(args, timestampIndex, "timestamp").name
        guard let value = args.value(chunkIndex) else { return Chunker(.automatic, timestampColumn: timestamp) }
        guard case .record(let record) = value else {
            throw args.error(chunkIndex, "chunk expects a record such as {size: 5000}, {number: 10} or {period: \"month\"}")
        }
        var incomplete = IncompleteChunk.keep
        if let index = record.keys.firstIndex(of: "incomplete") {
            guard case .string(let text) = record.values[index], let option = IncompleteChunk(rawValue: text) else {
                throw args.error(chunkIndex, "chunk's incomplete is \"keep\", \"append\" or \"drop\"")
            }
            incomplete = option
        }
        let kinds = record.keys.filter { $0 != "incomplete" }
        guard kinds.count == 1, let kind = kinds.first, let value = record.values[safe: record.keys.firstIndex(of: kind)] else {
            throw args.error(chunkIndex, "chunk takes exactly one of size:, number: or period:")
        }
        switch (kind, value) {
        case ("size", .int(let n)) where n >= 1:
            return Chunker(.size(Int(n), incomplete: incomplete), timestampColumn: timestamp)
        case ("number", .int(let n)) where n >= 1:
            return Chunker(.count(Int(n), incomplete: incomplete), timestampColumn: timestamp)
        case ("period", .string(let text)):
            guard let period = ChunkPeriod(alias: text) else {
                throw args.error(chunkIndex, "unknown chunk period \"\(text)\"; expected hour, day, week, month, quarter or year")
            }
            guard let timestamp else {
                throw args.error(chunkIndex, "chunking by period needs the time column, e.g. timestamp: .ts")
            }
            return Chunker(.period(period), timestampColumn: timestamp)
        default:
            throw args.error(chunkIndex, "chunk's \(kind) expects \(kind == "period" ? "a name such as \"month\"" : "a whole number of at least 1")")
        }
    }

    /// `thresholds: {jensen_shannon: {std: 3}, roc_auc: {lower: 0.7}}`: standard-deviation
    /// multipliers (`std`, or `lower_std`/`upper_std`) or constant bounds (`lower`, `upper`).
    static func thresholds(_ args: Arguments, _ index: Int) throws(Diagnostic) -> [String: Threshold] {
        guard let value = args.value(index) else { return [:] }
        guard case .record(let record) = value else {
            throw args.error(index, "thresholds expects a record such as {jensen_shannon: {std: 3}}")
        }
        var result: [String: Threshold] = [:]
        for (key, spec) in zip(record.keys, record.values) {
            guard case .record(let fields) = spec, !fields.keys.isEmpty else {
                throw args.error(index, "thresholds' \(key): expects a record such as {std: 3} or {lower: 0.1, upper: 0.9}")
            }
            var numbers: [String: Double?] = [:]
            for (field, number) in zip(fields.keys, fields.values) {
                switch number {
                case .int(let i): numbers[field] = Double(i)
                case .float(let f): numbers[field] = f
                case .null: numbers[field] = .some(nil)
                default: throw args.error(index, "thresholds' \(key).\(field) expects a number or null")
                }
            }
            let standard = Set(["std", "lower_std", "upper_std"])
            let constant = Set(["lower", "upper"])
            let fieldSet = Set(fields.keys)
            if fieldSet.isSubset(of: standard) {
                let both = numbers["std"] ?? nil
                result[methodAliases[key] ?? metricAliases[key] ?? key] = .standardDeviation(
                    lowerMultiplier: numbers["lower_std"] ?? both, upperMultiplier: numbers["upper_std"] ?? both)
            } else if fieldSet.isSubset(of: constant) {
                result[methodAliases[key] ?? metricAliases[key] ?? key] = .constant(lower: numbers["lower"] ?? nil, upper: numbers["upper"] ?? nil)
            } else {
                throw args.error(index, "thresholds' \(key): takes std, lower_std, upper_std (multiples of the reference's spread) or lower, upper (constants), not both kinds")
            }
        }
        return result
    }

    /// The result as a frame; warnings print first, as NannyML logs them.
    static func present(_ result: MonitorResult, _ vm: Interpreter) -> Value {
        for warning in result.warnings { vm.output("warning: \(warning)\n") }
        return .frame(result.dataFrame())
    }

    /// Runs a calculator; its error becomes a diagnostic under the argument that named the column
    /// at fault when there is one, else at `span` (an interrupt stays one).
    static func monitor<T>(
        at span: SourceSpan, naming columns: [ColumnArguments.Named] = [], _ body: () throws(MonitorError) -> T
    ) throws(Diagnostic) -> T {
        do throws(MonitorError) {
            return try body()
        } catch {
            let culprit = columns.first { $0.name == error.column }?.span ?? span
            throw Diagnostic(error.message, at: culprit, kind: error.kind == .interrupted ? .interrupted : .runtime)
        }
    }
}

extension Array {
    /// The element at `index`, or nil when `index` is nil or out of range.
    subscript(safe index: Int?) -> Element? {
        guard let index, indices.contains(index) else { return nil }
        return self[index]
    }
}
