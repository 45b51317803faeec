import Frame

/// Feature vectors for inference from the online tables: the latest row per key, the TTL applied
/// at read time with the same rule as training, and the view's fitted transformations applied as
/// in training (online values equal the latest offline values).
extension FeatureStore {
    /// One row for the entity `keys` names (every key column of the view, e.g. `["athlete_id": .int(7)]`):
    /// the key columns, then the view's features, transformed. See `featureVectors`.
    public func featureVector(
        _ view: FeatureView, keys: [String: Scalar], at time: Int64? = nil, allowMissing: Bool = false,
        dataset: TrainingDataset? = nil
    ) throws(StoreError) -> DataFrame {
        let current = try servingView(view)
        var columns: [Column] = []
        for name in current.keyColumns {
            guard let value = keys[name] else {
                throw StoreError(
                    .missingColumn,
                    "feature vector of \(current.label): no value for key \(columnReference(name)) (the view's keys are \(current.keyColumns.map(columnReference).joined(separator: ", ")))")
            }
            let type = keyType(current, name) ?? value.type ?? .int
            if let valueType = value.type, valueType != type {
                throw StoreError(
                    .typeMismatch, "feature vector of \(current.label): key \(columnReference(name)) must be \(type.name), found \(valueType.name)")
            }
            var builder = ColumnBuilder(name: name, type: type)
            do throws(FrameError) {
                builder.append(from: try Column(name: name, scalars: [value]), row: 0)
            } catch {
                throw StoreError.frame(error, "feature vector of \(current.label)")
            }
            columns.append(builder.finish())
        }
        for name in keys.keys.sorted() where !current.keyColumns.contains(name) {
            throw StoreError(
                .invalidArgument,
                "feature vector of \(current.label): \(columnReference(name)) is not a key of the view (its keys are \(current.keyColumns.map(columnReference).joined(separator: ", ")))")
        }
        let frame: DataFrame
        do throws(FrameError) {
            frame = try DataFrame(columns: columns)
        } catch {
            throw StoreError.frame(error, "feature vector of \(current.label)")
        }
        return try featureVectors(current, keys: frame, at: time, allowMissing: allowMissing, dataset: dataset)
    }

    /// One row per row of `keys` (which holds the view's key columns), in order: the key columns,
    /// then the view's features read from the online tables and transformed with the parameters of
    /// `dataset` (default: the view's latest training dataset). Labels are not served.
    ///
    /// A row older than its source's TTL at `time` (default: the store's clock) reads as nulls. A key
    /// missing from an online table is an error naming it, unless `allowMissing` (then nulls); a null
    /// key reads as nulls.
    public func featureVectors(
        _ view: FeatureView, keys: DataFrame, at time: Int64? = nil, allowMissing: Bool = false,
        dataset: TrainingDataset? = nil
    ) throws(StoreError) -> DataFrame {
        let current = try servingView(view)
        let context = "feature vectors of \(current.label)"
        var output: [Column] = []
        for name in current.keyColumns {
            guard let column = keys.column(named: name) else {
                throw StoreError(.missingColumn, "\(context): the keys have no column \(columnReference(name))")
            }
            if let type = keyType(current, name), type != column.type {
                throw StoreError(.typeMismatch, "\(context): key \(columnReference(name)) must be \(type.name), found \(column.type.name)")
            }
            output.append(column)
        }
        let now = time ?? clock()
        // One read transaction: every key of every source sees the same commit, never part of a batch.
        let fitted = try snapshot(context) { () throws -> [FittedTransformation] in
            let fitted = try servingFit(current, dataset: dataset)
            for (index, source) in current.sources.enumerated() {
                let features = current.columns.filter { $0.source == index && !current.labels.contains($0.name) }
                output += try lookUp(source, features: features, keys: keys, now: now, allowMissing: allowMissing, context: context)
            }
            return fitted
        }
        let frame: DataFrame
        do throws(FrameError) {
            frame = try DataFrame(columns: output)
        } catch {
            throw StoreError.frame(error, context)
        }
        return try Transformer.apply(fitted, to: frame, context: context)
    }

    /// The view as given, once one query confirms it is this store's (a view version never changes,
    /// so the serving path need not reload it from the registry).
    private func servingView(_ view: FeatureView) throws(StoreError) -> FeatureView {
        let known = try reading("cannot read \(view.label)") { () throws -> Bool in
            try firstRow(
                "SELECT 1 FROM fti_feature_view WHERE id = ? AND name = ? AND version = ?",
                [.int(view.id), .string(view.name), .int(Int64(view.version))]) != nil
        }
        if known { return view }
        return try featureView(named: view.name, version: view.version)
    }

    /// The type of spine key `name` in the view's groups.
    private func keyType(_ view: FeatureView, _ name: String) -> DataType? {
        for source in view.sources {
            if let key = source.keys.first(where: { $0.spine == name }) { return source.group.type(of: key.group) }
        }
        return nil
    }

    /// The features of one source for every key row, through one cached prepared statement.
    private func lookUp(
        _ source: ResolvedSource, features: [ViewFeature], keys: DataFrame, now: Int64, allowMissing: Bool, context: String
    ) throws(StoreError) -> [Column] {
        let group = source.group
        guard group.spec.online else {
            throw StoreError(.invalidArgument, "\(context): \(group.label) is not online; create a version with online: true")
        }
        let selected = features.map { GroupTables.q($0.column) } + [group.spec.eventTime.map(GroupTables.q) ?? "NULL"]
        let condition = source.keys.map { "\(GroupTables.q($0.group)) = ?" }.joined(separator: " AND ")
        let sql = "SELECT \(selected.joined(separator: ", ")) FROM \(GroupTables.q(group.onlineTable)) WHERE \(condition)"
        var builders = features.map { ColumnBuilder(name: $0.name, type: $0.type, capacity: keys.height) }
        let keyColumns = source.keys.compactMap { keys.column(named: $0.spine) }
        var missing: String? = nil
        do throws(SQLiteError) {
            let statement = try statement(sql)
            rows: for row in 0..<keys.height {
                for (position, column) in keyColumns.enumerated() {
                    if column.isNull(row) {
                        for index in builders.indices { builders[index].appendNull() }
                        continue rows
                    }
                    try statement.bind(column.scalar(at: row), at: position + 1)
                }
                let found = try statement.step()
                let expired = found && source.ttl.map { ttl in now - statement.int64(at: features.count) > ttl } ?? false
                if found && !expired {
                    for index in builders.indices { builders[index].append(from: statement, at: index) }
                } else {
                    if !found && !allowMissing {
                        missing = keyColumns.map { ValueText.render($0.scalar(at: row)) }.joined(separator: ", ")
                        break rows
                    }
                    for index in builders.indices { builders[index].appendNull() }
                }
                try statement.reset()
            }
        } catch {
            throw StoreError.database(error, context)
        }
        if let missing {
            throw StoreError(
                .missingKey, "\(context): \(group.label) has no online row for key (\(missing)); pass allow_missing: true to get nulls")
        }
        return builders.map { $0.finish() }
    }
}
