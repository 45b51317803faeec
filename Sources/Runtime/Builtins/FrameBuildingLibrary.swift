import Frame
import Lang

/// Making frames from values: `frame`, `date_range`, the element-wise `if_else`, and the cross join
/// that `join(…, how: "cross")` adds to the hash join.
enum FrameBuildingLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "frame", parameters: ["columns"], signature: "frame(columns)",
                summary: "A frame from a record of lists or single values ({id: range(3), sport: \"run\"}; all-null lists give float columns) or a list of row records",
                group: "frames") { args, _ throws(Diagnostic) in
            .frame(try FrameConstruction.frame(try args.required(0, "columns"), args))
        },
        Builtin(name: "date_range", parameters: ["start", "end", "every"], required: 2,
                signature: "date_range(start, end, every: 1d)",
                summary: "The timestamps start, start + every, … up to end (included), as a list for frame(); at most 10 million",
                group: "time") { args, _ throws(Diagnostic) in
            try dateRange(args)
        },
        Builtin(name: "if_else", parameters: ["condition", "then", "else"], elementwise: true,
                signature: "if_else(condition, then, else)",
                summary: "then where the condition is true, else where false, null where null; int and float give float, other types must match",
                group: "core") { args, _ throws(Diagnostic) in
            try ifElse(args)
        },
    ]

    /// The most timestamps `date_range` makes.
    static let maximumDateRangeCount: Int64 = 10_000_000

    /// `date_range(start, end, every:)`, as Polars' date_range with closed both ends.
    static func dateRange(_ args: Arguments) throws(Diagnostic) -> Value {
        func timestamp(_ index: Int, _ name: String) throws(Diagnostic) -> Int64 {
            let value = try args.required(index, name)
            guard case .timestamp(let micros) = value else {
                throw args.error(index, "date_range expects '\(name)' to be a timestamp such as @2024-05-01, found \(value.typeName)")
            }
            return micros
        }
        let start = try timestamp(0, "start")
        let end = try timestamp(1, "end")
        let step: Int64
        switch args.value(2) {
        case nil: step = 86_400_000_000
        case .duration(let micros)?: step = micros
        case let other?: throw args.error(2, "date_range expects 'every' to be a duration such as 1d, found \(other.typeName)")
        }
        guard step > 0 else {
            throw args.error(2, "date_range needs a positive every:, found \(formatDuration(step))")
        }
        guard end >= start else { return .list([]) }
        let (distance, overflow) = end.subtractingReportingOverflow(start)
        let steps = overflow ? Int64.max : distance / step
        guard !overflow && steps < maximumDateRangeCount else {
            throw Diagnostic(
                "date_range from @\(formatTimestamp(start)) to @\(formatTimestamp(end)) every \(formatDuration(step)) would give more than \(maximumDateRangeCount) timestamps",
                at: args.callSpan, hint: "use a longer every:, or a shorter span")
        }
        var values: [Value] = []
        values.reserveCapacity(Int(steps) + 1)
        for index in 0...steps { values.append(.timestamp(start + index * step)) }
        return .list(values)
    }

    /// `if_else` on single values, with the column kernel's type rules.
    static func ifElse(_ args: Arguments) throws(Diagnostic) -> Value {
        let condition = try args.required(0, "condition")
        let then = try args.required(1, "then")
        let otherwise = try args.required(2, "else")
        for (index, value) in [(1, then), (2, otherwise)] where value.scalar == nil {
            throw args.error(index, "if_else takes single values or column expressions, found \(value.typeName)",
                             hint: "for other values write if condition then a else b")
        }
        var widen = false
        switch (then, otherwise) {
        case (.null, _), (_, .null): break
        case (.int, .float), (.float, .int): widen = true
        default:
            guard then.typeName == otherwise.typeName else {
                throw Diagnostic("if_else branches must have the same type, found \(then.typeName) and \(otherwise.typeName)",
                                 at: args.callSpan)
            }
        }
        let picked: Value
        switch condition {
        case .null: return .null
        case .bool(let value): picked = value ? then : otherwise
        default: throw args.error(0, "if_else's condition must be bool, found \(condition.typeName)")
        }
        if widen, case .int(let value) = picked { return .float(Double(value)) }
        return picked
    }

    // MARK: cross join

    /// The frame library's `join`, taught `how: "cross"` (every left row with every right row).
    static func joinAllowingCross(_ builtins: [Builtin]) -> [Builtin] {
        builtins.map { original in
            guard original.name == "join" else { return original }
            return Builtin(
                name: original.name, parameters: original.parameters, required: original.requiredCount,
                acceptsRest: original.acceptsRest, acceptsOptions: original.acceptsOptions, elementwise: original.isElementwise,
                signature: original.signature,
                summary: "Joins two frames on key columns (how: inner, left, right, outer, semi, anti; null keys never match) or every row with every row (how: \"cross\"), or a list's elements into one string",
                group: original.group
            ) { args, vm throws(Diagnostic) in
                if case .string(let how)? = args.value(3) {
                    if how == "cross" { return try crossJoin(args) }
                    let known = JoinLibrary.hows + ["full", "cross"]
                    if !known.contains(how) {
                        let hint = Lang.closestName(to: how, among: known).map { "did you mean \"\($0)\"?" }
                        throw args.error(
                            3, "unknown join how \"\(how)\"; expected one of \((JoinLibrary.hows + ["cross"]).map { "\"\($0)\"" }.joined(separator: ", "))",
                            hint: hint)
                    }
                }
                return try original.body(&args, vm)
            }
        }
    }

    /// `join(left, right, how: "cross", suffix: "_right")`.
    static func crossJoin(_ args: Arguments) throws(Diagnostic) -> Value {
        let left = try args.frame(0, "left")
        guard args.slots.count > 7, args.slots[1] != nil else {
            throw Diagnostic("join needs a right frame, e.g. join(left, right, how: \"cross\")", at: args.callSpan)
        }
        let right = try args.frame(1, "right")
        for (index, name) in [(2, "on"), (5, "left_on"), (6, "right_on")] where args.slots[index] != nil {
            throw args.error(index, "a cross join pairs every row with every row, so it takes no \(name):",
                             hint: "drop \(name):, or join on keys with how: \"inner\"")
        }
        if args.slots[7] != nil { throw args.error(7, "separator applies to joining a list, not frames") }
        let suffix = try args.string(4, "suffix", default: "_right")
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try left.crossJoin(right, suffix: suffix) })
    }
}
