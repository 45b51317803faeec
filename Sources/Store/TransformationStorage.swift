import Frame

/// Fitted transformation parameters in the registry, one set per training dataset (the set its
/// train rows gave): one row per transformation, one per category.
extension FeatureStore {
    /// Replaces the fitted parameters of dataset `datasetID`.
    func storeFit(_ fitted: [FittedTransformation], datasetID: Int64) throws {
        let key = Scalar.int(datasetID)
        try run("DELETE FROM fti_transform_category WHERE dataset_id = ?", [key])
        try run("DELETE FROM fti_transform_fit WHERE dataset_id = ?", [key])
        for (position, fit) in fitted.enumerated() {
            try run(
                """
                INSERT INTO fti_transform_fit (dataset_id, position, column_name, kind, mean, std, min, max, category_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    key, .int(Int64(position)), .string(fit.column), .string(fit.kind.rawValue), Self.number(fit.mean),
                    Self.number(fit.std), Self.number(fit.min), Self.number(fit.max),
                    fit.categories.first.flatMap { $0.type.map { .string($0.name) } } ?? .null,
                ])
            for (index, category) in fit.categories.enumerated() {
                try run(
                    "INSERT INTO fti_transform_category (dataset_id, position, category_index, value) VALUES (?, ?, ?, ?)",
                    [key, .int(Int64(position)), .int(Int64(index)), ScalarCoding.encode(category).value])
            }
        }
    }

    /// The fitted parameters of dataset `datasetID`, in declaration order.
    func loadFit(datasetID: Int64) throws -> [FittedTransformation] {
        let key = Scalar.int(datasetID)
        var fitted: [FittedTransformation] = []
        for row in try rows(
            """
            SELECT position, column_name, kind, mean, std, min, max, category_type FROM fti_transform_fit
            WHERE dataset_id = ? ORDER BY position
            """, [key])
        {
            guard let kind = TransformationKind(rawValue: row[2].stringValue ?? "") else {
                throw StoreError(.database, "unknown transformation '\(row[2].stringValue ?? "")' in the registry")
            }
            let categories = try rows(
                "SELECT value FROM fti_transform_category WHERE dataset_id = ? AND position = ? ORDER BY category_index",
                [key, row[0]]
            ).compactMap { ScalarCoding.decode($0[0], type: row[7]) }
            fitted.append(
                FittedTransformation(
                    column: row[1].stringValue ?? "", kind: kind, mean: row[3].doubleValue, std: row[4].doubleValue,
                    min: row[5].doubleValue, max: row[6].doubleValue, categories: categories))
        }
        return fitted
    }
}
