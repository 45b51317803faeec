/// Grouping by computed keys (Polars' `group_by(pl.col("day").dt.month())`).
extension DataFrame {
    /// Groups the rows by named key expressions: `(name: "month", expr: month(.day))`.
    ///
    /// A key that is a plain column reference groups by that column with no copy (the fast path of
    /// `groupBy(_:)`, renamed when its name differs). Any other key is evaluated over the whole frame
    /// as `with` would evaluate it, into a hidden column, so the key's name may equal a column's
    /// (`day` holding months) while aggregates still read the original column. Every key sees the
    /// original columns, not the other keys. Names must be distinct.
    public func groupBy(expressions keys: [(name: String, expr: Expr)]) throws(FrameError) -> GroupedFrame {
        var names: [String] = []
        var keyColumns: [String] = []
        var computed: [Column] = []
        for (position, key) in keys.enumerated() {
            if names.contains(key.name) {
                throw FrameError(
                    .duplicateColumn, "group key \(columnReference(key.name)) is given twice", column: key.name,
                    hint: "name the keys, e.g. group_by(m: month(.day), d: day(.day))")
            }
            names.append(key.name)
            if case .column(let source) = key.expr {
                _ = try requireColumn(source)
                keyColumns.append(source)
                continue
            }
            let hidden = "\u{0}key\(position)"
            computed.append(try evaluate(key.expr).renamed(hidden))
            keyColumns.append(hidden)
        }
        let frame = computed.isEmpty ? self : DataFrame(unchecked: columns + computed, height: height)
        guard frame.height <= Int(Int32.max) else {
            throw FrameError(.invalidArgument, "group_by supports at most \(Int32.max) rows, found \(frame.height)")
        }
        var keyValues: [Column] = []
        for name in keyColumns { keyValues.append(try frame.requireColumn(name)) }
        return GroupedFrame(
            frame: frame, keys: names, index: GroupKeys.index(keyValues, rowCount: frame.height), keyColumns: keyColumns)
    }
}
