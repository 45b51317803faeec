/// The row-wise passes of a boosting round: gradients, the tree's sample, margin updates.
extension BoostingRun {
    /// Gradients and hessians of every row and class from the current margins (multiclass).
    func computeGradients(margins: TrainingBuffer<Double>, gradients: TrainingBuffer<Double>, hessians: TrainingBuffer<Double>) {
        let rowCount = labels.count
        let blocks = (rowCount + Self.blockRows - 1) / Self.blockRows
        let loss = self.loss
        labels.withUnsafeBufferPointer { labelBuffer in
            guard let labelBase = labelBuffer.baseAddress else { return }
            let context = SendableBox((labelBase, margins.base, gradients.base, hessians.base))
            ParallelTasks.run(blocks, threads: threads) { block in
                let (labels, margins, g, h) = context.value
                let start = block * Self.blockRows
                loss.gradients(
                    labels: labels, margins: margins, rows: start, min(start + Self.blockRows, rowCount),
                    rowCount: rowCount, gradients: g, hessians: h)
            }
        }
    }

    /// Writes the tree's sample into the grower, computing each row's fixed-point value from its
    /// margin and label in the same pass; returns the scales used (from the objective's bounds,
    /// or for squared error from the largest residual).
    func fillSample<Entry: HistogramEntry>(
        _ grower: TreeGrower<Entry>, margins: TrainingBuffer<Double>, sampleRows: UnsafePointer<UInt32>?, count: Int
    ) -> GradientQuantizer {
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        let loss = self.loss
        let packed = grower.countBits > 0 ? grower.countBits : nil
        return labels.withUnsafeBufferPointer { labelBuffer -> GradientQuantizer in
            guard let labelBase = labelBuffer.baseAddress else {
                return GradientQuantizer(largestGradient: 0, largestHessian: 0, unitHessian: true)
            }
            let context = SendableBox((labelBase, UnsafePointer(margins.base), sampleRows, grower.rows.base, grower.pairs.base))
            var largest = (gradient: 0.0, hessian: 0.0)
            if let bounds = loss.fixedBounds {
                largest = bounds
            } else {
                var blockLargest = [Double](repeating: 0, count: blocks)
                blockLargest.withUnsafeMutableBufferPointer { output in
                    let outputBox = SendableBox(output)
                    ParallelTasks.run(blocks, threads: threads) { block in
                        let (labels, margins, sampleRows, _, _) = context.value
                        let start = block * Self.blockRows
                        outputBox.value[block] = loss.largestResidual(
                            labels: labels, margins: margins, rows: sampleRows.map { $0 + start }, first: start,
                            count: min(Self.blockRows, count - start))
                    }
                }
                largest = (blockLargest.max() ?? 0, 1)
            }
            let quantizer = GradientQuantizer(
                largestGradient: largest.gradient, largestHessian: largest.hessian, unitHessian: loss.hasUnitHessian,
                packedCountBits: packed)
            ParallelTasks.run(blocks, threads: threads) { block in
                let (labels, margins, sampleRows, rows, values) = context.value
                let start = block * Self.blockRows
                let n = min(Self.blockRows, count - start)
                if let sampleRows {
                    (rows + start).update(from: sampleRows + start, count: n)
                } else {
                    for i in 0..<n { rows[start + i] = UInt32(truncatingIfNeeded: start + i) }
                }
                loss.quantizedRows(
                    labels: labels, margins: margins, rows: sampleRows.map { $0 + start }, first: start, count: n,
                    quantizer: quantizer, into: values + start, as: Entry.self)
            }
            return quantizer
        }
    }

    /// Writes the tree's sample into the grower from gradient arrays (multiclass); returns the scales used.
    func fillSample<Entry: HistogramEntry>(
        _ grower: TreeGrower<Entry>, gradients g: UnsafePointer<Double>, hessians h: UnsafePointer<Double>,
        sampleRows: UnsafePointer<UInt32>?, count: Int
    ) -> GradientQuantizer {
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        let unitHessian = loss.hasUnitHessian
        var largest = [(gradient: Double, hessian: Double)](repeating: (0, 0), count: blocks)
        let context = SendableBox((g, h, sampleRows, grower.rows.base, grower.pairs.base))
        largest.withUnsafeMutableBufferPointer { output in
            let outputBox = SendableBox(output)
            ParallelTasks.run(blocks, threads: threads) { block in
                let (g, h, sampleRows, _, _) = context.value
                let start = block * Self.blockRows
                let n = min(Self.blockRows, count - start)
                let offset = sampleRows == nil ? start : 0
                outputBox.value[block] = GradientQuantizer.largest(
                    gradients: g + offset, hessians: unitHessian ? nil : h + offset,
                    rows: sampleRows.map { $0 + start }, count: n)
            }
        }
        let quantizer = GradientQuantizer(
            largestGradient: largest.map(\.gradient).max() ?? 0, largestHessian: largest.map(\.hessian).max() ?? 0,
            unitHessian: unitHessian, packedCountBits: grower.countBits > 0 ? grower.countBits : nil)
        ParallelTasks.run(blocks, threads: threads) { block in
            let (g, h, sampleRows, rows, values) = context.value
            let start = block * Self.blockRows
            let n = min(Self.blockRows, count - start)
            if let sampleRows {
                (rows + start).update(from: sampleRows + start, count: n)
            } else {
                for i in 0..<n { rows[start + i] = UInt32(truncatingIfNeeded: start + i) }
            }
            quantizer.quantize(gradients: g, hessians: h, rows: rows + start, count: n, into: values + start, as: Entry.self)
        }
        return quantizer
    }

    /// Adds each leaf's value to the margins of the sample rows that reached it (in blocks of rows,
    /// so that one big leaf does not leave the other threads idle).
    func addLeaves(
        _ grown: GrownTree, rows: UnsafePointer<UInt32>, margins: TrainingBuffer<Double>, classIndex: Int, classCount: Int
    ) {
        var taskLeaf: [Int] = []
        var taskStart: [Int] = []
        for (index, leaf) in grown.leaves.enumerated() {
            var start = leaf.begin
            while start < leaf.end {
                taskLeaf.append(index)
                taskStart.append(start)
                start += Self.blockRows
            }
        }
        let context = SendableBox((rows, margins.base))
        let leaves = grown.leaves
        let values = leaves.map { grown.tree.value[$0.node] }
        ParallelTasks.run(taskLeaf.count, threads: labels.count >= 65_536 ? threads : 1) { task in
            let (rows, margins) = context.value
            let leaf = leaves[taskLeaf[task]]
            let value = values[taskLeaf[task]]
            for i in taskStart[task]..<min(taskStart[task] + Self.blockRows, leaf.end) {
                margins[Int(rows[i]) &* classCount &+ classIndex] += value
            }
        }
    }

    /// Adds the tree's leaf values to the margins of the listed rows by walking it on their bins.
    func addByWalking(
        _ table: BinnedTreeTable, bins: UnsafePointer<UInt8>, rows: UnsafePointer<UInt32>, count: Int,
        margins: TrainingBuffer<Double>, classIndex: Int, classCount: Int
    ) {
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        let stride = sources.count
        let context = SendableBox((bins, rows, margins.base))
        ParallelTasks.run(blocks, threads: threads) { block in
            let (bins, rows, margins) = context.value
            let start = block * Self.blockRows
            table.addLeafValues(
                bins: bins, stride: stride, rows: rows + start, first: 0, count: min(Self.blockRows, count - start),
                margins: margins, marginStride: classCount, marginOffset: classIndex)
        }
    }
}
