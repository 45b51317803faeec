/// Schema version 3: training dataset rows stored by column, in chunks of bit-packed integers,
/// dictionary codes and raw little-endian floats (`DatasetColumns`), instead of one SQL table per
/// dataset. Datasets saved before keep their `td_<view>_v<n>_<version>` table and layout `table`,
/// and are read as before.
extension StoreMigrations {
    /// The dataset's layout, its columns (with a dictionary column's distinct values) and the chunks.
    static let version3: [String] = [
        "ALTER TABLE fti_training_dataset ADD COLUMN layout TEXT NOT NULL DEFAULT 'table'",
        """
        CREATE TABLE fti_training_column (
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, type TEXT NOT NULL, encoding TEXT NOT NULL,
            dictionary BLOB, dictionary_text BLOB, scale INTEGER, PRIMARY KEY (dataset_id, position))
        """,
        """
        CREATE TABLE fti_training_chunk (
            dataset_id INTEGER NOT NULL, position INTEGER NOT NULL, chunk INTEGER NOT NULL,
            row_count INTEGER NOT NULL, base INTEGER, bits INTEGER, data BLOB NOT NULL, validity BLOB, text BLOB,
            PRIMARY KEY (dataset_id, position, chunk),
            FOREIGN KEY (dataset_id, position) REFERENCES fti_training_column(dataset_id, position))
        """,
    ]
}
