/// Turns parsed model-file JSON into a `BoostedModel`, checking every field's presence, type and
/// range; each message names the field as a path (`parameters.rounds`, `trees[2].left[7]`).
enum ModelFileDecoding {
    /// The model in `json`; `source` names the file in messages.
    static func model(from json: ModelFileJSON, source: String) throws(TreesError) -> BoostedModel {
        let read = ModelFileValues(source: source)
        var root = try Members(json, path: "", source: source)
        let format = root.value(of: "format")
        guard let format else { throw TreesError(.modelFile, "\(source): not an fti model file (no \"format\" field)") }
        guard case .string(let formatName) = format, formatName == ModelFileEncoding.formatName else {
            let expected = ModelFileEncoding.formatName
            throw TreesError(.modelFile, "\(source): not an fti model file (\"format\" is not \"\(expected)\")")
        }
        let version = try root.int("version")
        if version != ModelFileEncoding.version {
            let relation = version > ModelFileEncoding.version ? "newer than" : "not"
            let readable = ModelFileEncoding.version
            throw TreesError(
                .modelFile, "\(source): model file version \(version) is \(relation) the version this fti reads (\(readable))")
        }
        let parameters = try decodeParameters(try root.take("parameters"), source: source)
        let featureNames = try root.array("feature_names", read.string)
        let baseScore = try root.array("base_score", read.double)
        var bestRound: Int? = nil
        let bestValue = try root.take("best_round")
        if case .null = bestValue {} else { bestRound = try read.int(bestValue, "best_round", minimum: 0) }
        let history = try root.array("validation_history", read.double)
        let treeValues = try root.array("trees") { (value, _) throws(TreesError) in value }
        var trees: [Tree] = []
        trees.reserveCapacity(treeValues.count)
        for (index, value) in treeValues.enumerated() {
            trees.append(try decodeTree(value, path: "trees[\(index)]", source: source))
        }
        try root.finish()

        let model = BoostedModel(
            parameters: parameters, featureNames: featureNames, baseScore: baseScore, trees: trees, bestRound: bestRound,
            validationHistory: history)
        do {
            _ = try ModelFileValidation.treeDepths(of: model)
        } catch {
            throw TreesError(.modelFile, "\(source): \(error.message)")
        }
        if let bestRound, bestRound > model.roundCount {
            throw TreesError(.modelFile, "\(source): best_round is \(bestRound) but the model has \(model.roundCount) rounds")
        }
        return model
    }

    private static func decodeParameters(_ json: ModelFileJSON, source: String) throws(TreesError) -> TrainingParameters {
        let read = ModelFileValues(source: source)
        var fields = try Members(json, path: "parameters", source: source)
        var p = TrainingParameters()
        p.objective = try fields.choice("objective", Objective.allCases)
        p.classCount = try fields.int("class_count", minimum: 1)
        p.rounds = try fields.int("rounds", minimum: 0)
        p.learningRate = try fields.double("learning_rate")
        p.growth = try fields.choice("growth", [GrowthPolicy.depthWise, .leafWise])
        p.maxDepth = try fields.int("max_depth", minimum: 0)
        p.maxLeaves = try fields.int("max_leaves", minimum: 0)
        p.maxBins = try fields.int("max_bins", minimum: 0)
        p.lambda = try fields.double("lambda")
        p.alpha = try fields.double("alpha")
        p.gamma = try fields.double("gamma")
        p.minChildWeight = try fields.double("min_child_weight")
        p.subsample = try fields.double("subsample")
        p.colsample = try fields.double("colsample")
        p.huberDelta = try fields.double("huber_delta")
        p.earlyStoppingRounds = try fields.int("early_stopping_rounds", minimum: 0)
        let metric = try fields.take("metric")
        if case .null = metric {} else { p.metric = try read.choice(metric, "parameters.metric", Metric.allCases) }
        let seed = try fields.take("seed")
        guard case .number(let number) = seed, let value = number.unsigned else {
            throw read.error("parameters.seed", "an integer from 0 to \(UInt64.max)", seed)
        }
        p.seed = value
        try fields.finish()
        return p
    }

    private static func decodeTree(_ json: ModelFileJSON, path: String, source: String) throws(TreesError) -> Tree {
        let read = ModelFileValues(source: source)
        var fields = try Members(json, path: path, source: source)
        var tree = Tree()
        tree.feature = try fields.array("feature", read.nodeIndex)
        tree.threshold = try fields.array("threshold", read.double)
        tree.leftChild = try fields.array("left", read.nodeIndex)
        tree.rightChild = try fields.array("right", read.nodeIndex)
        tree.defaultLeft = try fields.array("default_left", read.bool)
        tree.value = try fields.array("value", read.double)
        tree.cover = try fields.array("cover", read.double)
        tree.gain = try fields.array("gain", read.double)
        try fields.finish()
        return tree
    }
}

/// The members of one JSON object, taken one by one so that a missing, mistyped or unknown key
/// is reported with its full path.
private struct Members {
    let path: String
    let source: String
    private var members: [(key: String, value: ModelFileJSON)]
    private var used: [Bool]

    init(_ json: ModelFileJSON, path: String, source: String) throws(TreesError) {
        self.path = path
        self.source = source
        guard case .object(let members) = json else {
            let name = path.isEmpty ? "the file" : path
            throw TreesError(.modelFile, "\(source): \(name) must be an object, found \(json.kindName)")
        }
        self.members = members
        used = [Bool](repeating: false, count: members.count)
    }

    /// The full path of `key`.
    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key` if present (marking it used).
    mutating func value(of key: String) -> ModelFileJSON? {
        for index in 0..<members.count where members[index].key == key {
            used[index] = true
            return members[index].value
        }
        return nil
    }

    /// The value of a required `key`.
    mutating func take(_ key: String) throws(TreesError) -> ModelFileJSON {
        guard let value = value(of: key) else { throw TreesError(.modelFile, "\(source): \(field(key)) is missing") }
        return value
    }

    /// Rejects keys this version does not define (a misspelling would otherwise go unnoticed).
    func finish() throws(TreesError) {
        for index in 0..<members.count where !used[index] {
            throw TreesError(.modelFile, "\(source): unknown field \(field(members[index].key))")
        }
    }

    /// The required integer at `key`.
    mutating func int(_ key: String, minimum: Int = Int.min) throws(TreesError) -> Int {
        try ModelFileValues(source: source).int(try take(key), field(key), minimum: minimum)
    }

    /// The required number at `key`.
    mutating func double(_ key: String) throws(TreesError) -> Double {
        try ModelFileValues(source: source).double(try take(key), field(key))
    }

    /// The required choice at `key`.
    mutating func choice<Choice: RawRepresentable>(_ key: String, _ choices: [Choice]) throws(TreesError) -> Choice
    where Choice.RawValue == String {
        try ModelFileValues(source: source).choice(try take(key), field(key), choices)
    }

    /// Each element of the array at `key`, converted by `element` (given its path).
    mutating func array<Element>(
        _ key: String, _ element: (ModelFileJSON, String) throws(TreesError) -> Element
    ) throws(TreesError) -> [Element] {
        let value = try take(key)
        let at = field(key)
        guard case .array(let items) = value else { throw ModelFileValues(source: source).error(at, "an array", value) }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(try element(item, "\(at)[\(index)]"))
        }
        return result
    }
}

/// Conversions of single JSON values to the types a model holds; `at` is the value's path.
private struct ModelFileValues {
    let source: String

    /// "`at` must be `expected`, found …" with the offending value shown.
    func error(_ at: String, _ expected: String, _ found: ModelFileJSON) -> TreesError {
        var shown = found.kindName
        if case .number(let number) = found { shown = number.double.description }
        if case .string(let text) = found { shown = "the string \(ModelFileEncoding.string(text))" }
        return TreesError(.modelFile, "\(source): \(at) must be \(expected), found \(shown)")
    }

    /// An integer within `minimum ... maximum`.
    func int(
        _ value: ModelFileJSON, _ at: String, minimum: Int = Int.min, maximum: Int = Int.max
    ) throws(TreesError) -> Int {
        guard case .number(let number) = value, let integer = number.integer, integer >= minimum, integer <= maximum else {
            var range = "an integer"
            if minimum != Int.min {
                range = maximum == Int.max ? "an integer ≥ \(minimum)" : "an integer from \(minimum) to \(maximum)"
            }
            throw error(at, range, value)
        }
        return Int(integer)
    }

    /// A number, or one of the strings "NaN", "Infinity", "-Infinity" JSON cannot spell as numbers.
    func double(_ value: ModelFileJSON, _ at: String) throws(TreesError) -> Double {
        switch value {
        case .number(let number): return number.double
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw error(at, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")", value)
        }
    }

    /// A string.
    func string(_ value: ModelFileJSON, _ at: String) throws(TreesError) -> String {
        guard case .string(let text) = value else { throw error(at, "a string", value) }
        return text
    }

    /// One of `choices`, spelled as its raw value.
    func choice<Choice: RawRepresentable>(
        _ value: ModelFileJSON, _ at: String, _ choices: [Choice]
    ) throws(TreesError) -> Choice where Choice.RawValue == String {
        let names = choices.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let text) = value, let match = choices.first(where: { $0.rawValue == text }) else {
            throw error(at, "one of \(names)", value)
        }
        return match
    }

    /// `true` or `false`.
    func bool(_ value: ModelFileJSON, _ at: String) throws(TreesError) -> Bool {
        guard case .bool(let flag) = value else { throw error(at, "true or false", value) }
        return flag
    }

    /// A feature or child id: any Int32 here; ranges are checked against the tree afterwards.
    func nodeIndex(_ value: ModelFileJSON, _ at: String) throws(TreesError) -> Int32 {
        Int32(try int(value, at, minimum: Int(Int32.min), maximum: Int(Int32.max)))
    }
}
