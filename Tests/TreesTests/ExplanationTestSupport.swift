import Frame
@testable import Trees
import TestSupport

/// Random trees and models for the model-use tests, built by hand with consistent covers (a
/// node's cover is the sum of its children's), plus a plain walk that gives the raw margin.
enum RandomUseModels {
    /// A random tree of depth ≤ `maxDepth` over `featureCount` features; thresholds in [0, 1).
    /// Now and then a child gets zero cover, the edge case path-dependent SHAP must survive.
    static func tree(_ random: inout UseTestRandom, featureCount: Int, maxDepth: Int) -> Tree {
        var tree = Tree()
        let root = tree.appendNode(value: random.uniform(-1, 1), cover: random.uniform(1, 100))
        var open: [(node: Int, depth: Int)] = [(root, 0)]
        while let (node, depth) = open.popLast() {
            guard depth < maxDepth, random.unit() < 0.75 || depth == 0 else { continue }
            let cover = tree.cover[node]
            var share = random.uniform(0.05, 0.95)
            if random.below(12) == 0 { share = random.below(2) == 0 ? 0 : 1 }
            let left = tree.appendNode(value: random.uniform(-1, 1), cover: cover * share)
            let right = tree.appendNode(value: random.uniform(-1, 1), cover: cover - cover * share)
            tree.split(
                node, feature: random.below(featureCount), threshold: random.unit(), defaultLeft: random.below(2) == 0,
                gain: random.uniform(0, 10), left: left, right: right)
            open.append((left, depth + 1))
            open.append((right, depth + 1))
        }
        return tree
    }

    /// A random model; `classCount > 1` makes it multiclass with one tree per class per round.
    static func model(
        _ random: inout UseTestRandom, featureCount: Int, rounds: Int, maxDepth: Int, classCount: Int = 1
    ) -> BoostedModel {
        var parameters = TrainingParameters()
        parameters.objective = classCount > 1 ? .multiclassSoftmax : .squaredError
        parameters.classCount = classCount
        parameters.rounds = rounds
        let perRound = max(1, classCount)
        let trees = (0..<(rounds * perRound)).map { _ in tree(&random, featureCount: featureCount, maxDepth: maxDepth) }
        return BoostedModel(
            parameters: parameters, featureNames: (0..<featureCount).map { "f\($0)" },
            baseScore: (0..<perRound).map { _ in random.uniform(-1, 1) }, trees: trees)
    }

    /// Random feature columns: floats in [0, 1) (about one in six null), every third one an int
    /// column of 0/1 values so both storages are read.
    static func columns(_ random: inout UseTestRandom, featureCount: Int, rowCount: Int) -> [Column] {
        (0..<featureCount).map { feature in
            let validity = (0..<rowCount).map { _ in random.below(6) != 0 }
            if feature % 3 == 2 {
                return Column(name: "c\(feature)", ints: (0..<rowCount).map { _ in Int64(random.below(2)) }, validity: validity)
            }
            return Column(name: "c\(feature)", floats: (0..<rowCount).map { _ in random.unit() }, validity: validity)
        }
    }

    /// Row `row` of the columns as Doubles, NaN for null.
    static func row(_ columns: [Column], _ row: Int) -> [Double] {
        columns.map { column in
            switch column.scalar(at: row) {
            case .float(let value): return value
            case .int(let value): return Double(value)
            case .bool(let value): return value ? 1 : 0
            default: return .nan
            }
        }
    }

    /// The raw margin of `output` for one row, by walking each tree from the root.
    static func margin(_ model: BoostedModel, row: [Double], output: Int) -> Double {
        var total = model.baseScore[output]
        var index = output
        while index < model.trees.count {
            let tree = model.trees[index]
            var node = 0
            while tree.feature[node] >= 0 {
                let x = row[Int(tree.feature[node])]
                let left = x.isNaN ? tree.defaultLeft[node] : x < tree.threshold[node]
                node = Int(left ? tree.leftChild[node] : tree.rightChild[node])
            }
            total += tree.value[node]
            index += model.treesPerRound
        }
        return total
    }

    /// Expected output of `tree` when only the features in `known` (a bit set) are known: known
    /// features follow the row, unknown ones average the children by cover (Shapley's f_S in the
    /// path-dependent form).
    static func conditional(_ tree: Tree, row: [Double], known: Int, node: Int = 0) -> Double {
        let feature = Int(tree.feature[node])
        if feature < 0 { return tree.value[node] }
        let left = Int(tree.leftChild[node])
        let right = Int(tree.rightChild[node])
        if known & (1 << feature) != 0 {
            let x = row[feature]
            let goesLeft = x.isNaN ? tree.defaultLeft[node] : x < tree.threshold[node]
            return conditional(tree, row: row, known: known, node: goesLeft ? left : right)
        }
        // A node without cover splits its weight evenly (the rule TreeSHAP documents).
        let total = tree.cover[node]
        let leftShare = total > 0 ? tree.cover[left] / total : 0.5
        let rightShare = total > 0 ? tree.cover[right] / total : 0.5
        return leftShare * conditional(tree, row: row, known: known, node: left)
            + rightShare * conditional(tree, row: row, known: known, node: right)
    }

    /// Shapley values of `tree` for `row` straight from the definition: a weighted sum over every
    /// subset of the other features (feasible for a handful of features).
    static func bruteForceShapley(_ tree: Tree, row: [Double], featureCount: Int) -> [Double] {
        var factorial = [1.0]
        for n in 1...max(1, featureCount) { factorial.append(factorial[n - 1] * Double(n)) }
        var phi = [Double](repeating: 0, count: featureCount)
        for feature in 0..<featureCount {
            for subset in 0..<(1 << featureCount) where subset & (1 << feature) == 0 {
                let size = subset.nonzeroBitCount
                let weight = factorial[size] * factorial[featureCount - size - 1] / factorial[featureCount]
                phi[feature] += weight
                    * (conditional(tree, row: row, known: subset | (1 << feature)) - conditional(tree, row: row, known: subset))
            }
        }
        return phi
    }
}
