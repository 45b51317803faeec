import Frame
import Lang

/// `repeat_rows`: each row repeated a fixed or per-row number of times (pandas'
/// `df.loc[df.index.repeat(df.n)]`, Polars' `repeat_by` then `explode`), for expanding counts into
/// events or a schedule into its sessions.
enum RepeatRowsLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "repeat_rows", parameters: ["df", "n", "index"], required: 2,
                signature: "repeat_rows(df, n, index: null)",
                summary: "Each row n times in place (n an int, or an int column such as .n; 0 drops the row); index: \"k\" numbers the copies 0, 1, …",
                group: "frames") { args, _ throws(Diagnostic) in
            try repeatRows(args)
        },
    ]

    static func repeatRows(_ args: Arguments) throws(Diagnostic) -> Value {
        let frame = try args.frame(0, "df")
        let value = try args.required(1, "n")
        let times: RepeatCount
        switch value {
        case .int(let n):
            guard n >= 0 else { throw args.error(1, "repeat_rows needs a count ≥ 0, found \(n)") }
            times = .constant(Int(clamping: n))
        case .column(.column(let name, let span)):
            try RollingLibrary.checkColumn((name, span), in: frame)
            times = .column(name)
        case .string(let name):
            try RollingLibrary.checkColumn((name, args.span(1)), in: frame)
            times = .column(name)
        default:
            throw args.error(1, "repeat_rows expects n to be an int or an int column such as .n, found \(value.typeName)",
                             hint: "compute a count column first, e.g. with(df, n: …) |> repeat_rows(.n)")
        }
        let index = args.value(2) == nil ? nil : try args.string(2, "index")
        if let index, index.isEmpty { throw args.error(2, "repeat_rows index needs a column name") }
        do throws(FrameError) {
            return .frame(try frame.repeatingRows(times, index: index))
        } catch {
            let at = error.code == .duplicateColumn ? args.span(2) : args.span(1)
            throw Diagnostic(error, at: at)
        }
    }
}
