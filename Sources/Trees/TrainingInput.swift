import Frame

/// Checks of everything `GradientBoosting.train` is given, each failing with a one-line message
/// that names the argument or column at fault.
enum TrainingInput {
    /// Rejects out-of-range or inconsistent parameters.
    static func check(_ p: TrainingParameters, hasValidation: Bool) throws(TreesError) {
        func fail(_ message: String) -> TreesError { TreesError(.invalidArgument, message) }
        if p.rounds < 1 { throw fail("rounds must be at least 1 (got \(p.rounds))") }
        if !(p.learningRate > 0) || !p.learningRate.isFinite {
            throw fail("learningRate must be a positive number (got \(p.learningRate))")
        }
        if p.maxBins < 2 || p.maxBins > 255 { throw fail("maxBins must be in 2…255 (got \(p.maxBins))") }
        if p.maxDepth < 0 { throw fail("maxDepth must be 0 or more (got \(p.maxDepth))") }
        if p.maxLeaves < 0 { throw fail("maxLeaves must be 0 or more (got \(p.maxLeaves))") }
        switch p.growth {
        case .depthWise:
            if p.maxDepth == 0 { throw fail("depth-wise growth needs maxDepth of at least 1 (0 means unlimited only for leaf-wise growth)") }
            if p.maxLeaves == 1 { throw fail("maxLeaves must be 0 (no limit) or at least 2 (got 1)") }
        case .leafWise:
            if p.maxLeaves < 2 { throw fail("leaf-wise growth needs maxLeaves of at least 2 (got \(p.maxLeaves))") }
        }
        if p.maxDepth > 64 { throw fail("maxDepth must be at most 64 (got \(p.maxDepth))") }
        if !(p.lambda >= 0) || !p.lambda.isFinite { throw fail("lambda must be 0 or more (got \(p.lambda))") }
        if !(p.alpha >= 0) || !p.alpha.isFinite { throw fail("alpha must be 0 or more (got \(p.alpha))") }
        if !(p.gamma >= 0) || !p.gamma.isFinite { throw fail("gamma must be 0 or more (got \(p.gamma))") }
        if !(p.minChildWeight >= 0) || !p.minChildWeight.isFinite {
            throw fail("minChildWeight must be 0 or more (got \(p.minChildWeight))")
        }
        if !(p.subsample > 0 && p.subsample <= 1) { throw fail("subsample must be in (0, 1] (got \(p.subsample))") }
        if !(p.colsample > 0 && p.colsample <= 1) { throw fail("colsample must be in (0, 1] (got \(p.colsample))") }
        if !(p.huberDelta > 0) || !p.huberDelta.isFinite { throw fail("huberDelta must be a positive number (got \(p.huberDelta))") }
        if p.earlyStoppingRounds < 0 { throw fail("earlyStoppingRounds must be 0 or more (got \(p.earlyStoppingRounds))") }
        if p.earlyStoppingRounds > 0 && !hasValidation {
            throw fail("earlyStoppingRounds needs a validation frame to watch")
        }
        if p.threads < 1 { throw fail("threads must be at least 1 (got \(p.threads))") }
        if p.objective == .multiclassSoftmax && (p.classCount < 2 || p.classCount > 10_000) {
            throw fail("multiclass needs classCount in 2…10000 (got \(p.classCount))")
        }
        let metric = p.effectiveMetric
        switch (metric, p.objective) {
        case (.auc, .binaryLogistic), (.auc, .multiclassSoftmax): break
        case (.auc, _): throw fail("metric auc needs a binary or multiclass objective (got \(p.objective.rawValue))")
        case (.logloss, .binaryLogistic), (.logloss, .multiclassSoftmax): break
        case (.logloss, _): throw fail("metric logloss needs a binary or multiclass objective (got \(p.objective.rawValue))")
        case (.error, .binaryLogistic), (.error, .multiclassSoftmax): break
        case (.error, _): throw fail("metric error needs a binary or multiclass objective (got \(p.objective.rawValue))")
        default: break
        }
    }

    /// Readers of the feature columns; `role` names the frame in messages ("training", "validation").
    static func sources(_ features: [Column], rowCount: Int, role: String) throws(TreesError) -> [FeatureSource] {
        var sources: [FeatureSource] = []
        sources.reserveCapacity(features.count)
        for column in features {
            if column.count != rowCount {
                throw TreesError(
                    .invalidData, "\(role) feature .\(column.name) has \(column.count) rows; the target has \(rowCount)")
            }
            guard let source = FeatureSource(column) else {
                throw TreesError(
                    .invalidData,
                    "feature .\(column.name) is a string column; encode it first, e.g. one bool column per value with(\(column.name)_x: .\(column.name) == \"x\")")
            }
            sources.append(source)
        }
        return sources
    }

    /// The target as Double labels, checked against the objective.
    static func labels(_ target: Column, parameters: TrainingParameters, role: String) throws(TreesError) -> [Double] {
        let name = ".\(target.name)"
        if target.nullCount > 0 {
            let noun = target.nullCount == 1 ? "null" : "nulls"
            throw TreesError(.invalidData, "\(role)target \(name) has \(target.nullCount) \(noun)")
        }
        guard let source = FeatureSource(target) else {
            throw TreesError(.invalidData, "\(role)target \(name) is a string column; the target must be numeric")
        }
        var labels = [Double](repeating: 0, count: target.count)
        labels.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { source.load(from: 0, count: target.count, into: base) }
        }
        for (row, label) in labels.enumerated() where !label.isFinite {
            throw TreesError(.invalidData, "\(role)target \(name) has a non-finite value (\(label)) in row \(row + 1)")
        }
        switch parameters.objective {
        case .binaryLogistic:
            for (row, label) in labels.enumerated() where label != 0 && label != 1 {
                throw TreesError(
                    .invalidData, "binary \(role)target \(name) must be 0 or 1 (or bool); row \(row + 1) is \(format(label))")
            }
        case .multiclassSoftmax:
            let classes = parameters.classCount
            for (row, label) in labels.enumerated()
            where label < 0 || label >= Double(classes) || label != label.rounded(.towardZero) {
                throw TreesError(
                    .invalidData,
                    "multiclass \(role)target \(name) must be an int in 0..<\(classes); row \(row + 1) is \(format(label))")
            }
        case .squaredError, .absoluteError, .huber:
            break
        }
        return labels
    }

    /// Checks that validation columns line up with the training columns by position and type.
    static func matchValidation(_ validation: [Column], training: [Column]) throws(TreesError) {
        if validation.count != training.count {
            throw TreesError(
                .invalidData,
                "validation has \(validation.count) feature columns; training has \(training.count)")
        }
        for (index, (v, t)) in zip(validation, training).enumerated() where v.type != t.type {
            throw TreesError(
                .invalidData,
                "validation feature \(index + 1) (.\(v.name)) is \(v.type.name); training feature .\(t.name) is \(t.type.name)")
        }
    }

    /// A label as the user wrote it: whole numbers without a fraction.
    static func format(_ value: Double) -> String {
        if value == value.rounded(.towardZero) && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
