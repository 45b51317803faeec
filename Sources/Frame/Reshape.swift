/// Verbs that change which columns a frame has or which contiguous rows it keeps, without computing
/// values: drop, rename and slice.
extension DataFrame {
    /// The frame without the named columns; an unknown or repeated name is an error.
    public func dropping(_ names: [String]) throws(FrameError) -> DataFrame {
        for (position, name) in names.enumerated() {
            if names[..<position].contains(name) {
                throw FrameError(.duplicateColumn, "column \(columnReference(name)) is dropped twice", column: name)
            }
            _ = try requireColumn(name)
        }
        let kept = columns.filter { !names.contains($0.name) }
        return DataFrame(unchecked: kept, height: kept.isEmpty ? 0 : height)
    }

    /// Columns renamed, all at once (so `a` → `b` with `b` → `a` swaps them); positions are kept.
    /// Unknown old names, empty new names and resulting duplicates are errors.
    public func renaming(_ pairs: [(from: String, to: String)]) throws(FrameError) -> DataFrame {
        var renamed = columns
        for (position, pair) in pairs.enumerated() {
            if pairs[..<position].contains(where: { $0.from == pair.from }) {
                throw FrameError(.duplicateColumn, "column \(columnReference(pair.from)) is renamed twice", column: pair.from)
            }
            guard let index = columnIndex(named: pair.from) else {
                throw FrameError.columnNotFound(pair.from, among: columnNames)
            }
            if pair.to.isEmpty {
                throw FrameError(.invalidArgument, "the new name of \(columnReference(pair.from)) is empty", column: pair.from)
            }
            renamed[index] = renamed[index].renamed(pair.to)
        }
        for (position, column) in renamed.enumerated() where renamed[..<position].contains(where: { $0.name == column.name }) {
            throw FrameError(
                .duplicateColumn, "rename would give two columns named \(columnReference(column.name))", column: column.name)
        }
        return DataFrame(unchecked: renamed, height: height)
    }

    /// `length` rows (all the rest when nil) starting at row `offset`; a negative offset counts
    /// from the end (-2 is the second-to-last row). Out-of-range parts are clamped, so the result
    /// may be shorter or empty; a negative length counts as 0.
    public func slice(offset: Int, length: Int? = nil) -> DataFrame {
        let start = offset < 0 ? max(0, height + max(offset, -height)) : min(offset, height)
        let available = height - start
        let count = max(0, min(length ?? available, available))
        return slice(start..<(start + count))
    }
}
