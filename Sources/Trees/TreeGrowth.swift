/// The two growth policies: XGBoost's level by level and LightGBM's best leaf first.
extension TreeGrower {
    /// Splits every worthwhile node of a level, then the next level, down to `maxDepth`; with
    /// `maxLeaves` set, nodes of a level split in id order while the leaf count allows.
    func growDepthWise() {
        var frontier = [0]
        var leafCount = 1
        if !couldSplit(rowCount: nodes[0].rowCount, hessian: nodes[0].hessian) { return }
        for depth in 0..<maxDepth {
            findSplits(of: frontier)
            var splitting: [Int] = []
            for node in frontier {
                if isWorthSplitting(node) && (maxLeaves == 0 || leafCount < maxLeaves) {
                    splitting.append(node)
                    leafCount += 1
                } else {
                    releaseSlot(of: node)
                }
            }
            if splitting.isEmpty { return }
            let last = depth + 1 >= maxDepth || (maxLeaves > 0 && leafCount >= maxLeaves)
            let children = splitNodes(splitting, keepPairs: !last)
            if last {
                for node in splitting { releaseSlot(of: node) }
                return
            }
            frontier = prepareHistograms(parents: splitting, children: children)
            if frontier.isEmpty { return }
        }
    }

    /// Repeatedly splits the leaf with the largest gain (ties to the lower node id) until
    /// `maxLeaves` leaves exist or no leaf has a worthwhile split; `maxDepth` (if not 0) caps depth.
    func growLeafWise() {
        if !couldSplit(rowCount: nodes[0].rowCount, hessian: nodes[0].hessian) { return }
        findSplits(of: [0])
        var open = [0]
        var leafCount = 1
        while maxLeaves == 0 || leafCount < maxLeaves {
            var bestIndex = -1
            for (index, node) in open.enumerated() where isWorthSplitting(node) {
                if bestIndex < 0 {
                    bestIndex = index
                    continue
                }
                let gain = nodes[node].split.gain
                let bestGain = nodes[open[bestIndex]].split.gain
                if gain > bestGain || (gain == bestGain && node < open[bestIndex]) { bestIndex = index }
            }
            if bestIndex < 0 { break }
            let node = open.remove(at: bestIndex)
            leafCount += 1
            let childDepth = nodes[node].depth + 1
            let last = (maxDepth > 0 && childDepth >= maxDepth) || (maxLeaves > 0 && leafCount >= maxLeaves)
            let children = splitNodes([node], keepPairs: !last)
            if maxDepth > 0 && childDepth >= maxDepth {
                releaseSlot(of: node)
                continue
            }
            if maxLeaves > 0 && leafCount >= maxLeaves {
                releaseSlot(of: node)
                break
            }
            let ready = prepareHistograms(parents: [node], children: children)
            if ready.isEmpty { continue }
            findSplits(of: ready)
            open.append(contentsOf: ready)
        }
        for node in open { releaseSlot(of: node) }
    }
}
