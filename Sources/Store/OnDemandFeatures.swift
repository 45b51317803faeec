import Frame

/// A feature computed from other columns when rows are read, the same way in training data, batch
/// inference and online vectors. The store keeps its expression as opaque text (the language
/// parses and evaluates it) and the columns it reads: the view's features, earlier on-demand
/// features, or request values that the spine brings in training and the request at serving.
public struct OnDemandFeature: Sendable, Equatable {
    /// The output column.
    public var name: String
    /// The expression, as the language writes it.
    public var expression: String
    /// The columns the expression reads, in first-use order.
    public var inputs: [String]

    /// An on-demand feature.
    public init(name: String, expression: String, inputs: [String]) {
        self.name = name
        self.expression = expression
        self.inputs = inputs
    }
}

/// On-demand features are part of a feature view version: created with it, compared when it is
/// opened again, and never changed afterwards.
extension FeatureStore {
    /// Creates the view `spec` describes together with its on-demand features, or opens it when it
    /// exists with the same definition and the same on-demand features; one transaction.
    public func featureView(_ spec: FeatureViewSpec, onDemand: [OnDemandFeature]) throws(StoreError) -> FeatureView {
        try writing("cannot create feature view '\(spec.name)' v\(spec.version)") { () throws -> FeatureView in
            let existed = try loadView(name: spec.name, version: spec.version) != nil
            let view = try featureView(spec)
            if existed {
                let stored = try loadOnDemand(viewID: view.id)
                if stored != onDemand {
                    let next = (try featureViewVersions(named: spec.name).last ?? 0) + 1
                    throw StoreError(
                        .definitionMismatch,
                        "\(view.label) already exists with on-demand features \(Self.describe(stored)), not \(Self.describe(onDemand)); give the same definition to open it, or create version \(next)")
                }
                return view
            }
            try check(onDemand, for: view)
            for (position, feature) in onDemand.enumerated() {
                try run(
                    "INSERT INTO fti_on_demand (view_id, position, name, expression, inputs) VALUES (?, ?, ?, ?, ?)",
                    [
                        .int(view.id), .int(Int64(position)), .string(feature.name), .string(feature.expression),
                        .string(feature.inputs.joined(separator: ",")),
                    ])
            }
            return view
        }
    }

    /// The on-demand features of `view`, in declaration order.
    public func onDemandFeatures(of view: FeatureView) throws(StoreError) -> [OnDemandFeature] {
        let current = try featureView(named: view.name, version: view.version)
        return try reading("cannot read the on-demand features of \(current.label)") { () throws -> [OnDemandFeature] in
            try loadOnDemand(viewID: current.id)
        }
    }

    /// The stored on-demand features of view `viewID`.
    func loadOnDemand(viewID: Int64) throws -> [OnDemandFeature] {
        try rows("SELECT name, expression, inputs FROM fti_on_demand WHERE view_id = ? ORDER BY position", [.int(viewID)])
            .map { row in
                let inputs = row[2].stringValue ?? ""
                return OnDemandFeature(
                    name: row[0].stringValue ?? "", expression: row[1].stringValue ?? "",
                    inputs: inputs.isEmpty ? [] : inputs.split(separator: ",").map(String.init))
            }
    }

    /// Names are new column names; inputs never read a label (serving has none) or a later on-demand feature.
    private func check(_ onDemand: [OnDemandFeature], for view: FeatureView) throws(StoreError) {
        let context = view.label
        var taken = view.keyColumns + view.columns.map(\.name) + view.labels
        let later = onDemand.map(\.name)
        for (index, feature) in onDemand.enumerated() {
            try StoreNames.checkColumn(feature.name, "\(context) on-demand feature")
            if taken.contains(where: { $0.lowercased() == feature.name.lowercased() }) {
                throw StoreError(
                    .duplicateName,
                    "\(context): on-demand feature \(columnReference(feature.name)) clashes with a key, feature, label or earlier on-demand feature of the view")
            }
            if feature.expression.isEmpty {
                throw StoreError(.invalidArgument, "\(context): on-demand feature \(columnReference(feature.name)) has no expression")
            }
            for input in feature.inputs {
                if view.labels.contains(input) {
                    throw StoreError(
                        .invalidArgument,
                        "\(context): on-demand feature \(columnReference(feature.name)) reads the label \(columnReference(input)), which serving does not have (it would leak the label)")
                }
                if input == feature.name || later[(index + 1)...].contains(input) {
                    throw StoreError(
                        .invalidArgument,
                        "\(context): on-demand feature \(columnReference(feature.name)) reads \(columnReference(input)), which is defined after it; order them so each reads only earlier ones")
                }
            }
            taken.append(feature.name)
        }
    }

    /// `[hr_ratio = (.avg_hr / .threshold_hr)]` or `none`, for messages.
    static func describe(_ onDemand: [OnDemandFeature]) -> String {
        if onDemand.isEmpty { return "none" }
        return "[" + onDemand.map { "\($0.name) = \($0.expression)" }.joined(separator: ", ") + "]"
    }
}
