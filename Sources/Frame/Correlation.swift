/// Pearson correlation: the `corr(x, y)` aggregate per group and the correlation matrix of a
/// frame's numeric columns (Polars' `pl.corr` and `DataFrame.corr()`).
///
/// Rows where either value is null are skipped, pair by pair (pandas' pairwise-complete rule), so
/// the matrix's entries may rest on different rows. Fewer than two complete pairs give null; a
/// side without spread gives NaN (0/0), as in Polars and pandas; NaN in the data gives NaN. The
/// sums are centred in a second pass (no cancellation of large means), r is clamped to [−1, 1],
/// and `corr(x, x)` is exactly 1 (√(a·a) = |a| in IEEE arithmetic).
enum CorrelationKernels {
    /// The values of an int, float or bool column as Doubles; nil for other types.
    static func doubles(_ column: Column) -> ColumnBuffer<Double>? {
        switch (column.type, column.storage) {
        case (.float, .float64(let values)):
            return values
        case (.int, .int64(let values)):
            return convertToDoubles(values)
        case (.bool, .bool(let values)):
            let out = ColumnBuffer<Double>(uninitializedCount: values.count)
            let source = values.base
            let target = out.base
            withExtendedLifetime(values) {
                for row in 0..<values.count { target[row] = Double(source[row]) }
            }
            return out
        default:
            return nil
        }
    }

    /// r per group over the rows valid in `validity` (nil: all), with whether each is defined.
    static func grouped(
        _ x: ColumnBuffer<Double>, _ y: ColumnBuffer<Double>, validity: Bitmap?, ids: ColumnBuffer<Int32>, groupCount: Int
    ) -> (values: [Double], valid: [Bool]) {
        let count = Swift.min(x.count, y.count, ids.count)
        var counts = [Int](repeating: 0, count: groupCount)
        var sumX = [Double](repeating: 0, count: groupCount)
        var sumY = [Double](repeating: 0, count: groupCount)
        let xs = x.base
        let ys = y.base
        let groups = ids.base
        withExtendedLifetime((x, y, ids)) {
            counts.withUnsafeMutableBufferPointer { counts in
                sumX.withUnsafeMutableBufferPointer { sumX in
                    sumY.withUnsafeMutableBufferPointer { sumY in
                        forEachValidRow(count: count, validity: validity) { row in
                            let group = Int(groups[row])
                            counts[group] &+= 1
                            sumX[group] += xs[row]
                            sumY[group] += ys[row]
                        }
                    }
                }
            }
        }
        var meanX = [Double](repeating: 0, count: groupCount)
        var meanY = [Double](repeating: 0, count: groupCount)
        for group in 0..<groupCount where counts[group] > 0 {
            meanX[group] = sumX[group] / Double(counts[group])
            meanY[group] = sumY[group] / Double(counts[group])
        }
        var sxx = [Double](repeating: 0, count: groupCount)
        var syy = [Double](repeating: 0, count: groupCount)
        var sxy = [Double](repeating: 0, count: groupCount)
        withExtendedLifetime((x, y, ids)) {
            meanX.withUnsafeBufferPointer { meanX in
                meanY.withUnsafeBufferPointer { meanY in
                    sxx.withUnsafeMutableBufferPointer { sxx in
                        syy.withUnsafeMutableBufferPointer { syy in
                            sxy.withUnsafeMutableBufferPointer { sxy in
                                forEachValidRow(count: count, validity: validity) { row in
                                    let group = Int(groups[row])
                                    let dx = xs[row] - meanX[group]
                                    let dy = ys[row] - meanY[group]
                                    sxx[group] += dx * dx
                                    syy[group] += dy * dy
                                    sxy[group] += dx * dy
                                }
                            }
                        }
                    }
                }
            }
        }
        var values = [Double](repeating: 0, count: groupCount)
        var valid = [Bool](repeating: true, count: groupCount)
        for group in 0..<groupCount {
            guard counts[group] >= 2 else {
                valid[group] = false
                continue
            }
            values[group] = coefficient(sxy[group], sxx[group], syy[group])
        }
        return (values, valid)
    }

    /// sxy / √(sxx·syy), clamped to [−1, 1]; the product is split when it would overflow or underflow.
    static func coefficient(_ sxy: Double, _ sxx: Double, _ syy: Double) -> Double {
        let product = sxx * syy
        let denominator = product.isFinite && (product > 0 || sxx == 0 || syy == 0)
            ? product.squareRoot() : sxx.squareRoot() * syy.squareRoot()
        let r = sxy / denominator
        if r.isNaN { return r }
        return Swift.min(1, Swift.max(-1, r))
    }

    /// The input as Doubles, or a type error naming the column (`corr needs numeric columns …`).
    static func numeric(_ column: Column, name: String) throws(FrameError) -> ColumnBuffer<Double> {
        guard let values = doubles(column) else {
            throw FrameError(
                .typeMismatch, "corr needs numeric columns, but \(columnReference(name)) is \(column.type.name)", column: name)
        }
        return values
    }
}

extension DataFrame {
    /// The Pearson correlation matrix of `columns` (every int, float and bool column when empty):
    /// a string column `labelColumn` naming each row's column, then one float column per column,
    /// in the order given; entry (i, j) is `corr` of the two over the rows where both have values.
    public func correlationMatrix(_ columns: [String] = [], labelColumn: String = "column") throws(FrameError) -> DataFrame {
        var names = columns
        if names.isEmpty {
            names = self.columns.filter { $0.type == .int || $0.type == .float || $0.type == .bool }.map(\.name)
            if names.isEmpty {
                throw FrameError(.invalidArgument, "corr found no numeric column in the frame (columns: \(columnNames.map(columnReference).joined(separator: ", ")))")
            }
        }
        var values: [ColumnBuffer<Double>] = []
        var validity: [Bitmap?] = []
        for (position, name) in names.enumerated() {
            if names[..<position].contains(name) {
                throw FrameError(.duplicateColumn, "corr names \(columnReference(name)) twice", column: name)
            }
            let column = try requireColumn(name)
            values.append(try CorrelationKernels.numeric(column, name: name))
            validity.append(column.validity)
        }
        if names.contains(labelColumn) {
            throw FrameError(
                .duplicateColumn, "corr labels its rows in a column \(columnReference(labelColumn)), which is also a correlated column",
                column: labelColumn, hint: "rename that column first")
        }
        let k = names.count
        let single = GroupIndex.single(rowCount: height)
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var defined = [[Bool]](repeating: [Bool](repeating: true, count: k), count: k)
        for i in 0..<k {
            for j in i..<k {
                let both = Bitmap.and(validity[i], validity[j])
                let result = CorrelationKernels.grouped(values[i], values[j], validity: both, ids: single.ids, groupCount: 1)
                matrix[i][j] = result.values[0]
                matrix[j][i] = result.values[0]
                defined[i][j] = result.valid[0]
                defined[j][i] = result.valid[0]
            }
        }
        var output = [Column(name: labelColumn, strings: names)]
        for j in 0..<k {
            output.append(Column(name: names[j], floats: (0..<k).map { matrix[$0][j] }, validity: (0..<k).map { defined[$0][j] }))
        }
        return try DataFrame(columns: output)
    }
}
