/// Per-feature importance scores of a trained model, as XGBoost's `get_score` defines them.
public enum Importance {
    /// Which statistic of a feature's split nodes is reported.
    public enum Kind: String, Sendable, CaseIterable, Equatable {
        /// Mean loss reduction of the feature's splits.
        case gain
        /// Mean cover (hessian sum) of the nodes split on the feature.
        case cover
        /// Number of splits on the feature.
        case weight
        /// Sum of the loss reductions of the feature's splits.
        case totalGain = "total_gain"
        /// Sum of the covers of the nodes split on the feature.
        case totalCover = "total_cover"
    }

    /// One score per feature (index = feature index) over every stored tree; a feature never
    /// split on scores 0 for every kind.
    public static func compute(_ model: BoostedModel, kind: Kind) -> [Double] {
        let featureCount = model.featureNames.count
        var splits = [Double](repeating: 0, count: featureCount)
        var gains = [Double](repeating: 0, count: featureCount)
        var covers = [Double](repeating: 0, count: featureCount)
        for tree in model.trees {
            for node in 0..<tree.nodeCount {
                let feature = Int(tree.feature[node])
                guard feature >= 0, feature < featureCount else { continue }
                splits[feature] += 1
                gains[feature] += tree.gain[node]
                covers[feature] += tree.cover[node]
            }
        }
        switch kind {
        case .weight: return splits
        case .totalGain: return gains
        case .totalCover: return covers
        case .gain: return average(gains, over: splits)
        case .cover: return average(covers, over: splits)
        }
    }

    private static func average(_ sums: [Double], over counts: [Double]) -> [Double] {
        var result = sums
        for feature in 0..<sums.count {
            result[feature] = counts[feature] > 0 ? sums[feature] / counts[feature] : 0
        }
        return result
    }
}
