/// The conversion functions of column expressions: `int(x)`, `float(x)`, `string(x)` and
/// `cast(x, "type")`, element-wise, nulls staying null.
///
/// `int` truncates a float toward zero (3.7 → 3, -3.7 → -3); NaN, ±infinity and floats outside
/// the Int64 range are an error naming the row, as in `cast`. Everything else follows
/// `Column.cast(to:)`: strings parse strictly, bools give 0/1, timestamps and durations give their
/// microseconds, and `string` writes values as the shortest text that reads back the same.
/// `cast(x, "int")` is `cast`'s strict rule: a float that is not a whole number is an error.
enum ConversionFunctions {
    /// The names handled here.
    static let names = ["int", "float", "string", "cast"]

    /// The converted column for a conversion call, or nil when `function` is another function.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        let target: DataType
        switch function {
        case "int", "float", "string":
            try ColumnFunctions.expectArity(function, values, 1...1)
            target = function == "int" ? .int : function == "float" ? .float : .string
        case "cast":
            try ColumnFunctions.expectArity(function, values, 2...2)
            guard case .scalar(.string(let typeName)) = values[1], let named = DataType.named(typeName) else {
                throw FrameError(
                    .invalidArgument, "cast expects a type name: one of \(DataType.allTypes.map { "\"\($0.name)\"" }.joined(separator: ", "))")
            }
            target = named
        default:
            return nil
        }
        if values[0].isNullConstant { return Column(name: name, nullsOf: target, count: count) }
        let column = try values[0].materialize(count: count, name: name)
        return function == "cast" ? try column.cast(to: target) : try column.converted(to: target)
    }
}

extension Column {
    /// This column as `int`, `float` or `string` the way the `int(x)`, `float(x)` and `string(x)`
    /// functions convert: as `cast(to:)`, except that a float becomes an int by truncation toward zero.
    public func converted(to target: DataType) throws(FrameError) -> Column {
        guard target == .int, case .float64(let values) = storage else { return try cast(to: target) }
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        var flagged: UInt8 = 0
        for row in 0..<count {
            let value = values.base[row]
            // Int64(exactly:) range: [-2^63, 2^63); NaN fails both comparisons.
            if value >= -9_223_372_036_854_775_808.0 && value < 9_223_372_036_854_775_808.0 {
                out.base[row] = Int64(value.rounded(.towardZero))
            } else {
                out.base[row] = 0
                flagged = 1
            }
        }
        if flagged != 0 {
            for row in 0..<count where !isNull(row) {
                let value = values.base[row]
                if !(value >= -9_223_372_036_854_775_808.0 && value < 9_223_372_036_854_775_808.0) {
                    let text = value.isNaN ? "NaN" : NumberFormatting.shortest(value)
                    throw FrameError(
                        .overflow, "cannot convert \(text) to int (row \(row) of \(columnReference(name)))", column: name,
                        hint: "an int holds whole numbers below 2^63 in size; NaN and infinity have no int value")
                }
            }
        }
        return Column(name: name, type: .int, count: count, storage: .int64(out), validity: validity)
    }
}
