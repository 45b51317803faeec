import Frame
import Lang

/// `select` with named entries, as Polars' `select(pl.col("value").alias("realized"))`: a
/// positional entry keeps a column as it is, a named one (`realized: .value`, `km: .m / 1000`)
/// computes its expression over the input frame (as `with` would) under the new name. The output
/// has the entries in the order written (the language puts named arguments after positional ones).
enum SelectEntries {
    /// One output column of `select`: a kept column or a computed one.
    private enum Entry {
        case keep(name: String, span: SourceSpan)
        case compute(name: String, value: Value, span: SourceSpan)

        var name: String {
            switch self {
            case .keep(let name, _), .compute(let name, _, _): return name
            }
        }

        var span: SourceSpan {
            switch self {
            case .keep(_, let span), .compute(_, _, let span): return span
            }
        }
    }

    /// The frame of `args`' entries (after the frame itself), checked for unknown and repeated names.
    static func select(_ args: Arguments, from frame: DataFrame) throws(Diagnostic) -> DataFrame {
        var entries: [Entry] = []
        for argument in args.rest {
            let name = try FrameLibrary.columnName(argument.value, at: argument.span, in: frame, verb: "select")
            entries.append(.keep(name: name, span: argument.span))
        }
        for option in args.options {
            entries.append(.compute(name: option.label, value: option.value, span: option.span))
        }
        // Rest and options arrive apart; the source order puts them back as written.
        entries.sort { $0.span.start < $1.span.start }
        var columns: [Column] = []
        for (index, entry) in entries.enumerated() {
            if entries[..<index].contains(where: { $0.name == entry.name }) {
                throw Diagnostic("select gives \(columnReference(entry.name)) twice", at: entry.span,
                                 hint: "name one of them differently, e.g. select(df, .a, a2: .a)")
            }
            switch entry {
            case .keep(let name, _):
                guard let column = frame.column(named: name) else {
                    throw ColumnExprTranslation.unknownColumn(name, at: entry.span, in: frame)
                }
                columns.append(column)
            case .compute(let name, let value, let span):
                let expr = try ColumnExprTranslation.translate(value, at: span, for: frame)
                let computed = try engine(at: span) { () throws(FrameError) in try frame.with([(name: name, expr: expr)]) }
                guard let column = computed.column(named: name) else {
                    throw Diagnostic("select could not compute \(columnReference(name))", at: span)
                }
                columns.append(column)
            }
        }
        let result = columns
        return try engine(at: args.callSpan) { () throws(FrameError) in try DataFrame(columns: result) }
    }
}
