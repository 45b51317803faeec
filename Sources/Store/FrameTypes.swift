import Frame

/// Frames read back from SQLite get the schema's types: SQLite keeps storage classes, not types,
/// so an all-null column or a timestamp from a compound query may come back as another type.
enum FrameTypes {
    /// `frame` with every column named in `schema` cast to the schema's type.
    static func conform(_ frame: DataFrame, to schema: [FeatureColumn]) throws -> DataFrame {
        var columns: [Column] = []
        columns.reserveCapacity(frame.width)
        for column in frame.columns {
            guard let type = schema.first(where: { $0.name == column.name })?.type, type != column.type else {
                columns.append(column)
                continue
            }
            columns.append(try retype(column, to: type))
        }
        return try DataFrame(columns: columns)
    }

    /// The column as `type`: all-null columns are rebuilt, others cast (int ↔ timestamp, duration, float, bool).
    static func retype(_ column: Column, to type: DataType) throws -> Column {
        if column.nullCount == column.count { return Column(name: column.name, nullsOf: type, count: column.count) }
        return try column.cast(to: type)
    }
}
