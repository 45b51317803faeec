import Frame

/// The features a view takes from one feature group, and how the spine's columns find its rows.
public struct FeatureSource: Sendable, Equatable {
    /// The group's name.
    public var group: String
    /// The group's version.
    public var version: Int
    /// The group's columns to take; nil takes every feature column the group has when the view is
    /// created (columns added later are not seen: a view is a fixed selection).
    public var features: [String]?
    /// Group key column → spine column, for keys the spine names differently (e.g. `location_id` →
    /// `origin_id`); keys not listed are looked up under their own name.
    public var keyMap: [String: String]
    /// Put before every feature's name in the output (so one group can be joined twice).
    public var prefix: String
    /// Oldest event time accepted relative to the spine time, in microseconds: nil is unlimited, 0
    /// exact matches only; both ends inclusive.
    public var ttl: Int64?

    /// A source by group name and version.
    public init(
        group: String, version: Int, features: [String]? = nil, keyMap: [String: String] = [:], prefix: String = "",
        ttl: Int64? = nil
    ) {
        self.group = group
        self.version = version
        self.features = features
        self.keyMap = keyMap
        self.prefix = prefix
        self.ttl = ttl
    }

    /// A source from an open group.
    public init(
        _ group: FeatureGroup, features: [String]? = nil, keyMap: [String: String] = [:], prefix: String = "",
        ttl: Int64? = nil
    ) {
        self.init(group: group.name, version: group.version, features: features, keyMap: keyMap, prefix: prefix, ttl: ttl)
    }
}

/// A model-dependent transformation: fitted on a training dataset's train rows, stored with it,
/// applied the same way to test rows, batch data and online vectors.
public enum TransformationKind: String, Sendable, Equatable, CaseIterable {
    /// (x − mean) / std (population std); a constant column is only centred.
    case standardScaler = "standard_scaler"
    /// (x − min) / (max − min), not clipped; a constant column becomes x − min.
    case minMaxScaler = "min_max_scaler"
    /// One bool column per category seen in training, named `<column>_<category>`; unseen → all false.
    case oneHot = "one_hot"
    /// The category's index among the sorted training categories; unseen → −1.
    case labelEncoder = "label_encoder"
    /// log(1 + x); x ≤ −1 gives null. Needs no fitting.
    case log1p
}

/// One transformation declared on one output column of a view.
public struct FeatureTransformation: Sendable, Equatable {
    /// The output column (a feature, or a label).
    public var column: String
    /// What to do.
    public var kind: TransformationKind

    /// A transformation.
    public init(_ column: String, _ kind: TransformationKind) {
        self.column = column
        self.kind = kind
    }
}

/// The definition of a feature view version: which features from which groups, the labels, and
/// the transformations.
public struct FeatureViewSpec: Sendable, Equatable {
    /// Lowercase identifier, unique together with `version`.
    public var name: String
    /// 1 or more.
    public var version: Int
    /// The groups and their features, in output order.
    public var sources: [FeatureSource]
    /// Label columns: a feature of one source (then it is served as the label, not as a feature), or
    /// a column the spine brings.
    public var labels: [String]
    /// Transformations per output column.
    public var transformations: [FeatureTransformation]
    /// Free text for people.
    public var description: String

    /// A definition.
    public init(
        name: String, version: Int = 1, sources: [FeatureSource], labels: [String] = [],
        transformations: [FeatureTransformation] = [], description: String = ""
    ) {
        self.name = name
        self.version = version
        self.sources = sources
        self.labels = labels
        self.transformations = transformations
        self.description = description
    }
}

/// One output column of a view that comes from a group.
public struct ViewFeature: Sendable, Equatable {
    /// Index into the view's sources.
    public var source: Int
    /// The group's column.
    public var column: String
    /// The output name (prefix + column).
    public var name: String
    /// Its type.
    public var type: DataType
}

/// One source of an open view, resolved against its group.
public struct ResolvedSource: Sendable, Equatable {
    /// The group (as it was when the view was opened).
    public var group: FeatureGroup
    /// (group key column, spine column) pairs in key order.
    public var keys: [(group: String, spine: String)]
    /// The source's prefix.
    public var prefix: String
    /// The source's TTL in microseconds.
    public var ttl: Int64?

    /// Equal when group, keys, prefix and TTL are.
    public static func == (a: ResolvedSource, b: ResolvedSource) -> Bool {
        a.group == b.group && a.keys.map(\.group) == b.keys.map(\.group) && a.keys.map(\.spine) == b.keys.map(\.spine)
            && a.prefix == b.prefix && a.ttl == b.ttl
    }
}

/// An open feature view version: its sources, output features, labels and transformations.
public struct FeatureView: Sendable, Equatable {
    /// Registry id.
    let id: Int64
    /// The view's name.
    public let name: String
    /// The view's version.
    public let version: Int
    /// Free text.
    public let description: String
    /// The sources in order.
    public let sources: [ResolvedSource]
    /// Every column taken from groups, in output order (labels from groups included).
    public let columns: [ViewFeature]
    /// The label columns.
    public let labels: [String]
    /// The transformations.
    public let transformations: [FeatureTransformation]

    /// The output features (group columns that are not labels), in order.
    public var featureNames: [String] { columns.map(\.name).filter { !labels.contains($0) } }

    /// The spine columns the view looks rows up by, in order of first use.
    public var keyColumns: [String] {
        var names: [String] = []
        for source in sources {
            for key in source.keys where !names.contains(key.spine) { names.append(key.spine) }
        }
        return names
    }

    /// `feature view 'name' vN`, for messages.
    var label: String { "feature view '\(name)' v\(version)" }

    /// The spec this view was created from, features spelled out.
    public var spec: FeatureViewSpec {
        FeatureViewSpec(
            name: name, version: version,
            sources: sources.enumerated().map { index, source in
                var keyMap: [String: String] = [:]
                for key in source.keys where key.group != key.spine { keyMap[key.group] = key.spine }
                return FeatureSource(
                    group: source.group.name, version: source.group.version,
                    features: columns.filter { $0.source == index }.map(\.column), keyMap: keyMap, prefix: source.prefix,
                    ttl: source.ttl)
            }, labels: labels, transformations: transformations, description: description)
    }
}
