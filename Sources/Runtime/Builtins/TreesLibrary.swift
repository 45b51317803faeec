import Foundation
import Frame
import Lang
import Trees

/// Gradient-boosted trees in the language: `gbdt` trains, `predict` scores a frame, `explain`
/// gives TreeSHAP contributions, `importance` ranks features, `save`/`load_model` keep models.
enum TreesLibrary {
    static let gbdtParameters = [
        "train", "target", "features", "objective", "rounds", "learning_rate", "max_depth", "max_leaves",
        "growth", "max_bins", "lambda", "alpha", "gamma", "min_child_weight", "subsample", "colsample",
        "huber_delta", "num_class", "valid", "early_stopping", "metric", "seed", "threads", "progress",
    ]

    static let builtins: [Builtin] = [
        Builtin(name: "gbdt", parameters: gbdtParameters, required: 1,
                signature: "gbdt(train, target: .y, features: [.a, .b], objective: \"regression\", rounds: 100, learning_rate: 0.1, max_depth: 6, valid: test, early_stopping: 20, seed: 42)",
                summary: "Trains gradient-boosted trees (histogram, depth-wise or leaf-wise with max_leaves:); deterministic for a seed whatever the thread count",
                group: "models") { args, vm throws(Diagnostic) in
            try gbdt(args, vm)
        },
        Builtin(name: "predict", parameters: ["model", "df", "name", "margin"], required: 2,
                signature: "predict(model, df, name: \"prediction\", margin: false)",
                summary: "The frame with the model's prediction appended (probability for binary; class and prob_k columns for multiclass)",
                group: "models") { args, _ throws(Diagnostic) in
            try predict(args)
        },
        Builtin(name: "explain", parameters: ["model", "df"], signature: "explain(model, df)",
                summary: "Per-row TreeSHAP contributions to the raw prediction, one column per feature plus bias; each row sums to the margin",
                group: "models") { args, _ throws(Diagnostic) in
            try explain(args)
        },
        Builtin(name: "importance", parameters: ["model", "type"], required: 1,
                signature: "importance(model, type: \"gain\")",
                summary: "Feature importance as a frame sorted from most important: gain (mean per split, XGBoost's default), cover, weight, total_gain (the model summary's ranking), total_cover",
                group: "models") { args, _ throws(Diagnostic) in
            try importance(args)
        },
        Builtin(name: "save", parameters: ["model", "path"], signature: "save(model, path)",
                summary: "Writes a model as versioned JSON (docs/model-file.md), atomically", group: "models") { args, vm throws(Diagnostic) in
            let model = try args.model(0, "model")
            let path = try args.string(1, "path")
            let resolved = try SandboxLibrary.checkedPath(args, 1, path, vm)
            try trees(at: args.span(1), path: path, resolved: resolved) { () throws(TreesError) in
                try ModelFile.write(model, to: resolved)
            }
            return .null
        },
        Builtin(name: "load_model", parameters: ["path", "name", "version"], required: 1,
                signature: "load_model(path) or load_model(s, \"name\", version: 2)",
                summary: "Reads a model written by save, or a registered model from a store (default: its latest version)",
                group: "models") { args, vm throws(Diagnostic) in
            if case .host(_ as StoreValue)? = args.value(0) { return try StoreRegistryLibrary.loadModel(args) }
            if let extra = [1, 2].first(where: { args.slots[$0] != nil }) {
                throw args.error(extra, "load_model(path) reads a model file; a name and version apply to load_model(store, \"name\")")
            }
            let path = try args.string(0, "path")
            let resolved = try SandboxLibrary.checkedPath(args, 0, path, vm)
            let model = try trees(at: args.span(0), path: path, resolved: resolved) { () throws(TreesError) in
                try ModelFile.read(from: resolved)
            }
            return .model(model)
        },
    ]

    // MARK: gbdt

    static func gbdt(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let train = try args.frame(0, "train")
        guard args.slots[1] != nil else {
            throw Diagnostic("gbdt needs a target column, e.g. gbdt(train, target: .y)", at: args.callSpan)
        }
        let target = try ColumnArguments.column(args, 1, "target")
        try JoinLibrary.checkKey(target, in: train, side: "train")
        var named: [ColumnArguments.Named]
        if args.slots[2] != nil {
            named = try ColumnArguments.columns(args, 2, "features")
            guard !named.isEmpty else { throw args.error(2, "gbdt needs at least one feature") }
            for feature in named {
                try JoinLibrary.checkKey(feature, in: train, side: "train")
                if feature.name == target.name {
                    throw Diagnostic("the target \(columnReference(target.name)) cannot also be a feature", at: feature.span)
                }
            }
        } else {
            named = train.columnNames.filter { $0 != target.name }.map { ($0, args.span(0)) }
            guard !named.isEmpty else {
                throw args.error(0, "gbdt needs at least one feature column besides the target \(columnReference(target.name))")
            }
        }
        // Caught here rather than in the engine so the caret lands on the argument at fault.
        for feature in named where train.column(named: feature.name)?.type == .string {
            let others = named.filter { train.column(named: $0.name)?.type != .string }.map { columnReference($0.name) }
            throw Diagnostic(
                "feature \(columnReference(feature.name)) is a string column; trees need numbers, bools or times", at: feature.span,
                hint: "encode it, e.g. with(is_x: \(columnReference(feature.name)) == \"x\"), or name the features: features: ["
                    + others.prefix(4).joined(separator: ", ") + (others.count > 4 ? ", …" : "") + "]")
        }
        let featureNames = named.map(\.name)

        var parameters = TrainingParameters()
        parameters.objective = try ColumnArguments.choice(args, 3, "objective", default: Objective.squaredError)
        parameters.rounds = try positiveInt(args, 4, "rounds", default: 100)
        parameters.learningRate = try args.double(5, "learning_rate", default: 0.1)
        let leafWiseRequested = args.slots[7] != nil
        parameters.growth = try ColumnArguments.choice(args, 8, "growth", default: leafWiseRequested ? GrowthPolicy.leafWise : .depthWise)
        let defaultDepth: Int64 = parameters.growth == .depthWise ? 6 : 0
        parameters.maxDepth = Int(try args.int(6, "max_depth", default: defaultDepth))
        parameters.maxLeaves = Int(try args.int(7, "max_leaves", default: parameters.growth == .leafWise ? 31 : 0))
        // Users of XGBoost write max_bin 256 and LightGBM users 255; both mean "a byte per bin".
        let bins = try args.int(9, "max_bins", default: 256)
        guard bins >= 2 && bins <= 256 else { throw args.error(9, "gbdt's max_bins must be 2 to 256, found \(bins)") }
        parameters.maxBins = Int(min(bins, 255))
        parameters.lambda = try args.double(10, "lambda", default: 1)
        parameters.alpha = try args.double(11, "alpha", default: 0)
        parameters.gamma = try args.double(12, "gamma", default: 0)
        parameters.minChildWeight = try args.double(13, "min_child_weight", default: 1)
        parameters.subsample = try args.double(14, "subsample", default: 1)
        parameters.colsample = try args.double(15, "colsample", default: 1)
        parameters.huberDelta = try args.double(16, "huber_delta", default: 1)
        if args.slots[17] != nil {
            guard parameters.objective == .multiclassSoftmax else {
                throw args.error(17, "num_class applies only to objective: \"multiclass\"")
            }
            parameters.classCount = try positiveInt(args, 17, "num_class", default: 2)
        } else if parameters.objective == .multiclassSoftmax {
            parameters.classCount = try inferredClassCount(train, target: target, args)
        }
        var validation: (features: [Column], target: Column)?
        if args.slots[18] != nil {
            let valid = try args.frame(18, "valid")
            var columns: [Column] = []
            for name in featureNames {
                guard let column = valid.column(named: name) else {
                    throw args.error(18, "the valid frame has no feature column \(columnReference(name))",
                                     hint: Lang.closestName(to: name, among: valid.columnNames).map { "did you mean .\($0)?" })
                }
                columns.append(column)
            }
            guard let validTarget = valid.column(named: target.name) else {
                throw args.error(18, "the valid frame has no target column \(columnReference(target.name))")
            }
            validation = (columns, validTarget)
        }
        if args.slots[19] != nil {
            guard validation != nil else {
                throw args.error(19, "early_stopping needs a validation frame, e.g. valid: test")
            }
            parameters.earlyStoppingRounds = try positiveInt(args, 19, "early_stopping", default: 20)
        }
        if args.slots[20] != nil {
            parameters.metric = try ColumnArguments.choice(args, 20, "metric", default: parameters.objective.defaultMetric)
        }
        let seed = try args.int(21, "seed", default: 42)
        parameters.seed = UInt64(bitPattern: seed)
        parameters.threads = try positiveInt(args, 22, "threads", default: 2)
        let showProgress = try args.bool(23, "progress", default: false)

        var features: [Column] = []
        for name in featureNames {
            guard let column = train.column(named: name) else { continue }
            features.append(column)
        }
        guard let targetColumn = train.column(named: target.name) else {
            throw Diagnostic("unknown column \(columnReference(target.name))", at: target.span)
        }
        let bar = showProgress && vm.session?.options.isNotebook != true ? ProgressBar() : nil
        defer { bar?.finish() }
        let model = try trees(at: args.callSpan) { () throws(TreesError) in
            try GradientBoosting.train(
                features: features, target: targetColumn, parameters: parameters, validation: validation,
                progress: bar.map { bar in { round, rounds in bar.show(round, of: rounds) } })
        }
        return .model(model)
    }

    /// A whole-number option that must be at least 1.
    static func positiveInt(_ args: Arguments, _ index: Int, _ name: String, default fallback: Int64) throws(Diagnostic) -> Int {
        let value = try args.int(index, name, default: fallback)
        guard value >= 1 && value <= 1_000_000 else {
            throw args.error(index, "\(args.callee)'s \(name) must be 1 to 1000000, found \(value)")
        }
        return Int(value)
    }

    /// The class count of a multiclass target: its largest value plus one (classes are 0 … k-1).
    static func inferredClassCount(_ frame: DataFrame, target: ColumnArguments.Named, _ args: Arguments) throws(Diagnostic) -> Int {
        guard let column = frame.column(named: target.name), column.type == .int, let values = column.int64Values else {
            throw Diagnostic("a multiclass target must be an int column of class ids 0, 1, …", at: target.span,
                             hint: "encode string labels first, or pass num_class:")
        }
        var largest: Int64 = -1
        for row in 0..<column.count where !column.isNull(row) { largest = max(largest, values[row]) }
        guard largest >= 1 && largest < 10_000 else {
            throw Diagnostic("a multiclass target needs class ids 0 … k-1 with k from 2 to 10000, found largest \(largest)", at: target.span)
        }
        return Int(largest + 1)
    }

    // MARK: using a model

    /// The model's feature columns out of `frame`, by name, with a hint for a near miss.
    static func featureColumns(_ model: BoostedModel, _ frame: DataFrame, _ args: Arguments, frameIndex: Int) throws(Diagnostic) -> [Column] {
        var columns: [Column] = []
        for name in model.featureNames {
            guard let column = frame.column(named: name) else {
                throw args.error(frameIndex, "the frame has no column \(columnReference(name)), a feature of the model",
                                 hint: Lang.closestName(to: name, among: frame.columnNames).map { "did you mean .\($0)?" })
            }
            columns.append(column)
        }
        return columns
    }

    static func predict(_ args: Arguments) throws(Diagnostic) -> Value {
        let model = try args.model(0, "model")
        let frame = try args.frame(1, "df")
        let name = try args.string(2, "name", default: "prediction")
        let margin = try args.bool(3, "margin", default: false)
        let features = try featureColumns(model, frame, args, frameIndex: 1)
        let outputs = try trees(at: args.callSpan) { () throws(TreesError) in
            try GradientBoosting.predict(model, features: features, margin: margin)
        }
        var result = frame
        if outputs.count == 1 {
            result = try engine(at: args.callSpan) { () throws(FrameError) in try frame.setting(Column(name: name, floats: outputs[0])) }
        } else {
            // Multiclass: the most probable class (first on ties), then each class's score.
            var best = [Int64](repeating: 0, count: frame.height)
            for row in 0..<frame.height {
                var top = 0
                for k in 1..<outputs.count where outputs[k][row] > outputs[top][row] { top = k }
                best[row] = Int64(top)
            }
            result = try engine(at: args.callSpan) { () throws(FrameError) in
                var out = try frame.setting(Column(name: name, ints: best))
                for (k, scores) in outputs.enumerated() {
                    out = try out.setting(Column(name: (margin ? "margin_" : "prob_") + String(k), floats: scores))
                }
                return out
            }
        }
        return .frame(result)
    }

    static func explain(_ args: Arguments) throws(Diagnostic) -> Value {
        let model = try args.model(0, "model")
        let frame = try args.frame(1, "df")
        let features = try featureColumns(model, frame, args, frameIndex: 1)
        let outputs = try trees(at: args.callSpan) { () throws(TreesError) in
            try Explanation.contributions(model, features: features)
        }
        let width = model.featureNames.count + 1
        let names = model.featureNames + ["bias"]
        var columns: [Column] = []
        for (k, matrix) in outputs.enumerated() {
            let suffix = outputs.count == 1 ? "" : "_\(k)"
            for j in 0..<width {
                var values = [Double](repeating: 0, count: frame.height)
                for row in 0..<frame.height { values[row] = matrix[row * width + j] }
                columns.append(Column(name: names[j] + suffix, floats: values))
            }
        }
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try DataFrame(columns: columns) })
    }

    static func importance(_ args: Arguments) throws(Diagnostic) -> Value {
        let model = try args.model(0, "model")
        let kind = try ColumnArguments.choice(args, 1, "type", default: Importance.Kind.gain)
        let values = Importance.compute(model, kind: kind)
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let frame = try engine(at: args.callSpan) { () throws(FrameError) in
            try DataFrame(columns: [
                Column(name: "feature", strings: order.map { model.featureNames[$0] }),
                Column(name: kind.rawValue, floats: order.map { values[$0] }),
            ])
        }
        return .frame(frame)
    }

    // MARK: errors

    /// Runs engine work; a `TreesError` becomes a diagnostic at `span` (an interrupt stays one),
    /// with the path the user wrote in place of the resolved one.
    static func trees<T>(
        at span: SourceSpan, path: String? = nil, resolved: String? = nil, _ body: () throws(TreesError) -> T
    ) throws(Diagnostic) -> T {
        do throws(TreesError) {
            return try body()
        } catch {
            var message = error.message
            if let path, let resolved { message = message.replacingOccurrences(of: resolved, with: path) }
            throw Diagnostic(message, at: span, kind: error.kind == .interrupted ? .interrupted : .runtime)
        }
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var drawn = false

    /// Redraws the bar for `round` of `rounds`.
    func show(_ round: Int, of rounds: Int) {
        guard isTerminal, rounds > 0 else { return }
        let width = 30
        let filled = min(width, round * width / rounds)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(round)/\(rounds)".utf8))
        drawn = true
    }

    /// Clears the line so the result prints on a clean line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
