/// scikit-learn's `StratifiedKFold(n_splits, shuffle=False)` fold assignment, which the domain
/// classifier's cross-validation uses.
///
/// Classes are numbered in order of first appearance. The per-class fold sizes come from dealing
/// the class-sorted labels round-robin over the folds (position `p` of the sorted labels goes to
/// fold `p mod folds`); then, within each class, rows in data order fill fold 0, then fold 1, and
/// so on. So folds are contiguous blocks per class and balanced to within one row.
enum StratifiedFolds {
    /// The test fold of every row of the 0/1 `labels` (any value other than 1 counts as 0).
    static func assign(_ labels: [Double], folds: Int) -> [Int32] {
        let n = labels.count
        var assignment = [Int32](repeating: 0, count: n)
        guard n > 0, folds > 0 else { return assignment }
        let firstIsPositive = labels[0] == 1
        // Class 0 is the label of the first row, class 1 the other one.
        var counts = [0, 0]
        for label in labels { counts[(label == 1) == firstIsPositive ? 0 : 1] += 1 }
        // Round-robin allocation over the class-sorted labels: class 0 holds positions
        // 0 ..< counts[0], class 1 the rest.
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: folds), count: 2)
        for k in 0..<2 {
            let start = k == 0 ? 0 : counts[0]
            let end = start + counts[k]
            for fold in 0..<folds {
                // Positions p in start..<end with p % folds == fold.
                let first = start + ((fold - start % folds) + folds) % folds
                allocation[k][fold] = first < end ? (end - 1 - first) / folds + 1 : 0
            }
        }
        var nextFold = [0, 0]
        var filled = [0, 0]
        for row in 0..<n {
            let k = (labels[row] == 1) == firstIsPositive ? 0 : 1
            while nextFold[k] < folds - 1 && filled[k] >= allocation[k][nextFold[k]] {
                filled[k] = 0
                nextFold[k] += 1
            }
            assignment[row] = Int32(nextFold[k])
            filled[k] += 1
        }
        return assignment
    }
}
