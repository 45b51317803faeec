import Frame

/// The definition of a feature group version: what `featureGroup(_:)` creates, or checks an
/// existing group against.
///
/// Without an event time the group is reference data (SCD type 0: rows keyed by the primary key
/// alone and never changed). With one, the offline table keeps the history (one row per key and
/// event time); `online` adds an online table holding the latest row per key (SCD type 4).
public struct FeatureGroupSpec: Sendable, Equatable {
    /// Lowercase identifier, unique together with `version`.
    public var name: String
    /// 1 or more; a breaking schema change needs a new version.
    public var version: Int
    /// Key columns (one or more), never null.
    public var primaryKey: [String]
    /// The event-time column (timestamp or int), or nil for reference data.
    public var eventTime: String?
    /// Whether an online table keeps the latest row per key.
    public var online: Bool
    /// Free text for people.
    public var description: String
    /// Who answers for the data.
    public var owner: String
    /// Tags on the group as a whole.
    public var tags: [String]
    /// Tags per column, such as `pii` on an e-mail column.
    public var columnTags: [String: [String]]

    /// A definition; everything but the name, version and key is optional.
    public init(
        name: String, version: Int = 1, primaryKey: [String], eventTime: String? = nil, online: Bool = false,
        description: String = "", owner: String = "", tags: [String] = [], columnTags: [String: [String]] = [:]
    ) {
        self.name = name
        self.version = version
        self.primaryKey = primaryKey
        self.eventTime = eventTime
        self.online = online
        self.description = description
        self.owner = owner
        self.tags = tags
        self.columnTags = columnTags
    }

    /// Checks names, the key and the tags.
    func check() throws(StoreError) {
        try StoreNames.checkEntity(name, "feature group")
        try StoreNames.checkVersion(version, "feature group '\(name)'")
        let context = "feature group '\(name)' v\(version)"
        if primaryKey.isEmpty {
            throw StoreError(.invalidArgument, "\(context) needs a primary key of one or more columns")
        }
        try StoreNames.checkColumns(primaryKey + (eventTime.map { [$0] } ?? []), context)
        for tag in tags + columnTags.values.flatMap({ $0 }) where tag.isEmpty {
            throw StoreError(.invalidArgument, "\(context): a tag must not be empty")
        }
        for column in columnTags.keys.sorted() { try StoreNames.checkColumn(column, context + " column tags") }
    }

    /// The group's tags and column tags as sorted (column, tag) pairs, column "" for group tags.
    var tagPairs: [(column: String, tag: String)] {
        var pairs = Array(Set(tags)).sorted().map { (column: "", tag: $0) }
        for column in columnTags.keys.sorted() {
            for tag in Array(Set(columnTags[column] ?? [])).sorted() { pairs.append((column, tag)) }
        }
        return pairs
    }
}

/// One column of a feature group's schema.
public struct FeatureColumn: Sendable, Equatable {
    /// The column name.
    public var name: String
    /// Its type.
    public var type: DataType

    /// A column.
    public init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }
}

/// An open feature group version: its definition, schema (known after the first insert),
/// expectations and policy. A snapshot: the store re-reads the registry on every call.
public struct FeatureGroup: Sendable, Equatable {
    /// The registry id.
    let id: Int64
    /// The definition.
    public let spec: FeatureGroupSpec
    /// The columns in order (keys, event time and features); empty until the first insert.
    public let columns: [FeatureColumn]
    /// The expectation suite checked on every insert.
    public let expectations: [FeatureExpectation]
    /// What an insert does when an expectation fails.
    public let policy: ValidationPolicy
    /// The offline table's name; the online, history and reject tables add a suffix.
    let tableName: String

    /// The group's name.
    public var name: String { spec.name }
    /// The group's version.
    public var version: Int { spec.version }
    /// True for reference data (no event time: SCD type 0).
    public var isReference: Bool { spec.eventTime == nil }
    /// Columns other than the key and the event time.
    public var featureNames: [String] {
        columns.map(\.name).filter { !spec.primaryKey.contains($0) && $0 != spec.eventTime }
    }
    /// `feature group 'name' vN`, for messages.
    var label: String { "feature group '\(spec.name)' v\(spec.version)" }
    /// The type of column `name`, if the schema has it.
    func type(of name: String) -> DataType? { columns.first { $0.name == name }?.type }

    var onlineTable: String { tableName + "_online" }
    var historyTable: String { tableName + "_history" }
    var rejectTable: String { tableName + "_rejects" }
}
