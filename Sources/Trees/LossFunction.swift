/// Gradients, hessians and starting scores of each objective, in Double.
///
/// Margins are stored row-major (`margins[row * classCount + k]`) because softmax needs a row's
/// classes together; gradients and hessians class-major (`gradients[k * rowCount + row]`) because
/// each class's tree reads its own. All transcendental functions come from `PortableMath`.
struct LossFunction: Sendable {
    let objective: Objective
    /// Outputs per row: the class count for multiclass, else 1.
    let classCount: Int
    let huberDelta: Double

    /// Smallest hessian of the logistic objectives, so that a confident row still counts (XGBoost's floor).
    static let minimumHessian = 1e-16

    init(parameters: TrainingParameters) {
        objective = parameters.objective
        classCount = parameters.objective == .multiclassSoftmax ? parameters.classCount : 1
        huberDelta = parameters.huberDelta
    }

    /// True when every row's hessian is 1 (the squared, absolute and Huber losses).
    var hasUnitHessian: Bool {
        switch objective {
        case .squaredError, .absoluteError, .huber: return true
        case .binaryLogistic, .multiclassSoftmax: return false
        }
    }

    /// Bounds on |gradient| and on the hessian that hold whatever the margins, so the fixed-point
    /// scales need no pass over the data; nil for squared error, whose gradient is unbounded.
    var fixedBounds: (gradient: Double, hessian: Double)? {
        switch objective {
        case .squaredError: return nil
        case .absoluteError: return (1, 1)
        case .huber: return (huberDelta, 1)
        case .binaryLogistic: return (1, 0.25)
        case .multiclassSoftmax: return (1, 0.5)
        }
    }

    /// True when a tree's pairs are computed straight from margins and labels (no gradient
    /// arrays): every objective but multiclass, whose softmax needs a row's classes together.
    var fusesGradients: Bool { objective != .multiclassSoftmax }

    /// The largest |margin − label| over the listed rows (`rows` nil: rows `first ..< first + count`).
    func largestResidual(
        labels: UnsafePointer<Double>, margins: UnsafePointer<Double>, rows: UnsafePointer<UInt32>?, first: Int,
        count: Int
    ) -> Double {
        // A NaN or infinite residual compares false with `<` against a finite bound and is skipped.
        var largest = 0.0
        if let rows {
            for i in 0..<count {
                let row = Int(rows[i])
                let residual = abs(margins[row] - labels[row])
                if residual > largest && residual < .infinity { largest = residual }
            }
        } else {
            for row in first..<(first + count) {
                let residual = abs(margins[row] - labels[row])
                if residual > largest && residual < .infinity { largest = residual }
            }
        }
        return largest
    }

    /// Writes the fixed-point values of the listed rows (`rows` nil: rows `first ..< first + count`)
    /// to `values[0 ..< count]`, computing each gradient from its margin and label (one output only).
    func quantizedRows<Entry: HistogramEntry>(
        labels: UnsafePointer<Double>, margins: UnsafePointer<Double>, rows: UnsafePointer<UInt32>?, first: Int,
        count: Int, quantizer: GradientQuantizer, into values: UnsafeMutablePointer<Entry.RowValue>,
        as entry: Entry.Type
    ) {
        switch objective {
        case .squaredError:
            // Eight rows at a time, quantized as two vectors (the scalar path spends most of its
            // time on the clamp and rounding of one value at a time).
            var i = 0
            while i < count {
                let n = min(8, count - i)
                var gradient = SIMD8<Double>.zero
                if let rows {
                    for lane in 0..<n {
                        let row = Int(rows[i + lane])
                        gradient[lane] = margins[row] - labels[row]
                    }
                } else {
                    for lane in 0..<n { gradient[lane] = margins[first + i + lane] - labels[first + i + lane] }
                }
                let (g0, _) = quantizer.quantized(gradients: gradient.lowHalf, hessians: .zero)
                let (g1, _) = quantizer.quantized(gradients: gradient.highHalf, hessians: .zero)
                for lane in 0..<n {
                    let g = lane < 4 ? g0[lane] : g1[lane - 4]
                    values[i + lane] = Entry.row(gradient: g, hessian: 1, countBits: quantizer.countBits)
                }
                i += n
            }
        case .absoluteError:
            for i in 0..<count {
                let row = rows.map { Int($0[i]) } ?? first + i
                let r = margins[row] - labels[row]
                values[i] = quantizer.row(gradient: r > 0 ? 1 : (r < 0 ? -1 : 0), hessian: 1, as: entry)
            }
        case .huber:
            let delta = huberDelta
            for i in 0..<count {
                let row = rows.map { Int($0[i]) } ?? first + i
                let r = margins[row] - labels[row]
                values[i] = quantizer.row(gradient: r > delta ? delta : (r < -delta ? -delta : r), hessian: 1, as: entry)
            }
        case .binaryLogistic:
            // Eight rows at a time; the last few through a padded vector, so every row gets the
            // same arithmetic whatever the block boundaries.
            var i = 0
            while i < count {
                let n = min(8, count - i)
                var m = SIMD8<Double>.zero
                var y = SIMD8<Double>.zero
                if let rows {
                    for lane in 0..<n {
                        let row = Int(rows[i + lane])
                        m[lane] = margins[row]
                        y[lane] = labels[row]
                    }
                } else {
                    for lane in 0..<n {
                        m[lane] = margins[first + i + lane]
                        y[lane] = labels[first + i + lane]
                    }
                }
                let p = PortableMath.sigmoid(m)
                let spread = p * (1 - p)
                let hessian = spread.replacing(with: Self.minimumHessian, where: spread .< Self.minimumHessian)
                let gradient = p - y
                let (g0, h0) = quantizer.quantized(gradients: gradient.lowHalf, hessians: hessian.lowHalf)
                let (g1, h1) = quantizer.quantized(gradients: gradient.highHalf, hessians: hessian.highHalf)
                for lane in 0..<n {
                    let g = lane < 4 ? g0[lane] : g1[lane - 4]
                    let h = lane < 4 ? h0[lane] : h1[lane - 4]
                    values[i + lane] = Entry.row(gradient: g, hessian: h, countBits: quantizer.countBits)
                }
                i += n
            }
        case .multiclassSoftmax:
            break
        }
    }

    /// The starting margin per class: the label mean (squared error, Huber), the median (absolute
    /// error), the log-odds of the mean (binary), the log of each class's frequency (multiclass).
    func baseScore(labels: UnsafeBufferPointer<Double>) -> [Double] {
        let n = labels.count
        guard n > 0 else { return [Double](repeating: 0, count: classCount) }
        switch objective {
        case .squaredError, .huber:
            var sum = 0.0
            for label in labels { sum += label }
            return [sum / Double(n)]
        case .absoluteError:
            var sorted = Array(labels)
            sorted.sort()
            return [Self.median(ofSorted: sorted)]
        case .binaryLogistic:
            var sum = 0.0
            for label in labels { sum += label }
            let p = min(max(sum / Double(n), 1e-15), 1 - 1e-15)
            return [PortableMath.log(p / (1 - p))]
        case .multiclassSoftmax:
            var counts = [Int](repeating: 0, count: classCount)
            for label in labels { counts[Int(label)] += 1 }
            return counts.map { PortableMath.log(max(Double($0) / Double(n), 1e-15)) }
        }
    }

    /// The median of sorted values (the mean of the two middle ones for an even count).
    static func median(ofSorted sorted: [Double]) -> Double {
        let n = sorted.count
        if n == 0 { return 0 }
        return n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] * 0.5 + sorted[n / 2] * 0.5
    }

    /// Writes gradients and hessians of rows `start ..< end` for every class (hessians are left
    /// alone when they are all 1: `hasUnitHessian`); the multiclass path, and tests.
    func gradients(
        labels: UnsafePointer<Double>, margins: UnsafePointer<Double>, rows start: Int, _ end: Int,
        rowCount: Int, gradients g: UnsafeMutablePointer<Double>, hessians h: UnsafeMutablePointer<Double>
    ) {
        switch objective {
        case .squaredError:
            for row in start..<end {
                g[row] = margins[row] - labels[row]
            }
        case .absoluteError:
            for row in start..<end {
                let r = margins[row] - labels[row]
                g[row] = r > 0 ? 1 : (r < 0 ? -1 : 0)
            }
        case .huber:
            let delta = huberDelta
            for row in start..<end {
                let r = margins[row] - labels[row]
                g[row] = r > delta ? delta : (r < -delta ? -delta : r)
            }
        case .binaryLogistic:
            for row in start..<end {
                let p = PortableMath.sigmoid(margins[row])
                g[row] = p - labels[row]
                h[row] = max(p * (1 - p), Self.minimumHessian)
            }
        case .multiclassSoftmax:
            let k = classCount
            var probabilities = [Double](repeating: 0, count: k)
            probabilities.withUnsafeMutableBufferPointer { p in
                for row in start..<end {
                    Self.softmax(margins + row * k, count: k, into: p)
                    let label = Int(labels[row])
                    for c in 0..<k {
                        let pc = p[c]
                        g[c * rowCount + row] = c == label ? pc - 1 : pc
                        h[c * rowCount + row] = max(2 * pc * (1 - pc), Self.minimumHessian)
                    }
                }
            }
        }
    }

    /// Softmax of `count` margins into `output` (max subtracted first so no exponent overflows).
    @inline(__always)
    static func softmax(_ margins: UnsafePointer<Double>, count: Int, into output: UnsafeMutableBufferPointer<Double>) {
        var largest = -Double.infinity
        for c in 0..<count { largest = max(largest, margins[c]) }
        var total = 0.0
        for c in 0..<count {
            let e = PortableMath.exp(margins[c] - largest)
            output[c] = e
            total += e
        }
        for c in 0..<count { output[c] /= total }
    }
}
