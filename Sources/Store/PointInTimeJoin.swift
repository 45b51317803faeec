import Frame

/// Point-in-time correct training rows (research/feature-store-asof.md, B.4): for each spine row,
/// each history group contributes its row with the same key and the latest event time at or before
/// the spine time (never a later one), within the source's TTL; reference groups are plain key
/// lookups. Output rows are the spine rows, in spine order. Each group is joined independently
/// with Frame's ASOF join (backward, exact matches allowed, left).
struct PointInTimeJoin {
    let store: FeatureStore
    let view: FeatureView
    /// The spine's time column ("" when every source is reference data and no time was given).
    let spineTime: String
    let context: String
    /// True when the caller holds the write lock (`trainingData`): large group scans may then be
    /// read in two halves at once (`FeatureStore.parallelScan`).
    var exclusive = false

    /// Name of a group's event time while it is joined (the store reserves the `fti_` prefix).
    static let matchedTime = "fti_pit_time"

    /// Checks the spine against the view: time and key columns present with the groups' types, no
    /// null times, labels from exactly one place, no clashing names.
    func checkSpine(_ spine: DataFrame) throws(StoreError) {
        try StoreNames.checkSpineColumns(spine.columnNames, context + ": spine")
        if !spineTime.isEmpty {
            guard let time = spine.column(named: spineTime) else {
                throw StoreError(
                    .missingColumn,
                    "\(context): the spine has no time column \(columnReference(spineTime)); pass spine_time: to name it")
            }
            if time.type != .timestamp && time.type != .int {
                throw StoreError(
                    .typeMismatch, "\(context): spine time \(columnReference(spineTime)) is \(time.type.name); it must be a timestamp or an int")
            }
            let access = ColumnAccess(time)
            var nullRows: [Int] = []
            for row in 0..<access.count where access.isNull(row) { nullRows.append(row) }
            if !nullRows.isEmpty {
                let shown = nullRows.prefix(5).map(String.init).joined(separator: ", ")
                throw StoreError(
                    .nullKey,
                    "\(context): spine row\(nullRows.count == 1 ? "" : "s") \(shown)\(nullRows.count > 5 ? ", …" : "") \(nullRows.count == 1 ? "has" : "have") a null time in \(columnReference(spineTime)); drop them first")
            }
            for source in view.sources {
                guard let eventTime = source.group.spec.eventTime, let type = source.group.type(of: eventTime) else { continue }
                if type != time.type {
                    throw StoreError(
                        .typeMismatch,
                        "\(context): spine time \(columnReference(spineTime)) is \(time.type.name) but the event time of \(source.group.label) is \(type.name)")
                }
            }
        }
        for source in view.sources {
            for key in source.keys {
                guard let column = spine.column(named: key.spine) else {
                    var message = "\(context): the spine has no key column \(columnReference(key.spine)) for \(source.group.label)"
                    if let near = closestName(to: key.spine, among: spine.columnNames) { message += "; did you mean \(columnReference(near))?" }
                    throw StoreError(.missingColumn, message)
                }
                if let type = source.group.type(of: key.group), type != column.type {
                    throw StoreError(
                        .typeMismatch,
                        "\(context): spine key \(columnReference(key.spine)) is \(column.type.name) but key \(columnReference(key.group)) of \(source.group.label) is \(type.name)")
                }
            }
        }
        let outputs = view.columns
        for column in spine.columnNames {
            if let feature = outputs.first(where: { $0.name == column }) {
                let group = view.sources[feature.source].group.label
                if view.labels.contains(column) {
                    throw StoreError(
                        .duplicateName,
                        "\(context): label \(columnReference(column)) comes both from the spine and from \(group); a label must come from one place (a label selected as a feature leaks it)")
                }
                throw StoreError(
                    .duplicateName,
                    "\(context): spine column \(columnReference(column)) clashes with the feature of \(group); rename it or give the source a prefix")
            }
        }
        for label in view.labels where !outputs.contains(where: { $0.name == label }) && spine.column(named: label) == nil {
            throw StoreError(
                .missingColumn, "\(context): label \(columnReference(label)) is neither a spine column nor a feature of the view")
        }
    }

    /// The joined rows: spine columns (labels moved last), features, labels. `watermarks` (per
    /// source) replays the groups as of those commits.
    func run(_ spine: DataFrame, watermarks: [Int64?]) throws(StoreError) -> DataFrame {
        try checkSpine(spine)
        var result = spine
        var low: Int64? = nil
        var high: Int64? = nil
        if !spineTime.isEmpty, let time = spine.column(named: spineTime), let values = time.int64Values {
            for row in 0..<time.count {
                low = Swift.min(low ?? values[row], values[row])
                high = Swift.max(high ?? values[row], values[row])
            }
        }
        for (index, source) in view.sources.enumerated() {
            let group = source.group
            let features = view.columns.filter { $0.source == index }
            let eventTime = group.spec.eventTime
            let names = source.keys.map(\.group) + (eventTime.map { [$0] } ?? []) + features.map(\.column)
            // Only rows that can match: event time ≤ the latest spine time, ≥ the earliest minus the TTL.
            var start: Int64? = nil
            var end: Int64? = nil
            if eventTime != nil {
                end = high.map { $0 == Int64.max ? Int64.max : $0 + 1 } ?? Int64.min
                if let ttl = source.ttl, let low { start = low &- ttl }
            }
            var rows = try store.offlineRows(
                group, start: start, end: end, watermark: watermarks[index], columns: names, scan: true, exclusive: exclusive)
            var renames: [(from: String, to: String)] = []
            for key in source.keys where key.group != key.spine { renames.append((key.group, key.spine)) }
            if let eventTime { renames.append((eventTime, Self.matchedTime)) }
            for feature in features where feature.column != feature.name { renames.append((feature.column, feature.name)) }
            let keys = source.keys.map(\.spine)
            do throws(FrameError) {
                rows = try rows.renaming(renames)
                if eventTime == nil {
                    result = try result.join(rows, leftOn: keys, rightOn: keys, how: .left)
                } else {
                    let type = group.type(of: eventTime ?? "") ?? .timestamp
                    let tolerance: Scalar? = source.ttl.map { type == .timestamp ? .duration($0) : .int($0) }
                    result = try result.asofJoin(
                        rows, leftOn: spineTime, rightOn: Self.matchedTime, leftBy: keys, rightBy: keys, strategy: .backward,
                        tolerance: tolerance, allowExactMatches: true, how: .left)
                    result = try result.dropping([Self.matchedTime])
                }
            } catch {
                throw StoreError.frame(error, "\(context): joining \(group.label)")
            }
        }
        let spineColumns = spine.columnNames.filter { !view.labels.contains($0) }
        do throws(FrameError) {
            return try result.select(spineColumns + view.featureNames + view.labels)
        } catch {
            throw StoreError.frame(error, context)
        }
    }
}
