/// How many principal components data-reconstruction drift keeps.
public enum PrincipalComponentCount: Sendable, Equatable {
    /// The fewest leading components whose share of the reference variance exceeds this fraction
    /// (strictly between 0 and 1); NannyML's default is 0.65.
    case varianceShare(Double)
    /// Exactly this many components.
    case count(Int)

    /// Checks the argument alone, before any data is seen.
    func validate() throws(MonitorError) {
        switch self {
        case .varianceShare(let share) where !(share > 0 && share < 1):
            throw MonitorError(.invalidArgument, "the explained variance share must lie strictly between 0 and 1, found \(share)")
        case .count(let count) where count < 1:
            throw MonitorError(.invalidArgument, "the number of principal components must be 1 or more, found \(count)")
        default: return
        }
    }
}

/// A principal component analysis fitted on standardised reference rows (scikit-learn's PCA with
/// the `covariance_eigh` solver): the mean, the kept components and the variance they explain.
///
/// The eigenvectors' signs are arbitrary (scikit-learn flips them by a convention of its own);
/// nothing here depends on them, since a reconstruction `(z − μ) Wᵀ W + μ` is sign-invariant.
struct PrincipalComponents: Sendable {
    /// Number of columns of the data.
    let dimension: Int
    /// Column means of the fitted rows.
    let mean: [Double]
    /// Number of components kept.
    let componentCount: Int
    /// The kept components, row-major `componentCount × dimension`, unit length each.
    let components: [Double]
    /// The variance along every component (all `dimension` of them, largest first).
    let explainedVariance: [Double]
    /// Each component's share of the total variance.
    let explainedVarianceRatio: [Double]

    /// Fits on the row-major `rows × columns` matrix `z`, keeping `count` components.
    init(_ z: [Double], rows n: Int, columns d: Int, keeping count: PrincipalComponentCount) throws(MonitorError) {
        if n < 2 { throw MonitorError(.tooFewRows, "principal components need at least 2 reference rows, found \(n)") }
        dimension = d
        var mean = [Double](repeating: 0, count: d)
        var covariance = [Double](repeating: 0, count: d * d)
        z.withUnsafeBufferPointer { z in
            mean.withUnsafeMutableBufferPointer { mean in
                for row in 0..<n {
                    for j in 0..<d { mean[j] += z[row * d + j] }
                }
                for j in 0..<d { mean[j] /= Double(n) }
                // Covariance of the centred rows with the n − 1 denominator (scikit-learn's).
                covariance.withUnsafeMutableBufferPointer { covariance in
                    let centred = UnsafeMutablePointer<Double>.allocate(capacity: d)
                    defer { centred.deallocate() }
                    for row in 0..<n {
                        for j in 0..<d { centred[j] = z[row * d + j] - mean[j] }
                        for i in 0..<d {
                            let ci = centred[i]
                            for j in i..<d { covariance[i * d + j] += ci * centred[j] }
                        }
                    }
                }
            }
        }
        for i in 0..<(d * d) { covariance[i] /= Double(n - 1) }
        let eigen = SymmetricEigen(matrix: covariance, dimension: d)
        // Rounding can leave tiny negative eigenvalues; scikit-learn clips them to 0.
        let variances = eigen.values.map { max(0, $0) }
        var total = 0.0
        for variance in variances { total += variance }
        if !(total > 0) {
            throw MonitorError(.invalidArgument, "the reference columns have no variance to analyse")
        }
        let ratios = variances.map { $0 / total }
        var kept: Int
        switch count {
        case .count(let wanted):
            kept = wanted
        case .varianceShare(let share):
            // scikit-learn: searchsorted(cumsum(ratios), share, side: right) + 1.
            var cumulative = 0.0
            kept = 1
            for ratio in ratios {
                cumulative += ratio
                if cumulative <= share { kept += 1 } else { break }
            }
        }
        if kept >= d {
            throw MonitorError(
                .invalidArgument,
                "PCA would keep all \(d) components, so every row would reconstruct exactly; keep fewer components or monitor more columns")
        }
        self.mean = mean
        componentCount = kept
        var flat: [Double] = []
        flat.reserveCapacity(kept * d)
        for component in 0..<kept { flat.append(contentsOf: eigen.vectors[component]) }
        components = flat
        explainedVariance = variances
        explainedVarianceRatio = ratios
    }

    /// The Euclidean distance of each row in `rows` of the row-major matrix `z` from its
    /// reconstruction out of the kept components.
    func reconstructionErrors(_ z: [Double], rows: Range<Int>) -> [Double] {
        let d = dimension
        let k = componentCount
        var errors = [Double](repeating: 0, count: rows.count)
        let centred = UnsafeMutablePointer<Double>.allocate(capacity: d)
        let coefficients = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer {
            centred.deallocate()
            coefficients.deallocate()
        }
        z.withUnsafeBufferPointer { values in
            components.withUnsafeBufferPointer { w in
                mean.withUnsafeBufferPointer { mean in
                    errors.withUnsafeMutableBufferPointer { errors in
                        guard let values = values.baseAddress, let w = w.baseAddress, let mean = mean.baseAddress else { return }
                        for (i, row) in rows.enumerated() {
                            let source = values + row * d
                            for j in 0..<d { centred[j] = source[j] - mean[j] }
                            for c in 0..<k {
                                let component = w + c * d
                                var dot = 0.0
                                for j in 0..<d { dot += centred[j] * component[j] }
                                coefficients[c] = dot
                            }
                            var squared = 0.0
                            for j in 0..<d {
                                var reconstructed = 0.0
                                for c in 0..<k { reconstructed += coefficients[c] * w[c * d + j] }
                                let residual = centred[j] - reconstructed
                                squared += residual * residual
                            }
                            errors[i] = squared.squareRoot()
                        }
                    }
                }
            }
        }
        return errors
    }
}
