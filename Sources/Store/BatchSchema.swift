import Frame

/// The schema rules of an insert (Hopsworks' rules): the first batch fixes the columns; later
/// batches must carry every column with its type, and may add new ones (older rows read null).
/// Removing, renaming or retyping a column, or changing the key, needs a new version.
struct BatchSchema {
    /// The batch with columns in schema order (new columns last), types matched to the schema.
    let frame: DataFrame
    /// The schema after the insert.
    let columns: [FeatureColumn]
    /// Columns this batch adds (all of them on the first insert).
    let added: [FeatureColumn]

    /// Checks `batch` against `group` and conforms it; throws before anything is written.
    init(group: FeatureGroup, batch: DataFrame, nextVersion: Int) throws(StoreError) {
        let context = "insert into \(group.label)"
        try StoreNames.checkColumns(batch.columnNames, context)
        let spec = group.spec
        for key in spec.primaryKey + (spec.eventTime.map { [$0] } ?? []) where batch.column(named: key) == nil {
            var message = "\(context): the batch has no \(key == spec.eventTime ? "event-time" : "key") column \(columnReference(key))"
            if let near = closestName(to: key, among: batch.columnNames) { message += "; did you mean \(columnReference(near))?" }
            throw StoreError(.missingColumn, message)
        }
        var conformed: [Column] = []
        var schema = group.columns
        var added: [FeatureColumn] = []
        for stored in group.columns {
            guard let column = batch.column(named: stored.name) else {
                throw StoreError(
                    .schemaChange,
                    "\(context): the batch lacks column \(columnReference(stored.name)); removing or renaming a column needs a new version (create version \(nextVersion))")
            }
            conformed.append(try Self.conform(column, to: stored.type, context: context, nextVersion: nextVersion))
        }
        for column in batch.columns where !group.columns.contains(where: { $0.name == column.name }) {
            if let clash = group.columns.first(where: { $0.name.lowercased() == column.name.lowercased() }) {
                throw StoreError(
                    .schemaChange,
                    "\(context): column '\(column.name)' differs only in case from the group's column '\(clash.name)'")
            }
            added.append(FeatureColumn(name: column.name, type: column.type))
            conformed.append(column)
        }
        schema += added
        for key in spec.primaryKey {
            guard let type = schema.first(where: { $0.name == key })?.type else { continue }
            if type == .float {
                throw StoreError(
                    .typeMismatch,
                    "\(context): key column \(columnReference(key)) is float; keys must be int, string, bool, timestamp or duration")
            }
        }
        if let eventTime = spec.eventTime, let type = schema.first(where: { $0.name == eventTime })?.type,
            type != .timestamp && type != .int
        {
            throw StoreError(
                .typeMismatch,
                "\(context): event-time column \(columnReference(eventTime)) is \(type.name); it must be a timestamp or an int")
        }
        if group.columns.isEmpty {
            for column in spec.columnTags.keys.sorted() where !schema.contains(where: { $0.name == column }) {
                throw StoreError(
                    .missingColumn, "\(context): the batch has no column \(columnReference(column)), which the group's column tags name")
            }
        }
        let schemaNames = schema.map(\.name)
        for expectation in group.expectations {
            for column in expectation.columns where !schemaNames.contains(column) {
                throw StoreError(
                    .missingColumn,
                    "\(context): expectation \(expectation.summary) needs column \(columnReference(column)), which the batch lacks")
            }
        }
        do throws(FrameError) {
            frame = try DataFrame(columns: conformed)
        } catch {
            throw StoreError.frame(error, context)
        }
        self.columns = schema
        self.added = added
        try Self.checkKeysPresent(frame, spec, context: context)
    }

    /// The batch column as the schema's type: the same type, ints widened to floats, or an all-null
    /// column of any type; anything else is a schema change.
    static func conform(_ column: Column, to type: DataType, context: String, nextVersion: Int) throws(StoreError) -> Column {
        if column.type == type { return column }
        if column.count > 0 && column.nullCount == column.count || column.count == 0 {
            return Column(name: column.name, nullsOf: type, count: column.count)
        }
        if column.type == .int && type == .float {
            do throws(FrameError) {
                return try column.cast(to: .float)
            } catch {
                throw StoreError.frame(error, context)
            }
        }
        throw StoreError(
            .schemaChange,
            "\(context): column \(columnReference(column.name)) is \(column.type.name) in the batch but \(type.name) in the group; changing a type needs a new version (create version \(nextVersion))")
    }

    /// Null keys and null event times are refused, naming the column and the first such row.
    static func checkKeysPresent(_ frame: DataFrame, _ spec: FeatureGroupSpec, context: String) throws(StoreError) {
        for name in spec.primaryKey + (spec.eventTime.map { [$0] } ?? []) {
            guard let column = frame.column(named: name) else { continue }
            let access = ColumnAccess(column)
            for row in 0..<column.count where access.isNull(row) {
                let what = name == spec.eventTime ? "event time" : "key"
                throw StoreError(
                    .nullKey,
                    "\(context): row \(row) has a null \(what) in \(columnReference(name)) (\(column.nullCount) null\(column.nullCount == 1 ? "" : "s") in all); nothing was written")
            }
        }
    }
}
