/// How many times `repeatingRows` repeats each row.
public enum RepeatCount: Sendable, Equatable {
    /// Every row the same number of times.
    case constant(Int)
    /// Each row as many times as its value in this int column.
    case column(String)
}

extension DataFrame {
    /// The most rows `repeatingRows` makes (as many as a cross join may).
    public static let maximumRepeatedRows = maximumCrossJoinRows

    /// Each row repeated in place (its copies together, rows in order), `times` times: a constant or
    /// a per-row count from an int column (0 drops the row). `index` names an optional int column
    /// numbering the copies of each row 0, 1, …. A negative or null count, or more than
    /// `maximumRepeatedRows` rows in all, is an error naming the row.
    public func repeatingRows(_ times: RepeatCount, index: String? = nil) throws(FrameError) -> DataFrame {
        if let index, column(named: index) != nil {
            throw FrameError(
                .duplicateColumn, "repeat_rows index column \(columnReference(index)) already exists", column: index,
                hint: "give the index another name, e.g. index: \"\(index)_copy\"")
        }
        guard height <= Int(Int32.max) else {
            throw FrameError(.invalidArgument, "repeat_rows supports frames of up to \(Int32.max) rows")
        }
        let counts = ColumnBuffer<Int64>(uninitializedCount: height)
        switch times {
        case .constant(let n):
            guard n >= 0 else { throw FrameError(.invalidArgument, "repeat_rows needs a count ≥ 0, found \(n)") }
            counts.base.initialize(repeating: Int64(n), count: height)
        case .column(let name):
            let source = try requireColumn(name)
            guard source.type == .int, let values = source.int64Values else {
                throw FrameError(
                    .typeMismatch, "repeat_rows counts must be an int column, but \(columnReference(name)) is \(source.type.name)",
                    column: name, hint: "cast it first, e.g. cast(df, \(name): \"int\")")
            }
            for row in 0..<height {
                if let validity = source.validity, !validity.isValid(row) {
                    throw FrameError(
                        .invalidArgument, "repeat_rows count \(columnReference(name)) is null in row \(row)", column: name,
                        hint: "fill it first, e.g. fill_null(.\(name), 0)")
                }
                let n = values.base[row]
                guard n >= 0 else {
                    throw FrameError(
                        .invalidArgument, "repeat_rows count \(columnReference(name)) is negative in row \(row): \(n)", column: name)
                }
                counts.base[row] = n
            }
        }
        var total: Int64 = 0
        for row in 0..<height {
            let (sum, overflow) = total.addingReportingOverflow(counts.base[row])
            guard !overflow, sum <= Int64(Self.maximumRepeatedRows) else {
                throw FrameError(
                    .invalidArgument,
                    "repeat_rows would make more than \(Self.maximumRepeatedRows) rows (reached at row \(row))")
            }
            total = sum
        }
        try EngineInterrupt.check()
        let outputCount = Int(total)
        let rows = ColumnBuffer<Int32>(uninitializedCount: outputCount)
        let copies = index == nil ? nil : ColumnBuffer<Int64>(uninitializedCount: outputCount)
        var position = 0
        for row in 0..<height {
            let n = Int(counts.base[row])
            (rows.base + position).initialize(repeating: Int32(truncatingIfNeeded: row), count: n)
            if let copies {
                for copy in 0..<n { copies.base[position + copy] = Int64(copy) }
            }
            position += n
        }
        var columns = self.columns.map { $0.gather(rows: rows, hasNegative: false) }
        if let index, let copies {
            columns.append(Column(name: index, type: .int, count: outputCount, storage: .int64(copies), validity: nil))
        }
        return DataFrame(unchecked: columns, height: outputCount)
    }
}
