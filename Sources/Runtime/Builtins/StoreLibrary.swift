import Frame
import Lang
import Store

/// The feature store in the language (docs/store.md): opening a store, feature groups, inserts
/// with validation, and reads of the offline history. Views, serving and the registry are in the
/// other StoreLibrary files.
enum StoreLibrary {
    static let groupParameters = [
        "store", "name", "version", "primary_key", "event_time", "online", "description", "owner", "tags", "pii",
    ]

    static let builtins: [Builtin] = [
        Builtin(name: "store", parameters: ["path"], signature: "store(\"athletes.db\") or store(\":memory:\")",
                summary: "Opens or creates a feature store (one SQLite file; \":memory:\" for a throwaway one); one per path per session",
                group: "feature store") { args, vm throws(Diagnostic) in
            try openStore(args, vm)
        },
        Builtin(name: "feature_group", parameters: groupParameters, required: 2,
                signature: "feature_group(s, \"name\", version: 1, primary_key: [.k], event_time: .day, online: true, description: \"…\", owner: \"…\", tags: [\"…\"], pii: [.email])",
                summary: "Creates a feature group version, or opens it when it exists with the same definition; with only a name (and version) it opens",
                group: "feature store") { args, _ throws(Diagnostic) in
            try featureGroup(args)
        },
        Builtin(name: "insert", parameters: ["group", "df"], signature: "insert(fg, df)",
                summary: "Validates then upserts a batch on (key, event time) in one transaction; returns the ingestion report",
                group: "feature store") { args, _ throws(Diagnostic) in
            let group = try args.featureGroupValue(0, "group")
            let batch = try args.frame(1, "df")
            let report = try StoreSupport.run(args, group.owner, blame: StoreSupport.frameBlame(1)) { () throws(StoreError) in
                try group.owner.store.insert(group.current, batch)
            }
            return .host(IngestionReportValue(report))
        },
        Builtin(name: "read", parameters: ["group", "start", "end", "commit", "online"], required: 1,
                signature: "read(fg, start: @2024-01-01, end: @2024-07-01, commit: null, online: false)",
                summary: "A group's offline history with event time in [start, end), as of a commit (time travel), or its online table",
                group: "feature store") { args, _ throws(Diagnostic) in
            try read(args)
        },
        Builtin(name: "as_of", parameters: ["group", "time"], signature: "as_of(fg, @2024-06-01)",
                summary: "The state of a group at an event time: per key, the latest row at or before it",
                group: "feature store") { args, _ throws(Diagnostic) in
            let group = try args.featureGroupValue(0, "group")
            guard let time = try StoreSupport.instant(args, 1, "time") else {
                throw args.error(1, "as_of needs a time such as @2024-06-01")
            }
            return .frame(try StoreSupport.run(args, group.owner) { () throws(StoreError) in
                try group.owner.store.asOf(group.current, time: time)
            })
        },
        Builtin(name: "expect", parameters: ["group", "expectations", "policy"], required: 2,
                signature: "expect(fg, [not_null(.x), between(.hr, 30, 230)], policy: \"strict\")",
                summary: "Replaces a group's expectation suite, checked on every later insert (strict rejects the batch, lenient quarantines rows)",
                group: "feature store") { args, _ throws(Diagnostic) in
            try expect(args)
        },
        Builtin(name: "validation_reports", parameters: ["group"], signature: "validation_reports(fg)",
                summary: "Every validation report of a group, one row per expectation checked (rejected batches included)",
                group: "feature store") { args, _ throws(Diagnostic) in
            try validationReports(args)
        },
        Builtin(name: "rejected", parameters: ["group"], signature: "rejected(fg)",
                summary: "The rows lenient inserts refused, with the commit, the batch row and the reason",
                group: "feature store") { args, _ throws(Diagnostic) in
            let group = try args.featureGroupValue(0, "group")
            return .frame(try StoreSupport.run(args, group.owner) { () throws(StoreError) in
                try group.owner.store.rejectedRows(of: group.current)
            })
        },
    ]

    // MARK: store

    static func openStore(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let path = try args.string(0, "path")
        let resolved = try SandboxLibrary.checkedPath(args, 0, path, vm)
        if let open = vm.session?.openStores[resolved] { return .host(open) }
        let clock: () -> Int64
        if let fixed = vm.session?.options.clock {
            clock = { fixed }
        } else {
            clock = FeatureStore.systemClock
        }
        let store: FeatureStore
        do throws(StoreError) {
            store = try FeatureStore(path: resolved, clock: clock)
        } catch {
            throw args.error(0, error.message.replacingOccurrences(of: resolved, with: path))
        }
        let value = StoreValue(store, path: path, resolved: resolved)
        vm.session?.openStores[resolved] = value
        return .host(value)
    }

    // MARK: feature groups

    static func featureGroup(_ args: Arguments) throws(Diagnostic) -> Value {
        let owner = try args.storeValue(0, "store")
        let name = try args.string(1, "name")
        let store = owner.store
        guard args.slots[3] != nil else {
            if let extra = (4..<groupParameters.count).first(where: { args.slots[$0] != nil }) {
                throw args.error(
                    extra, "feature_group needs primary_key: to create a group; to open one give only its name and version",
                    hint: "feature_group(s, \"\(name)\", version: 1, primary_key: [.id], …)")
            }
            let version = Int(clamping: try versionArgument(args))
            let latest = args.slots[2] == nil
            let group = try StoreSupport.run(args, owner, blame: { $0.kind == .notFound ? ($0.message.contains("; it has version") ? 2 : 1) : nil }) { () throws(StoreError) -> FeatureGroup in
                if latest, let newest = try store.featureGroupVersions(named: name).last {
                    return try store.featureGroup(named: name, version: newest)
                }
                return try store.featureGroup(named: name, version: version)
            }
            return .host(FeatureGroupValue(group, in: owner))
        }
        let version = try versionArgument(args)
        let primaryKey = try ColumnArguments.columns(args, 3, "primary_key").map(\.name)
        let eventTime = args.value(4) == nil ? nil : try ColumnArguments.column(args, 4, "event_time").name
        var columnTags: [String: [String]] = [:]
        if args.value(9) != nil {
            for column in try ColumnArguments.columns(args, 9, "pii") { columnTags[column.name] = ["pii"] }
        }
        let spec = FeatureGroupSpec(
            name: name, version: Int(clamping: version), primaryKey: primaryKey, eventTime: eventTime,
            online: try args.bool(5, "online", default: false), description: try args.string(6, "description", default: ""),
            owner: try args.string(7, "owner", default: ""),
            tags: args.value(8) == nil ? [] : try StoreSupport.strings(args, 8, "tags"), columnTags: columnTags)
        let group = try StoreSupport.run(args, owner, blame: groupBlame) { () throws(StoreError) in
            try store.featureGroup(spec)
        }
        return .host(FeatureGroupValue(group, in: owner))
    }

    /// `version:` (default 1).
    static func versionArgument(_ args: Arguments) throws(Diagnostic) -> Int64 {
        let version = try args.int(2, "version", default: 1)
        guard version >= 1 else { throw args.error(2, "\(args.callee)'s version must be 1 or more, found \(version)") }
        return version
    }

    /// The argument a feature group error is about, from the field its message names.
    static func groupBlame(_ error: StoreError) -> Int? {
        let message = error.message
        switch error.kind {
        case .invalidName: return message.contains("feature group name") ? 1 : 3
        case .definitionMismatch:
            let fields = [("with primary key", 3), ("with event time", 4), ("with online", 5), ("with description", 6), ("with owner", 7)]
            if let field = fields.first(where: { message.contains($0.0) }) { return field.1 }
            return message.contains("with tags") ? 8 : nil
        case .duplicateName: return 3
        default: return nil
        }
    }

    // MARK: reads

    static func read(_ args: Arguments) throws(Diagnostic) -> Value {
        let group = try args.featureGroupValue(0, "group")
        let start = try StoreSupport.instant(args, 1, "start")
        let end = try StoreSupport.instant(args, 2, "end")
        let online = try args.bool(4, "online", default: false)
        if online, let other = [1, 2, 3].first(where: { args.value($0) != nil }) {
            throw args.error(other, "read(fg, online: true) reads the latest row per key; start, end and commit apply to the offline history")
        }
        if args.value(3) != nil, let other = [1, 2].first(where: { args.value($0) != nil }) {
            throw args.error(other, "read takes either commit: or start:/end:, not both")
        }
        let commit = args.value(3) == nil ? nil : try args.int(3, "commit")
        let store = group.owner.store
        let frame = try StoreSupport.run(args, group.owner, blame: { $0.kind == .invalidArgument ? (args.value(1) != nil ? 1 : 2) : nil }) {
            () throws(StoreError) -> DataFrame in
            if online { return try store.onlineRows(group.current) }
            if let commit { return try store.read(group.current, asOfCommit: commit) }
            return try store.read(group.current, start: start, end: end)
        }
        return .frame(frame)
    }

    static func validationReports(_ args: Arguments) throws(Diagnostic) -> Value {
        let group = try args.featureGroupValue(0, "group")
        let reports = try StoreSupport.run(args, group.owner) { () throws(StoreError) in
            try group.owner.store.validationReports(for: group.current)
        }
        var ids: [Int64] = []
        var commits: [Int64] = []
        var commitValid: [Bool] = []
        var outcomes: [String] = []
        var expectations: [String] = []
        var successes: [Bool] = []
        var unexpected: [Int64] = []
        var observed: [Double] = []
        var observedValid: [Bool] = []
        var examples: [String] = []
        for report in reports {
            for result in report.results {
                ids.append(report.id)
                commits.append(report.commit ?? 0)
                commitValid.append(report.commit != nil)
                outcomes.append(report.outcome.rawValue)
                expectations.append(result.expectation)
                successes.append(result.success)
                unexpected.append(Int64(result.unexpectedCount))
                observed.append(result.observed ?? 0)
                observedValid.append(result.observed != nil)
                examples.append(result.examples.joined(separator: "; "))
            }
        }
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in
            try DataFrame(columns: [
                Column(name: "report", ints: ids),
                Column(name: "commit", ints: commits, validity: commitValid),
                Column(name: "outcome", strings: outcomes),
                Column(name: "expectation", strings: expectations),
                Column(name: "success", bools: successes),
                Column(name: "unexpected", ints: unexpected),
                Column(name: "observed", floats: observed, validity: observedValid),
                Column(name: "examples", strings: examples),
            ])
        })
    }

    // MARK: expectations

    static func expect(_ args: Arguments) throws(Diagnostic) -> Value {
        let group = try args.featureGroupValue(0, "group")
        var expectations: [FeatureExpectation] = []
        for item in try StoreSupport.items(args, 1, "expectations") {
            guard case .host(let object as ExpectationValue) = item else {
                throw args.error(
                    1, "expect takes expectations such as not_null(.x) or between(.hr, 30, 230), found \(item.typeName)",
                    hint: "the expectations are not_null, between, in_set, unique, matches, row_count_between, mean_between, max_null_fraction")
            }
            expectations.append(object.expectation)
        }
        let policy = try ColumnArguments.choice(args, 2, "policy", default: ValidationPolicy.strict)
        let updated = try StoreSupport.run(args, group.owner, blame: { _ in 1 }) { () throws(StoreError) in
            try group.owner.store.setExpectations(expectations, policy: policy, on: group.current)
        }
        return .host(FeatureGroupValue(updated, in: group.owner))
    }
}
