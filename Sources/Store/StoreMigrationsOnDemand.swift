/// Schema version 2: on-demand features, stored with the feature view version they belong to.
extension StoreMigrations {
    /// One row per on-demand feature of a view: its output name, the expression as the language
    /// writes it (the store keeps it as opaque text), and the columns the expression reads.
    static let version2: [String] = [
        """
        CREATE TABLE fti_on_demand (
            view_id INTEGER NOT NULL REFERENCES fti_feature_view(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, expression TEXT NOT NULL, inputs TEXT NOT NULL, PRIMARY KEY (view_id, position))
        """
    ]
}
