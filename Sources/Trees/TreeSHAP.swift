/// Exact path-dependent TreeSHAP for one tree and one row (Lundberg, Erion & Lee 2018,
/// "Consistent individualized feature attribution for tree ensembles", Algorithm 2).
///
/// The algorithm walks every root-to-leaf path once, keeping the "unique path" of features met
/// so far. Each path element carries the fraction of feature-absent subsets that flow down it
/// (`zero`: the child's share of its parent's cover), whether the row itself flows down it
/// (`one`: 1 or 0), and the permutation weights of subsets of each size (`weight`). Extending and
/// unwinding that path gives each feature's Shapley weight at a leaf in O(depth²).
///
/// The recursion of the paper runs here on an explicit stack, so a deep tree cannot exhaust the
/// thread's stack; each stack level owns a segment of the path arrays (a child copies its
/// parent's segment, which stays intact until every descendant is done: the walk is depth-first).
final class TreeSHAP {
    /// Path elements one stack level can hold: the root's placeholder plus one per distinct feature.
    private let width: Int
    private let levels: Int
    private let pathFeature: UnsafeMutablePointer<Int>
    private let pathZero: UnsafeMutablePointer<Double>
    private let pathOne: UnsafeMutablePointer<Double>
    private let pathWeight: UnsafeMutablePointer<Double>
    private var pending: [Visit] = []

    /// A node still to be visited, with the path element its parent's split adds.
    private struct Visit {
        var node: Int
        var level: Int
        /// Index the new element takes in the path (elements 0 ..< uniqueDepth come from the parent).
        var uniqueDepth: Int
        var zero: Double
        var one: Double
        var feature: Int
    }

    /// Scratch space for trees of depth up to `maxDepth` over `featureCount` features.
    init(featureCount: Int, maxDepth: Int) {
        width = min(maxDepth, featureCount) + 2
        levels = maxDepth + 1
        let size = width * levels
        pathFeature = .allocate(capacity: size)
        pathZero = .allocate(capacity: size)
        pathOne = .allocate(capacity: size)
        pathWeight = .allocate(capacity: size)
        pathFeature.initialize(repeating: -1, count: size)
        pathZero.initialize(repeating: 0, count: size)
        pathOne.initialize(repeating: 0, count: size)
        pathWeight.initialize(repeating: 0, count: size)
    }

    deinit {
        pathFeature.deallocate()
        pathZero.deallocate()
        pathOne.deallocate()
        pathWeight.deallocate()
    }

    /// Shares of `node`'s weight that flow to its left and right children: their covers over
    /// the node's, or halves when the covers cannot serve (zero, negative or not finite).
    @inline(__always)
    static func childFractions(_ tree: Tree, node: Int, left: Int, right: Int) -> (left: Double, right: Double) {
        let total = tree.cover[node]
        let leftShare = tree.cover[left] / total
        let rightShare = tree.cover[right] / total
        if total > 0, total.isFinite, leftShare >= 0, rightShare >= 0, leftShare.isFinite, rightShare.isFinite {
            return (leftShare, rightShare)
        }
        return (0.5, 0.5)
    }

    /// The tree's output averaged over its training distribution as the covers describe it
    /// (the prediction when no feature is known), walking the same fractions TreeSHAP uses.
    static func expectedValue(of tree: Tree) -> Double {
        var total = 0.0
        var stack: [(node: Int, share: Double)] = [(0, 1)]
        while let (node, share) = stack.popLast() {
            if tree.feature[node] < 0 {
                total += share * tree.value[node]
                continue
            }
            let left = Int(tree.leftChild[node])
            let right = Int(tree.rightChild[node])
            let shares = childFractions(tree, node: node, left: left, right: right)
            stack.append((right, share * shares.right))
            stack.append((left, share * shares.left))
        }
        return total
    }

    /// Adds the row's per-feature contributions from the tree rooted at node `root` of `forest`
    /// to `phi` (one slot per feature). `row` holds the row's features, NaN for null; the tree
    /// must have passed validation with depth ≤ the `maxDepth` given at init.
    func accumulate(_ forest: TreeSHAPForest, root: Int, row: UnsafePointer<Double>, into phi: UnsafeMutablePointer<Double>) {
        pending.removeAll(keepingCapacity: true)
        pending.append(Visit(node: root, level: 0, uniqueDepth: 0, zero: 1, one: 1, feature: -1))
        while let visit = pending.popLast() {
            let base = visit.level * width
            if visit.level > 0 {
                let parent = base - width
                (pathFeature + base).update(from: pathFeature + parent, count: visit.uniqueDepth)
                (pathZero + base).update(from: pathZero + parent, count: visit.uniqueDepth)
                (pathOne + base).update(from: pathOne + parent, count: visit.uniqueDepth)
                (pathWeight + base).update(from: pathWeight + parent, count: visit.uniqueDepth)
            }
            var uniqueDepth = visit.uniqueDepth
            extend(base, uniqueDepth, zero: visit.zero, one: visit.one, feature: visit.feature)
            let node = visit.node
            let splitFeature = Int(forest.feature[node])
            if splitFeature < 0 {
                let leafValue = forest.value[node]
                var element = 1
                while element <= uniqueDepth {
                    let weight = unwoundSum(base, uniqueDepth, element)
                    let slot = base + element
                    phi[pathFeature[slot]] += weight * (pathOne[slot] - pathZero[slot]) * leafValue
                    element += 1
                }
                continue
            }
            let x = row[splitFeature]
            let goesLeft = x.isNaN ? forest.defaultLeft[node] : x < forest.threshold[node]
            let (hot, cold) = goesLeft ? (forest.left[node], forest.right[node]) : (forest.right[node], forest.left[node])
            let (hotShare, coldShare) = goesLeft
                ? (forest.leftShare[node], forest.rightShare[node]) : (forest.rightShare[node], forest.leftShare[node])

            // A feature met again: take its element out and carry its fractions into the children.
            var incomingZero = 1.0
            var incomingOne = 1.0
            var element = 1
            while element <= uniqueDepth && pathFeature[base + element] != splitFeature { element += 1 }
            if element <= uniqueDepth {
                incomingZero = pathZero[base + element]
                incomingOne = pathOne[base + element]
                unwind(base, uniqueDepth, element)
                uniqueDepth -= 1
            }
            let coldZero = coldShare * incomingZero
            // A child neither the row nor any absent-feature subset reaches adds nothing; skipping
            // it also keeps every path element with a nonzero fraction, which `unwind` divides by.
            if coldZero != 0 {
                pending.append(Visit(
                    node: cold, level: visit.level + 1, uniqueDepth: uniqueDepth + 1, zero: coldZero, one: 0,
                    feature: splitFeature))
            }
            let hotZero = hotShare * incomingZero
            if hotZero != 0 || incomingOne != 0 {
                pending.append(Visit(
                    node: hot, level: visit.level + 1, uniqueDepth: uniqueDepth + 1, zero: hotZero, one: incomingOne,
                    feature: splitFeature))
            }
        }
    }

    /// Appends an element at index `depth` and updates the subset-size weights: with the new
    /// feature absent a subset keeps its size (scaled by `zero`), present it grows by one
    /// (scaled by `one`).
    @inline(__always)
    private func extend(_ base: Int, _ depth: Int, zero: Double, one: Double, feature: Int) {
        pathFeature[base + depth] = feature
        pathZero[base + depth] = zero
        pathOne[base + depth] = one
        pathWeight[base + depth] = depth == 0 ? 1 : 0
        let scale = Double(depth + 1)
        var i = depth - 1
        while i >= 0 {
            pathWeight[base + i + 1] += one * pathWeight[base + i] * Double(i + 1) / scale
            pathWeight[base + i] = zero * pathWeight[base + i] * Double(depth - i) / scale
            i -= 1
        }
    }

    /// Reverses `extend` for the element at `index` and closes the gap it leaves.
    @inline(__always)
    private func unwind(_ base: Int, _ depth: Int, _ index: Int) {
        let one = pathOne[base + index]
        let zero = pathZero[base + index]
        let scale = Double(depth + 1)
        var next = pathWeight[base + depth]
        var j = depth - 1
        while j >= 0 {
            if one != 0 {
                let saved = pathWeight[base + j]
                pathWeight[base + j] = next * scale / (Double(j + 1) * one)
                next = saved - pathWeight[base + j] * zero * Double(depth - j) / scale
            } else {
                pathWeight[base + j] = pathWeight[base + j] * scale / (zero * Double(depth - j))
            }
            j -= 1
        }
        var k = index
        while k < depth {
            pathFeature[base + k] = pathFeature[base + k + 1]
            pathZero[base + k] = pathZero[base + k + 1]
            pathOne[base + k] = pathOne[base + k + 1]
            k += 1
        }
    }

    /// The total weight the path would have with the element at `index` unwound, without
    /// changing the path: the Shapley weight of that feature at the current leaf.
    @inline(__always)
    private func unwoundSum(_ base: Int, _ depth: Int, _ index: Int) -> Double {
        let one = pathOne[base + index]
        let zero = pathZero[base + index]
        let scale = Double(depth + 1)
        var next = pathWeight[base + depth]
        var total = 0.0
        var j = depth - 1
        while j >= 0 {
            if one != 0 {
                let share = next * scale / (Double(j + 1) * one)
                total += share
                next = pathWeight[base + j] - share * zero * Double(depth - j) / scale
            } else {
                total += pathWeight[base + j] / zero / (Double(depth - j) / scale)
            }
            j -= 1
        }
        return total
    }
}
