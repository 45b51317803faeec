extension Describer {
    /// The number of NaN values among the valid rows of a float column (0 for other columns).
    static func nanCount(_ column: Column) -> Int {
        guard case .float64(let values) = column.storage else { return 0 }
        var count = 0
        for row in 0..<column.count where values.base[row].isNaN && !column.isNull(row) { count += 1 }
        return count
    }

    /// `summary` with a `nan_count` row after `null_count` when some column of `frame` holds NaN
    /// (numeric columns show their count, the others null), so a reader sees why count exceeds
    /// what min…max describe; `summary` as it is otherwise.
    static func withNaNCounts(_ summary: DataFrame, of frame: DataFrame) throws(FrameError) -> DataFrame {
        let counts = frame.columns.map(nanCount)
        guard counts.contains(where: { $0 > 0 }) else { return summary }
        var output: [Column] = []
        for (position, column) in summary.columns.enumerated() {
            var scalars = column.scalars
            let cell: Scalar
            if position == 0 {
                cell = .string("nan_count")
            } else if column.type == .float {
                cell = .float(Double(counts[position - 1]))
            } else {
                cell = .null
            }
            scalars.insert(cell, at: min(2, scalars.count))
            let rebuilt = try Column(name: column.name, scalars: scalars)
            // A column of nothing but nulls keeps its type (scalars alone cannot tell it).
            output.append(rebuilt.type == column.type ? rebuilt : Column(name: column.name, nullsOf: column.type, count: scalars.count))
        }
        return try DataFrame(columns: output)
    }
}
