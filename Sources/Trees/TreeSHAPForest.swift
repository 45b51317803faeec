/// A model's trees flattened into one set of node arrays for TreeSHAP: child ids are global,
/// and each split's child shares (cover fractions) are computed once instead of per row.
///
/// Raw memory rather than `[Tree]` so that the threads explaining rows read nodes without
/// touching reference counts (copying a `Tree` out of an array retains eight arrays).
final class TreeSHAPForest: @unchecked Sendable {
    /// Node id of each tree's root.
    let roots: [Int]
    let nodeCount: Int
    /// Feature split on, -1 at leaves.
    let feature: UnsafeMutablePointer<Int32>
    let threshold: UnsafeMutablePointer<Double>
    /// Global ids of the children (unused at leaves).
    let left: UnsafeMutablePointer<Int>
    let right: UnsafeMutablePointer<Int>
    let defaultLeft: UnsafeMutablePointer<Bool>
    let value: UnsafeMutablePointer<Double>
    /// Fractions of the node's cover that reach its left and right child.
    let leftShare: UnsafeMutablePointer<Double>
    let rightShare: UnsafeMutablePointer<Double>

    /// Flattens `trees`, which must have passed `ModelFileValidation`.
    init(_ trees: [Tree]) {
        var roots: [Int] = []
        var total = 0
        for tree in trees {
            roots.append(total)
            total += tree.nodeCount
        }
        self.roots = roots
        nodeCount = total
        let capacity = max(1, total)
        feature = .allocate(capacity: capacity)
        threshold = .allocate(capacity: capacity)
        left = .allocate(capacity: capacity)
        right = .allocate(capacity: capacity)
        defaultLeft = .allocate(capacity: capacity)
        value = .allocate(capacity: capacity)
        leftShare = .allocate(capacity: capacity)
        rightShare = .allocate(capacity: capacity)
        for (index, tree) in trees.enumerated() {
            let base = roots[index]
            for node in 0..<tree.nodeCount {
                let at = base + node
                let isSplit = tree.feature[node] >= 0
                let leftChild = Int(tree.leftChild[node])
                let rightChild = Int(tree.rightChild[node])
                let shares = isSplit
                    ? TreeSHAP.childFractions(tree, node: node, left: leftChild, right: rightChild) : (left: 0, right: 0)
                (feature + at).initialize(to: tree.feature[node])
                (threshold + at).initialize(to: tree.threshold[node])
                (left + at).initialize(to: isSplit ? base + leftChild : -1)
                (right + at).initialize(to: isSplit ? base + rightChild : -1)
                (defaultLeft + at).initialize(to: tree.defaultLeft[node])
                (value + at).initialize(to: tree.value[node])
                (leftShare + at).initialize(to: shares.left)
                (rightShare + at).initialize(to: shares.right)
            }
        }
    }

    deinit {
        feature.deinitialize(count: nodeCount).deallocate()
        threshold.deinitialize(count: nodeCount).deallocate()
        left.deinitialize(count: nodeCount).deallocate()
        right.deinitialize(count: nodeCount).deallocate()
        defaultLeft.deinitialize(count: nodeCount).deallocate()
        value.deinitialize(count: nodeCount).deallocate()
        leftShare.deinitialize(count: nodeCount).deallocate()
        rightShare.deinitialize(count: nodeCount).deallocate()
    }
}
