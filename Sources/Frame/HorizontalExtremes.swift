/// `max(a, b, …)` and `min(a, b, …)` with two or more arguments in a column expression: the
/// largest or smallest of the arguments in each row (Polars' max_horizontal / min_horizontal).
///
/// Nulls are skipped and a row where every argument is null is null; NaN loses to any number.
/// Types: int and float mix to float; otherwise every argument has one type (int, float,
/// timestamp or duration). With one argument, `max(x)` is the aggregate (Aggregation), not this.
enum HorizontalExtremes {
    /// The column for a `min`/`max` call of two or more arguments, or nil for any other call.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        guard function == "max" || function == "min", values.count >= 2 else { return nil }
        let wantLess = function == "min"
        var type: DataType?
        for value in values {
            guard let next = value.type else { continue }
            guard next.isNumeric || next == .timestamp || next == .duration else {
                throw FrameError(.typeMismatch, "\(function) of several values expects numbers, timestamps or durations, found \(next.name)")
            }
            guard let current = type else { type = next; continue }
            guard let common = current.unified(with: next) else {
                throw FrameError(.typeMismatch, "\(function) cannot compare \(current.name) and \(next.name)")
            }
            type = common
        }
        guard let type else { return Column(name: name, nullsOf: .int, count: count) }
        var columns: [Column] = []
        for value in values where !value.isNullConstant {
            let column = try value.materialize(count: count, name: name)
            columns.append(type == .float && column.type == .int ? try column.cast(to: .float) : column)
        }
        // Validity: a row is valid when any argument is.
        let seen = ColumnBuffer<UInt8>(repeating: 0, count: count)
        if type == .float {
            let out = ColumnBuffer<Double>(repeating: 0, count: count)
            for column in columns {
                guard case .float64(let input) = column.storage else { continue }
                combine(input, column.validity, into: out, seen: seen, wantLess: wantLess)
            }
            return Column(name: name, type: type, count: count, storage: .float64(out), validity: validity(seen))
        }
        let out = ColumnBuffer<Int64>(repeating: 0, count: count)
        for column in columns {
            guard case .int64(let input) = column.storage else { continue }
            combine(input, column.validity, into: out, seen: seen, wantLess: wantLess)
        }
        return Column(name: name, type: type, count: count, storage: .int64(out), validity: validity(seen))
    }

    /// Folds one argument into the running extreme, row by row over raw buffers.
    static func combine<T: Comparable & BitwiseCopyable>(
        _ input: ColumnBuffer<T>, _ validity: Bitmap?, into out: ColumnBuffer<T>, seen: ColumnBuffer<UInt8>, wantLess: Bool
    ) {
        let count = out.count
        for row in 0..<count {
            if let validity, !validity.isValid(row) { continue }
            let value = input.base[row]
            let current = out.base[row]
            // `current != current` is true only for NaN: any number replaces it.
            let better = seen.base[row] == 0 || current != current || (wantLess ? value < current : value > current)
            if better {
                out.base[row] = value
                seen.base[row] = 1
            }
        }
    }

    /// The validity bitmap of rows some argument filled, nil when all are.
    static func validity(_ seen: ColumnBuffer<UInt8>) -> Bitmap? {
        var builder = BitmapBuilder(count: seen.count)
        for row in 0..<seen.count where seen.base[row] == 0 { builder.setNull(row) }
        return builder.finish()
    }
}
