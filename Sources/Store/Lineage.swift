import Frame

/// One versioned thing in the store's provenance chain.
public struct LineageNode: Sendable, Equatable, Hashable {
    /// What it is.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        case featureGroup = "feature_group", featureView = "feature_view", trainingDataset = "training_dataset", model
    }

    /// Its kind.
    public var kind: Kind
    /// Its name; a training dataset is named after its view, as `view_vN`.
    public var name: String
    /// Its version.
    public var version: Int

    /// A node.
    public init(_ kind: Kind, _ name: String, _ version: Int) {
        self.kind = kind
        self.name = name
        self.version = version
    }

    /// The node of a feature group.
    public static func of(_ group: FeatureGroup) -> LineageNode { LineageNode(.featureGroup, group.name, group.version) }
    /// The node of a feature view.
    public static func of(_ view: FeatureView) -> LineageNode { LineageNode(.featureView, view.name, view.version) }
    /// The node of a training dataset.
    public static func of(_ dataset: TrainingDataset) -> LineageNode {
        LineageNode(.trainingDataset, "\(dataset.view)_v\(dataset.viewVersion)", dataset.version)
    }
    /// The node of a registered model.
    public static func of(_ model: RegisteredModel) -> LineageNode { LineageNode(.model, model.name, model.version) }

    /// `feature_group athlete_daily v1`.
    public var summary: String { "\(kind.rawValue) \(name) v\(version)" }

    /// Sorts groups before views before datasets before models, then by name and version.
    static func precedes(_ a: LineageNode, _ b: LineageNode) -> Bool {
        let order = Kind.allCases
        let ka = order.firstIndex(of: a.kind) ?? 0
        let kb = order.firstIndex(of: b.kind) ?? 0
        if ka != kb { return ka < kb }
        if a.name != b.name { return a.name < b.name }
        return a.version < b.version
    }
}

/// A provenance link: `from` was used to make `to`.
public struct LineageEdge: Sendable, Equatable {
    /// The upstream node.
    public var from: LineageNode
    /// The downstream node.
    public var to: LineageNode
}

/// Provenance from the registry's foreign keys: feature group version → feature view version →
/// training dataset version → model version.
extension FeatureStore {
    /// Every link upstream and downstream of `node`, sorted from the groups down to the models.
    public func lineage(of node: LineageNode) throws(StoreError) -> [LineageEdge] {
        let edges = try allLineageEdges()
        let linked = edges.contains { $0.from == node || $0.to == node }
        let known = linked ? true : try lineageNodeExists(node)
        if !known { throw StoreError(.notFound, "unknown \(node.kind.rawValue.replacingAll("_", with: " ")) '\(node.name)' v\(node.version)") }
        var upstream: Set<LineageNode> = [node]
        var downstream: Set<LineageNode> = [node]
        var chosen: [LineageEdge] = []
        var changed = true
        while changed {
            changed = false
            for edge in edges where !chosen.contains(edge) {
                if upstream.contains(edge.to) {
                    upstream.insert(edge.from)
                    chosen.append(edge)
                    changed = true
                } else if downstream.contains(edge.from) {
                    downstream.insert(edge.to)
                    chosen.append(edge)
                    changed = true
                }
            }
        }
        return chosen.sorted { a, b in
            if a.from != b.from { return LineageNode.precedes(a.from, b.from) }
            return LineageNode.precedes(a.to, b.to)
        }
    }

    /// The lineage of `node` as a frame: `from_kind, from_name, from_version, to_kind, to_name, to_version`.
    public func lineageFrame(of node: LineageNode) throws(StoreError) -> DataFrame {
        let edges = try lineage(of: node)
        do throws(FrameError) {
            return try DataFrame(columns: [
                Column(name: "from_kind", strings: edges.map { $0.from.kind.rawValue }),
                Column(name: "from_name", strings: edges.map { $0.from.name }),
                Column(name: "from_version", ints: edges.map { Int64($0.from.version) }),
                Column(name: "to_kind", strings: edges.map { $0.to.kind.rawValue }),
                Column(name: "to_name", strings: edges.map { $0.to.name }),
                Column(name: "to_version", ints: edges.map { Int64($0.to.version) }),
            ])
        } catch {
            throw StoreError.frame(error, "lineage of \(node.summary)")
        }
    }

    /// Every link the registry holds, in a fixed order.
    private func allLineageEdges() throws(StoreError) -> [LineageEdge] {
        try reading("cannot read the lineage") { () throws -> [LineageEdge] in
            func node(_ kind: LineageNode.Kind, _ name: Scalar, _ version: Scalar) -> LineageNode {
                LineageNode(kind, name.stringValue ?? "", Int(version.integerValue ?? 0))
            }
            var edges: [LineageEdge] = []
            for row in try rows(
                """
                SELECT DISTINCT g.name, g.version, v.name, v.version FROM fti_feature_view_source AS s
                JOIN fti_feature_group AS g ON g.id = s.group_id JOIN fti_feature_view AS v ON v.id = s.view_id
                ORDER BY g.name, g.version, v.name, v.version
                """)
            {
                edges.append(LineageEdge(from: node(.featureGroup, row[0], row[1]), to: node(.featureView, row[2], row[3])))
            }
            for row in try rows(
                """
                SELECT v.name, v.version, d.version FROM fti_training_dataset AS d JOIN fti_feature_view AS v ON v.id = d.view_id
                ORDER BY v.name, v.version, d.version
                """)
            {
                let view = node(.featureView, row[0], row[1])
                edges.append(LineageEdge(from: view, to: LineageNode(.trainingDataset, "\(view.name)_v\(view.version)", Int(row[2].integerValue ?? 0))))
            }
            for row in try rows(
                """
                SELECT v.name, v.version, d.version, m.name, m.version FROM fti_model AS m
                JOIN fti_training_dataset AS d ON d.id = m.dataset_id JOIN fti_feature_view AS v ON v.id = d.view_id
                ORDER BY m.name, m.version
                """)
            {
                let dataset = LineageNode(
                    .trainingDataset, "\(row[0].stringValue ?? "")_v\(row[1].integerValue ?? 0)", Int(row[2].integerValue ?? 0))
                edges.append(LineageEdge(from: dataset, to: node(.model, row[3], row[4])))
            }
            return edges
        }
    }

    /// Whether `node` is in the registry (a node without links has no edges to find it by).
    private func lineageNodeExists(_ node: LineageNode) throws(StoreError) -> Bool {
        switch node.kind {
        case .featureGroup: return try loadGroup(name: node.name, version: node.version) != nil
        case .featureView: return try loadView(name: node.name, version: node.version) != nil
        case .model: return try modelVersions(named: node.name).contains(node.version)
        case .trainingDataset: return false
        }
    }
}
