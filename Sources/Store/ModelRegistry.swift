import Frame
import Trees

/// A condition a model's metric must meet to be registered, such as `rmse < 240`.
public struct ModelGate: Sendable, Equatable {
    /// How the metric is compared with the threshold.
    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case lessThan = "<", lessOrEqual = "<=", greaterThan = ">", greaterOrEqual = ">="
    }

    /// The metric's name, as given in the metrics.
    public var metric: String
    /// The comparison.
    public var comparison: Comparison
    /// The threshold.
    public var threshold: Double

    /// A gate.
    public init(_ metric: String, _ comparison: Comparison, _ threshold: Double) {
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
    }

    /// Whether `value` passes.
    func passes(_ value: Double) -> Bool {
        switch comparison {
        case .lessThan: value < threshold
        case .lessOrEqual: value <= threshold
        case .greaterThan: value > threshold
        case .greaterOrEqual: value >= threshold
        }
    }

    /// `rmse < 240`.
    public var summary: String { "\(metric) \(comparison.rawValue) \(NumberFormatting.shortest(threshold))" }
}

/// A model in the registry: the model itself, what it was trained on, and how well it did.
public struct RegisteredModel: Sendable, Equatable {
    /// The model's name.
    public let name: String
    /// Its version (1, 2, … per name).
    public let version: Int
    /// The trained model, restored exactly from its model file.
    public let model: BoostedModel
    /// The feature view and training dataset it was trained on.
    public let view: String
    /// The feature view's version.
    public let viewVersion: Int
    /// The training dataset's version under that view.
    public let trainingDatasetVersion: Int
    /// Metrics by name, sorted by name.
    public let metrics: [(name: String, value: Double)]
    /// The training seed.
    public let seed: UInt64
    /// The training parameters, as `name=value` pairs joined by `, `.
    public let parameters: String
    /// When it was registered (the store's clock).
    public let registeredAt: Int64

    /// Equal when every field is.
    public static func == (a: RegisteredModel, b: RegisteredModel) -> Bool {
        a.name == b.name && a.version == b.version && a.model == b.model && a.view == b.view && a.viewVersion == b.viewVersion
            && a.trainingDatasetVersion == b.trainingDatasetVersion && a.metrics.map(\.name) == b.metrics.map(\.name)
            && a.metrics.map(\.value) == b.metrics.map(\.value) && a.seed == b.seed && a.parameters == b.parameters
            && a.registeredAt == b.registeredAt
    }
}

/// Registering models with a gate, and loading them back.
extension FeatureStore {
    /// Registers `model` as the next version of `name`, recording the training dataset it was
    /// trained on, its metrics, parameters and seed. Every gate must pass (a gate on a metric not
    /// given is an error); otherwise nothing is registered and the error says which gate failed.
    @discardableResult
    public func registerModel(
        _ model: BoostedModel, name: String, trainingDataset: TrainingDataset, metrics: [String: Double],
        gates: [ModelGate] = []
    ) throws(StoreError) -> RegisteredModel {
        try StoreNames.checkEntity(name, "model")
        for metric in metrics.keys.sorted() {
            if metric.isEmpty { throw StoreError(.invalidArgument, "model '\(name)': a metric needs a name") }
            if metrics[metric]?.isNaN == true { throw StoreError(.invalidArgument, "model '\(name)': metric \(metric) is NaN") }
        }
        var failures: [String] = []
        for gate in gates {
            guard let value = metrics[gate.metric] else {
                throw StoreError(
                    .invalidArgument,
                    "model '\(name)': the gate \(gate.summary) names metric \(gate.metric), which the metrics lack (they have \(metrics.keys.sorted().joined(separator: ", ")))")
            }
            if !gate.passes(value) { failures.append("\(gate.metric) \(NumberFormatting.shortest(value)) is not \(gate.comparison.rawValue) \(NumberFormatting.shortest(gate.threshold))") }
        }
        if !failures.isEmpty {
            throw StoreError(.gateFailed, "model '\(name)' fails its gate: \(failures.joined(separator: "; ")); it was not registered")
        }
        let given = trainingDataset
        let dataset = try self.trainingDataset(
            try featureView(named: given.view, version: given.viewVersion), version: given.version)
        let parameters = Self.describe(model.parameters)
        let version = try writing("cannot register model '\(name)'") { () throws -> Int in
            let version = Int(
                try firstRow("SELECT COALESCE(MAX(version), 0) + 1 FROM fti_model WHERE name = ?", [.string(name)])?.first?
                    .integerValue ?? 1)
            try run(
                """
                INSERT INTO fti_model (name, version, dataset_id, objective, seed, parameters, artifact, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .string(name), .int(Int64(version)), .int(dataset.id), .string(model.objective.rawValue),
                    .int(Int64(bitPattern: model.parameters.seed)), .string(parameters), .string(ModelFile.encode(model)),
                    .int(clock()),
                ])
            let id = connection.lastInsertRowID
            for metric in metrics.keys.sorted() {
                try run(
                    "INSERT INTO fti_model_metric (model_id, name, value) VALUES (?, ?, ?)",
                    [.int(id), .string(metric), .float(metrics[metric] ?? 0)])
            }
            return version
        }
        return try registeredModel(named: name, version: version)
    }

    /// Model `name` at `version` (default: the latest).
    public func registeredModel(named name: String, version: Int? = nil) throws(StoreError) -> RegisteredModel {
        let versions = try modelVersions(named: name)
        guard let chosen = version ?? versions.last, versions.contains(chosen) else {
            if versions.isEmpty { throw StoreError(.notFound, "unknown model '\(name)'") }
            throw StoreError(
                .notFound,
                "unknown model '\(name)' v\(version ?? 0); it has version\(versions.count == 1 ? "" : "s") \(versions.map(String.init).joined(separator: ", "))")
        }
        return try reading("cannot load model '\(name)' v\(chosen)") { () throws -> RegisteredModel in
            guard let row = try firstRow(
                """
                SELECT m.id, m.seed, m.parameters, m.artifact, m.created_at, v.name, v.version, d.version
                FROM fti_model AS m JOIN fti_training_dataset AS d ON d.id = m.dataset_id
                JOIN fti_feature_view AS v ON v.id = d.view_id WHERE m.name = ? AND m.version = ?
                """, [.string(name), .int(Int64(chosen))])
            else { throw StoreError(.notFound, "unknown model '\(name)' v\(chosen)") }
            let model: BoostedModel
            do throws(TreesError) {
                model = try ModelFile.decode(row[3].stringValue ?? "")
            } catch {
                throw StoreError(.database, "model '\(name)' v\(chosen) has a damaged model file: \(error.message)")
            }
            let metrics = try rows("SELECT name, value FROM fti_model_metric WHERE model_id = ? ORDER BY name", [row[0]])
                .map { (name: $0[0].stringValue ?? "", value: $0[1].doubleValue ?? .nan) }
            return RegisteredModel(
                name: name, version: chosen, model: model, view: row[5].stringValue ?? "", viewVersion: Int(row[6].integerValue ?? 0),
                trainingDatasetVersion: Int(row[7].integerValue ?? 0), metrics: metrics,
                seed: UInt64(bitPattern: row[1].integerValue ?? 0), parameters: row[2].stringValue ?? "",
                registeredAt: row[4].integerValue ?? 0)
        }
    }

    /// The versions of model `name`, ascending.
    public func modelVersions(named name: String) throws(StoreError) -> [Int] {
        try reading("cannot list models") { () throws -> [Int] in
            try rows("SELECT version FROM fti_model WHERE name = ? ORDER BY version", [.string(name)])
                .compactMap { $0[0].integerValue.map(Int.init) }
        }
    }

    /// The parameters that shape a model, as `name=value` pairs.
    static func describe(_ parameters: TrainingParameters) -> String {
        [
            "objective=\(parameters.objective.rawValue)", "classes=\(parameters.classCount)", "rounds=\(parameters.rounds)",
            "learning_rate=\(NumberFormatting.shortest(parameters.learningRate))", "growth=\(parameters.growth.rawValue)",
            "max_depth=\(parameters.maxDepth)", "max_leaves=\(parameters.maxLeaves)", "max_bins=\(parameters.maxBins)",
            "lambda=\(NumberFormatting.shortest(parameters.lambda))", "alpha=\(NumberFormatting.shortest(parameters.alpha))",
            "gamma=\(NumberFormatting.shortest(parameters.gamma))",
            "min_child_weight=\(NumberFormatting.shortest(parameters.minChildWeight))",
            "subsample=\(NumberFormatting.shortest(parameters.subsample))",
            "colsample=\(NumberFormatting.shortest(parameters.colsample))",
            "early_stopping_rounds=\(parameters.earlyStoppingRounds)", "seed=\(parameters.seed)",
        ].joined(separator: ", ")
    }
}
