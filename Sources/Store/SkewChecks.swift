import Frame

/// What the skew checks compare, read once: the serving side (view, fitted parameters, on-demand
/// features, output columns) and the training side (dataset, its view, or an audited frame).
struct SkewContext {
    let store: FeatureStore
    let serving: FeatureView
    let subject: SkewSubject
    let servingOnDemand: [OnDemandFeature]
    /// Serving's fitted parameters, or why serving cannot transform.
    let servingFit: Result<[FittedTransformation], StoreError>
    /// The training dataset version whose parameters serving applies by default.
    let servingDatasetVersion: Int?
    /// The columns a feature vector has: keys, transformed features, on-demand features.
    let servingOutputs: [String]?
    let dataset: TrainingDataset?
    let datasetView: FeatureView?
    let trainingOnDemand: [OnDemandFeature]
    /// The columns the training dataset offers a model: its columns transformed, then on-demand features.
    let trainingOutputs: [String]?
    let audit: PointInTimeAudit?

    init(store: FeatureStore, view: FeatureView, subject: SkewSubject) throws(StoreError) {
        self.store = store
        self.subject = subject
        let current = try store.featureView(named: view.name, version: view.version)
        let onDemand = try store.onDemandFeatures(of: current)
        let fit: Result<[FittedTransformation], StoreError>
        do throws(StoreError) {
            fit = .success(try store.servingFit(current, dataset: nil))
        } catch {
            fit = .failure(error)
        }
        serving = current
        servingOnDemand = onDemand
        servingFit = fit
        servingDatasetVersion = try store.trainingDatasetVersions(current).last
        if case .success(let fitted) = fit {
            let features = current.columns.filter { !current.labels.contains($0.name) }.map { (name: $0.name, type: $0.type) }
            servingOutputs = current.keyColumns + (try FeatureStore.transformedNames(features, fitted: fitted))
                + onDemand.map(\.name)
        } else {
            servingOutputs = nil
        }
        var dataset = subject.dataset
        if dataset == nil, let registered = subject.registered {
            let modelView = try store.featureView(named: registered.view, version: registered.viewVersion)
            dataset = try store.trainingDataset(modelView, version: registered.trainingDatasetVersion)
        }
        self.dataset = dataset
        if let dataset {
            let view = try store.featureView(named: dataset.view, version: dataset.viewVersion)
            datasetView = view
            trainingOnDemand = try store.onDemandFeatures(of: view)
            let columns = dataset.frame.columns.map { (name: $0.name, type: $0.type) }
            trainingOutputs = try FeatureStore.transformedNames(columns, fitted: dataset.fitted) + trainingOnDemand.map(\.name)
            audit = nil
        } else {
            datasetView = nil
            trainingOnDemand = []
            trainingOutputs = nil
            if let frame = subject.frame {
                let fitted = (try? fit.get()) ?? []
                audit = try PointInTimeAudit(
                    store: store, view: current, frame: frame, spineTime: subject.spineTime, fitted: fitted,
                    modelFeatures: subject.features)
            } else {
                audit = nil
            }
        }
    }

    /// `.a, .b`
    static func list(_ names: [String]) -> String { names.map(columnReference).joined(separator: ", ") }

    /// `training dataset v2 of feature view 'fatigue' v1`
    static func label(_ dataset: TrainingDataset) -> String {
        "training dataset v\(dataset.version) of feature view '\(dataset.view)' v\(dataset.viewVersion)"
    }

    /// A fitted transformation's parameters, e.g. `standard_scaler .pace mean 5.2 std 0.41`.
    static func describe(_ fit: FittedTransformation) -> String {
        var text = "\(fit.kind.rawValue) \(columnReference(fit.column))"
        switch fit.kind {
        case .standardScaler: text += " mean \(number(fit.mean)) std \(number(fit.std))"
        case .minMaxScaler: text += " min \(number(fit.min)) max \(number(fit.max))"
        case .oneHot, .labelEncoder: text += " categories [\(fit.categories.map { ValueText.render($0) }.joined(separator: ", "))]"
        case .log1p: break
        }
        return text
    }

    static func number(_ value: Double?) -> String { value.map { NumberFormatting.table($0) } ?? "none" }

    // MARK: transformations

    func transformationFindings() throws(StoreError) -> [SkewFinding] {
        let check = "serving_parameters"
        let fitted: [FittedTransformation]
        switch servingFit {
        case .failure(let error):
            return [SkewFinding(.transformations, check, .skew, "serving cannot transform: \(error.message)")]
        case .success(let value):
            fitted = value
        }
        if let dataset {
            if fitted == dataset.fitted {
                if fitted.isEmpty { return [SkewFinding(.transformations, check, .ok, "neither training nor serving transforms features")] }
                return [
                    SkewFinding(
                        .transformations, check, .ok,
                        "serving applies the parameters the model was trained with (\(Self.label(dataset)))")
                ]
            }
            let training = dataset.fitted.map(Self.describe)
            let served = fitted.map(Self.describe)
            let first = zip(training, served).first { $0 != $1 }
            let difference = first.map { "training \($0.0), serving \($0.1)" }
                ?? "training [\(training.joined(separator: "; "))], serving [\(served.joined(separator: "; "))]"
            let source = servingDatasetVersion.map { "training dataset v\($0) of \(serving.label)" } ?? serving.label
            return [
                SkewFinding(
                    .transformations, check, .skew,
                    "serving uses the parameters of \(source), the model those of \(Self.label(dataset)): \(difference); pass training_data: to feature_vector, or batch_predict with the registered model")
            ]
        }
        let transformedReads = fitted.map(\.column).filter { name in
            subject.features.contains(name) || subject.features.contains { $0.hasPrefix(name + "_") }
        }
        if !fitted.isEmpty && !subject.features.isEmpty && transformedReads.isEmpty {
            return [
                SkewFinding(
                    .transformations, check, .ok,
                    "the model reads none of the features serving transforms (\(Self.list(fitted.map(\.column))))")
            ]
        }
        if let audit, audit.unavailable == nil {
            if !audit.untransformed.isEmpty {
                let names = audit.untransformed.map { "\(columnReference($0.column)) (\($0.kind.rawValue))" }.joined(separator: ", ")
                return [
                    SkewFinding(
                        .transformations, check, .skew,
                        "the model was trained on untransformed \(names), which serving transforms; train on td.train or drop the transformation")
                ]
            }
            return [SkewFinding(.transformations, check, .ok, "the training frame's values are transformed as serving transforms them")]
        }
        if fitted.isEmpty { return [SkewFinding(.transformations, check, .ok, "serving transforms no feature")] }
        return [
            SkewFinding(
                .transformations, check, .warning,
                "the model's training data is unknown, so its transformation parameters cannot be compared; register the model or pass training_data:")
        ]
    }

    // MARK: on-demand features

    func onDemandFindings() throws(StoreError) -> [SkewFinding] {
        var findings: [SkewFinding] = []
        let reads = subject.features
        if let servingOutputs {
            let missing = reads.filter { !servingOutputs.contains($0) }
            if missing.isEmpty {
                let onDemand = reads.filter { name in servingOnDemand.contains { $0.name == name } }
                findings.append(
                    SkewFinding(
                        .onDemand, "inputs_at_serving", .ok,
                        "serving computes all \(reads.count) input\(reads.count == 1 ? "" : "s") the model reads (\(onDemand.count) on-demand)"))
            } else {
                let trainingOnly = missing.filter { name in trainingOnDemand.contains { $0.name == name } }
                var detail = "the model reads \(Self.list(missing)), which serving does not compute"
                if !trainingOnly.isEmpty {
                    detail += " (\(Self.list(trainingOnly)) on-demand in training only)"
                }
                detail += "; define them as on-demand features of the view, or train without them"
                findings.append(SkewFinding(.onDemand, "inputs_at_serving", .skew, detail))
            }
        } else {
            findings.append(SkewFinding(.onDemand, "inputs_at_serving", .warning, "serving cannot compute feature vectors (see serving_parameters)"))
        }
        let check = "on_demand_definitions"
        if dataset != nil {
            var problems: [String] = []
            var skew = false
            for feature in trainingOnDemand {
                if let served = servingOnDemand.first(where: { $0.name == feature.name }) {
                    if served.expression != feature.expression {
                        problems.append("\(columnReference(feature.name)) is \(feature.expression) in training but \(served.expression) at serving")
                        skew = skew || reads.contains(feature.name)
                    }
                } else {
                    problems.append("\(columnReference(feature.name)) is computed in training only")
                    skew = skew || reads.contains(feature.name)
                }
            }
            for feature in servingOnDemand where !trainingOnDemand.contains(where: { $0.name == feature.name }) {
                problems.append("\(columnReference(feature.name)) is computed at serving only")
                skew = skew || reads.contains(feature.name)
            }
            if problems.isEmpty {
                let names = servingOnDemand.map(\.name)
                findings.append(
                    SkewFinding(
                        .onDemand, check, .ok,
                        names.isEmpty
                            ? "neither training nor serving has on-demand features"
                            : "training and serving compute the same on-demand features (\(Self.list(names)))"))
            } else {
                findings.append(SkewFinding(.onDemand, check, skew ? .skew : .warning, problems.joined(separator: "; ")))
            }
        } else {
            let read = reads.filter { name in servingOnDemand.contains { $0.name == name } }
            if read.isEmpty {
                findings.append(SkewFinding(.onDemand, check, .ok, "the model reads no on-demand feature"))
            } else {
                findings.append(
                    SkewFinding(
                        .onDemand, check, .warning,
                        "the model reads on-demand \(Self.list(read)), but the store did not make its training data, so it cannot tell how they were computed"))
            }
        }
        return findings
    }

    // MARK: leakage

    func leakageFindings() throws(StoreError) -> [SkewFinding] {
        var findings: [SkewFinding] = []
        let check = "point_in_time"
        if let dataset, let datasetView {
            let recreated = try store.recreate(dataset)
            var differing = [Bool](repeating: false, count: dataset.frame.height)
            var compared = 0
            for name in datasetView.columns.map(\.name) {
                guard let stored = dataset.frame.column(named: name), let again = recreated.column(named: name) else { continue }
                compared += 1
                let agree = PointInTimeAudit.agreement(stored, again)
                for row in agree.rows.indices where !agree.rows[row] { differing[row] = true }
            }
            let count = differing.filter { $0 }.count
            if count == 0 {
                findings.append(
                    SkewFinding(
                        .leakage, check, .ok,
                        "all \(dataset.frame.height) rows of \(Self.label(dataset)) hold the latest values at or before their spine time"))
            } else {
                findings.append(
                    SkewFinding(
                        .leakage, check, .skew,
                        "\(count) of \(dataset.frame.height) rows of \(Self.label(dataset)) differ from a point-in-time join of the groups as of its commits"))
            }
        } else if let audit, audit.unavailable == nil {
            if audit.futureRows > 0 {
                findings.append(
                    SkewFinding(
                        .leakage, check, .skew,
                        "\(audit.futureRows) of \(audit.rowCount) training rows hold values from after their spine time (\(audit.futureExample ?? "")); build training data with training_data"))
            } else {
                findings.append(
                    SkewFinding(
                        .leakage, check, .ok,
                        "no training row holds a value from after its spine time (\(audit.rowCount) rows, \(Self.list(audit.checked)))"))
            }
        } else {
            let why = audit?.unavailable ?? "the model's training data is unknown; register the model or pass training_data:"
            findings.append(SkewFinding(.leakage, check, .warning, why))
        }
        let labels = serving.labels + (datasetView?.labels ?? [])
        let leaked = subject.features.filter { labels.contains($0) }
        findings.append(
            leaked.isEmpty
                ? SkewFinding(.leakage, "label_as_feature", .ok, "the model reads no label")
                : SkewFinding(.leakage, "label_as_feature", .skew, "the model reads the label \(Self.list(leaked)) as a feature"))
        let fittedKinds: Set<TransformationKind> = [.standardScaler, .minMaxScaler, .oneHot, .labelEncoder]
        if let dataset {
            let fitted = dataset.fitted.filter { fittedKinds.contains($0.kind) }
            if fitted.isEmpty {
                findings.append(SkewFinding(.leakage, "fit_before_split", .ok, "no transformation is fitted on the data"))
            } else if let split = dataset.split {
                findings.append(
                    SkewFinding(
                        .leakage, "fit_before_split", .ok,
                        "transformations were fitted on the train rows only (before \(NumberFormatting.timestamp(split.testFrom - split.gap)))"))
            } else {
                findings.append(
                    SkewFinding(
                        .leakage, "fit_before_split", .warning,
                        "no time split: \(Self.list(fitted.map(\.column))) were fitted on every row, test rows included; split_by_time before training"))
            }
        } else if serving.transformations.contains(where: { fittedKinds.contains($0.kind) }) {
            findings.append(
                SkewFinding(.leakage, "fit_before_split", .warning, "the store cannot tell which rows the transformations were fitted on"))
        } else {
            findings.append(SkewFinding(.leakage, "fit_before_split", .ok, "no transformation is fitted on the data"))
        }
        return findings
    }

    // MARK: source

    func sourceFindings() throws(StoreError) -> [SkewFinding] {
        var findings: [SkewFinding] = []
        let check = "training_source"
        let servingGroups = serving.sources.map { "\($0.group.name) v\($0.group.version)" }
        // A view none of whose groups is online serves in batch: batch_predict reads the offline
        // tables, as training did, so the online checks do not apply (the FTI book's batch systems).
        let onlineCount = serving.sources.filter { $0.group.spec.online }.count
        let isBatch = onlineCount == 0
        let servingRead: String
        if isBatch {
            servingRead = "the groups serving reads in batch"
        } else {
            servingRead = onlineCount == serving.sources.count ? "the groups serving reads online" : "the groups serving reads"
        }
        if let dataset, let datasetView {
            let trainingGroups = datasetView.sources.map { "\($0.group.name) v\($0.group.version)" }
            let unknown = subject.features.filter { !(trainingOutputs ?? []).contains($0) }
            if datasetView.name != serving.name || datasetView.version != serving.version {
                let same = trainingGroups == servingGroups
                findings.append(
                    SkewFinding(
                        .source, check, same ? .warning : .skew,
                        "the model was trained on \(Self.label(dataset)) (groups \(trainingGroups.joined(separator: ", "))) but is served through \(serving.label) (groups \(servingGroups.joined(separator: ", ")))"))
            } else if !unknown.isEmpty {
                findings.append(
                    SkewFinding(
                        .source, check, .skew,
                        "the model reads \(Self.list(unknown)), which \(Self.label(dataset)) does not have: it was trained on other data"))
            } else {
                findings.append(
                    SkewFinding(
                        .source, check, .ok,
                        "trained on \(Self.label(dataset)), read from the offline tables of \(servingRead) (\(servingGroups.joined(separator: ", ")))"))
            }
        } else if let audit, audit.unavailable == nil {
            if audit.sourceRows > 0 {
                findings.append(
                    SkewFinding(
                        .source, check, .skew,
                        "\(audit.sourceRows) of \(audit.rowCount) training rows hold values the offline store did not have at their spine time (\(audit.sourceExample ?? "")); the frame was read from another source"))
            } else {
                findings.append(
                    SkewFinding(.source, check, .ok, "the training frame's values are the offline store's at their spine times"))
            }
        } else {
            let why = audit?.unavailable ?? "the model's training data is unknown; register the model or pass training_data:"
            findings.append(SkewFinding(.source, check, .warning, why))
        }
        if isBatch {
            findings.append(
                SkewFinding(
                    .source, "online_tables", .ok,
                    "not applicable: no group of the view is online, so serving is batch and reads the offline tables (\(servingGroups.joined(separator: ", "))), as training did"))
            findings.append(SkewFinding(.source, "online_matches_offline", .ok, "not applicable: serving is batch, there are no online tables"))
            return findings
        }
        let offline = serving.sources.filter { !$0.group.spec.online }.map(\.group.label)
        findings.append(
            offline.isEmpty
                ? SkewFinding(.source, "online_tables", .ok, "serving reads the online tables of \(servingGroups.joined(separator: ", "))")
                : SkewFinding(
                    .source, "online_tables", .skew,
                    "\(offline.joined(separator: ", ")) \(offline.count == 1 ? "is" : "are") not online, so serving must read another source; create a version with online: true"))
        var differences: [String] = []
        for source in serving.sources where source.group.spec.online {
            let count = try onlineOfflineDifferences(source.group)
            if count > 0 { differences.append("\(count) key\(count == 1 ? "" : "s") of \(source.group.label)") }
        }
        findings.append(
            differences.isEmpty
                ? SkewFinding(.source, "online_matches_offline", .ok, "every online row is the latest offline row of its key")
                : SkewFinding(
                    .source, "online_matches_offline", .skew,
                    "\(differences.joined(separator: ", ")) differ between the online table and the latest offline rows"))
        return findings
    }

    /// Keys whose online row differs from the latest offline row (or exists on one side only).
    func onlineOfflineDifferences(_ group: FeatureGroup) throws(StoreError) -> Int {
        if group.columns.isEmpty { return 0 }
        let online = try store.onlineRows(group)
        let offline = try store.asOf(group, time: Int64.max)
        let keys = group.spec.primaryKey
        let joined: DataFrame
        do throws(FrameError) {
            let renamed = try offline.renaming(offline.columnNames.map { (from: $0, to: "fti_offline_" + $0) })
            joined = try online.join(renamed, leftOn: keys, rightOn: keys.map { "fti_offline_" + $0 }, how: .outer)
        } catch {
            throw StoreError.frame(error, "comparing the online and offline tables of \(group.label)")
        }
        var differing = [Bool](repeating: false, count: joined.height)
        for column in group.columns where !keys.contains(column.name) {
            guard let a = joined.column(named: column.name), let b = joined.column(named: "fti_offline_" + column.name) else { continue }
            let agree = PointInTimeAudit.agreement(a, b)
            for row in agree.rows.indices where !agree.rows[row] { differing[row] = true }
        }
        return differing.filter { $0 }.count
    }
}
