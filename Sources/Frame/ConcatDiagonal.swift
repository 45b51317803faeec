extension DataFrame {
    /// Frames stacked over the union of their columns, in order of first appearance; a column a
    /// frame lacks is null in that frame's rows. Types unify as in vertical concat (int and float
    /// mix to float, other types must match); frames without columns are skipped.
    static func concatDiagonal(_ frames: [DataFrame]) throws(FrameError) -> DataFrame {
        var names: [String] = []
        var types: [DataType] = []
        for frame in frames {
            for column in frame.columns where !names.contains(column.name) {
                names.append(column.name)
                types.append(column.type)
            }
        }
        // Each frame padded with typed null columns, then stacked as vertical concat does (which
        // checks the types and names frames by the same positions).
        var padded: [DataFrame] = []
        padded.reserveCapacity(frames.count)
        for frame in frames {
            guard frame.width > 0, frame.width < names.count else {
                padded.append(frame)
                continue
            }
            var columns = frame.columns
            for (name, type) in zip(names, types) where frame.column(named: name) == nil {
                columns.append(Column(name: name, nullsOf: type, count: frame.height))
            }
            padded.append(DataFrame(unchecked: columns, height: frame.height))
        }
        let stacked = try concat(padded, how: .vertical)
        // Vertical concat keeps its first frame's column order; the union's order is first appearance.
        return stacked.width == names.count ? try stacked.select(names) : stacked
    }
}
