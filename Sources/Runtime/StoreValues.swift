import Frame
import Lang
import Store
import Trees

/// A host object that renders itself: a display of a few lines (or a table) at the prompt, and a
/// one-line form inside lists and records.
protocol SelfRenderingHost: HostObject {
    /// What the REPL prints for the value.
    func display(style: TableStyle) -> String
    /// The form nested in lists and records, e.g. `<feature group athlete_daily v1>`.
    var inlineText: String { get }
}

/// An open feature store (`store("athletes.db")`); one per resolved path per session.
///
/// `FeatureStore` owns one SQLite connection and is not Sendable; a session evaluates one cell at
/// a time on one thread, so the handle is never used from two threads at once.
final class StoreValue: SelfRenderingHost, @unchecked Sendable {
    /// The engine store.
    let store: FeatureStore
    /// The path as the user wrote it (messages name it, never the resolved path).
    let path: String
    /// The path the engine opened.
    let resolved: String

    /// Wraps an open store.
    init(_ store: FeatureStore, path: String, resolved: String) {
        self.store = store
        self.path = path
        self.resolved = resolved
    }

    var typeName: String { "store" }

    func member(_ name: String) -> Value? {
        switch name {
        case "path": return .string(path)
        case "feature_groups": return .list(((try? store.featureGroupNames()) ?? []).map(Value.string))
        case "feature_views": return .list(((try? store.featureViewNames()) ?? []).map(Value.string))
        case "models": return .list(((try? store.modelNames()) ?? []).map(Value.string))
        default: return nil
        }
    }

    var memberNames: [String] { ["path", "feature_groups", "feature_views", "models"] }

    func display(style: TableStyle) -> String {
        func count(_ names: [String], _ what: String) -> String {
            let listed = names.isEmpty ? "" : " (" + names.joined(separator: ", ") + ")"
            return "\(names.count) \(what)\(names.count == 1 ? "" : "s")\(listed)"
        }
        let groups = (try? store.featureGroupNames()) ?? []
        let views = (try? store.featureViewNames()) ?? []
        let models = (try? store.modelNames()) ?? []
        return "feature store \(quoted(path)): " + [count(groups, "feature group"), count(views, "feature view"), count(models, "model")]
            .joined(separator: ", ")
    }

    var inlineText: String { "<store \(path)>" }
}

/// A feature group version (`feature_group(s, "name", version: 1, …)`); members re-read the
/// registry, so `fg.columns` shows what the latest insert added.
final class FeatureGroupValue: SelfRenderingHost {
    /// The store it lives in.
    let owner: StoreValue
    /// The group as it was when the value was made.
    let group: FeatureGroup

    /// Wraps a group.
    init(_ group: FeatureGroup, in owner: StoreValue) {
        self.owner = owner
        self.group = group
    }

    /// The group as the registry has it now (schema, expectations).
    var current: FeatureGroup { (try? owner.store.featureGroup(named: group.name, version: group.version)) ?? group }

    var typeName: String { "feature group" }

    func member(_ name: String) -> Value? {
        let group = current
        let spec = group.spec
        switch name {
        case "name": return .string(spec.name)
        case "version": return .int(Int64(spec.version))
        case "primary_key": return .list(spec.primaryKey.map(Value.string))
        case "event_time": return spec.eventTime.map(Value.string) ?? .null
        case "online": return .bool(spec.online)
        case "description": return .string(spec.description)
        case "owner": return .string(spec.owner)
        case "tags": return .list(spec.tags.map(Value.string))
        case "pii": return .list(spec.columnTags.keys.sorted().filter { spec.columnTags[$0]?.contains("pii") == true }.map(Value.string))
        case "columns": return .list(group.columns.map { .string($0.name) })
        case "features": return .list(group.featureNames.map(Value.string))
        case "types":
            return .record(RecordValue(keys: group.columns.map(\.name), values: group.columns.map { .string($0.type.name) }))
        case "expectations": return .list(group.expectations.map { .host(ExpectationValue($0)) })
        case "policy": return .string(group.policy.rawValue)
        case "store": return .host(owner)
        default: return nil
        }
    }

    var memberNames: [String] {
        ["name", "version", "primary_key", "event_time", "online", "description", "owner", "tags", "pii", "columns", "features",
         "types", "expectations", "policy", "store"]
    }

    func display(style: TableStyle) -> String {
        let group = current
        let spec = group.spec
        var head = "feature group \(spec.name) v\(spec.version) · key \(spec.primaryKey.map(columnReference).joined(separator: ", "))"
        head += spec.eventTime.map { " · event time \(columnReference($0))" } ?? " · reference data (no event time)"
        if spec.online { head += " · online" }
        var lines = [head]
        if !spec.description.isEmpty { lines.append("  " + spec.description) }
        if group.columns.isEmpty {
            lines.append("  columns: none yet (the first insert fixes them)")
        } else {
            lines.append("  columns: " + group.columns.map { "\($0.name) \($0.type.name)" }.joined(separator: ", "))
        }
        if !group.expectations.isEmpty {
            lines.append("  expectations (\(group.policy.rawValue)): " + group.expectations.map(\.summary).joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    var inlineText: String { "<feature group \(group.name) v\(group.version)>" }
}

/// Some features of one group for a view, with how the spine finds their rows
/// (`select(fg, .ctl, .atl, prefix: "w_", ttl: 30d, keys: {athlete_id: .runner_id})`).
final class FeatureSelectionValue: SelfRenderingHost {
    /// The group.
    let group: FeatureGroupValue
    /// The source definition the view gets.
    let source: FeatureSource

    /// A selection.
    init(_ group: FeatureGroupValue, source: FeatureSource) {
        self.group = group
        self.source = source
    }

    var typeName: String { "feature selection" }

    func member(_ name: String) -> Value? {
        switch name {
        case "group": return .host(group)
        case "features": return .list((source.features ?? []).map(Value.string))
        case "prefix": return .string(source.prefix)
        case "ttl": return source.ttl.map(Value.duration) ?? .null
        default: return nil
        }
    }

    var memberNames: [String] { ["group", "features", "prefix", "ttl"] }

    func display(style: TableStyle) -> String {
        var parts = ["feature group \(source.group) v\(source.version)"] + (source.features ?? []).map(columnReference)
        if !source.prefix.isEmpty { parts.append("prefix: \"\(source.prefix)\"") }
        if let ttl = source.ttl { parts.append("ttl: \(NumberFormatting.duration(ttl))") }
        for key in source.keyMap.keys.sorted() { parts.append("\(key) from \(columnReference(source.keyMap[key] ?? key))") }
        return "select(" + parts.joined(separator: ", ") + ")"
    }

    var inlineText: String { display(style: TableStyle()) }
}

/// A feature view version with its on-demand features, parsed once (a view version never changes).
final class FeatureViewValue: SelfRenderingHost {
    /// The store it lives in.
    let owner: StoreValue
    /// The view.
    let view: FeatureView
    /// Its on-demand features with their expressions, in order.
    let onDemand: [(feature: OnDemandFeature, expression: ColumnExpr)]

    /// Wraps a view.
    init(_ view: FeatureView, onDemand: [(feature: OnDemandFeature, expression: ColumnExpr)], in owner: StoreValue) {
        self.owner = owner
        self.view = view
        self.onDemand = onDemand
    }

    var typeName: String { "feature view" }

    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(view.name)
        case "version": return .int(Int64(view.version))
        case "description": return .string(view.description)
        case "keys": return .list(view.keyColumns.map(Value.string))
        case "features": return .list(view.featureNames.map(Value.string))
        case "labels": return .list(view.labels.map(Value.string))
        case "groups": return .list(view.sources.map { .string("\($0.group.name) v\($0.group.version)") })
        case "transforms":
            return .record(RecordValue(keys: view.transformations.map(\.column), values: view.transformations.map { .string($0.kind.rawValue) }))
        case "on_demand":
            return .record(RecordValue(keys: onDemand.map(\.feature.name), values: onDemand.map { .string($0.feature.expression) }))
        case "training_datasets":
            return .list(((try? owner.store.trainingDatasetVersions(view)) ?? []).map { .int(Int64($0)) })
        case "store": return .host(owner)
        default: return nil
        }
    }

    var memberNames: [String] {
        ["name", "version", "description", "keys", "features", "labels", "groups", "transforms", "on_demand", "training_datasets", "store"]
    }

    func display(style: TableStyle) -> String {
        var head = "feature view \(view.name) v\(view.version) · keys \(view.keyColumns.map(columnReference).joined(separator: ", "))"
        if !view.labels.isEmpty {
            head += " · label\(view.labels.count == 1 ? "" : "s") \(view.labels.map(columnReference).joined(separator: ", "))"
        }
        var lines = [head]
        if !view.description.isEmpty { lines.append("  " + view.description) }
        let sources = view.sources.enumerated().map { index, source in
            let names = view.columns.filter { $0.source == index }.map { columnReference($0.name) }
            return "\(source.group.name) v\(source.group.version) (\(names.joined(separator: ", ")))"
        }
        lines.append("  features: " + sources.joined(separator: ", "))
        if !view.transformations.isEmpty {
            lines.append("  transforms: " + view.transformations.map { "\(columnReference($0.column)) \($0.kind.rawValue)" }.joined(separator: ", "))
        }
        if !onDemand.isEmpty {
            lines.append("  on-demand: " + onDemand.map { "\($0.feature.name) = \($0.feature.expression)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    var inlineText: String { "<feature view \(view.name) v\(view.version)>" }
}

/// A saved training dataset version; `td.data` is its rows with the on-demand features, `td.train`
/// and `td.test` the transformed parts of its time split (`td.train` is every row before a split).
final class TrainingDatasetValue: SelfRenderingHost {
    /// The view it belongs to.
    let view: FeatureViewValue
    /// The dataset as it was when the value was made.
    let dataset: TrainingDataset

    /// Wraps a dataset.
    init(_ dataset: TrainingDataset, view: FeatureViewValue) {
        self.view = view
        self.dataset = dataset
    }

    /// The dataset as the registry has it now (a split made since is seen).
    var current: TrainingDataset { (try? view.owner.store.trainingDataset(view.view, version: dataset.version)) ?? dataset }

    var typeName: String { "training dataset" }

    func member(_ name: String) -> Value? {
        let dataset = current
        switch name {
        case "version": return .int(Int64(dataset.version))
        case "view": return .string(dataset.view)
        case "view_version": return .int(Int64(dataset.viewVersion))
        case "rows": return .int(Int64(dataset.frame.height))
        case "spine_time": return .string(dataset.spineTime)
        case "data": return (try? StoreDatasets.data(self, dataset)).map(Value.frame) ?? .null
        case "train": return (try? StoreDatasets.parts(self, dataset).train).map(Value.frame) ?? .null
        case "test":
            guard dataset.split != nil else { return .null }
            return (try? StoreDatasets.parts(self, dataset).test).map(Value.frame) ?? .null
        case "features": return .list(((try? StoreDatasets.featureNames(self, dataset)) ?? []).map(Value.string))
        case "labels": return .list(view.view.labels.map(Value.string))
        case "split":
            guard let split = dataset.split else { return .null }
            return .record(RecordValue(
                keys: ["test_from", "gap", "test_until"],
                values: [.timestamp(split.testFrom), .duration(split.gap), split.testUntil.map(Value.timestamp) ?? .null]))
        case "statistics": return (try? StoreDatasets.statistics(dataset)).map(Value.frame) ?? .null
        case "transforms": return (try? TrainingDatasetTransforms.frame(dataset.fitted)).map(Value.frame) ?? .null
        case "feature_view": return .host(view)
        default: return nil
        }
    }

    var memberNames: [String] {
        ["version", "view", "view_version", "rows", "spine_time", "data", "train", "test", "features", "labels", "split", "statistics",
         "transforms", "feature_view"]
    }

    func display(style: TableStyle) -> String {
        let dataset = current
        let width = dataset.frame.width + view.onDemand.count
        var lines = [
            "training dataset v\(dataset.version) of feature view \(dataset.view) v\(dataset.viewVersion): "
                + "\(dataset.frame.height) rows × \(width) columns, spine time \(columnReference(dataset.spineTime))"
        ]
        if let names = try? StoreDatasets.featureNames(self, dataset) {
            var line = "  features: " + names.map(columnReference).joined(separator: ", ")
            if !view.view.labels.isEmpty { line += " · label\(view.view.labels.count == 1 ? "" : "s") " + view.view.labels.map(columnReference).joined(separator: ", ") }
            lines.append(line)
        }
        if let split = dataset.split {
            var line = "  split: train before \(NumberFormatting.timestamp(split.testFrom - split.gap)), test from \(NumberFormatting.timestamp(split.testFrom))"
            if let until = split.testUntil { line += " until \(NumberFormatting.timestamp(until))" }
            if split.gap > 0 { line += " (gap \(NumberFormatting.duration(split.gap)))" }
            lines.append(line)
        } else {
            lines.append("  no split yet: td.train is every row, transformed")
        }
        return lines.joined(separator: "\n")
    }

    var inlineText: String { "<training dataset \(dataset.view)_v\(dataset.viewVersion) v\(dataset.version)>" }
}

/// A model version in a store's registry (`register`, `load_model(s, "name")`); it predicts like
/// the model it holds, and knows the training dataset it was trained on.
final class RegisteredModelValue: SelfRenderingHost {
    /// The store it lives in.
    let owner: StoreValue
    /// The registry entry.
    let registered: RegisteredModel

    /// Wraps a registered model.
    init(_ registered: RegisteredModel, in owner: StoreValue) {
        self.owner = owner
        self.registered = registered
    }

    var typeName: String { "registered model" }

    func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(registered.name)
        case "version": return .int(Int64(registered.version))
        case "model": return .model(registered.model)
        case "features": return .list(registered.model.featureNames.map(Value.string))
        case "view": return .string(registered.view)
        case "view_version": return .int(Int64(registered.viewVersion))
        case "training_dataset": return .int(Int64(registered.trainingDatasetVersion))
        case "metrics": return .record(RecordValue(keys: registered.metrics.map(\.name), values: registered.metrics.map { .float($0.value) }))
        case "seed": return .int(Int64(bitPattern: registered.seed))
        case "parameters": return .string(registered.parameters)
        case "registered_at": return .timestamp(registered.registeredAt)
        case "store": return .host(owner)
        default: return ModelValue(registered.model).member(name)
        }
    }

    var memberNames: [String] {
        ["name", "version", "model", "features", "view", "view_version", "training_dataset", "metrics", "seed", "parameters",
         "registered_at", "store"] + ModelValue(registered.model).memberNames.filter { $0 != "features" }
    }

    func display(style: TableStyle) -> String {
        var lines = [
            "registered model \(registered.name) v\(registered.version) · trained on training dataset v\(registered.trainingDatasetVersion) "
                + "of feature view \(registered.view) v\(registered.viewVersion)"
        ]
        if !registered.metrics.isEmpty {
            lines.append("  metrics: " + registered.metrics.map { "\($0.name) \(NumberFormatting.shortest($0.value))" }.joined(separator: ", "))
        }
        lines.append(ModelValue(registered.model).summary.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    var inlineText: String { "<registered model \(registered.name) v\(registered.version)>" }
}
