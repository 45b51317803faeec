/// The link from raw margins to the objective's response: the margin itself for regression, the
/// logistic of it for binary, the softmax over a row's classes for multiclass.
enum ModelResponse {
    /// Transforms row-major margins (`classCount` per row) into `output` of the same layout.
    static func transform(
        _ margins: UnsafeBufferPointer<Double>, objective: Objective, classCount: Int,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        switch objective {
        case .squaredError, .absoluteError, .huber:
            for i in 0..<margins.count { output[i] = margins[i] }
        case .binaryLogistic:
            for i in 0..<margins.count { output[i] = PortableMath.sigmoid(margins[i]) }
        case .multiclassSoftmax:
            guard classCount > 0, let base = margins.baseAddress else { return }
            let rows = margins.count / classCount
            for row in 0..<rows {
                LossFunction.softmax(
                    base + row * classCount, count: classCount,
                    into: UnsafeMutableBufferPointer(rebasing: output[row * classCount ..< (row + 1) * classCount]))
            }
        }
    }
}
