/// A model's trees flattened for prediction on raw feature values.
///
/// Every node is 16 bytes: threshold, where to read the row's value, and the left child (the
/// right child is always left + 1 after renumbering). Nulls are resolved without a test per node:
/// a block of rows is loaded twice, once with nulls as −inf and once as +inf, and a node whose
/// nulls go left reads the first copy (−inf < any threshold goes left), the others the second
/// (+inf < t is never true). A leaf has a NaN threshold (never left) and its left child one before
/// itself, so it steps to itself. 64 rows walk a tree side by side, hiding the latency of each
/// step's loads, with no branch per row: a step moves every row still on an inner node and keeps
/// those whose child is inner too (flags in the node), so a row costs its own depth, not the
/// tree's. Rows are summed tree by tree in model order, so the result does not depend on how
/// blocks are shared among threads.
struct FlatForest {
    struct Node {
        var threshold: Double
        /// Offset of the row's value in the block: (nulls left ? 0 : featureCount) + feature, times
        /// 64, in the low 30 bits; bit 30 is set when the left child is a leaf, bit 31 the right.
        var offset: UInt32
        /// Left child, relative to the tree's first node.
        var left: Int32
    }

    /// The bits of `Node.offset` that hold the offset.
    static let offsetMask: UInt32 = (1 << 30) - 1

    static let blockRows = 64

    private var nodes: [Node] = []
    private var values: [Double] = []
    private var treeStart: [Int] = []
    private var treeDepth: [Int] = []
    private var treeClass: [Int] = []
    let baseScore: [Double]
    let classCount: Int
    let featureCount: Int
    /// False when a split sends nulls left at threshold −inf (only a hand-made model can): −inf
    /// would then not go left, so such a forest tests for null at every node instead.
    private(set) var nullsAsInfinity = true

    /// Flattens `model`, whose trees have the given depths (checked by `ModelFileValidation`).
    init(_ model: BoostedModel, depths: [Int]) {
        classCount = model.treesPerRound
        baseScore = model.baseScore
        featureCount = model.featureNames.count
        let lanes = Self.blockRows
        for (index, tree) in model.trees.enumerated() {
            let start = nodes.count
            treeStart.append(start)
            treeDepth.append(depths[index])
            treeClass.append(index % classCount)
            // Breadth-first renumbering: each split's two children get consecutive ids.
            var order = [0]
            var newId = [Int](repeating: -1, count: tree.nodeCount)
            newId[0] = 0
            var position = 0
            while position < order.count {
                let old = order[position]
                if !tree.isLeaf(old) {
                    let left = Int(tree.leftChild[old])
                    let right = Int(tree.rightChild[old])
                    newId[left] = order.count
                    order.append(left)
                    newId[right] = order.count
                    order.append(right)
                }
                position += 1
            }
            for (local, old) in order.enumerated() {
                if tree.isLeaf(old) {
                    // Reads the +inf copy (nulls right), so even the null-testing walk steps to itself.
                    nodes.append(Node(threshold: .nan, offset: UInt32(featureCount * lanes), left: Int32(local - 1)))
                } else {
                    let feature = Int(tree.feature[old])
                    let copy = tree.defaultLeft[old] ? 0 : featureCount
                    if tree.defaultLeft[old] && tree.threshold[old] == -.infinity { nullsAsInfinity = false }
                    let leafFlags =
                        (tree.isLeaf(Int(tree.leftChild[old])) ? UInt32(1) << 30 : 0)
                        | (tree.isLeaf(Int(tree.rightChild[old])) ? UInt32(1) << 31 : 0)
                    nodes.append(Node(
                        threshold: tree.threshold[old], offset: UInt32((copy + feature) * lanes) | leafFlags,
                        left: Int32(newId[Int(tree.leftChild[old])])))
                }
                values.append(tree.value[old])
            }
        }
    }

    /// Predictions for `rowCount` rows of `sources`: `classCount` arrays of margins or responses.
    func predict(
        _ sources: [FeatureSource], rowCount: Int, objective: Objective, margin: Bool, threads: Int
    ) -> [[Double]] {
        let k = classCount
        var rowMajor = [Double](repeating: 0, count: rowCount * k)
        let blockCount = (rowCount + Self.blockRows - 1) / Self.blockRows
        let blocksPerTask = 16
        let taskCount = (blockCount + blocksPerTask - 1) / blocksPerTask
        rowMajor.withUnsafeMutableBufferPointer { output in
            let outputBox = SendableBox(output)
            let work = rowCount * max(1, treeStart.count) >= 200_000 ? threads : 1
            ParallelTasks.run(taskCount, threads: work) { task in
                let firstBlock = task * blocksPerTask
                let lastBlock = min(blockCount, firstBlock + blocksPerTask)
                predictBlocks(firstBlock..<lastBlock, sources: sources, rowCount: rowCount, into: outputBox.value)
            }
            if !margin {
                let margins = UnsafeBufferPointer(output)
                ModelResponse.transform(margins, objective: objective, classCount: k, into: output)
            }
        }
        if k == 1 { return [rowMajor] }
        var outputs = [[Double]](repeating: [], count: k)
        for c in 0..<k {
            outputs[c] = (0..<rowCount).map { rowMajor[$0 * k + c] }
        }
        return outputs
    }

    /// Writes the row-major margins of the rows of `blocks`.
    private func predictBlocks(
        _ blocks: Range<Int>, sources: [FeatureSource], rowCount: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let lanes = Self.blockRows
        // Two copies of the block, feature-major: nulls as −inf, then nulls as +inf.
        let x = UnsafeMutablePointer<Double>.allocate(capacity: max(1, 2 * featureCount) * lanes)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: classCount * lanes)
        let at = UnsafeMutablePointer<Int32>.allocate(capacity: lanes)
        let active = UnsafeMutablePointer<UInt8>.allocate(capacity: lanes)
        defer {
            x.deallocate()
            sums.deallocate()
            at.deallocate()
            active.deallocate()
        }
        nodes.withUnsafeBufferPointer { nodeBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                guard let nodes = nodeBuffer.baseAddress, let values = valueBuffer.baseAddress else { return }
                for block in blocks {
                    let first = block * lanes
                    let n = min(lanes, rowCount - first)
                    for feature in 0..<featureCount {
                        let low = x + feature * lanes
                        let high = x + (featureCount + feature) * lanes
                        sources[feature].load(from: first, count: n, into: low)
                        for lane in 0..<n {
                            let value = low[lane]
                            let isNull = value.isNaN
                            low[lane] = isNull ? -.infinity : value
                            high[lane] = isNull ? .infinity : value
                        }
                    }
                    for c in 0..<classCount {
                        (sums + c * lanes).initialize(repeating: baseScore[c], count: lanes)
                    }
                    for tree in 0..<treeStart.count {
                        let treeNodes = nodes + treeStart[tree]
                        let treeValues = values + treeStart[tree]
                        let out = sums + treeClass[tree] * lanes
                        at.initialize(repeating: 0, count: lanes)
                        if nullsAsInfinity {
                            // Only rows still on an inner node take the next step: leaf-wise trees
                            // are lopsided, and most rows stop long before the deepest leaf.
                            for lane in 0..<n { active[lane] = UInt8(truncatingIfNeeded: lane) }
                            var remaining = treeDepth[tree] > 0 ? n : 0
                            for _ in 0..<treeDepth[tree] where remaining > 0 {
                                var kept = 0
                                for k in 0..<remaining {
                                    let lane = Int(active[k])
                                    let node = treeNodes[Int(at[lane])]
                                    let value = x[Int(node.offset & Self.offsetMask) &+ lane]
                                    // Bit arithmetic rather than `? :`, which would compile to a
                                    // branch mispredicted about half the time.
                                    let right = 1 &- UInt32(Bool.asBit(value < node.threshold))
                                    at[lane] = node.left &+ Int32(bitPattern: right)
                                    let reachedLeaf = (node.offset &>> (30 &+ right)) & 1
                                    active[kept] = UInt8(truncatingIfNeeded: lane)
                                    kept &+= Int(1 &- reachedLeaf)
                                }
                                remaining = kept
                            }
                        } else {
                            walkTestingNulls(treeNodes, depth: treeDepth[tree], x: x, lanes: n, at: at)
                        }
                        for lane in 0..<n { out[lane] += treeValues[Int(at[lane])] }
                    }
                    for lane in 0..<n {
                        for c in 0..<classCount { output[(first + lane) * classCount + c] = sums[c * lanes + lane] }
                    }
                }
            }
        }
    }

    /// The general walk: a null (read as −inf from the first copy) is recognised by position and
    /// sent by the node's own flag, so a threshold of −inf behaves as `Tree.leaf` says.
    private func walkTestingNulls(
        _ treeNodes: UnsafePointer<Node>, depth: Int, x: UnsafePointer<Double>, lanes: Int,
        at: UnsafeMutablePointer<Int32>
    ) {
        let stride = featureCount * Self.blockRows
        for _ in 0..<depth {
            for lane in 0..<lanes {
                let node = treeNodes[Int(at[lane])]
                let offset = Int(node.offset & Self.offsetMask)
                let nullsLeft = offset < stride
                let low = x[offset % max(1, stride) + lane]
                let high = x[offset % max(1, stride) + stride + lane]
                // A null reads −inf in the first copy and +inf in the second; a value reads the same in both.
                let isNull = low != high
                let goesLeft = isNull ? nullsLeft : low < node.threshold
                at[lane] = node.left &+ (goesLeft ? 0 : 1)
            }
        }
    }
}

extension Bool {
    /// 1 for true, 0 for false, without a branch.
    @inline(__always) static func asBit(_ value: Bool) -> UInt8 { unsafeBitCast(value, to: UInt8.self) }
}
