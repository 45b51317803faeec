import Frame
import Lang
import Store
import Trees

/// The model registry in the language: registering a model with a metric gate, loading it back,
/// lineage of any registry object, and the training/serving skew report.
enum StoreRegistryLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "register", parameters: ["store", "model", "name", "training_data", "metrics", "gate"], required: 4,
                signature: "register(s, model, name: \"race_time\", training_data: td, metrics: {rmse: 210.0}, gate: .rmse < 240)",
                summary: "Registers a model as the next version of a name with its training dataset, metrics, parameters and seed, if it passes its gate",
                group: "feature store") { args, _ throws(Diagnostic) in
            try register(args)
        },
        Builtin(name: "lineage", parameters: ["of"], signature: "lineage(fg or fv or td or model)",
                summary: "The provenance chain feature group → feature view → training dataset → model around any of them, as a frame",
                group: "feature store") { args, _ throws(Diagnostic) in
            try lineage(args)
        },
        Builtin(name: "skew_report", parameters: ["view", "model", "training_data", "spine_time"], required: 2,
                signature: "skew_report(fv, model, training_data: td or df, spine_time: .t)",
                summary: "Checks the four training/serving skew causes: transformations, on-demand features, future leakage, training source",
                group: "feature store") { args, _ throws(Diagnostic) in
            try skewReport(args)
        },
    ]

    /// The model argument: a registered model (with its registry entry) or a plain one.
    static func modelArgument(_ args: Arguments, _ index: Int) throws(Diagnostic) -> (BoostedModel, RegisteredModelValue?) {
        if case .host(let registered as RegisteredModelValue)? = args.value(index) { return (registered.registered.model, registered) }
        return (try args.model(index, "model"), nil)
    }

    // MARK: register and load

    static func register(_ args: Arguments) throws(Diagnostic) -> Value {
        let owner = try args.storeValue(0, "store")
        let (model, _) = try modelArgument(args, 1)
        let name = try args.string(2, "name")
        let dataset = try args.trainingDatasetValue(3, "training_data")
        guard dataset.view.owner === owner else {
            throw args.error(3, "the training dataset belongs to store \(dataset.view.owner.path), not \(owner.path)")
        }
        var metrics: [String: Double] = [:]
        if let value = args.value(4) {
            guard case .record(let record) = value else { throw args.error(4, "metrics expects a record such as {rmse: 210.0}") }
            for (metric, number) in zip(record.keys, record.values) {
                switch number {
                case .int(let whole): metrics[metric] = Double(whole)
                case .float(let real): metrics[metric] = real
                default: throw args.error(4, "metric \(metric) must be a number, found \(number.typeName)")
                }
            }
        }
        let gates = args.value(5) == nil ? [] : try gates(args, 5)
        let registered = try StoreSupport.run(args, owner, blame: { error in
            switch error.kind {
            case .gateFailed: return 5
            case .invalidName: return 2
            case .notFound: return 3
            case .invalidArgument: return error.message.contains("gate") ? 5 : 4
            default: return nil
            }
        }) { () throws(StoreError) in
            try owner.store.registerModel(model, name: name, trainingDataset: dataset.current, metrics: metrics, gates: gates)
        }
        return .host(RegisteredModelValue(registered, in: owner))
    }

    /// `gate:` as comparisons of a metric with a number: `.rmse < 240`, `.rmse < 240 and .r2 > 0.8`,
    /// or a list of them. (`{rmse: < 240}` is not an expression of the language.)
    static func gates(_ args: Arguments, _ index: Int) throws(Diagnostic) -> [ModelGate] {
        var gates: [ModelGate] = []
        func add(_ expr: ColumnExpr) throws(Diagnostic) {
            guard case .binary(let op, let left, let right, let span) = expr else {
                throw args.error(index, "gate expects comparisons of a metric with a number, such as .rmse < 240")
            }
            if op == .and {
                try add(left)
                try add(right)
                return
            }
            let comparisons: [(Lang.BinaryOperator, ModelGate.Comparison, ModelGate.Comparison)] = [
                (.less, .lessThan, .greaterThan), (.lessEqual, .lessOrEqual, .greaterOrEqual),
                (.greater, .greaterThan, .lessThan), (.greaterEqual, .greaterOrEqual, .lessOrEqual),
            ]
            guard let comparison = comparisons.first(where: { $0.0 == op }) else {
                throw Diagnostic("a gate compares with <, <=, > or >=, found \(op.rawValue)", at: span)
            }
            switch (left, right) {
            case (.column(let metric, _), .literal(let value)):
                guard let threshold = number(value) else { throw Diagnostic("a gate's threshold is a number", at: span) }
                gates.append(ModelGate(metric, comparison.1, threshold))
            case (.literal(let value), .column(let metric, _)):
                guard let threshold = number(value) else { throw Diagnostic("a gate's threshold is a number", at: span) }
                gates.append(ModelGate(metric, comparison.2, threshold))
            default:
                throw Diagnostic("a gate compares one metric with a number, such as .rmse < 240", at: span)
            }
        }
        for item in try StoreSupport.items(args, index, "gate") {
            guard case .column(let expr) = item else {
                throw args.error(index, "gate expects comparisons such as .rmse < 240, found \(item.typeName)",
                                 hint: "gate: .rmse < 240, or a list: [.rmse < 240, .mae <= 180]")
            }
            // `add` recurses through `and`: refuse an expression built too deep in a loop.
            if expr.exceedsLimits { throw args.error(index, "gate expression too deep or too large") }
            try add(expr)
        }
        return gates
    }

    /// A number literal's value.
    private static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let whole): return Double(whole)
        case .float(let real): return real
        default: return nil
        }
    }

    /// `load_model(s, "name", version: 2)`: a registered model (default: its latest version).
    static func loadModel(_ args: Arguments) throws(Diagnostic) -> Value {
        let owner = try args.storeValue(0, "store")
        guard args.value(1) != nil else {
            throw Diagnostic("load_model(s, \"name\") needs the model's name", at: args.callSpan,
                             hint: "the store's models are \(((try? owner.store.modelNames()) ?? []).joined(separator: ", "))")
        }
        let name = try args.string(1, "name")
        let version = args.value(2) == nil ? nil : Int(clamping: try args.int(2, "version"))
        let registered = try StoreSupport.run(args, owner, blame: { error in
            error.message.contains("; it has version") ? 2 : 1
        }) { () throws(StoreError) in
            try owner.store.registeredModel(named: name, version: version)
        }
        return .host(RegisteredModelValue(registered, in: owner))
    }

    // MARK: lineage and skew

    static func lineage(_ args: Arguments) throws(Diagnostic) -> Value {
        let value = try args.required(0, "of")
        let owner: StoreValue
        let node: LineageNode
        switch value {
        case .host(let group as FeatureGroupValue): (owner, node) = (group.owner, LineageNode.of(group.group))
        case .host(let view as FeatureViewValue): (owner, node) = (view.owner, LineageNode.of(view.view))
        case .host(let dataset as TrainingDatasetValue): (owner, node) = (dataset.view.owner, LineageNode.of(dataset.dataset))
        case .host(let model as RegisteredModelValue): (owner, node) = (model.owner, LineageNode.of(model.registered))
        default:
            throw args.error(
                0, "lineage expects a feature group, feature view, training dataset or registered model, found \(value.typeName)",
                hint: value.typeName == "model" ? "register the model first: register(s, model, name: …, training_data: td)" : nil)
        }
        return .frame(try StoreSupport.run(args, owner) { () throws(StoreError) in try owner.store.lineageFrame(of: node) })
    }

    static func skewReport(_ args: Arguments) throws(Diagnostic) -> Value {
        let view = try args.featureViewValue(0, "view")
        let (model, registered) = try modelArgument(args, 1)
        var subject = SkewSubject(features: model.featureNames, registered: registered?.registered)
        if let value = args.value(2) {
            switch value {
            case .host(let dataset as TrainingDatasetValue):
                guard dataset.view.owner === view.owner else {
                    throw args.error(2, "the training dataset belongs to store \(dataset.view.owner.path), not \(view.owner.path)")
                }
                subject.dataset = dataset.current
            case .host(let frame as FrameValue):
                guard registered == nil else {
                    throw args.error(2, "a registered model's training data is its training dataset; pass a training dataset or nothing")
                }
                subject.frame = frame.frame
            default:
                throw args.error(2, "skew_report's training_data is a training dataset or the frame the model was trained on, found \(value.typeName)")
            }
        }
        if args.value(3) != nil {
            guard subject.frame != nil else { throw args.error(3, "spine_time applies to a training frame") }
            subject.spineTime = try ColumnArguments.column(args, 3, "spine_time").name
        }
        if let registered, registered.owner !== view.owner {
            throw args.error(1, "model '\(registered.registered.name)' is registered in store \(registered.owner.path), not \(view.owner.path)")
        }
        let report = try StoreSupport.run(args, view.owner, blame: { _ in args.value(2) != nil ? 2 : nil }) { () throws(StoreError) in
            try view.owner.store.skewReport(view.view, subject)
        }
        return .host(SkewReportValue(report))
    }
}
