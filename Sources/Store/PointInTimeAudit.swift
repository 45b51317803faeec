import Frame

/// Checks a frame a model was trained on against the offline store: for each row (keys and spine
/// time) and each view feature the frame carries, is its value the point-in-time value — the one
/// of the latest row at or before the spine time, raw or transformed as serving transforms it?
/// A value that is not, but equals a later row's value of the same key, leaked from the future;
/// any other disagreement means the frame was read from another source (or an older snapshot).
struct PointInTimeAudit {
    /// Rows of the frame.
    var rowCount = 0
    /// Features compared (output names).
    var checked: [String] = []
    /// Rows holding at least one value from after their spine time.
    var futureRows = 0
    /// The first such row, worded for a report.
    var futureExample: String?
    /// Rows with a disagreement that is not a future value.
    var sourceRows = 0
    /// The first such row, worded for a report.
    var sourceExample: String?
    /// Features whose values are raw although serving transforms them, with the transformation.
    var untransformed: [(column: String, kind: TransformationKind)] = []
    /// Features matching serving's transformed values.
    var transformed: [String] = []
    /// Why the frame could not be audited, if it could not.
    var unavailable: String?

    /// Audits `frame` against `view` read now, with serving's fitted parameters `fitted`. Only the
    /// view features the model reads (`modelFeatures`, directly or as one-hot columns `<name>_…`)
    /// are checked: a column the model ignores cannot skew it. An empty list checks them all.
    init(
        store: FeatureStore, view: FeatureView, frame: DataFrame, spineTime: String?, fitted: [FittedTransformation],
        modelFeatures: [String] = []
    ) throws(StoreError) {
        rowCount = frame.height
        let time = spineTime ?? view.sources.lazy.compactMap { $0.group.spec.eventTime }.first ?? ""
        let needed = view.keyColumns + (time.isEmpty ? [] : [time])
        if let missing = needed.first(where: { frame.column(named: $0) == nil }) {
            unavailable = "the frame has no column \(columnReference(missing)), so its rows cannot be matched to the store"
            return
        }
        let read = view.featureNames.filter { name in
            modelFeatures.isEmpty || modelFeatures.contains(name) || modelFeatures.contains { $0.hasPrefix(name + "_") }
        }
        let features = read.filter { frame.column(named: $0) != nil }
        if features.isEmpty && !modelFeatures.isEmpty {
            unavailable = "the frame holds none of the view's features the model reads (\(read.map(columnReference).joined(separator: ", ")))"
            return
        }
        if features.isEmpty {
            unavailable = "the frame holds none of the view's features (\(view.featureNames.map(columnReference).joined(separator: ", ")))"
            return
        }
        let spine: DataFrame
        do throws(FrameError) {
            spine = try frame.select(needed)
        } catch {
            throw StoreError.frame(error, "auditing the training frame")
        }
        let expected = try store.pointInTimeFeatures(view, spine: spine, spineTime: time.isEmpty ? nil : time)
        let expectedTransformed = try Transformer.apply(fitted, to: expected, context: "auditing the training frame")
        var future = [Bool](repeating: false, count: frame.height)
        var other = [Bool](repeating: false, count: frame.height)
        for name in features {
            guard let given = frame.column(named: name), let raw = expected.column(named: name) else { continue }
            checked.append(name)
            let kind = fitted.first { $0.column == name }?.kind
            let comparable = kind.map { $0 != .oneHot } ?? false
            let rawAgreement = Self.agreement(given, raw)
            var space = raw
            var fit: FittedTransformation? = nil
            if comparable, let scaled = expectedTransformed.column(named: name) {
                let scaledAgreement = Self.agreement(given, scaled)
                if scaledAgreement.count >= rawAgreement.count {
                    space = scaled
                    fit = fitted.first { $0.column == name }
                    transformed.append(name)
                } else if let kind {
                    untransformed.append((name, kind))
                }
            }
            let agree = Self.agreement(given, space)
            let mismatched = (0..<frame.height).filter { !agree.rows[$0] }
            if mismatched.isEmpty { continue }
            let leaked = try futureMatches(store: store, view: view, frame: frame, time: time, feature: name, rows: mismatched, fit: fit)
            for row in mismatched {
                if leaked.rows.contains(row) {
                    future[row] = true
                } else {
                    if !other[row] && sourceExample == nil {
                        sourceExample = "row \(row) has \(columnReference(name)) \(ColumnAccess(given).rendered(row)) where the store had \(ColumnAccess(space).rendered(row))"
                    }
                    other[row] = true
                }
            }
            if futureExample == nil, let example = leaked.example { futureExample = example }
        }
        futureRows = future.filter { $0 }.count
        sourceRows = other.filter { $0 }.count
    }

    /// Row by row: does `given` equal `expected` (nulls equal nulls)?
    static func agreement(_ given: Column, _ expected: Column) -> (rows: [Bool], count: Int) {
        let a = ColumnAccess(given)
        let b = ColumnAccess(expected)
        var rows = [Bool](repeating: false, count: given.count)
        var count = 0
        for row in 0..<min(given.count, expected.count) {
            let aNull = a.isNull(row)
            let bNull = b.isNull(row)
            let same: Bool
            if aNull || bNull {
                same = aNull && bNull
            } else if let x = a.ints, let y = b.ints {
                same = x[row] == y[row]
            } else if a.strings != nil || b.strings != nil {
                same = a.strings != nil && b.strings != nil
                    && a.withBytes(row, { x in b.withBytes(row) { y in ByteOrder.compare(x, y) == 0 } })
            } else {
                same = a.double(row) == b.double(row)
            }
            rows[row] = same
            if same { count += 1 }
        }
        return (rows, count)
    }

    /// Which of `rows` hold, for `feature`, the value of a row of the same key with an event time
    /// after their spine time; and the first of them, worded.
    private func futureMatches(
        store: FeatureStore, view: FeatureView, frame: DataFrame, time: String, feature: String, rows: [Int],
        fit: FittedTransformation?
    ) throws(StoreError) -> (rows: Set<Int>, example: String?) {
        guard !time.isEmpty, let column = view.columns.first(where: { $0.name == feature }) else { return ([], nil) }
        let source = view.sources[column.source]
        guard let eventTime = source.group.spec.eventTime else { return ([], nil) }
        let keys = source.keys.map(\.spine)
        do {
            var history = try store.offlineRows(
                source.group, start: nil, end: nil, watermark: nil, columns: source.keys.map(\.group) + [eventTime, column.column])
            var renames = source.keys.filter { $0.group != $0.spine }.map { (from: $0.group, to: $0.spine) }
            renames.append((eventTime, "fti_audit_time"))
            if column.column != feature { renames.append((column.column, feature)) }
            history = try history.renaming(renames)
            if let fit { history = try Transformer.apply([fit], to: history, context: "auditing the training frame") }
            history = try history.renaming([(feature, "fti_audit_value")])
            let picked = try frame.gather(rows).select(keys + [time, feature])
                .setting(Column(name: "fti_audit_row", ints: rows.map { Int64($0) }))
                .renaming([(time, "fti_audit_spine"), (feature, "fti_audit_given")])
            let later = try picked.join(history, on: keys, how: .inner).filter(
                .binary(
                    .and, .binary(.greater, .column("fti_audit_time"), .column("fti_audit_spine")),
                    .binary(.equal, .column("fti_audit_given"), .column("fti_audit_value"))))
            guard let found = later.column(named: "fti_audit_row"), let when = later.column(named: "fti_audit_time"),
                let spine = later.column(named: "fti_audit_spine")
            else { return ([], nil) }
            let foundRows = ColumnAccess(found)
            var matched = Set<Int>()
            for index in 0..<found.count { matched.insert(Int(foundRows.int64(index))) }
            var example: String? = nil
            if later.height > 0 {
                let row = foundRows.int64(0)
                example = "row \(row) at \(ColumnAccess(spine).rendered(0)) has \(columnReference(feature)) from \(ColumnAccess(when).rendered(0))"
            }
            return (matched, example)
        } catch {
            throw StoreError.wrap(error, "auditing the training frame")
        }
    }
}
