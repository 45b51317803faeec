import Frame

/// Reads frame columns into flat `[Double]` buffers in chunk order, with NaN standing for null
/// (NannyML drops NaN and null alike), checking types and domains on the way.
enum ColumnValues {
    /// The column `name`, or a missingColumn error saying what it was for.
    static func require(_ frame: DataFrame, _ name: String, role: String) throws(MonitorError) -> Column {
        guard let column = frame.column(named: name) else { throw MonitorError.missing(name, role: role, in: frame) }
        return column
    }

    /// A numeric or bool column as doubles in `order` (nil: frame order); nulls become NaN.
    static func doubles(_ column: Column, order: [Int]?, role: String) throws(MonitorError) -> [Double] {
        let n = column.count
        var out = [Double](repeating: .nan, count: n)
        let validity = column.validity
        // One plain loop per storage case: no closure or existential per element.
        out.withUnsafeMutableBufferPointer { target in
            switch column.storage {
            case .float64(let buffer):
                buffer.withUnsafeBufferPointer { source in
                    for i in 0..<n {
                        let row = order?[i] ?? i
                        if validity == nil || validity?.isValid(row) == true { target[i] = source[row] }
                    }
                }
            case .int64(let buffer):
                buffer.withUnsafeBufferPointer { source in
                    for i in 0..<n {
                        let row = order?[i] ?? i
                        if validity == nil || validity?.isValid(row) == true { target[i] = Double(source[row]) }
                    }
                }
            case .bool(let buffer):
                buffer.withUnsafeBufferPointer { source in
                    for i in 0..<n {
                        let row = order?[i] ?? i
                        if validity == nil || validity?.isValid(row) == true { target[i] = source[row] == 0 ? 0 : 1 }
                    }
                }
            case .utf8, .dictionary: break
            }
        }
        switch column.type {
        case .int, .float, .bool: return out
        default:
            throw MonitorError(
                .wrongType, "column '\(column.name)' (\(role)) is \(column.type.name), expected a number", column: column.name)
        }
    }

    /// Probabilities in `order`: every non-null value must lie in [0, 1].
    static func probabilities(_ column: Column, order: [Int]?, role: String) throws(MonitorError) -> [Double] {
        let values = try doubles(column, order: order, role: role)
        for (i, value) in values.enumerated() where !value.isNaN && !(value >= 0 && value <= 1) {
            throw MonitorError(
                .outOfRange,
                "column '\(column.name)' (\(role)) holds \(value) at row \(order?[i] ?? i), outside [0, 1]",
                column: column.name)
        }
        return values
    }

    /// Binary labels in `order`: every non-null value must be 0 or 1 (bools count as 0 and 1).
    static func binaryLabels(_ column: Column, order: [Int]?, role: String) throws(MonitorError) -> [Double] {
        let values = try doubles(column, order: order, role: role)
        for (i, value) in values.enumerated() where !value.isNaN && value != 0 && value != 1 {
            throw MonitorError(
                .outOfRange, "column '\(column.name)' (\(role)) holds \(value) at row \(order?[i] ?? i), expected 0 or 1",
                column: column.name)
        }
        return values
    }

    /// Throws nullValues when `values` holds NaN (a null or a NaN in the column `name`).
    static func requireComplete(_ values: [Double], _ name: String, role: String) throws(MonitorError) {
        var missing = 0
        for value in values where value.isNaN { missing += 1 }
        if missing > 0 {
            throw MonitorError(
                .nullValues, "column '\(name)' (\(role)) has \(missing) null or NaN values", column: name)
        }
    }

    /// `values[range]` without the NaN entries.
    static func present(_ values: [Double], _ range: Range<Int>) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(range.count)
        for i in range where !values[i].isNaN { out.append(values[i]) }
        return out
    }
}
