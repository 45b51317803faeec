import Frame

/// Expectations in the registry: one row per expectation (kind, columns, bounds, pattern) and one
/// row per value of an `in_set`.
extension FeatureStore {
    /// Writes expectation number `position` of group `groupID`.
    func storeExpectation(_ expectation: FeatureExpectation, position: Int, groupID: Int64) throws {
        var low: Scalar? = nil
        var high: Scalar? = nil
        var strictLow = false
        var strictHigh = false
        var pattern: Scalar = .null
        var values: [Scalar] = []
        switch expectation {
        case .notNull, .unique: break
        case .between(_, let min, let max, let strictMin, let strictMax):
            (low, high, strictLow, strictHigh) = (min, max, strictMin, strictMax)
        case .inSet(_, let set): values = set
        case .matches(_, let text): pattern = .string(text)
        case .rowCountBetween(let min, let max):
            low = min.map { .int(Int64($0)) }
            high = max.map { .int(Int64($0)) }
        case .meanBetween(_, let min, let max):
            low = min.map(Scalar.float)
            high = max.map(Scalar.float)
        case .maxNullFraction(_, let fraction): high = .float(fraction)
        }
        let lowStored = ScalarCoding.encode(low)
        let highStored = ScalarCoding.encode(high)
        try run(
            """
            INSERT INTO fti_expectation (group_id, position, kind, columns, min_value, min_type, max_value, max_type,
                strict_min, strict_max, pattern) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(groupID), .int(Int64(position)), .string(expectation.kindName),
                .string(expectation.columns.joined(separator: ",")), lowStored.value, lowStored.type, highStored.value,
                highStored.type, .int(strictLow ? 1 : 0), .int(strictHigh ? 1 : 0), pattern,
            ])
        for (index, value) in values.enumerated() {
            let stored = ScalarCoding.encode(value)
            try run(
                "INSERT INTO fti_expectation_value (group_id, position, value_index, value, value_type) VALUES (?, ?, ?, ?, ?)",
                [.int(groupID), .int(Int64(position)), .int(Int64(index)), stored.value, stored.type])
        }
    }

    /// The expectations of group `groupID`, in order.
    func loadExpectations(groupID: Int64) throws -> [FeatureExpectation] {
        let key = Scalar.int(groupID)
        var expectations: [FeatureExpectation] = []
        for row in try rows(
            """
            SELECT position, kind, columns, min_value, min_type, max_value, max_type, strict_min, strict_max, pattern
            FROM fti_expectation WHERE group_id = ? ORDER BY position
            """, [key])
        {
            let kind = row[1].stringValue ?? ""
            let columns = (row[2].stringValue ?? "").split(separator: ",").map(String.init)
            let low = ScalarCoding.decode(row[3], type: row[4])
            let high = ScalarCoding.decode(row[5], type: row[6])
            let column = columns.first ?? ""
            switch kind {
            case "not_null": expectations.append(.notNull(column))
            case "unique": expectations.append(.unique(columns))
            case "between":
                expectations.append(
                    .between(column, min: low, max: high, strictMin: row[7].integerValue == 1, strictMax: row[8].integerValue == 1))
            case "in_set":
                let values = try rows(
                    "SELECT value, value_type FROM fti_expectation_value WHERE group_id = ? AND position = ? ORDER BY value_index",
                    [key, row[0]]
                ).map { ScalarCoding.decode($0[0], type: $0[1]) ?? .null }
                expectations.append(.inSet(column, values))
            case "matches": expectations.append(.matches(column, pattern: row[9].stringValue ?? ""))
            case "row_count_between":
                expectations.append(.rowCountBetween(min: low?.integerValue.map(Int.init), max: high?.integerValue.map(Int.init)))
            case "mean_between": expectations.append(.meanBetween(column, min: low?.doubleValue, max: high?.doubleValue))
            case "max_null_fraction": expectations.append(.maxNullFraction(column, high?.doubleValue ?? 0))
            default: throw StoreError(.database, "unknown expectation kind '\(kind)' in the registry")
            }
        }
        return expectations
    }
}
