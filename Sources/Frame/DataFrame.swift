/// An ordered set of equally long, uniquely named columns. A value type: operations return new frames
/// that share the untouched columns' storage.
public struct DataFrame: Sendable, Equatable {
    /// The columns, in order (read-only so the equal-length and unique-name invariants hold).
    public private(set) var columns: [Column]
    /// Number of rows (0 for a frame without columns).
    public private(set) var height: Int

    /// Checks that all columns have the same length and distinct names.
    public init(columns: [Column]) throws(FrameError) {
        let height = columns.first?.count ?? 0
        var seen: [String] = []
        seen.reserveCapacity(columns.count)
        for column in columns {
            if column.count != height {
                throw FrameError(
                    .shapeMismatch,
                    "column '\(column.name)' has \(column.count) rows, expected \(height)",
                    column: column.name)
            }
            if seen.contains(column.name) {
                throw FrameError(.duplicateColumn, "duplicate column name '\(column.name)'", column: column.name)
            }
            seen.append(column.name)
        }
        self.columns = columns
        self.height = height
    }

    /// A frame whose invariants the caller has already established.
    init(unchecked columns: [Column], height: Int) {
        self.columns = columns
        self.height = height
    }

    /// The empty frame: no columns, no rows.
    public init() {
        self.columns = []
        self.height = 0
    }

    /// Number of columns.
    public var width: Int { columns.count }

    /// Column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, if any.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The column called `name`, or a columnNotFound error with a did-you-mean hint.
    public func requireColumn(_ name: String) throws(FrameError) -> Column {
        if let column = column(named: name) { return column }
        throw FrameError.columnNotFound(name, among: columnNames)
    }

    /// The position of column `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The named columns, in the order given; unknown or repeated names are errors.
    public func select(_ names: [String]) throws(FrameError) -> DataFrame {
        var picked: [Column] = []
        picked.reserveCapacity(names.count)
        for (position, name) in names.enumerated() {
            if names[..<position].contains(name) {
                throw FrameError(.duplicateColumn, "column '\(name)' selected twice", column: name)
            }
            picked.append(try requireColumn(name))
        }
        return DataFrame(unchecked: picked, height: picked.isEmpty ? 0 : height)
    }

    /// The first `n` rows; `n` is clamped to `0...height`.
    public func head(_ n: Int) -> DataFrame {
        slice(0..<max(0, min(n, height)))
    }

    /// The last `n` rows; `n` is clamped to `0...height`.
    public func tail(_ n: Int) -> DataFrame {
        let n = max(0, min(n, height))
        return slice((height - n)..<height)
    }

    /// Rows `range` (clamped to the frame).
    public func slice(_ range: Range<Int>) -> DataFrame {
        let lower = max(0, min(range.lowerBound, height))
        let upper = max(lower, min(range.upperBound, height))
        return DataFrame(unchecked: columns.map { $0.slice(lower..<upper) }, height: upper - lower)
    }

    /// The rows at `indices`, in that order; every index must be in `0..<height`.
    public func gather(_ indices: [Int]) -> DataFrame {
        indices.withUnsafeBufferPointer { buffer in
            DataFrame(unchecked: columns.map { $0.gather(buffer) }, height: indices.count)
        }
    }

    /// This frame with `column` replacing the same-named column in place, or appended.
    public func setting(_ column: Column) throws(FrameError) -> DataFrame {
        if !columns.isEmpty && column.count != height {
            throw FrameError(
                .shapeMismatch, "column '\(column.name)' has \(column.count) rows, expected \(height)",
                column: column.name)
        }
        var copy = self
        if let index = columnIndex(named: column.name) {
            copy.columns[index] = column
        } else {
            copy.columns.append(column)
            copy.height = column.count
        }
        return copy
    }
}
