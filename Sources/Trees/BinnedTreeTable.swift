/// One tree laid out for walking rows of the training bin matrix (or validation rows binned with
/// the training cuts): the out-of-sample rows of each tree and the validation margins use it.
///
/// Each node tests `(bin &+ shift) < limit` (the partition's test, so a row takes the same path
/// here as during training) and steps to `left + 1 − test` (a grown tree's right child is always
/// its left child + 1); a leaf has `limit` 0 (never left) and `left` one below itself, so it steps
/// to itself: every row takes exactly `depth` steps with no branch, and 16 rows walk side by side.
struct BinnedTreeTable: Sendable {
    struct Node {
        var feature: Int32
        var left: Int32
        var shift: UInt8
        var limit: UInt8
        var value: Double
    }

    private var nodes: [Node] = []
    /// Steps from the root to the deepest leaf.
    let depth: Int

    init(_ grown: GrownTree) {
        let tree = grown.tree
        for node in 0..<tree.nodeCount {
            if tree.isLeaf(node) {
                nodes.append(Node(feature: 0, left: Int32(node - 1), shift: 0, limit: 0, value: tree.value[node]))
            } else {
                let shift: UInt8 = tree.defaultLeft[node] ? 1 : 0
                nodes.append(Node(
                    feature: tree.feature[node], left: tree.leftChild[node], shift: shift,
                    limit: grown.splitBins[node] &+ shift, value: tree.value[node]))
            }
        }
        depth = tree.depth
    }

    /// Adds the leaf value of each listed row (`rows` nil: rows `first ..< first + count`) to
    /// `margins[row * marginStride + marginOffset]`.
    func addLeafValues(
        bins: UnsafePointer<UInt8>, stride: Int, rows: UnsafePointer<UInt32>?, first: Int, count: Int,
        margins: UnsafeMutablePointer<Double>, marginStride: Int, marginOffset: Int
    ) {
        let lanes = 16
        nodes.withUnsafeBufferPointer { table in
            var laneNode = (0..<lanes).map { _ in 0 }
            var laneRow = (0..<lanes).map { _ in 0 }
            laneNode.withUnsafeMutableBufferPointer { laneNode in
                laneRow.withUnsafeMutableBufferPointer { laneRow in
                    var start = 0
                    while start < count {
                        let n = min(lanes, count - start)
                        for lane in 0..<n {
                            laneRow[lane] = rows.map { Int($0[start + lane]) } ?? first + start + lane
                            laneNode[lane] = 0
                        }
                        for _ in 0..<depth {
                            for lane in 0..<n {
                                let node = table[laneNode[lane]]
                                let bin = bins[laneRow[lane] &* stride &+ Int(node.feature)]
                                let goesLeft = Int32(Bool.asBit((bin &+ node.shift) < node.limit))
                                laneNode[lane] = Int(node.left &+ 1 &- goesLeft)
                            }
                        }
                        for lane in 0..<n {
                            margins[laneRow[lane] &* marginStride &+ marginOffset] += table[laneNode[lane]].value
                        }
                        start += n
                    }
                }
            }
        }
    }
}
