/// Frame-level null handling: filling nulls with values and dropping rows that hold nulls.
/// (The element-wise `is_null`, `is_not_null` and `fill_null(x, v)` are column functions.)
extension DataFrame {
    /// Fills the nulls of every column whose type takes `value`: the same type, or a float column
    /// given an int. Other columns are left as they are (as Polars does), and a null value changes nothing.
    public func fillNull(_ value: Scalar) throws(FrameError) -> DataFrame {
        guard let valueType = value.type else { return self }
        var output = columns
        for (index, column) in columns.enumerated() where column.validity != nil {
            let accepts = column.type == valueType || (column.type == .float && valueType == .int)
            if !accepts { continue }
            output[index] = try BinaryEvaluation.coalesce(
                .column(column), .scalar(value), count: height, name: column.name)
        }
        return DataFrame(unchecked: output, height: height)
    }

    /// Fills the nulls of each named column with an expression (a constant or another column),
    /// in place. The types must combine: equal, or int and float (the column becomes float).
    public func fillNull(_ fills: [(column: String, value: Expr)]) throws(FrameError) -> DataFrame {
        var frame = self
        for fill in fills {
            let column = try frame.requireColumn(fill.column)
            let filler: Operand
            if case .literal(let value) = fill.value {
                filler = .scalar(value)
            } else {
                filler = .column(try frame.evaluate(fill.value))
            }
            if let fillerType = filler.type, fillerType != column.type,
               !(fillerType.isNumeric && column.type.isNumeric) {
                throw FrameError(
                    .typeMismatch,
                    "cannot fill nulls of \(columnReference(column.name)) (\(column.type.name)) with a value of type \(fillerType.name)",
                    column: column.name)
            }
            let filled = try BinaryEvaluation.coalesce(.column(column), filler, count: frame.height, name: column.name)
            frame = try frame.setting(filled)
        }
        return frame
    }

    /// The rows with no null in any of `subset` (every column when empty), in order.
    public func dropNulls(subset: [String] = []) throws(FrameError) -> DataFrame {
        var checked: [Column] = []
        for name in subset { checked.append(try requireColumn(name)) }
        if checked.isEmpty { checked = columns }
        var validity: Bitmap? = nil
        for column in checked { validity = Bitmap.and(validity, column.validity) }
        guard let validity else { return self }
        var rows: [Int] = []
        rows.reserveCapacity(height - validity.nullCount)
        for row in 0..<height where validity.isValid(row) { rows.append(row) }
        return gather(rows)
    }
}
