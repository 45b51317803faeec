import Frame
import Lang
import Trees

/// A trained gradient-boosted model carried by the language; `model.best_round`, `model.features`
/// and friends read its facts, and the REPL shows it as a short summary.
public final class ModelValue: HostObject {
    /// The model.
    public let model: BoostedModel

    /// Wraps a model.
    public init(_ model: BoostedModel) { self.model = model }

    /// Shown in messages and by `:type`.
    public var typeName: String { "model" }

    /// The facts a notebook may want to print or test.
    public func member(_ name: String) -> Value? {
        switch name {
        case "objective": return .string(model.objective.rawValue)
        case "trees": return .int(Int64(model.trees.count))
        case "rounds": return .int(Int64(model.roundCount))
        case "best_round": return model.bestRound.map { .int(Int64($0)) } ?? .null
        case "features": return .list(ListValue(model.featureNames.map(Value.string)))
        case "base_score":
            return model.baseScore.count == 1 ? .float(model.baseScore[0]) : .list(ListValue(model.baseScore.map(Value.float)))
        case "metric": return .string(model.parameters.effectiveMetric.rawValue)
        case "validation": return .list(ListValue(model.validationHistory.map(Value.float)))
        default: return nil
        }
    }

    /// Member names, for completion and hints.
    public var memberNames: [String] {
        ["objective", "trees", "rounds", "best_round", "features", "base_score", "metric", "validation"]
    }

    /// Three or four lines: objective and shape, validation, top features by total gain.
    public var summary: String {
        let parameters = model.parameters
        let growth = parameters.growth == .depthWise
            ? "depth-wise, max_depth \(parameters.maxDepth)"
            : "leaf-wise, max_leaves \(parameters.maxLeaves)" + (parameters.maxDepth > 0 ? ", max_depth \(parameters.maxDepth)" : "")
        let classes = parameters.objective == .multiclassSoftmax ? " (\(parameters.classCount) classes)" : ""
        var lines = [
            "gbdt model: \(parameters.objective.rawValue)\(classes), \(model.roundCount) rounds (\(model.trees.count) trees, \(growth)), "
                + "\(model.featureNames.count) feature\(model.featureNames.count == 1 ? "" : "s")"
        ]
        if let last = model.validationHistory.last {
            let metric = parameters.effectiveMetric.rawValue
            if let best = model.bestRound, best >= 1, best <= model.validationHistory.count {
                lines.append("validation \(metric) \(NumberFormatting.table(model.validationHistory[best - 1])) at best round \(best) "
                    + "of \(model.validationHistory.count) evaluated")
            } else {
                lines.append("validation \(metric) \(NumberFormatting.table(last)) after \(model.validationHistory.count) rounds")
            }
        }
        let gains = Importance.compute(model, kind: .totalGain)
        let total = gains.reduce(0, +)
        if total > 0 {
            // Ties keep feature order, so the line never depends on anything but the model.
            let ranked = gains.indices.sorted { gains[$0] != gains[$1] ? gains[$0] > gains[$1] : $0 < $1 }
            let top = ranked.prefix(5).filter { gains[$0] > 0 }.map { index in
                "\(model.featureNames[index]) \(NumberFormatting.table((gains[index] / total * 1000).rounded() / 10))%"
            }
            // Shares of the total gain (importance type "total_gain"), not importance()'s default
            // "gain", which is the mean gain per split: the label says which.
            lines.append("top features by total gain: " + top.joined(separator: ", ") + (ranked.count > 5 ? ", …" : ""))
        }
        return lines.joined(separator: "\n")
    }
}

extension Value {
    /// Wraps a model as a value.
    static func model(_ model: BoostedModel) -> Value { .host(ModelValue(model)) }
}

extension Arguments {
    /// Parameter `index` as a model.
    func model(_ index: Int, _ name: String) throws(Diagnostic) -> BoostedModel {
        let value = try required(index, name)
        if case .host(let registered as RegisteredModelValue) = value { return registered.registered.model }
        guard case .host(let object as ModelValue) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a model (from gbdt or load_model), found \(value.typeName)")
        }
        return object.model
    }
}
