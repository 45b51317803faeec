/// A node while its tree grows: its rows, sums, histogram and best split.
struct GrowingNode {
    /// The node's rows are `rows[begin ..< end]` of the grower's buffer.
    var begin: Int
    var end: Int
    var gradient: Int64
    var hessian: Int64
    var depth: Int
    /// Histogram slot in the pool, or −1 when the node has none.
    var histogram: Int = -1
    var split = SplitCandidate()

    var rowCount: Int { end - begin }
}

/// A leaf of a finished tree and the rows of the training sample that reached it.
struct LeafRows: Sendable {
    var node: Int
    var begin: Int
    var end: Int
}

/// A finished tree, with what the boosting loop needs besides the public `Tree`.
struct GrownTree {
    var tree: Tree
    /// Split bin per node (rows with a smaller value bin go left); unused at leaves.
    var splitBins: [UInt8]
    var leaves: [LeafRows]
}

/// Grows one tree on the sampled rows, depth-wise or leaf-wise (`TreeGrowth.swift`), with
/// histograms of the layout `Entry` (`HistogramEntry`).
///
/// Everything large is allocated once per training run and reused by every tree: row ids (kept
/// increasing inside each node by a stable partition) with their fixed-point values, scratch
/// copies of both, and a pool of node histograms. A child's histogram is built from its rows only
/// when it is the smaller of the two; the larger one is the parent's minus it, computed in the
/// parent's buffer. Children are appended in pairs, so a right child is always its left child + 1.
final class TreeGrower<Entry: HistogramEntry> {
    let rowCount: Int
    let featureCount: Int
    /// Row-major bins (histograms, walking trees) and column-major bins (partitions).
    let bins: UnsafePointer<UInt8>
    let columns: UnsafePointer<UInt8>
    private let matrix: BinMatrix
    let valueBinCounts: [Int32]
    let cuts: [[Double]]
    let growth: GrowthPolicy
    let maxDepth: Int
    let maxLeaves: Int
    let learningRate: Double
    let gamma: Double
    let minChildWeight: Double
    let threads: Int

    /// Row ids of the current tree's sample, partitioned by node, and their fixed-point values:
    /// the value at position i belongs to the row at position i and moves with it in every
    /// partition, so a node's values are contiguous and histogram loops read them in sequence
    /// (LightGBM's "ordered gradients", kept ordered instead of gathered per node).
    let rows: TrainingBuffer<UInt32>
    let pairs: TrainingBuffer<Entry.RowValue>
    private let scratchRows: TrainingBuffer<UInt32>
    private let scratchPairs: TrainingBuffer<Entry.RowValue>
    private var histogramSlots: [TrainingBuffer<Entry>] = []
    /// The packed layout's count width (0 for pairs).
    let countBits: Int
    private var freeSlots: [Int] = []

    // State of the tree being grown.
    var nodes: [GrowingNode] = []
    var tree = Tree()
    var splitBins: [UInt8] = []
    var features: [Int32] = []
    var search = SplitSearch(lambda: 1, alpha: 0, minChildWeight: 1, gradientUnit: 1, hessianUnit: 1)
    /// True when the sample is rows 0 ..< rowCount in order (no subsampling): the root reads bins directly.
    var sampleIsAllRows = false

    init(matrix: BinMatrix, binning: FeatureBinning, parameters: TrainingParameters, countBits: Int) {
        self.countBits = countBits
        featureCount = binning.featureCount
        rowCount = matrix.rowCount
        self.matrix = matrix
        bins = UnsafePointer(matrix.rowMajor.base)
        columns = UnsafePointer((matrix.columnMajor ?? matrix.rowMajor).base)
        valueBinCounts = (0..<binning.featureCount).map { Int32(binning.valueBinCount($0)) }
        cuts = binning.cuts
        growth = parameters.growth
        maxDepth = parameters.maxDepth
        maxLeaves = parameters.maxLeaves
        learningRate = parameters.learningRate
        gamma = parameters.gamma
        minChildWeight = parameters.minChildWeight
        threads = max(1, parameters.threads)
        rows = TrainingBuffer(count: rowCount)
        pairs = TrainingBuffer(count: rowCount)
        scratchRows = TrainingBuffer(count: rowCount)
        scratchPairs = TrainingBuffer(count: rowCount)
    }

    /// Grows a tree on the rows `rows[0 ..< sampleCount]` with their `pairs`, which the caller filled.
    func grow(sampleCount: Int, features: [Int32], search: SplitSearch, allRows: Bool) -> GrownTree {
        self.features = features
        self.search = search
        sampleIsAllRows = allRows
        nodes.removeAll(keepingCapacity: true)
        tree = Tree()
        splitBins.removeAll(keepingCapacity: true)
        let root = addNode(begin: 0, end: sampleCount, gradient: 0, hessian: 0, depth: 0)
        nodes[root].histogram = acquireSlot()
        buildHistograms(of: [root])
        // The root's sums are those of any one feature's bins.
        if let first = features.first {
            let bins = histogramSlots[nodes[root].histogram].base + Int(first) << 8
            var sum = Entry.zero
            for bin in 0..<256 { sum &+= bins[bin] }
            (nodes[root].gradient, nodes[root].hessian) = sum.sums(countBits: countBits)
        }
        tree.value[root] = leafValue(root)
        tree.cover[root] = Double(nodes[root].hessian) * search.hessianUnit
        switch growth {
        case .depthWise: growDepthWise()
        case .leafWise: growLeafWise()
        }
        for node in nodes where node.histogram >= 0 { freeSlots.append(node.histogram) }
        var leaves: [LeafRows] = []
        for (id, node) in nodes.enumerated() where tree.isLeaf(id) {
            leaves.append(LeafRows(node: id, begin: node.begin, end: node.end))
        }
        return GrownTree(tree: tree, splitBins: splitBins, leaves: leaves)
    }

    /// Appends a node (a leaf for now) to the tree and the growth state; returns its id.
    @discardableResult
    func addNode(begin: Int, end: Int, gradient: Int64, hessian: Int64, depth: Int) -> Int {
        nodes.append(GrowingNode(begin: begin, end: end, gradient: gradient, hessian: hessian, depth: depth))
        splitBins.append(0)
        return tree.appendNode(value: 0, cover: 0)
    }

    /// The learning-rate-scaled weight of a node's sums.
    func leafValue(_ node: Int) -> Double {
        learningRate * search.weight(gradient: nodes[node].gradient, hessian: nodes[node].hessian)
    }

    /// True when the node's best split is good enough to make.
    func isWorthSplitting(_ node: Int) -> Bool {
        let split = nodes[node].split
        return split.feature >= 0 && split.gain > SplitSearch.minimumGain && split.gain >= gamma
    }

    /// True when a node could hold a valid split at all (two rows, enough hessian for two children).
    func couldSplit(rowCount: Int, hessian: Int64) -> Bool {
        rowCount >= 2 && Double(hessian) * search.hessianUnit >= 2 * minChildWeight
    }

    // MARK: histogram pool

    func acquireSlot() -> Int {
        if let slot = freeSlots.popLast() { return slot }
        histogramSlots.append(TrainingBuffer(count: max(1, featureCount) * 256))
        return histogramSlots.count - 1
    }

    func releaseSlot(of node: Int) {
        if nodes[node].histogram >= 0 {
            freeSlots.append(nodes[node].histogram)
            nodes[node].histogram = -1
        }
    }

    /// Feature chunks for a node of `rowCount` rows: groups of four features (the column kernel's
    /// group) when the node is big enough for a second thread to pay (research/swift-performance.md
    /// §6.8), so that a level's tasks balance across threads; else one chunk.
    private func chunkCount(rowCount: Int) -> Int {
        if threads <= 1 || rowCount * features.count < 1 << 16 { return 1 }
        return max(1, min(features.count / 4, 8))
    }

    /// Fills the histograms of `targets` (each has a slot) from their rows, feature chunks in parallel.
    func buildHistograms(of targets: [Int]) {
        let nodesCopy = nodes
        let contiguousRoot = sampleIsAllRows
        let context = SendableBox((bins, columns, rows.base, pairs.base))
        var taskNode: [Int] = []
        var taskChunk: [(Int, Int)] = []
        for node in targets {
            let chunks = chunkCount(rowCount: nodes[node].rowCount)
            for chunk in 0..<chunks {
                taskNode.append(node)
                taskChunk.append((chunk * features.count / chunks, (chunk + 1) * features.count / chunks))
            }
        }
        let slots = histogramSlots.map { SendableBox($0.base) }
        features.withUnsafeBufferPointer { list in
            let listBox = SendableBox(list)
            ParallelTasks.run(taskNode.count, threads: threads) { task in
                let node = nodesCopy[taskNode[task]]
                let (low, high) = taskChunk[task]
                let chunk = UnsafeBufferPointer(rebasing: listBox.value[low..<high])
                let histogram = slots[node.histogram].value
                let (bins, columns, rows, pairs) = context.value
                HistogramKernels.clear(histogram, features: chunk)
                if contiguousRoot && node.begin == 0 && node.end == rowCount {
                    HistogramKernels.accumulateContiguous(
                        values: pairs, count: node.rowCount, bins: bins, stride: featureCount, features: chunk,
                        into: histogram)
                } else {
                    HistogramKernels.accumulateByColumn(
                        rows: rows + node.begin, ordered: pairs + node.begin, count: node.rowCount,
                        columns: columns, rowCount: rowCount, features: chunk, into: histogram)
                }
            }
        }
    }

    /// Turns each `(small, large)` pair's large histogram, which holds the parent's, into parent − small.
    func subtractHistograms(_ pairsToSubtract: [(small: Int, large: Int)]) {
        let slots = histogramSlots.map { SendableBox($0.base) }
        let nodesCopy = nodes
        features.withUnsafeBufferPointer { list in
            let listBox = SendableBox(list)
            let work = pairsToSubtract.count * features.count >= 64 ? threads : 1
            ParallelTasks.run(pairsToSubtract.count, threads: work) { task in
                let (small, large) = pairsToSubtract[task]
                HistogramKernels.subtract(
                    slots[nodesCopy[small].histogram].value, from: slots[nodesCopy[large].histogram].value,
                    features: listBox.value)
            }
        }
    }

    /// Finds the best split of every node in `targets` (each has a histogram).
    func findSplits(of targets: [Int]) {
        var taskNode: [Int] = []
        var taskChunk: [(Int, Int)] = []
        let chunks = targets.count >= threads ? 1 : min(threads, max(1, features.count))
        for node in targets {
            for chunk in 0..<chunks {
                taskNode.append(node)
                taskChunk.append((chunk * features.count / chunks, (chunk + 1) * features.count / chunks))
            }
        }
        var results = [SplitCandidate](repeating: SplitCandidate(), count: taskNode.count)
        let slots = histogramSlots.map { SendableBox($0.base) }
        let nodesCopy = nodes
        let search = self.search
        let countBits = self.countBits
        features.withUnsafeBufferPointer { list in
            valueBinCounts.withUnsafeBufferPointer { counts in
                results.withUnsafeMutableBufferPointer { output in
                    let context = SendableBox((list, counts, output))
                    let work = targets.count * features.count >= 8 ? threads : 1
                    ParallelTasks.run(taskNode.count, threads: work) { task in
                        let (list, counts, output) = context.value
                        let node = nodesCopy[taskNode[task]]
                        let (low, high) = taskChunk[task]
                        guard let countBase = counts.baseAddress else { return }
                        output[task] = search.best(
                            histogram: slots[node.histogram].value, countBits: countBits,
                            features: UnsafeBufferPointer(rebasing: list[low..<high]),
                            valueBinCounts: countBase, gradient: node.gradient, hessian: node.hessian)
                    }
                }
            }
        }
        // Chunks in feature order; a later chunk wins only with a strictly larger gain.
        for (task, node) in taskNode.enumerated() {
            if task == 0 || taskNode[task - 1] != node {
                nodes[node].split = results[task]
            } else if results[task].beats(nodes[node].split) {
                nodes[node].split = results[task]
            }
        }
    }

    /// Splits the given nodes' rows and appends their children; returns (left, right) per node.
    /// `keepPairs` false skips moving the gradient pairs when no child will have a histogram built.
    func splitNodes(_ targets: [Int], keepPairs: Bool) -> [(left: Int, right: Int)] {
        let jobs = targets.map { node -> PartitionJob in
            let split = nodes[node].split
            return PartitionJob(
                begin: nodes[node].begin, end: nodes[node].end, feature: split.feature, bin: split.bin,
                nullsLeft: split.nullsLeft)
        }
        let buffers = RowPartition.Buffers(
            rows: rows.base, pairs: pairs.base, scratchRows: scratchRows.base, scratchPairs: scratchPairs.base)
        let leftCounts = RowPartition.run(
            jobs, buffers: buffers, movePairs: keepPairs, columns: columns, rowCount: rowCount, threads: threads)
        var children: [(left: Int, right: Int)] = []
        for (index, node) in targets.enumerated() {
            let parent = nodes[node]
            let split = parent.split
            let middle = parent.begin + leftCounts[index]
            let left = addNode(
                begin: parent.begin, end: middle, gradient: split.leftGradient, hessian: split.leftHessian,
                depth: parent.depth + 1)
            let right = addNode(
                begin: middle, end: parent.end, gradient: parent.gradient &- split.leftGradient,
                hessian: parent.hessian &- split.leftHessian, depth: parent.depth + 1)
            for child in [left, right] {
                tree.value[child] = leafValue(child)
                tree.cover[child] = Double(nodes[child].hessian) * search.hessianUnit
            }
            // A node that saw no nulls in the feature sends them to the child with more rows (ties right).
            let defaultLeft = split.nullsSeen ? split.nullsLeft : leftCounts[index] > parent.rowCount - leftCounts[index]
            let threshold = cuts[split.feature][split.bin - 1]
            tree.split(
                node, feature: split.feature, threshold: threshold, defaultLeft: defaultLeft, gain: split.gain,
                left: left, right: right)
            splitBins[node] = UInt8(truncatingIfNeeded: split.bin)
            children.append((left, right))
        }
        return children
    }

    /// Gives the children of each split node their histograms: the smaller child (by rows, ties to
    /// the left) is built, the larger derived from the parent's; children that cannot split get none.
    func prepareHistograms(parents: [Int], children: [(left: Int, right: Int)]) -> [Int] {
        var build: [Int] = []
        var derive: [(small: Int, large: Int)] = []
        var ready: [Int] = []
        for (parent, pair) in zip(parents, children) {
            let leftFirst = nodes[pair.left].rowCount <= nodes[pair.right].rowCount
            let small = leftFirst ? pair.left : pair.right
            let large = leftFirst ? pair.right : pair.left
            let smallCan = couldSplit(rowCount: nodes[small].rowCount, hessian: nodes[small].hessian)
            let largeCan = couldSplit(rowCount: nodes[large].rowCount, hessian: nodes[large].hessian)
            if !smallCan && !largeCan {
                releaseSlot(of: parent)
                continue
            }
            nodes[small].histogram = acquireSlot()
            build.append(small)
            if largeCan {
                nodes[large].histogram = nodes[parent].histogram
                nodes[parent].histogram = -1
                derive.append((small, large))
            } else {
                releaseSlot(of: parent)
            }
            if smallCan { ready.append(small) }
            if largeCan { ready.append(large) }
        }
        buildHistograms(of: build)
        subtractHistograms(derive)
        for node in build where !ready.contains(node) { releaseSlot(of: node) }
        return ready.sorted()
    }
}
