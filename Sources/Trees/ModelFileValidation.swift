/// Structural checks of a model, shared by the model-file decoder and the explainer so that
/// neither walks a tree that could loop, index out of range or recurse without bound.
///
/// Messages name the offending entry as the model file spells it (`trees[3].left[5]`).
enum ModelFileValidation {
    /// The most features a model may have.
    static let maximumFeatures = 1 << 20

    /// Checks every tree and the per-class arrays; returns the depth of each tree.
    static func treeDepths(of model: BoostedModel) throws(TreesError) -> [Int] {
        let perRound = model.treesPerRound
        if model.baseScore.count != perRound {
            throw TreesError(
                .modelFile, "base_score has \(model.baseScore.count) entries; the objective needs \(perRound)")
        }
        if model.trees.count % perRound != 0 {
            throw TreesError(
                .modelFile, "trees has \(model.trees.count) entries, not a multiple of the \(perRound) classes")
        }
        // Prediction addresses a block's values in 30 bits (`FlatForest.Node.offset`).
        if model.featureNames.count > maximumFeatures {
            throw TreesError(
                .modelFile, "the model has \(model.featureNames.count) features; at most \(maximumFeatures) are supported")
        }
        var depths: [Int] = []
        depths.reserveCapacity(model.trees.count)
        for (index, tree) in model.trees.enumerated() {
            depths.append(try depth(of: tree, index: index, featureCount: model.featureNames.count))
        }
        return depths
    }

    /// Checks one tree: equal array lengths, a root; at every node (reachable or not) a feature
    /// id in range or -1, children in range at a split and -1 at a leaf; from the root every
    /// node reached at most once (so no cycle and no shared node). Returns the deepest leaf's depth.
    static func depth(of tree: Tree, index: Int, featureCount: Int) throws(TreesError) -> Int {
        let name = "trees[\(index)]"
        let count = tree.feature.count
        let lengths = [
            ("threshold", tree.threshold.count), ("left", tree.leftChild.count), ("right", tree.rightChild.count),
            ("default_left", tree.defaultLeft.count), ("value", tree.value.count), ("cover", tree.cover.count),
            ("gain", tree.gain.count),
        ]
        for (field, length) in lengths where length != count {
            throw TreesError(.modelFile, "\(name).\(field) has \(length) entries, \(name).feature has \(count)")
        }
        if count == 0 { throw TreesError(.modelFile, "\(name) has no nodes") }
        for node in 0..<count {
            let feature = Int(tree.feature[node])
            let left = Int(tree.leftChild[node])
            let right = Int(tree.rightChild[node])
            if feature < 0 {
                if feature != -1 {
                    throw TreesError(.modelFile, "\(name).feature[\(node)] = \(feature) is not -1 or a feature id")
                }
                if left != -1 || right != -1 {
                    throw TreesError(.modelFile, "\(name).left[\(node)] and right[\(node)] must be -1 at a leaf")
                }
                continue
            }
            if feature >= featureCount {
                throw TreesError(
                    .modelFile, "\(name).feature[\(node)] = \(feature) but the model has \(featureCount) features")
            }
            for (field, child) in [("left", left), ("right", right)] where child < 0 || child >= count {
                throw TreesError(
                    .modelFile, "\(name).\(field)[\(node)] = \(child) is not a node id (the tree has \(count) nodes)")
            }
        }
        var reached = [Bool](repeating: false, count: count)
        reached[0] = true
        var stack: [(node: Int, depth: Int)] = [(0, 0)]
        var deepest = 0
        while let (node, level) = stack.popLast() {
            if tree.feature[node] < 0 {
                deepest = max(deepest, level)
                continue
            }
            for (field, child) in [("left", Int(tree.leftChild[node])), ("right", Int(tree.rightChild[node]))] {
                if reached[child] {
                    throw TreesError(
                        .modelFile,
                        "\(name).\(field)[\(node)] = \(child) points back to a node already in the tree (a cycle or shared node)")
                }
                reached[child] = true
                stack.append((child, level + 1))
            }
        }
        return deepest
    }
}
