/// `random_choice` with per-row weights (some weight a column): row r takes value i with
/// probability wᵢ(r) / Σw(r). The draw is the one the constant-weight path makes (the row's first
/// uniform against the cumulative weights), so constant weights given as columns pick the same
/// values. A null weight makes the row null; a negative or non-finite weight, or a row whose
/// weights are all zero, is an error naming the row.
extension RandomChoice {
    static func columnWithRowWeights(
        key: UInt64, table: Column, weights: [Operand], count: Int, name: String
    ) throws(FrameError) -> Column {
        let function = RandomDistribution.choice.rawValue
        let n = weights.count
        // Weight i of row r at matrix[i * count + r]: one contiguous buffer, constants broadcast.
        let matrix = ColumnBuffer<Double>(uninitializedCount: max(1, n * count))
        var validity: Bitmap? = nil
        for (index, weight) in weights.enumerated() {
            let row0 = matrix.base + index * count
            switch weight {
            case .scalar(.int(let value)): row0.initialize(repeating: Double(value), count: count)
            case .scalar(.float(let value)): row0.initialize(repeating: value, count: count)
            case .column(let column):
                switch column.storage {
                case .int64(let values) where column.type == .int:
                    for row in 0..<count { row0[row] = Double(values.base[row]) }
                case .float64(let values):
                    row0.update(from: values.base, count: count)
                default:
                    throw FrameError(.typeMismatch, "\(function)'s weights must be numbers, but weight \(index) is \(column.type.name)")
                }
                if let columnValidity = column.validity {
                    // Null rows read as 0 here; the validity makes them null in the output.
                    for row in 0..<count where !columnValidity.isValid(row) { row0[row] = 0 }
                    validity = Bitmap.and(validity, columnValidity)
                }
            default:
                throw FrameError(.invalidArgument, "\(function)'s weights must be numbers, found \(weight.typeName)")
            }
        }
        let codes = ColumnBuffer<UInt32>(uninitializedCount: count)
        let weightsBase = UnsafePointer(matrix.base)
        for row in 0..<count {
            var total = 0.0
            var lastPositive = 0
            for index in 0..<n {
                let weight = weightsBase[index * count + row]
                guard weight.isFinite && weight >= 0 else {
                    throw FrameError(
                        .invalidArgument, "\(function)'s weights must be ≥ 0 and finite; weight \(index) is \(RandomColumns.text(weight)) in row \(row)")
                }
                if weight > 0 { lastPositive = index }
                total += weight
            }
            let rowValid = validity.map { $0.isValid(row) } ?? true
            guard total > 0 || !rowValid else {
                throw FrameError(.invalidArgument, "\(function)'s weights are all zero in row \(row)")
            }
            let u = RandomStream.unit(RandomStream.bits(seed: RandomStream.rowSeed(key: key, row: row), draw: 0))
            let target = u * total
            var cumulative = 0.0
            var chosen = lastPositive
            for index in 0..<n {
                cumulative += weightsBase[index * count + row]
                if target < cumulative {
                    chosen = index
                    break
                }
            }
            codes.base[row] = UInt32(truncatingIfNeeded: chosen)
        }
        withExtendedLifetime(matrix) {}
        let picked = assemble(table, codes, name: name)
        guard let validity else { return picked }
        return Column(
            name: name, type: picked.type, count: count, storage: picked.storage, validity: Bitmap.and(picked.validity, validity))
    }
}
