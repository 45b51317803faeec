/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method.
///
/// Jacobi is slow for large matrices but the matrices here are feature covariances (a few dozen
/// columns), where it is simple, accurate to the last bits for every eigenvalue and deterministic:
/// the rotations run in a fixed order, so the same input gives the same vectors everywhere.
struct SymmetricEigen: Sendable {
    /// The eigenvalues, largest first (ties keep the order of the diagonal).
    let values: [Double]
    /// `vectors[i]` is the unit eigenvector of `values[i]` (its sign is arbitrary).
    let vectors: [[Double]]

    /// Most sweeps before giving up on convergence (a sweep visits every off-diagonal pair once;
    /// a handful suffices for the matrices here, quadratic convergence does the rest).
    static let maximumSweeps = 100

    /// Decomposes the symmetric `d × d` row-major `matrix` (only its upper triangle is read).
    init(matrix: [Double], dimension d: Int) {
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in i..<d {
                a[i * d + j] = matrix[i * d + j]
                a[j * d + i] = matrix[i * d + j]
            }
        }
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        var scale = 0.0
        for value in a { scale += value * value }
        for _ in 0..<SymmetricEigen.maximumSweeps {
            var off = 0.0
            for p in 0..<d {
                for q in (p + 1)..<d { off += a[p * d + q] * a[p * d + q] }
            }
            // Stop once the off-diagonal mass is negligible next to the whole matrix.
            if off == 0 || off <= scale * 1e-34 { break }
            for p in 0..<d {
                for q in (p + 1)..<d {
                    SymmetricEigen.rotate(&a, &v, d, p, q)
                }
            }
        }
        var order = Array(0..<d)
        let diagonal = (0..<d).map { a[$0 * d + $0] }
        order.sort { diagonal[$0] != diagonal[$1] ? diagonal[$0] > diagonal[$1] : $0 < $1 }
        values = order.map { diagonal[$0] }
        vectors = order.map { column in (0..<d).map { row in v[row * d + column] } }
    }

    /// One Jacobi rotation in the plane (p, q) that zeroes `a[p][q]`, accumulated into `v`.
    ///
    /// With θ = (a_qq − a_pp) / (2 a_pq) the rotation's tangent is the smaller root of
    /// t² + 2θt − 1 = 0, which keeps the rotation angle below π/4 and the update stable.
    private static func rotate(_ a: inout [Double], _ v: inout [Double], _ d: Int, _ p: Int, _ q: Int) {
        let apq = a[p * d + q]
        if apq == 0 { return }
        let app = a[p * d + p]
        let aqq = a[q * d + q]
        let theta = (aqq - app) / (2 * apq)
        var t = 1 / (abs(theta) + (theta * theta + 1).squareRoot())
        if theta < 0 { t = -t }
        if !theta.isFinite { t = 0 }
        if t == 0 {
            a[p * d + q] = 0
            a[q * d + p] = 0
            return
        }
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        a[p * d + p] = app - t * apq
        a[q * d + q] = aqq + t * apq
        a[p * d + q] = 0
        a[q * d + p] = 0
        for r in 0..<d where r != p && r != q {
            let arp = a[r * d + p]
            let arq = a[r * d + q]
            let newP = c * arp - s * arq
            let newQ = s * arp + c * arq
            a[r * d + p] = newP
            a[p * d + r] = newP
            a[r * d + q] = newQ
            a[q * d + r] = newQ
        }
        for r in 0..<d {
            let vrp = v[r * d + p]
            let vrq = v[r * d + q]
            v[r * d + p] = c * vrp - s * vrq
            v[r * d + q] = s * vrp + c * vrq
        }
    }
}
