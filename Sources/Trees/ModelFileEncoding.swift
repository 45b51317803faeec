/// Writes a model as model-file JSON text (docs/model-file.md) with a fixed key order, fixed
/// layout and shortest round-trip numbers, so one model always gives the same bytes.
enum ModelFileEncoding {
    /// The `format` value that marks an fti model file.
    static let formatName = "fti-gbdt"
    /// The version this code writes and the only one it reads.
    static let version = 1

    /// The whole file, ending in a newline.
    static func encode(_ model: BoostedModel) -> String {
        let p = model.parameters
        var out = "{\n"
        out += "  \"format\": \(string(formatName)),\n"
        out += "  \"version\": \(version),\n"
        out += "  \"parameters\": {\n"
        let fields: [(String, String)] = [
            ("objective", string(p.objective.rawValue)),
            ("class_count", String(p.classCount)),
            ("rounds", String(p.rounds)),
            ("learning_rate", number(p.learningRate)),
            ("growth", string(p.growth.rawValue)),
            ("max_depth", String(p.maxDepth)),
            ("max_leaves", String(p.maxLeaves)),
            ("max_bins", String(p.maxBins)),
            ("lambda", number(p.lambda)),
            ("alpha", number(p.alpha)),
            ("gamma", number(p.gamma)),
            ("min_child_weight", number(p.minChildWeight)),
            ("subsample", number(p.subsample)),
            ("colsample", number(p.colsample)),
            ("huber_delta", number(p.huberDelta)),
            ("early_stopping_rounds", String(p.earlyStoppingRounds)),
            ("metric", p.metric.map { string($0.rawValue) } ?? "null"),
            ("seed", String(p.seed)),
        ]
        for (index, (key, value)) in fields.enumerated() {
            out += "    \(string(key)): \(value)\(index + 1 < fields.count ? "," : "")\n"
        }
        out += "  },\n"
        out += "  \"feature_names\": \(list(model.featureNames.map(string))),\n"
        out += "  \"base_score\": \(list(model.baseScore.map(number))),\n"
        out += "  \"best_round\": \(model.bestRound.map { String($0) } ?? "null"),\n"
        out += "  \"validation_history\": \(list(model.validationHistory.map(number))),\n"
        if model.trees.isEmpty {
            out += "  \"trees\": []\n"
        } else {
            out += "  \"trees\": [\n"
            for (index, tree) in model.trees.enumerated() {
                out += "    {\n"
                out += "      \"feature\": \(list(tree.feature.map { String($0) })),\n"
                out += "      \"threshold\": \(list(tree.threshold.map(number))),\n"
                out += "      \"left\": \(list(tree.leftChild.map { String($0) })),\n"
                out += "      \"right\": \(list(tree.rightChild.map { String($0) })),\n"
                out += "      \"default_left\": \(list(tree.defaultLeft.map { $0 ? "true" : "false" })),\n"
                out += "      \"value\": \(list(tree.value.map(number))),\n"
                out += "      \"cover\": \(list(tree.cover.map(number))),\n"
                out += "      \"gain\": \(list(tree.gain.map(number)))\n"
                out += index + 1 < model.trees.count ? "    },\n" : "    }\n"
            }
            out += "  ]\n"
        }
        out += "}\n"
        return out
    }

    /// Shortest text that reads back as the same Double (Swift's `description`); JSON has no
    /// NaN or infinity, so those are the strings "NaN", "Infinity" and "-Infinity".
    static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return value.description
    }

    /// A JSON string literal: quote, backslash and control characters escaped, the rest as UTF-8.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let digits: [Character] = Array("0123456789abcdef")
                    out += "\\u00\(digits[Int(scalar.value >> 4)])\(digits[Int(scalar.value & 15)])"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }
}
