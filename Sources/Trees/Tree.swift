/// One decision tree as parallel arrays indexed by node id (node 0 is the root).
///
/// A row goes to `leftChild` when its value of `feature` is `< threshold` (XGBoost's convention),
/// to `rightChild` otherwise, and to the child `defaultLeft` names when the value is null.
/// Struct-of-arrays keeps prediction cache-friendly and the model file a plain listing.
public struct Tree: Sendable, Equatable {
    /// Feature index split on at each node; -1 marks a leaf.
    public var feature: [Int32]
    /// Split value: rows with `value < threshold` go left (unused at leaves).
    public var threshold: [Double]
    /// Left child node id, -1 at leaves.
    public var leftChild: [Int32]
    /// Right child node id, -1 at leaves.
    public var rightChild: [Int32]
    /// Where a null goes at each split node (learned in training).
    public var defaultLeft: [Bool]
    /// At a leaf: the contribution to the raw margin, learning rate already applied. At a split
    /// node: the value the node would have as a leaf (TreeSHAP and summaries use it).
    public var value: [Double]
    /// Sum of hessians of the training rows that reached the node (XGBoost's "cover").
    public var cover: [Double]
    /// Loss reduction of the split at the node; 0 at leaves.
    public var gain: [Double]

    /// An empty tree; append nodes with `appendNode`.
    public init() {
        feature = []
        threshold = []
        leftChild = []
        rightChild = []
        defaultLeft = []
        value = []
        cover = []
        gain = []
    }

    /// Number of nodes (splits and leaves).
    public var nodeCount: Int { feature.count }

    /// True when `node` is a leaf.
    @inlinable public func isLeaf(_ node: Int) -> Bool { feature[node] < 0 }

    /// Appends a leaf and returns its id; `split(_:…)` later turns it into a split node.
    @discardableResult
    public mutating func appendNode(value: Double, cover: Double) -> Int {
        feature.append(-1)
        threshold.append(0)
        leftChild.append(-1)
        rightChild.append(-1)
        defaultLeft.append(true)
        self.value.append(value)
        self.cover.append(cover)
        gain.append(0)
        return feature.count - 1
    }

    /// Turns leaf `node` into a split on `feature` at `threshold` with the two given children.
    public mutating func split(
        _ node: Int, feature: Int, threshold: Double, defaultLeft: Bool, gain: Double, left: Int, right: Int
    ) {
        self.feature[node] = Int32(feature)
        self.threshold[node] = threshold
        self.defaultLeft[node] = defaultLeft
        self.gain[node] = gain
        leftChild[node] = Int32(left)
        rightChild[node] = Int32(right)
    }

    /// The leaf a row reaches; `valueOf(f)` returns feature `f` of the row, NaN for null.
    @inlinable
    public func leaf(_ valueOf: (Int) -> Double) -> Int {
        var node = 0
        while feature[node] >= 0 {
            let x = valueOf(Int(feature[node]))
            let goLeft = x.isNaN ? defaultLeft[node] : x < threshold[node]
            node = Int(goLeft ? leftChild[node] : rightChild[node])
        }
        return node
    }

    /// Depth of the deepest leaf (a single leaf has depth 0).
    public var depth: Int {
        guard nodeCount > 0 else { return 0 }
        var deepest = 0
        var stack: [(node: Int, depth: Int)] = [(0, 0)]
        while let (node, level) = stack.popLast() {
            if isLeaf(node) {
                deepest = max(deepest, level)
            } else {
                stack.append((Int(leftChild[node]), level + 1))
                stack.append((Int(rightChild[node]), level + 1))
            }
        }
        return deepest
    }
}
