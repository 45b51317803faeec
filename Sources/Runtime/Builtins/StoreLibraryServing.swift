import Frame
import Lang
import Store
import Trees

/// Serving features for inference: online feature vectors and batch predictions, each reading the
/// raw features, adding the on-demand features, then applying the view's stored transformations,
/// exactly as training data gets them.
enum StoreServingLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "feature_vector", parameters: ["view", "keys", "at", "allow_missing", "training_data"], required: 2,
                signature: "feature_vector(fv, {athlete_id: 7}, at: null, allow_missing: false, training_data: td)",
                summary: "One row of the latest online features for one entity (request values for on-demand features ride along), transformed",
                group: "feature store") { args, _ throws(Diagnostic) in
            let view = try args.featureViewValue(0, "view")
            let value = try args.required(1, "keys")
            guard case .record(let record) = value else {
                throw args.error(1, "feature_vector expects the keys as a record such as {athlete_id: 7}, found \(value.typeName)",
                                 hint: "feature_vectors(fv, df) takes a frame of keys")
            }
            var columns: [Column] = []
            for (name, field) in zip(record.keys, record.values) {
                guard let scalar = field.scalar else {
                    throw args.error(1, "feature_vector's \(name) must be a single value, found \(field.typeName)")
                }
                columns.append(try StoreSupport.frameWork(at: args.span(1)) { () throws(FrameError) in try Column(name: name, scalars: [scalar]) })
            }
            let keys = try StoreSupport.frameWork(at: args.span(1)) { () throws(FrameError) in try DataFrame(columns: columns) }
            return .frame(try vectors(args, view, keys, strict: true))
        },
        Builtin(name: "feature_vectors", parameters: ["view", "keys", "at", "allow_missing", "training_data"], required: 2,
                signature: "feature_vectors(fv, keys_df, at: null, allow_missing: false, training_data: td)",
                summary: "Online features for every row of a frame of keys (and request values), in its order, transformed",
                group: "feature store") { args, _ throws(Diagnostic) in
            let view = try args.featureViewValue(0, "view")
            return .frame(try vectors(args, view, try args.frame(1, "keys"), strict: false))
        },
        Builtin(name: "batch_predict", parameters: ["model", "view", "df", "spine_time", "name", "training_data"], required: 3,
                signature: "batch_predict(model, fv, df, spine_time: .t, name: \"prediction\", training_data: td)",
                summary: "Predicts for a frame of raw features (or of keys and times, read point-in-time) after the view's stored transformations",
                group: "feature store") { args, _ throws(Diagnostic) in
            try batchPredict(args)
        },
    ]

    /// Feature vectors for the rows of `input` (key columns, plus request values): raw online
    /// values, request columns, on-demand features, transformations; request columns dropped.
    /// `strict` refuses input columns that are neither keys nor request values.
    static func vectors(_ args: Arguments, _ view: FeatureViewValue, _ input: DataFrame, strict: Bool) throws(Diagnostic) -> DataFrame {
        let keys = view.view.keyColumns
        let requests = OnDemandEvaluation.requestInputs(view)
        for name in keys where input.column(named: name) == nil {
            throw args.error(
                1, "\(args.callee) needs a value for key \(columnReference(name)) (the view's keys are \(keys.map(columnReference).joined(separator: ", ")))")
        }
        for name in requests where input.column(named: name) == nil {
            let users = view.onDemand.filter { $0.feature.inputs.contains(name) }.map(\.feature.name)
            throw args.error(1, "\(args.callee) needs the request value \(columnReference(name)), which on-demand feature \(users.joined(separator: ", ")) reads")
        }
        if strict, let extra = input.columnNames.first(where: { !keys.contains($0) && !requests.contains($0) }) {
            throw args.error(
                1, "\(columnReference(extra)) is neither a key of the view nor a request value of its on-demand features",
                hint: "the keys are \(keys.map(columnReference).joined(separator: ", "))")
        }
        let time = try StoreSupport.instant(args, 2, "at")
        let allowMissing = try args.bool(3, "allow_missing", default: false)
        let dataset = args.value(4) == nil ? nil : try args.trainingDatasetValue(4, "training_data").current
        let store = view.owner.store
        let keyFrame = try StoreSupport.frameWork(at: args.span(1)) { () throws(FrameError) in try input.select(keys) }
        var frame = try StoreSupport.run(args, view.owner, blame: { _ in 1 }) { () throws(StoreError) in
            try store.rawFeatureVectors(view.view, keys: keyFrame, at: time, allowMissing: allowMissing)
        }
        for name in requests {
            guard let column = input.column(named: name) else { continue }
            let previous = frame
            frame = try StoreSupport.frameWork(at: args.span(1)) { () throws(FrameError) in try previous.setting(column) }
        }
        frame = try OnDemandEvaluation.apply(view, to: frame, at: args.span(1), side: "request")
        let raw = frame
        let transformed = try StoreSupport.run(args, view.owner, blame: { _ in args.value(4) != nil ? 4 : 0 }) { () throws(StoreError) in
            try store.transform(raw, view: view.view, dataset: dataset)
        }
        return try StoreSupport.frameWork(at: args.callSpan) { () throws(FrameError) in try transformed.dropping(requests) }
    }

    // MARK: batch inference

    static func batchPredict(_ args: Arguments) throws(Diagnostic) -> Value {
        let (model, registered) = try StoreRegistryLibrary.modelArgument(args, 0)
        let view = try args.featureViewValue(1, "view")
        let frame = try args.frame(2, "df")
        let store = view.owner.store
        let features = view.view.featureNames
        var dataset: TrainingDataset? = nil
        if args.value(5) != nil {
            dataset = try args.trainingDatasetValue(5, "training_data").current
        } else if let registered {
            let entry = registered.registered
            guard entry.view == view.view.name, entry.viewVersion == view.view.version else {
                throw args.error(
                    1, "model '\(entry.name)' v\(entry.version) was trained through feature view '\(entry.view)' v\(entry.viewVersion), not '\(view.view.name)' v\(view.view.version)",
                    hint: "skew_report(fv, model) lists what differs")
            }
            dataset = try StoreSupport.run(args, view.owner) { () throws(StoreError) in
                try store.trainingDataset(view.view, version: entry.trainingDatasetVersion)
            }
        }
        let present = features.filter { frame.column(named: $0) != nil }
        var raw = frame
        if present.count != features.count {
            if !present.isEmpty {
                let missing = features.filter { frame.column(named: $0) == nil }
                throw args.error(
                    2, "the frame has \(present.map(columnReference).joined(separator: ", ")) but not \(missing.map(columnReference).joined(separator: ", ")); give every feature of the view, or none (keys and times, read point-in-time)")
            }
            // The time column defaults to the one the model's training dataset used, when the frame has it.
            var spineTime = args.value(3) == nil ? nil : try ColumnArguments.column(args, 3, "spine_time").name
            if spineTime == nil, let dataset, frame.column(named: dataset.spineTime) != nil { spineTime = dataset.spineTime }
            raw = try StoreSupport.run(args, view.owner, blame: { error in
                error.message.contains("spine time") && args.value(3) != nil ? 3 : StoreSupport.frameBlame(2)(error)
            }) { () throws(StoreError) in
                try store.pointInTimeFeatures(view.view, spine: frame, spineTime: spineTime)
            }
        }
        raw = try OnDemandEvaluation.apply(view, to: raw, at: args.span(2), side: "frame")
        let input = raw
        let transformed = try StoreSupport.run(args, view.owner, blame: { _ in args.value(5) != nil ? 5 : 2 }) { () throws(StoreError) in
            try store.transform(input, view: view.view, dataset: dataset)
        }
        let forwarded = Arguments(
            callSpan: args.callSpan, callee: "batch_predict",
            slots: [(Value.model(model), args.span(0)), (Value.frame(transformed), args.span(2)), args.slots[4], nil], rest: [], options: [])
        guard case .host(let predictedValue as FrameValue) = try TreesLibrary.predict(forwarded) else {
            throw Diagnostic("batch_predict got no frame from predict", at: args.callSpan)
        }
        let predicted = predictedValue.frame
        var result = frame
        for column in predicted.columns where transformed.column(named: column.name) == nil {
            let previous = result
            result = try StoreSupport.frameWork(at: args.callSpan) { () throws(FrameError) in try previous.setting(column) }
        }
        return .frame(result)
    }
}
