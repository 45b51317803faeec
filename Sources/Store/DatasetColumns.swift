import Frame

#if _endian(big)
#error("the columnar dataset format is little-endian: writing and reading copy column memory as it is")
#endif

/// The rows of a training dataset stored by column (schema version 3; docs/store.md, "Inside the
/// file"), instead of one SQL table with a row per spine row.
///
/// `fti_training_column` has one row per column: name, type and encoding — `plain`; `dictionary`
/// when the chunks hold codes into a table of distinct values kept with the column (strings:
/// `count + 1` Int64 offsets in `dictionary` into UTF-8 `dictionary_text`; floats: the distinct
/// binary64 bit patterns in `dictionary`); or `decimal` for floats stored as integers over
/// 10^`scale` (`FloatDecimal`). `fti_training_chunk` cuts each column into chunks of `chunkRows`
/// rows: integers, bools, codes and decimals are bit-packed (`BitPacking`: `base` plus a
/// `bits`-bit distance per row), plain floats are raw binary64 (`base` 0, `bits` 64, every bit
/// kept), plain strings are `row_count + 1` Int64 offsets from 0 into `text`; `validity` holds the
/// null bits (bit `i % 8` of byte `i / 8` is 1 when row `i` holds a value), NULL when the chunk
/// has no nulls. All numbers are little-endian. Blobs are bound in place and decoded in place, so
/// a million rows cost a few hundred statements instead of a million, and the packed layout writes
/// a fraction of the bytes (fewer pages through the WAL and the checkpoint).
enum DatasetColumns {
    /// Rows per chunk: a multiple of 64, so every chunk but the last covers whole validity words.
    static let chunkRows = 1 << 16
    /// Float columns this long or longer may be dictionary-encoded: when at most a quarter of
    /// their values are distinct and that is clearly smaller than the decimal or raw layout.
    static let floatDictionaryRows = 1024

    /// How a column's values are kept.
    enum Encoding: String {
        case plain, dictionary, decimal
    }

    // MARK: - Writing

    /// Every column of `frame` encoded for writing, with its statistics, the columns spread over
    /// the cores (each column is done whole by one thread, so nothing depends on the threads).
    static func prepare(_ frame: DataFrame) -> (columns: [EncodedColumn], statistics: [ColumnStatistics]) {
        let columns = frame.columns
        let tasks = ParallelTasks.run(columns.count * 2, parallel: frame.height >= 100_000) { index -> ColumnTask in
            index < columns.count
                ? .encoded(EncodedColumn(columns[index], chunkRows: chunkRows))
                : .statistics(ColumnStatistics.of(columns[index - columns.count]))
        }
        var encoded: [EncodedColumn] = []
        var statistics: [ColumnStatistics] = []
        for task in tasks {
            switch task {
            case .encoded(let column): encoded.append(column)
            case .statistics(let values): statistics.append(values)
            }
        }
        return (encoded, statistics)
    }

    /// A result of `prepare`'s threads.
    private enum ColumnTask: @unchecked Sendable {
        case encoded(EncodedColumn)
        case statistics(ColumnStatistics)
    }

    /// Saves the encoded columns as the rows of dataset `datasetID` (inside the caller's
    /// transaction). The frame they were encoded from must stay alive until this returns.
    static func write(_ columns: [EncodedColumn], datasetID: Int64, store: FeatureStore) throws {
        let addColumn = try store.statement(
            """
            INSERT INTO fti_training_column (dataset_id, position, name, type, encoding, dictionary, dictionary_text, scale)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let addChunk = try store.statement(
            """
            INSERT INTO fti_training_chunk (dataset_id, position, chunk, row_count, base, bits, data, validity, text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        defer {
            // No pointer into the frame stays bound once it may go away.
            addColumn.clearBindings()
            addChunk.clearBindings()
        }
        for (position, encoded) in columns.enumerated() {
            try addColumn.bind(datasetID, at: 1)
            try addColumn.bind(Int64(position), at: 2)
            try addColumn.bind(encoded.column.name, at: 3)
            try addColumn.bind(encoded.column.type.name, at: 4)
            try encoded.insertDescription(addColumn)
            for (number, chunk) in encoded.chunks.enumerated() {
                try addChunk.bind(datasetID, at: 1)
                try addChunk.bind(Int64(position), at: 2)
                try addChunk.bind(Int64(number), at: 3)
                try addChunk.bind(Int64(chunk.count), at: 4)
                try encoded.insertChunk(addChunk, chunk)
            }
        }
    }

    /// Saves `frame` as the rows of dataset `datasetID` (inside the caller's transaction).
    static func write(_ frame: DataFrame, datasetID: Int64, store: FeatureStore) throws {
        try withExtendedLifetime(frame) { () throws in
            try write(prepare(frame).columns, datasetID: datasetID, store: store)
        }
    }

    // MARK: - Reading

    /// The rows of dataset `datasetID` (`rowCount` of them), exactly as saved; `label` names the
    /// dataset when the file is damaged.
    static func read(datasetID: Int64, rowCount: Int, store: FeatureStore, label: String) throws -> DataFrame {
        let described = try store.rows(
            "SELECT position, name, type, encoding FROM fti_training_column WHERE dataset_id = ? ORDER BY position",
            [.int(datasetID)])
        if described.isEmpty { throw damaged(label, "it has no columns") }
        var columns: [Column] = []
        for (index, row) in described.enumerated() {
            guard row[0].integerValue == Int64(index), let name = row[1].stringValue,
                let type = row[2].stringValue.flatMap(DataType.named),
                let encoding = row[3].stringValue.flatMap(Encoding.init(rawValue:))
            else { throw damaged(label, "column \(index) is described wrongly") }
            let reader = DatasetChunkReader(
                store: store, datasetID: datasetID, position: index, rowCount: rowCount,
                context: "\(label) is damaged: column '\(name)'")
            columns.append(try reader.column(name: name, type: type, encoding: encoding))
        }
        return try DataFrame(columns: columns)
    }

    static func damaged(_ label: String, _ detail: String) -> StoreError {
        StoreError(.database, "\(label) is damaged: \(detail)")
    }
}
