/// The registry's tables, as numbered migrations: a store records the last one applied in
/// `fti_schema_version`, and opening a store applies the missing ones in one transaction, so an
/// older file is brought up to date and a file from a newer fti is refused rather than misread.
enum StoreMigrations {
    /// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
    static let all: [[String]] = [version1, version2, version3]

    /// The schema version this build writes.
    static var current: Int { all.count }

    /// Feature groups, validation, feature views, training datasets, models.
    static let version1: [String] = [
        """
        CREATE TABLE fti_feature_group (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, event_time TEXT,
            online INTEGER NOT NULL, description TEXT NOT NULL, owner TEXT NOT NULL,
            policy TEXT NOT NULL DEFAULT 'strict', table_name TEXT NOT NULL, created_at INTEGER NOT NULL,
            UNIQUE (name, version))
        """,
        """
        CREATE TABLE fti_feature_group_key (
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, PRIMARY KEY (group_id, position))
        """,
        """
        CREATE TABLE fti_feature_group_column (
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, type TEXT NOT NULL, added_commit INTEGER, PRIMARY KEY (group_id, position))
        """,
        """
        CREATE TABLE fti_feature_group_tag (
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), column_name TEXT NOT NULL,
            tag TEXT NOT NULL, PRIMARY KEY (group_id, column_name, tag))
        """,
        """
        CREATE TABLE fti_commit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL REFERENCES fti_feature_group(id),
            committed_at INTEGER NOT NULL, inserted INTEGER NOT NULL, updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL, rejected INTEGER NOT NULL)
        """,
        """
        CREATE TABLE fti_expectation (
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), position INTEGER NOT NULL,
            kind TEXT NOT NULL, columns TEXT NOT NULL, min_value, min_type TEXT, max_value, max_type TEXT,
            strict_min INTEGER NOT NULL, strict_max INTEGER NOT NULL, pattern TEXT,
            PRIMARY KEY (group_id, position))
        """,
        """
        CREATE TABLE fti_expectation_value (
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), position INTEGER NOT NULL,
            value_index INTEGER NOT NULL, value, value_type TEXT, PRIMARY KEY (group_id, position, value_index))
        """,
        """
        CREATE TABLE fti_validation_report (
            id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL REFERENCES fti_feature_group(id),
            commit_seq INTEGER REFERENCES fti_commit(seq), ran_at INTEGER NOT NULL, policy TEXT NOT NULL,
            outcome TEXT NOT NULL, row_count INTEGER NOT NULL, rejected_rows INTEGER NOT NULL)
        """,
        """
        CREATE TABLE fti_validation_result (
            report_id INTEGER NOT NULL REFERENCES fti_validation_report(id), position INTEGER NOT NULL,
            expectation TEXT NOT NULL, success INTEGER NOT NULL, element_count INTEGER NOT NULL,
            unexpected_count INTEGER NOT NULL, observed REAL, examples TEXT NOT NULL,
            PRIMARY KEY (report_id, position))
        """,
        """
        CREATE TABLE fti_feature_view (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,
            created_at INTEGER NOT NULL, UNIQUE (name, version))
        """,
        """
        CREATE TABLE fti_feature_view_source (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), position INTEGER NOT NULL,
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), prefix TEXT NOT NULL, ttl INTEGER,
            PRIMARY KEY (view_id, position))
        """,
        """
        CREATE TABLE fti_feature_view_key (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), source INTEGER NOT NULL,
            position INTEGER NOT NULL, spine_column TEXT NOT NULL, group_column TEXT NOT NULL,
            PRIMARY KEY (view_id, source, position))
        """,
        """
        CREATE TABLE fti_feature_view_feature (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), source INTEGER NOT NULL,
            position INTEGER NOT NULL, column_name TEXT NOT NULL, PRIMARY KEY (view_id, source, position))
        """,
        """
        CREATE TABLE fti_feature_view_label (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, PRIMARY KEY (view_id, position))
        """,
        """
        CREATE TABLE fti_feature_view_transform (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), position INTEGER NOT NULL,
            column_name TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (view_id, position))
        """,
        """
        CREATE TABLE fti_training_dataset (
            id INTEGER PRIMARY KEY, view_id INTEGER NOT NULL REFERENCES fti_feature_view(id),
            version INTEGER NOT NULL, spine_time TEXT NOT NULL, start_time INTEGER, end_time INTEGER,
            row_count INTEGER NOT NULL, table_name TEXT NOT NULL, created_at INTEGER NOT NULL,
            split_test_from INTEGER, split_gap INTEGER, split_test_until INTEGER,
            UNIQUE (view_id, version))
        """,
        """
        CREATE TABLE fti_training_watermark (
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id),
            group_id INTEGER NOT NULL REFERENCES fti_feature_group(id), commit_seq INTEGER NOT NULL,
            PRIMARY KEY (dataset_id, group_id))
        """,
        """
        CREATE TABLE fti_training_statistics (
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id), position INTEGER NOT NULL,
            column_name TEXT NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, null_count INTEGER NOT NULL,
            mean REAL, std REAL, min REAL, max REAL, distinct_count INTEGER,
            PRIMARY KEY (dataset_id, position))
        """,
        """
        CREATE TABLE fti_transform_fit (
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id), position INTEGER NOT NULL,
            column_name TEXT NOT NULL, kind TEXT NOT NULL, mean REAL, std REAL, min REAL, max REAL,
            category_type TEXT, PRIMARY KEY (dataset_id, position))
        """,
        """
        CREATE TABLE fti_transform_category (
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id), position INTEGER NOT NULL,
            category_index INTEGER NOT NULL, value, PRIMARY KEY (dataset_id, position, category_index))
        """,
        """
        CREATE TABLE fti_model (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL,
            dataset_id INTEGER NOT NULL REFERENCES fti_training_dataset(id), objective TEXT NOT NULL,
            seed INTEGER NOT NULL, parameters TEXT NOT NULL, artifact TEXT, created_at INTEGER NOT NULL,
            UNIQUE (name, version))
        """,
        """
        CREATE TABLE fti_model_metric (
            model_id INTEGER NOT NULL REFERENCES fti_model(id), name TEXT NOT NULL, value REAL NOT NULL,
            PRIMARY KEY (model_id, name))
        """,
    ]
}
