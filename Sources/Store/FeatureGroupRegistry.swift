import Frame

/// Creating, opening and describing feature groups in the registry tables.
extension FeatureStore {
    /// Creates the feature group version `spec` describes, or opens it when it exists with the same
    /// definition; a different definition is an error naming the first difference.
    public func featureGroup(_ spec: FeatureGroupSpec) throws(StoreError) -> FeatureGroup {
        try spec.check()
        if let existing = try loadGroup(name: spec.name, version: spec.version) {
            if let difference = Self.difference(stored: existing.spec, given: spec) {
                let next = try nextGroupVersion(spec.name)
                throw StoreError(
                    .definitionMismatch,
                    "\(existing.label) already exists with \(difference); give the same definition to open it, or create version \(next)")
            }
            return existing
        }
        let table = "fg_\(spec.name)_v\(spec.version)"
        let created = try writing("cannot create feature group '\(spec.name)' v\(spec.version)") { () throws -> Bool in
            // Another process may have created it since the look above (made without the write lock).
            if try firstRow("SELECT 1 FROM fti_feature_group WHERE name = ? AND version = ?", [.string(spec.name), .int(Int64(spec.version))]) != nil {
                return false
            }
            try run(
                """
                INSERT INTO fti_feature_group (name, version, event_time, online, description, owner, table_name, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .string(spec.name), .int(Int64(spec.version)), spec.eventTime.map(Scalar.string) ?? .null,
                    .int(spec.online ? 1 : 0), .string(spec.description), .string(spec.owner), .string(table),
                    .int(clock()),
                ])
            let id = connection.lastInsertRowID
            for (position, key) in spec.primaryKey.enumerated() {
                try run(
                    "INSERT INTO fti_feature_group_key (group_id, position, name) VALUES (?, ?, ?)",
                    [.int(id), .int(Int64(position)), .string(key)])
            }
            for pair in spec.tagPairs {
                try run(
                    "INSERT INTO fti_feature_group_tag (group_id, column_name, tag) VALUES (?, ?, ?)",
                    [.int(id), .string(pair.column), .string(pair.tag)])
            }
            return true
        }
        // Created by someone else meanwhile: open it, comparing the definitions.
        if !created { return try featureGroup(spec) }
        guard let group = try loadGroup(name: spec.name, version: spec.version) else {
            throw StoreError(.database, "feature group '\(spec.name)' v\(spec.version) vanished after creation")
        }
        return group
    }

    /// Opens an existing feature group version; an unknown name or version is an error listing
    /// what exists.
    public func featureGroup(named name: String, version: Int) throws(StoreError) -> FeatureGroup {
        if let group = try loadGroup(name: name, version: version) { return group }
        let versions = try featureGroupVersions(named: name)
        if !versions.isEmpty {
            throw StoreError(
                .notFound,
                "unknown feature group '\(name)' v\(version); it has version\(versions.count == 1 ? "" : "s") \(versions.map(String.init).joined(separator: ", "))")
        }
        let names = try featureGroupNames()
        var message = "unknown feature group '\(name)'"
        if let near = closestName(to: name, among: names) { message += "; did you mean '\(near)'?" }
        throw StoreError(.notFound, message)
    }

    /// The versions of feature group `name`, ascending.
    public func featureGroupVersions(named name: String) throws(StoreError) -> [Int] {
        try reading("cannot list feature groups") { () throws -> [Int] in
            try rows("SELECT version FROM fti_feature_group WHERE name = ? ORDER BY version", [.string(name)])
                .compactMap { $0[0].integerValue.map(Int.init) }
        }
    }

    /// The names of all feature groups, sorted.
    public func featureGroupNames() throws(StoreError) -> [String] {
        try reading("cannot list feature groups") { () throws -> [String] in
            try rows("SELECT DISTINCT name FROM fti_feature_group ORDER BY name").compactMap { $0[0].stringValue }
        }
    }

    /// Replaces the group's expectation suite and policy (checked now, applied to later inserts).
    @discardableResult
    public func setExpectations(
        _ expectations: [FeatureExpectation], policy: ValidationPolicy = .strict, on group: FeatureGroup
    ) throws(StoreError) -> FeatureGroup {
        for expectation in expectations { try expectation.checkArguments() }
        let current = try featureGroup(named: group.name, version: group.version)
        if !current.columns.isEmpty {
            let names = current.columns.map(\.name)
            for expectation in expectations {
                for column in expectation.columns where !names.contains(column) {
                    var message = "expectation \(expectation.summary): \(current.label) has no column \(columnReference(column))"
                    if let near = closestName(to: column, among: names) { message += "; did you mean \(columnReference(near))?" }
                    throw StoreError(.missingColumn, message)
                }
            }
        }
        try writing("cannot set the expectations of \(current.label)") { () throws in
            let id = Scalar.int(current.id)
            try run("DELETE FROM fti_expectation_value WHERE group_id = ?", [id])
            try run("DELETE FROM fti_expectation WHERE group_id = ?", [id])
            try run("UPDATE fti_feature_group SET policy = ? WHERE id = ?", [.string(policy.rawValue), id])
            for (position, expectation) in expectations.enumerated() {
                try storeExpectation(expectation, position: position, groupID: current.id)
            }
        }
        return try featureGroup(named: group.name, version: group.version)
    }

    /// The next unused version number of group `name`.
    func nextGroupVersion(_ name: String) throws(StoreError) -> Int {
        (try featureGroupVersions(named: name).last ?? 0) + 1
    }

    /// The first field in which two definitions differ, worded for a message; nil when equal.
    static func difference(stored: FeatureGroupSpec, given: FeatureGroupSpec) -> String? {
        func list(_ names: [String]) -> String { "[" + names.joined(separator: ", ") + "]" }
        if stored.primaryKey != given.primaryKey {
            return "primary key \(list(stored.primaryKey)), not \(list(given.primaryKey))"
        }
        if stored.eventTime != given.eventTime {
            return "event time \(stored.eventTime.map(columnReference) ?? "none"), not \(given.eventTime.map(columnReference) ?? "none")"
        }
        if stored.online != given.online { return "online \(stored.online), not \(given.online)" }
        if stored.description != given.description {
            return "description \"\(stored.description)\", not \"\(given.description)\""
        }
        if stored.owner != given.owner { return "owner \"\(stored.owner)\", not \"\(given.owner)\"" }
        let storedTags = stored.tagPairs.map { "\($0.column).\($0.tag)" }
        let givenTags = given.tagPairs.map { "\($0.column).\($0.tag)" }
        if storedTags != givenTags {
            return "tags \(list(stored.tagPairs.map { $0.column.isEmpty ? $0.tag : "\($0.column): \($0.tag)" })), not \(list(given.tagPairs.map { $0.column.isEmpty ? $0.tag : "\($0.column): \($0.tag)" }))"
        }
        return nil
    }

    /// The group `name` version `version` from the registry, or nil.
    func loadGroup(name: String, version: Int) throws(StoreError) -> FeatureGroup? {
        try reading("cannot read feature group '\(name)' v\(version)") { () throws -> FeatureGroup? in
            guard let row = try firstRow(
                "SELECT id FROM fti_feature_group WHERE name = ? AND version = ?", [.string(name), .int(Int64(version))]),
                let id = row[0].integerValue
            else { return nil }
            return try loadGroup(id: id)
        }
    }

    /// The group with registry id `id`.
    func loadGroup(id: Int64) throws -> FeatureGroup {
        let key = Scalar.int(id)
        guard let row = try firstRow(
            "SELECT name, version, event_time, online, description, owner, policy, table_name FROM fti_feature_group WHERE id = ?",
            [key])
        else { throw StoreError(.notFound, "unknown feature group id \(id)") }
        let primaryKey = try rows("SELECT name FROM fti_feature_group_key WHERE group_id = ? ORDER BY position", [key])
            .compactMap { $0[0].stringValue }
        var tags: [String] = []
        var columnTags: [String: [String]] = [:]
        for tagRow in try rows(
            "SELECT column_name, tag FROM fti_feature_group_tag WHERE group_id = ? ORDER BY column_name, tag", [key])
        {
            guard let column = tagRow[0].stringValue, let tag = tagRow[1].stringValue else { continue }
            if column.isEmpty { tags.append(tag) } else { columnTags[column, default: []].append(tag) }
        }
        let spec = FeatureGroupSpec(
            name: row[0].stringValue ?? "", version: Int(row[1].integerValue ?? 0), primaryKey: primaryKey,
            eventTime: row[2].stringValue, online: row[3].integerValue == 1, description: row[4].stringValue ?? "",
            owner: row[5].stringValue ?? "", tags: tags, columnTags: columnTags)
        var columns: [FeatureColumn] = []
        for columnRow in try rows(
            "SELECT name, type FROM fti_feature_group_column WHERE group_id = ? ORDER BY position", [key])
        {
            guard let name = columnRow[0].stringValue, let typeName = columnRow[1].stringValue,
                let type = DataType.named(typeName)
            else { throw StoreError(.database, "feature group '\(spec.name)' has a damaged schema row") }
            columns.append(FeatureColumn(name: name, type: type))
        }
        return FeatureGroup(
            id: id, spec: spec, columns: columns, expectations: try loadExpectations(groupID: id),
            policy: ValidationPolicy(rawValue: row[6].stringValue ?? "") ?? .strict, tableName: row[7].stringValue ?? "")
    }
}
