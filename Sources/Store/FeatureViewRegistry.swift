import Frame

/// Creating, opening and loading feature views.
extension FeatureStore {
    /// Creates the feature view `spec` describes, or opens it when it exists with the same
    /// definition (a source given without a feature list matches whatever the view selected).
    public func featureView(_ spec: FeatureViewSpec) throws(StoreError) -> FeatureView {
        try StoreNames.checkEntity(spec.name, "feature view")
        try StoreNames.checkVersion(spec.version, "feature view '\(spec.name)'")
        if let existing = try loadView(name: spec.name, version: spec.version) {
            if let difference = Self.difference(stored: existing.spec, given: spec) {
                let next = (try featureViewVersions(named: spec.name).last ?? 0) + 1
                throw StoreError(
                    .definitionMismatch,
                    "\(existing.label) already exists with \(difference); give the same definition to open it, or create version \(next)")
            }
            return existing
        }
        let resolved = try resolve(spec)
        let created = try writing("cannot create feature view '\(spec.name)' v\(spec.version)") { () throws -> Bool in
            // Another process may have created it since the look above (made without the write lock).
            if try firstRow("SELECT 1 FROM fti_feature_view WHERE name = ? AND version = ?", [.string(spec.name), .int(Int64(spec.version))]) != nil {
                return false
            }
            try run(
                "INSERT INTO fti_feature_view (name, version, description, created_at) VALUES (?, ?, ?, ?)",
                [.string(spec.name), .int(Int64(spec.version)), .string(spec.description), .int(clock())])
            let id = Scalar.int(connection.lastInsertRowID)
            for (index, source) in resolved.sources.enumerated() {
                let position = Scalar.int(Int64(index))
                try run(
                    "INSERT INTO fti_feature_view_source (view_id, position, group_id, prefix, ttl) VALUES (?, ?, ?, ?, ?)",
                    [id, position, .int(source.group.id), .string(source.prefix), source.ttl.map(Scalar.int) ?? .null])
                for (keyIndex, key) in source.keys.enumerated() {
                    try run(
                        "INSERT INTO fti_feature_view_key (view_id, source, position, spine_column, group_column) VALUES (?, ?, ?, ?, ?)",
                        [id, position, .int(Int64(keyIndex)), .string(key.spine), .string(key.group)])
                }
            }
            for (index, column) in resolved.columns.enumerated() {
                try run(
                    "INSERT INTO fti_feature_view_feature (view_id, source, position, column_name) VALUES (?, ?, ?, ?)",
                    [id, .int(Int64(column.source)), .int(Int64(index)), .string(column.column)])
            }
            for (index, label) in spec.labels.enumerated() {
                try run(
                    "INSERT INTO fti_feature_view_label (view_id, position, name) VALUES (?, ?, ?)",
                    [id, .int(Int64(index)), .string(label)])
            }
            for (index, transformation) in spec.transformations.enumerated() {
                try run(
                    "INSERT INTO fti_feature_view_transform (view_id, position, column_name, kind) VALUES (?, ?, ?, ?)",
                    [id, .int(Int64(index)), .string(transformation.column), .string(transformation.kind.rawValue)])
            }
            return true
        }
        // Created by someone else meanwhile: open it, comparing the definitions.
        if !created { return try featureView(spec) }
        return try featureView(named: spec.name, version: spec.version)
    }

    /// Opens an existing feature view version; unknown names and versions are errors listing what exists.
    public func featureView(named name: String, version: Int) throws(StoreError) -> FeatureView {
        if let view = try loadView(name: name, version: version) { return view }
        let versions = try featureViewVersions(named: name)
        if !versions.isEmpty {
            throw StoreError(
                .notFound,
                "unknown feature view '\(name)' v\(version); it has version\(versions.count == 1 ? "" : "s") \(versions.map(String.init).joined(separator: ", "))")
        }
        let names = try reading("cannot list feature views") { () throws -> [String] in
            try rows("SELECT DISTINCT name FROM fti_feature_view ORDER BY name").compactMap { $0[0].stringValue }
        }
        var message = "unknown feature view '\(name)'"
        if let near = closestName(to: name, among: names) { message += "; did you mean '\(near)'?" }
        throw StoreError(.notFound, message)
    }

    /// The versions of feature view `name`, ascending.
    public func featureViewVersions(named name: String) throws(StoreError) -> [Int] {
        try reading("cannot list feature views") { () throws -> [Int] in
            try rows("SELECT version FROM fti_feature_view WHERE name = ? ORDER BY version", [.string(name)])
                .compactMap { $0[0].integerValue.map(Int.init) }
        }
    }

    /// Checks a definition against its groups and spells out its output columns.
    func resolve(_ spec: FeatureViewSpec) throws(StoreError) -> (sources: [ResolvedSource], columns: [ViewFeature]) {
        let context = "feature view '\(spec.name)' v\(spec.version)"
        if spec.sources.isEmpty { throw StoreError(.invalidArgument, "\(context) needs at least one feature group") }
        var sources: [ResolvedSource] = []
        var columns: [ViewFeature] = []
        for (index, source) in spec.sources.enumerated() {
            let group = try featureGroup(named: source.group, version: source.version)
            if group.columns.isEmpty {
                throw StoreError(
                    .invalidArgument, "\(context): \(group.label) has no data yet, so its columns are unknown; insert a batch first")
            }
            for key in source.keyMap.keys.sorted() where !group.spec.primaryKey.contains(key) {
                throw StoreError(
                    .invalidArgument,
                    "\(context): key map names \(columnReference(key)), which is not a key of \(group.label) (its key is \(group.spec.primaryKey.map(columnReference).joined(separator: ", ")))")
            }
            let keys = group.spec.primaryKey.map { (group: $0, spine: source.keyMap[$0] ?? $0) }
            try StoreNames.checkColumns(keys.map(\.spine), context)
            if let ttl = source.ttl {
                if ttl < 0 { throw StoreError(.invalidArgument, "\(context): the ttl of \(group.label) must not be negative") }
                if group.isReference {
                    throw StoreError(.invalidArgument, "\(context): \(group.label) is reference data (no event time), so it cannot have a ttl")
                }
            }
            let available = group.featureNames
            for name in source.features ?? available {
                guard let type = group.type(of: name), available.contains(name) else {
                    let isKey = group.spec.primaryKey.contains(name) || name == group.spec.eventTime
                    var message = isKey
                        ? "\(context): \(columnReference(name)) is a key or event time of \(group.label), not a feature (keys come from the spine)"
                        : "\(context): \(group.label) has no feature \(columnReference(name))"
                    if !isKey, let near = closestName(to: name, among: available) { message += "; did you mean \(columnReference(near))?" }
                    throw StoreError(.missingColumn, message)
                }
                columns.append(ViewFeature(source: index, column: name, name: source.prefix + name, type: type))
            }
            sources.append(ResolvedSource(group: group, keys: keys, prefix: source.prefix, ttl: source.ttl))
        }
        let keyNames = sources.flatMap { $0.keys.map(\.spine) }
        var seen: [String] = []
        for column in columns {
            try StoreNames.checkColumn(column.name, context)
            if seen.contains(column.name) || keyNames.contains(column.name) {
                let groups = columns.filter { $0.name == column.name }.map { sources[$0.source].group.label }
                throw StoreError(
                    .duplicateName,
                    "\(context): the output would have two columns \(columnReference(column.name)) (from \(groups.joined(separator: " and "))\(keyNames.contains(column.name) ? " and the spine keys" : "")); give a source a prefix")
            }
            seen.append(column.name)
        }
        for (index, label) in spec.labels.enumerated() {
            try StoreNames.checkColumn(label, context + " label")
            if spec.labels[..<index].contains(label) {
                throw StoreError(.duplicateName, "\(context): label \(columnReference(label)) is given twice")
            }
            if keyNames.contains(label) {
                throw StoreError(.invalidArgument, "\(context): label \(columnReference(label)) is a key column")
            }
        }
        for (index, transformation) in spec.transformations.enumerated() {
            let name = transformation.column
            if spec.transformations[..<index].contains(where: { $0.column == name }) {
                throw StoreError(.duplicateName, "\(context): \(columnReference(name)) has two transformations")
            }
            if let column = columns.first(where: { $0.name == name }) {
                try Transformer.check(transformation.kind, type: column.type, column: name, context: context)
            } else if !spec.labels.contains(name) {
                throw StoreError(
                    .missingColumn,
                    "\(context): transformation \(transformation.kind.rawValue) names \(columnReference(name)), which is neither a feature nor a label of the view")
            }
        }
        return (sources, columns)
    }

    /// The first difference between a stored view and a given definition, worded for a message.
    static func difference(stored: FeatureViewSpec, given: FeatureViewSpec) -> String? {
        if stored.sources.count != given.sources.count {
            return "\(stored.sources.count) feature group\(stored.sources.count == 1 ? "" : "s"), not \(given.sources.count)"
        }
        for (index, (a, b)) in zip(stored.sources, given.sources).enumerated() {
            let which = "source \(index + 1)"
            if a.group != b.group || a.version != b.version {
                return "\(which) '\(a.group)' v\(a.version), not '\(b.group)' v\(b.version)"
            }
            if let features = b.features, features != a.features {
                return "\(which) features [\((a.features ?? []).joined(separator: ", "))], not [\(features.joined(separator: ", "))]"
            }
            if a.keyMap != b.keyMap.filter({ $0.key != $0.value }) { return "another key map for \(which)" }
            if a.prefix != b.prefix { return "\(which) prefix \"\(a.prefix)\", not \"\(b.prefix)\"" }
            if a.ttl != b.ttl { return "\(which) ttl \(a.ttl.map(NumberFormatting.duration) ?? "none"), not \(b.ttl.map(NumberFormatting.duration) ?? "none")" }
        }
        if stored.labels != given.labels {
            return "labels [\(stored.labels.joined(separator: ", "))], not [\(given.labels.joined(separator: ", "))]"
        }
        if stored.transformations != given.transformations { return "other transformations" }
        if stored.description != given.description {
            return "description \"\(stored.description)\", not \"\(given.description)\""
        }
        return nil
    }

    /// The view `name` version `version`, or nil.
    func loadView(name: String, version: Int) throws(StoreError) -> FeatureView? {
        try reading("cannot read feature view '\(name)' v\(version)") { () throws -> FeatureView? in
            guard let row = try firstRow(
                "SELECT id FROM fti_feature_view WHERE name = ? AND version = ?", [.string(name), .int(Int64(version))]),
                let id = row[0].integerValue
            else { return nil }
            return try loadView(id: id)
        }
    }

    /// The view with registry id `id`.
    func loadView(id: Int64) throws -> FeatureView {
        let key = Scalar.int(id)
        guard let row = try firstRow("SELECT name, version, description FROM fti_feature_view WHERE id = ?", [key]) else {
            throw StoreError(.notFound, "unknown feature view id \(id)")
        }
        var sources: [ResolvedSource] = []
        for sourceRow in try rows(
            "SELECT position, group_id, prefix, ttl FROM fti_feature_view_source WHERE view_id = ? ORDER BY position", [key])
        {
            let group = try loadGroup(id: sourceRow[1].integerValue ?? 0)
            let keys = try rows(
                "SELECT group_column, spine_column FROM fti_feature_view_key WHERE view_id = ? AND source = ? ORDER BY position",
                [key, sourceRow[0]]
            ).map { (group: $0[0].stringValue ?? "", spine: $0[1].stringValue ?? "") }
            sources.append(
                ResolvedSource(group: group, keys: keys, prefix: sourceRow[2].stringValue ?? "", ttl: sourceRow[3].integerValue))
        }
        var columns: [ViewFeature] = []
        for featureRow in try rows(
            "SELECT source, column_name FROM fti_feature_view_feature WHERE view_id = ? ORDER BY position", [key])
        {
            let source = Int(featureRow[0].integerValue ?? 0)
            let name = featureRow[1].stringValue ?? ""
            guard source < sources.count, let type = sources[source].group.type(of: name) else {
                throw StoreError(.database, "feature view '\(row[0].stringValue ?? "")' has a damaged feature row")
            }
            columns.append(ViewFeature(source: source, column: name, name: sources[source].prefix + name, type: type))
        }
        let labels = try rows("SELECT name FROM fti_feature_view_label WHERE view_id = ? ORDER BY position", [key])
            .compactMap { $0[0].stringValue }
        let transformations = try rows(
            "SELECT column_name, kind FROM fti_feature_view_transform WHERE view_id = ? ORDER BY position", [key]
        ).compactMap { row -> FeatureTransformation? in
            guard let column = row[0].stringValue, let kind = TransformationKind(rawValue: row[1].stringValue ?? "") else {
                return nil
            }
            return FeatureTransformation(column, kind)
        }
        return FeatureView(
            id: id, name: row[0].stringValue ?? "", version: Int(row[1].integerValue ?? 0),
            description: row[2].stringValue ?? "", sources: sources, columns: columns, labels: labels,
            transformations: transformations)
    }
}
