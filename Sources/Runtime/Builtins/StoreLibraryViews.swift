import Frame
import Lang
import Store

/// Feature views in the language: defining them from groups and selections, point-in-time
/// training data, and time splits. `select(fg, …)` is reached through the frame `select`.
enum StoreViewLibrary {
    static let viewParameters = ["store", "name", "version", "features", "label", "transforms", "on_demand", "description"]

    static let builtins: [Builtin] = [
        Builtin(name: "feature_view", parameters: viewParameters, required: 2,
                signature: "feature_view(s, \"name\", version: 1, features: [fg, select(fg2, .ctl, .atl)], label: .y, transforms: {pace: \"standard_scaler\"}, on_demand: {ratio: .a / .b})",
                summary: "Creates a feature view version (features joined on their keys, labels, transformations, on-demand features), or opens it",
                group: "feature store") { args, _ throws(Diagnostic) in
            try featureView(args)
        },
        Builtin(name: "training_data", parameters: ["view", "spine", "spine_time", "start", "end"], required: 2,
                signature: "training_data(fv, spine, spine_time: .t, start: @2024-01-01, end: @2024-07-01)",
                summary: "Point-in-time correct training data for a spine of keys and times, saved as the view's next training dataset",
                group: "feature store") { args, _ throws(Diagnostic) in
            try trainingData(args)
        },
        Builtin(name: "split_by_time", parameters: ["dataset", "test_from", "gap", "test_until"], required: 2,
                signature: "split_by_time(td, test_from: @2024-06-01, gap: 7d, test_until: null)",
                summary: "Splits a training dataset by spine time into {train, test}, refitting the transformations on the train rows (refused once a registered model was trained on another split)",
                group: "feature store") { args, _ throws(Diagnostic) in
            try splitByTime(args)
        },
    ]

    // MARK: views

    static func featureView(_ args: Arguments) throws(Diagnostic) -> Value {
        let owner = try args.storeValue(0, "store")
        let name = try args.string(1, "name")
        let store = owner.store
        guard args.slots[3] != nil else {
            if let extra = (4..<viewParameters.count).first(where: { args.slots[$0] != nil }) {
                throw args.error(extra, "feature_view needs features: to create a view; to open one give only its name and version")
            }
            let version = Int(clamping: try StoreLibrary.versionArgument(args))
            let latest = args.slots[2] == nil
            let view = try StoreSupport.run(args, owner, blame: { $0.kind == .notFound ? ($0.message.contains("; it has version") ? 2 : 1) : nil }) { () throws(StoreError) -> FeatureView in
                if latest, let newest = try store.featureViewVersions(named: name).last {
                    return try store.featureView(named: name, version: newest)
                }
                return try store.featureView(named: name, version: version)
            }
            return .host(try viewValue(view, owner, at: args.callSpan))
        }
        let version = try StoreLibrary.versionArgument(args)
        var sources: [FeatureSource] = []
        for item in try StoreSupport.items(args, 3, "features") {
            switch item {
            case .host(let group as FeatureGroupValue): sources.append(FeatureSource(group.group))
            case .host(let selection as FeatureSelectionValue): sources.append(selection.source)
            default:
                throw args.error(3, "feature_view's features are feature groups or select(fg, .a, …), found \(item.typeName)")
            }
        }
        let labels = args.value(4) == nil ? [] : try ColumnArguments.columns(args, 4, "label").map(\.name)
        var transformations: [FeatureTransformation] = []
        if let value = args.value(5) {
            guard case .record(let record) = value else {
                throw args.error(5, "transforms expects a record such as {pace: \"standard_scaler\", sport: \"one_hot\"}")
            }
            for (column, kind) in zip(record.keys, record.values) {
                let kinds = TransformationKind.allCases.map(\.rawValue)
                guard case .string(let text) = kind, let parsed = TransformationKind(rawValue: text) else {
                    var hint: String? = nil
                    if case .string(let text) = kind, let near = Lang.closestName(to: text, among: kinds) { hint = "did you mean \"\(near)\"?" }
                    throw args.error(
                        5, "unknown transformation \(kind.debugDescription) for \(column); expected one of \(kinds.map { "\"\($0)\"" }.joined(separator: ", "))",
                        hint: hint)
                }
                transformations.append(FeatureTransformation(column, parsed))
            }
        }
        var onDemand: [OnDemandFeature] = []
        if let value = args.value(6) {
            guard case .record(let record) = value else {
                throw args.error(6, "on_demand expects a record of column expressions such as {hr_ratio: .avg_hr / .threshold_hr}")
            }
            for (feature, expression) in zip(record.keys, record.values) {
                onDemand.append(try OnDemandEvaluation.definition(feature, expression, at: args.span(6)))
            }
        }
        let spec = FeatureViewSpec(
            name: name, version: Int(clamping: version), sources: sources, labels: labels, transformations: transformations,
            description: try args.string(7, "description", default: ""))
        let view = try StoreSupport.run(args, owner, blame: viewBlame) { () throws(StoreError) in
            try store.featureView(spec, onDemand: onDemand)
        }
        return .host(try viewValue(view, owner, at: args.callSpan))
    }

    /// A view value with its on-demand features read and parsed.
    static func viewValue(_ view: FeatureView, _ owner: StoreValue, at span: SourceSpan) throws(Diagnostic) -> FeatureViewValue {
        let stored = try StoreSupport.run(owner, at: span) { () throws(StoreError) in try owner.store.onDemandFeatures(of: view) }
        return FeatureViewValue(view, onDemand: try OnDemandEvaluation.parsed(stored, at: span), in: owner)
    }

    /// The argument a feature view error is about, from what its message names.
    static func viewBlame(_ error: StoreError) -> Int? {
        let message = error.message
        if message.contains("on-demand") { return 6 }
        if message.contains("transformation") || TransformationKind.allCases.contains(where: { message.contains($0.rawValue) }) { return 5 }
        if message.contains("label") { return 4 }
        switch error.kind {
        case .invalidName where message.contains("feature view name"): return 1
        case .definitionMismatch: return message.contains("description") ? 7 : nil
        case .invalidArgument where message.contains("version must"): return 2
        default: return 3
        }
    }

    // MARK: selections

    /// `select(fg, .a, .b, prefix: "w_", ttl: 30d, keys: {group_key: .spine_column})`.
    static func select(_ args: Arguments, _ group: FeatureGroupValue) throws(Diagnostic) -> Value {
        let current = group.current
        var features: [String] = []
        for argument in args.rest {
            let name: String
            switch argument.value {
            case .column(.column(let column, _)): name = column
            case .string(let column): name = column
            default:
                throw Diagnostic("select expects feature columns such as .ctl, found \(argument.value.typeName)", at: argument.span)
            }
            if !current.columns.isEmpty && !current.featureNames.contains(name) {
                let isKey = current.spec.primaryKey.contains(name) || name == current.spec.eventTime
                let hint = isKey ? "keys and the event time come from the spine" : Lang.closestName(to: name, among: current.featureNames).map { "did you mean .\($0)?" }
                throw Diagnostic("feature group '\(current.name)' v\(current.version) has no feature \(columnReference(name))", at: argument.span, hint: hint)
            }
            if features.contains(name) { throw Diagnostic("select names \(columnReference(name)) twice", at: argument.span) }
            features.append(name)
        }
        var prefix = ""
        var ttl: Int64? = nil
        var keyMap: [String: String] = [:]
        for option in args.options {
            switch option.label {
            case "prefix":
                guard case .string(let text) = option.value else { throw Diagnostic("select's prefix is a string such as \"w_\"", at: option.span) }
                prefix = text
            case "ttl":
                guard case .duration(let micros) = option.value else { throw Diagnostic("select's ttl is a duration such as 30d", at: option.span) }
                ttl = micros
            case "keys":
                guard case .record(let record) = option.value else {
                    throw Diagnostic("select's keys maps group keys to spine columns, e.g. keys: {location_id: .origin_id}", at: option.span)
                }
                for (key, value) in zip(record.keys, record.values) {
                    guard case .column(.column(let spine, _)) = value else {
                        throw Diagnostic("select's keys maps \(key) to a spine column such as .origin_id", at: option.span)
                    }
                    keyMap[key] = spine
                }
            default:
                throw Diagnostic("select has no parameter '\(option.label)'", at: option.span, hint: "select(fg, .a, …, prefix: \"w_\", ttl: 30d, keys: {k: .spine_k})")
            }
        }
        let source = FeatureSource(current, features: features.isEmpty ? nil : features, keyMap: keyMap, prefix: prefix, ttl: ttl)
        return .host(FeatureSelectionValue(group, source: source))
    }

    // MARK: training data

    static func trainingData(_ args: Arguments) throws(Diagnostic) -> Value {
        let view = try args.featureViewValue(0, "view")
        let spine = try args.frame(1, "spine")
        let spineTime = args.value(2) == nil ? nil : try ColumnArguments.column(args, 2, "spine_time").name
        let start = try StoreSupport.instant(args, 3, "start")
        let end = try StoreSupport.instant(args, 4, "end")
        // On-demand inputs the view does not provide must come with the spine; checked before anything is saved.
        for input in OnDemandEvaluation.requestInputs(view) where spine.column(named: input) == nil {
            let users = view.onDemand.filter { $0.feature.inputs.contains(input) }.map(\.feature.name)
            throw args.error(
                1, "the spine has no column \(columnReference(input)), which on-demand feature \(users.joined(separator: ", ")) reads",
                hint: "request values come with the spine in training and with the keys at serving")
        }
        let dataset = try StoreSupport.run(args, view.owner, blame: { error in
            let message = error.message
            if message.contains("start") { return 3 }
            if message.contains("end must") || message.contains("before end") { return 4 }
            if message.contains("spine time") || message.contains("spine_time") { return args.value(2) != nil ? 2 : 1 }
            return StoreSupport.frameBlame(1)(error)
        }) { () throws(StoreError) in
            try view.owner.store.trainingData(view.view, spine: spine, spineTime: spineTime, start: start, end: end)
        }
        return .host(TrainingDatasetValue(dataset, view: view))
    }

    static func splitByTime(_ args: Arguments) throws(Diagnostic) -> Value {
        let value = try args.trainingDatasetValue(0, "dataset")
        guard let testFrom = try StoreSupport.instant(args, 1, "test_from") else {
            throw args.error(1, "split_by_time needs test_from: such as @2024-06-01")
        }
        var gap: Int64 = 0
        if let given = args.value(2) {
            switch given {
            case .duration(let micros): gap = micros
            case .int(let number): gap = number
            default: throw args.error(2, "split_by_time's gap is a duration such as 7d, found \(given.typeName)")
            }
        }
        let testUntil = try StoreSupport.instant(args, 3, "test_until")
        let split = try StoreSupport.run(args, value.view.owner, blame: { error in
            let message = error.message
            if message.contains("gap") { return 2 }
            if message.contains("test_until") { return 3 }
            return 1
        }) { () throws(StoreError) in
            try value.view.owner.store.splitByTime(value.current, testFrom: testFrom, gap: gap, testUntil: testUntil)
        }
        let parts = try StoreDatasets.parts(value, split.dataset)
        return .record(RecordValue(keys: ["train", "test"], values: [.frame(parts.train), .frame(parts.test)]))
    }
}
