import Frame
import Lang

/// `asof_join`: the point-in-time join (research/feature-store-asof.md, B.3). Argument errors are
/// raised here, before any engine work, with the caret under the argument at fault.
enum AsofLibrary {
    static let parameters = [
        "left", "right", "on", "by", "strategy", "tolerance", "allow_exact_matches", "how", "suffix",
        "left_on", "right_on", "left_by", "right_by", "tie_break", "require_non_null", "null_left_time",
    ]

    static let builtins: [Builtin] = [
        Builtin(name: "asof_join", parameters: parameters, required: 2,
                signature: "asof_join(left, right, on: .ts, by: [.k], strategy: \"backward\", tolerance: null, allow_exact_matches: true, how: \"left\", suffix: \"_right\")",
                summary: "For each left row, the right row with equal by keys latest at or before its time (or forward, or nearest), plus the matched time",
                group: "frames") { args, _ throws(Diagnostic) in
            try asofJoin(args)
        },
    ]

    /// A column named in the call, with the span to point at.
    typealias Named = ColumnArguments.Named

    static func asofJoin(_ args: Arguments) throws(Diagnostic) -> Value {
        let left = try args.frame(0, "left")
        guard args.slots[1] != nil else {
            throw Diagnostic("asof_join needs a right frame, e.g. asof_join(left, right, on: .ts)", at: args.callSpan)
        }
        let right = try args.frame(1, "right")

        // The time columns.
        let leftOn: Named
        let rightOn: Named
        var timeSlot = 2
        if args.slots[2] != nil {
            for index in [9, 10] where args.slots[index] != nil {
                throw args.error(index, "asof_join takes either on: or left_on:/right_on:, not both")
            }
            leftOn = try ColumnArguments.column(args, 2, "on")
            rightOn = leftOn
        } else if args.slots[9] != nil || args.slots[10] != nil {
            guard args.slots[9] != nil, args.slots[10] != nil else {
                throw Diagnostic("asof_join needs both left_on: and right_on:", at: args.span(args.slots[9] != nil ? 9 : 10))
            }
            leftOn = try ColumnArguments.column(args, 9, "left_on")
            rightOn = try ColumnArguments.column(args, 10, "right_on")
            timeSlot = 10
        } else {
            throw Diagnostic("asof_join needs a time column, e.g. asof_join(left, right, on: .ts)", at: args.callSpan,
                             hint: "or left_on: .a, right_on: .b when the names differ")
        }
        try JoinLibrary.checkKey(leftOn, in: left, side: "left")
        try JoinLibrary.checkKey(rightOn, in: right, side: "right")

        // The by keys.
        let leftBy: [Named]
        let rightBy: [Named]
        if args.slots[3] != nil {
            for index in [11, 12] where args.slots[index] != nil {
                throw args.error(index, "asof_join takes either by: or left_by:/right_by:, not both")
            }
            leftBy = try ColumnArguments.columns(args, 3, "by")
            rightBy = leftBy
        } else if args.slots[11] != nil || args.slots[12] != nil {
            guard args.slots[11] != nil, args.slots[12] != nil else {
                throw Diagnostic("asof_join needs both left_by: and right_by:", at: args.span(args.slots[11] != nil ? 11 : 12))
            }
            leftBy = try ColumnArguments.columns(args, 11, "left_by")
            rightBy = try ColumnArguments.columns(args, 12, "right_by")
            guard leftBy.count == rightBy.count else {
                throw args.error(12, "asof_join needs as many right_by keys as left_by keys, found \(leftBy.count) and \(rightBy.count)")
            }
        } else {
            leftBy = []
            rightBy = []
        }
        for key in leftBy { try JoinLibrary.checkKey(key, in: left, side: "left") }
        for key in rightBy { try JoinLibrary.checkKey(key, in: right, side: "right") }

        // Options.
        let strategy: AsofStrategy = try ColumnArguments.choice(args, 4, "strategy", default: .backward)
        let how: AsofJoinKind = try ColumnArguments.choice(args, 7, "how", default: .left)
        let nullLeftTime: AsofNullLeftTime = try ColumnArguments.choice(args, 15, "null_left_time", default: .keep)
        let allowExactMatches = try args.bool(6, "allow_exact_matches", default: true)
        let suffix = try args.string(8, "suffix", default: "_right")
        let tieBreak = try self.tieBreak(args, right)
        let requireNonNull = args.slots[14] == nil ? [] : try ColumnArguments.columns(args, 14, "require_non_null")
        for key in requireNonNull { try JoinLibrary.checkKey(key, in: right, side: "right") }

        // Types of the time columns, then the tolerance against them.
        guard let leftTime = left.column(named: leftOn.name), let rightTime = right.column(named: rightOn.name) else {
            throw Diagnostic("asof_join lost its time column", at: args.callSpan)
        }
        let timeType = try engine(at: args.span(timeSlot)) { () throws(FrameError) in
            try AsofJoinArguments.timeType(left: leftTime, right: rightTime)
        }
        let tolerance = try self.tolerance(args)
        try engine(at: args.span(5)) { () throws(FrameError) in
            try AsofJoinArguments.checkTolerance(tolerance, timeType: timeType, allowExactMatches: allowExactMatches)
        }

        do throws(FrameError) {
            return .frame(try left.asofJoin(
                right, leftOn: leftOn.name, rightOn: rightOn.name, leftBy: leftBy.map(\.name), rightBy: rightBy.map(\.name),
                strategy: strategy, tolerance: tolerance, allowExactMatches: allowExactMatches, how: how, suffix: suffix,
                tieBreak: tieBreak, requireNonNull: requireNonNull.map(\.name), nullLeftTime: nullLeftTime))
        } catch {
            // Point at the argument the engine's error is about.
            var span = args.callSpan
            if let name = error.column, let key = (leftBy + rightBy).first(where: { $0.name == name }) {
                span = key.span
            } else if error.code == .duplicateColumn, args.slots[8] != nil {
                span = args.span(8)
            } else if error.code == .invalidArgument, tieBreak == .error, error.column == rightOn.name {
                span = args.span(13)
            } else if error.code == .invalidArgument, nullLeftTime == .error, error.column == leftOn.name {
                span = args.span(15)
            }
            throw Diagnostic(error, at: span)
        }
    }


    /// `tolerance:` as an engine scalar (null means none).
    static func tolerance(_ args: Arguments) throws(Diagnostic) -> Scalar? {
        guard let value = args.value(5) else { return nil }
        switch value {
        case .duration(let micros): return .duration(micros)
        case .int(let number): return .int(number)
        case .float(let number): return .float(number)
        default:
            throw args.error(5, "asof_join expects 'tolerance' to be a duration such as 7d or a number, found \(value.typeName)")
        }
    }

    /// `tie_break:` "last_inserted", "error", or right columns (`.ingested_at`, `desc(.x)`, a list of them).
    static func tieBreak(_ args: Arguments, _ right: DataFrame) throws(Diagnostic) -> AsofTieBreak {
        guard let value = args.value(13) else { return .lastInserted }
        if case .string(let text) = value {
            switch text {
            case "last_inserted": return .lastInserted
            case "error": return .error
            default:
                let hint = Lang.closestName(to: text, among: ["last_inserted", "error"]).map { "did you mean \"\($0)\"?" }
                throw args.error(13, "unknown asof_join tie_break \"\(text)\"; expected \"last_inserted\", \"error\" or columns such as [.ingested_at]",
                                 hint: hint ?? "columns pick the row that sorts last by them")
            }
        }
        let items: [Value]
        if case .list(let list) = value {
            try checkMaterializable(list, args)
            items = list.items
        } else {
            items = [value]
        }
        var keys: [SortKey] = []
        for item in items {
            var column = item
            var descending = false
            if case .column(.call("desc", let inner, _)) = item, inner.count == 1 {
                column = .column(inner[0])
                descending = true
            }
            guard case .column(.column(let name, let span)) = column else {
                throw args.error(13, "asof_join's tie_break expects \"last_inserted\", \"error\" or columns such as [.ingested_at], found \(item.typeName)")
            }
            try JoinLibrary.checkKey((name, span), in: right, side: "right")
            keys.append(SortKey(name, descending: descending))
        }
        if keys.isEmpty { throw args.error(13, "asof_join's tie_break needs at least one column") }
        return .sortKeys(keys)
    }
}
