import Frame

/// Reads of a view's raw (untransformed) features that save nothing: point-in-time features for
/// batch inference and audits, and online rows before transformation, so that callers can add
/// on-demand features and then transform exactly as training does. Also the registry's names.
extension FeatureStore {
    /// For each row of `spine` (key columns and a time column), each source group's features as of
    /// that time, with the same join as `trainingData` (spine columns first, then the features) but
    /// without labels, transformations or a saved dataset. Groups are read as they are now.
    public func pointInTimeFeatures(_ view: FeatureView, spine: DataFrame, spineTime: String? = nil) throws(StoreError) -> DataFrame {
        let current = try featureView(named: view.name, version: view.version)
        let time = spineTime ?? current.sources.lazy.compactMap { $0.group.spec.eventTime }.first ?? ""
        let join = PointInTimeJoin(
            store: self, view: Self.featuresOnly(current), spineTime: time, context: "point-in-time features of \(current.label)")
        // One read transaction, so that every group is read at the same commit.
        return try snapshot(join.context) { () throws -> DataFrame in
            try join.run(spine, watermarks: current.sources.map { _ in nil })
        }
    }

    /// One row per row of `keys`: the key columns, then the view's features from the online tables
    /// (TTL applied at `time`), untransformed. `featureVectors` is this plus the fitted transformations.
    public func rawFeatureVectors(
        _ view: FeatureView, keys: DataFrame, at time: Int64? = nil, allowMissing: Bool = false
    ) throws(StoreError) -> DataFrame {
        let current = try featureView(named: view.name, version: view.version)
        return try featureVectors(Self.featuresOnly(current), keys: keys, at: time, allowMissing: allowMissing)
    }

    /// The output columns a frame with `columns` gets from `fitted` (one-hot columns expanded in place).
    public static func transformedNames(_ columns: [(name: String, type: DataType)], fitted: [FittedTransformation]) throws(StoreError) -> [String] {
        let empty: DataFrame
        do throws(FrameError) {
            empty = try DataFrame(columns: columns.map { Column(name: $0.name, nullsOf: $0.type, count: 0) })
        } catch {
            throw StoreError.frame(error, "naming transformed columns")
        }
        return try Transformer.apply(fitted, to: empty, context: "naming transformed columns").columnNames
    }

    /// The names of all feature views, sorted.
    public func featureViewNames() throws(StoreError) -> [String] {
        try reading("cannot list feature views") { () throws -> [String] in
            try rows("SELECT DISTINCT name FROM fti_feature_view ORDER BY name").compactMap { $0[0].stringValue }
        }
    }

    /// The names of all registered models, sorted.
    public func modelNames() throws(StoreError) -> [String] {
        try reading("cannot list models") { () throws -> [String] in
            try rows("SELECT DISTINCT name FROM fti_model ORDER BY name").compactMap { $0[0].stringValue }
        }
    }

    /// `view` serving its features only: no labels, no transformations (same registry id, so the
    /// serving path accepts it without reloading).
    static func featuresOnly(_ view: FeatureView) -> FeatureView {
        FeatureView(
            id: view.id, name: view.name, version: view.version, description: view.description, sources: view.sources,
            columns: view.columns.filter { !view.labels.contains($0.name) }, labels: [], transformations: [])
    }
}
