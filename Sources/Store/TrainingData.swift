import Frame

/// Creating, reading and recreating training datasets.
extension FeatureStore {
    /// Builds point-in-time correct training data for `view` from `spine` (key columns, a time
    /// column, labels not served by a group, any extra columns), for spine times in `[start, end)`,
    /// and saves it as the view's next training dataset version with its statistics, the commit
    /// each group was read at, and the transformations fitted on all its rows.
    ///
    /// `spineTime` defaults to the event-time column name of the view's first history group.
    public func trainingData(
        _ view: FeatureView, spine: DataFrame, spineTime: String? = nil, start: Int64? = nil, end: Int64? = nil
    ) throws(StoreError) -> TrainingDataset {
        let current = try featureView(named: view.name, version: view.version)
        let context = "training data for \(current.label)"
        let time = spineTime ?? current.sources.lazy.compactMap { $0.group.spec.eventTime }.first ?? ""
        if time.isEmpty && (start != nil || end != nil) {
            throw StoreError(.invalidArgument, "\(context): start and end need a spine time; pass spine_time:")
        }
        if let start, let end, start >= end {
            throw StoreError(.invalidArgument, "\(context): start must be before end")
        }
        var join = PointInTimeJoin(store: self, view: current, spineTime: time, context: context)
        try join.checkSpine(spine)
        var rows = spine
        if let column = spine.column(named: time), start != nil || end != nil {
            let access = ColumnAccess(column)
            var kept: [Int] = []
            for row in 0..<access.count {
                let value = access.int64(row)
                if let start, value < start { continue }
                if let end, value >= end { continue }
                kept.append(row)
            }
            rows = spine.gather(kept)
        }
        // Inside the write transaction below (when it is not nested in another) no other commit
        // can land, so scans may be split.
        join.exclusive = !connection.isInTransaction
        return try writing("cannot save \(context)") { () throws -> TrainingDataset in
            var watermarks: [Int64] = []
            for source in current.sources {
                watermarks.append(
                    try firstRow("SELECT COALESCE(MAX(seq), 0) FROM fti_commit WHERE group_id = ?", [.int(source.group.id)])?
                        .first?.integerValue ?? 0)
            }
            let frame = try join.run(rows, watermarks: watermarks.map { Optional($0) })
            let version = Int(
                try firstRow(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM fti_training_dataset WHERE view_id = ?", [.int(current.id)])?
                    .first?.integerValue ?? 1)
            // The rows are stored by column (`DatasetColumns`); `table_name` stays empty: only
            // datasets saved before schema version 3 have a `td_` table.
            try run(
                """
                INSERT INTO fti_training_dataset (view_id, version, spine_time, start_time, end_time, row_count, table_name,
                    layout, created_at)
                VALUES (?, ?, ?, ?, ?, ?, '', 'columnar', ?)
                """,
                [
                    .int(current.id), .int(Int64(version)), .string(time), start.map(Scalar.int) ?? .null,
                    end.map(Scalar.int) ?? .null, .int(Int64(frame.height)), .int(clock()),
                ])
            let id = connection.lastInsertRowID
            let stored = Self.asStored(frame)
            let prepared = DatasetColumns.prepare(stored)
            try withExtendedLifetime(stored) { () throws in
                try DatasetColumns.write(prepared.columns, datasetID: id, store: self)
            }
            for (source, commit) in zip(current.sources, watermarks) {
                try run(
                    "INSERT OR REPLACE INTO fti_training_watermark (dataset_id, group_id, commit_seq) VALUES (?, ?, ?)",
                    [.int(id), .int(source.group.id), .int(commit)])
            }
            for (position, (column, statistics)) in zip(stored.columns, prepared.statistics).enumerated() {
                try run(
                    """
                    INSERT INTO fti_training_statistics (dataset_id, position, column_name, type, count, null_count, mean, std,
                        min, max, distinct_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .int(id), .int(Int64(position)), .string(column.name), .string(column.type.name),
                        .int(Int64(statistics.count)), .int(Int64(statistics.nullCount)), Self.number(statistics.mean),
                        Self.number(statistics.std), Self.number(statistics.min), Self.number(statistics.max),
                        statistics.distinctCount.map { .int(Int64($0)) } ?? .null,
                    ])
            }
            let fitted = try Transformer.fit(current.transformations, on: frame, context: context)
            try storeFit(fitted, datasetID: id)
            // The rows just written are the rows a read-back gives (NaN saved as null), so they
            // are not read back.
            return try loadTrainingDataset(id: id, rows: stored)
        }
    }

    /// Training dataset `version` of `view`, read back exactly as it was saved.
    public func trainingDataset(_ view: FeatureView, version: Int) throws(StoreError) -> TrainingDataset {
        let current = try featureView(named: view.name, version: view.version)
        return try reading("cannot read training dataset v\(version) of \(current.label)") { () throws -> TrainingDataset in
            guard let row = try firstRow(
                "SELECT id FROM fti_training_dataset WHERE view_id = ? AND version = ?", [.int(current.id), .int(Int64(version))]),
                let id = row[0].integerValue
            else {
                let versions = try rows(
                    "SELECT version FROM fti_training_dataset WHERE view_id = ? ORDER BY version", [.int(current.id)]
                ).compactMap { $0[0].integerValue }
                throw StoreError(
                    .notFound,
                    "unknown training dataset v\(version) of \(current.label); \(versions.isEmpty ? "it has none" : "it has \(versions.map { "v\($0)" }.joined(separator: ", "))")")
            }
            return try loadTrainingDataset(id: id)
        }
    }

    /// The training dataset versions of `view`, ascending.
    public func trainingDatasetVersions(_ view: FeatureView) throws(StoreError) -> [Int] {
        let current = try featureView(named: view.name, version: view.version)
        return try reading("cannot list training datasets") { () throws -> [Int] in
            try rows("SELECT version FROM fti_training_dataset WHERE view_id = ? ORDER BY version", [.int(current.id)])
                .compactMap { $0[0].integerValue.map(Int.init) }
        }
    }

    /// Recomputes a saved dataset from its spine columns, reading every group as of the commit the
    /// dataset recorded: equal to `dataset.frame` however the groups changed since.
    public func recreate(_ dataset: TrainingDataset) throws(StoreError) -> DataFrame {
        let view = try featureView(named: dataset.view, version: dataset.viewVersion)
        let context = "recreating training dataset v\(dataset.version) of \(view.label)"
        let spineNames = dataset.frame.columnNames.filter { !view.columns.map(\.name).contains($0) }
        let spine: DataFrame
        do throws(FrameError) {
            spine = try dataset.frame.select(spineNames)
        } catch {
            throw StoreError.frame(error, context)
        }
        let watermarks = view.sources.map { source in
            dataset.watermarks.first { $0.group == source.group.name && $0.version == source.group.version }?.commit
        }
        let join = PointInTimeJoin(store: self, view: view, spineTime: dataset.spineTime, context: context)
        let frame = try join.run(spine, watermarks: watermarks)
        do throws(FrameError) {
            return try frame.select(dataset.frame.columnNames)
        } catch {
            throw StoreError.frame(error, context)
        }
    }

    /// A training dataset from the registry, rows included (`rows`, when the caller holds them as
    /// stored, instead of reading its table).
    func loadTrainingDataset(id: Int64, rows saved: DataFrame? = nil) throws -> TrainingDataset {
        let key = Scalar.int(id)
        guard let row = try firstRow(
            """
            SELECT view_id, version, spine_time, start_time, end_time, table_name, split_test_from, split_gap, split_test_until,
                row_count, layout
            FROM fti_training_dataset WHERE id = ?
            """, [key])
        else { throw StoreError(.notFound, "unknown training dataset id \(id)") }
        let view = try loadView(id: row[0].integerValue ?? 0)
        let statistics = try rows(
            """
            SELECT column_name, type, count, null_count, mean, std, min, max, distinct_count
            FROM fti_training_statistics WHERE dataset_id = ? ORDER BY position
            """, [key]
        ).map { value in
            ColumnStatistics(
                column: value[0].stringValue ?? "", type: DataType.named(value[1].stringValue ?? "") ?? .string,
                count: Int(value[2].integerValue ?? 0), nullCount: Int(value[3].integerValue ?? 0), mean: value[4].doubleValue,
                std: value[5].doubleValue, min: value[6].doubleValue, max: value[7].doubleValue,
                distinctCount: value[8].integerValue.map(Int.init))
        }
        let frame: DataFrame
        if let saved {
            frame = saved
        } else if row[10].stringValue == "columnar" {
            let label = "training dataset v\(row[1].integerValue ?? 0) of \(view.label)"
            frame = try DatasetColumns.read(
                datasetID: id, rowCount: Int(clamping: row[9].integerValue ?? 0), store: self, label: label)
        } else {
            // Saved before schema version 3: one table with a row per spine row (NaN there is NULL).
            let stored = try DataFrame.readSQLite(connection: connection, table: row[5].stringValue ?? "")
            frame = try FrameTypes.conform(stored, to: statistics.map { FeatureColumn(name: $0.column, type: $0.type) })
        }
        let watermarks = try rows(
            """
            SELECT g.name, g.version, w.commit_seq FROM fti_training_watermark AS w JOIN fti_feature_group AS g ON g.id = w.group_id
            WHERE w.dataset_id = ? ORDER BY g.name, g.version
            """, [key]
        ).map { GroupWatermark(group: $0[0].stringValue ?? "", version: Int($0[1].integerValue ?? 0), commit: $0[2].integerValue ?? 0) }
        let split = row[6].integerValue.map { TimeSplit(testFrom: $0, gap: row[7].integerValue ?? 0, testUntil: row[8].integerValue) }
        return TrainingDataset(
            id: id, view: view.name, viewVersion: view.version, version: Int(row[1].integerValue ?? 0), frame: frame,
            spineTime: row[2].stringValue ?? "", start: row[3].integerValue, end: row[4].integerValue, watermarks: watermarks,
            statistics: statistics, fitted: try loadFit(datasetID: id), split: split)
    }

    /// `frame` as its SQLite table reads back: NaN floats become nulls (SQLite stores NaN as NULL).
    static func asStored(_ frame: DataFrame) -> DataFrame {
        var columns = frame.columns
        var changed = false
        for (index, column) in columns.enumerated() {
            guard let floats = column.float64Values else { continue }
            var validity: [Bool]? = nil
            for row in 0..<column.count where floats[row].isNaN && !column.isNull(row) {
                if validity == nil { validity = (0..<column.count).map { !column.isNull($0) } }
                validity?[row] = false
            }
            guard let validity else { continue }
            columns[index] = Column(name: column.name, floats: (0..<column.count).map { floats[$0] }, validity: validity)
            changed = true
        }
        guard changed, let result = try? DataFrame(columns: columns) else { return frame }
        return result
    }

    /// A float for a registry row (nil and NaN as NULL).
    static func number(_ value: Double?) -> Scalar {
        guard let value, !value.isNaN else { return .null }
        return .float(value)
    }
}
