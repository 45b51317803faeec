/// ASOF joins: for every left row, at most one right row chosen by time (research/feature-store-asof.md,
/// B.3). The public entry points and their options; `AsofJoinPlan` checks the arguments before any
/// work, `AsofMatching` finds the matches, `AsofJoinLayout` builds the output.

/// Which right row an ASOF join picks for a left row.
public enum AsofStrategy: String, Sendable, CaseIterable {
    /// The latest right row at or before the left time (the default, the only one that never leaks the future).
    case backward
    /// The earliest right row at or after the left time.
    case forward
    /// The right row closest in time; on a distance tie the earlier (backward) one.
    case nearest
}

/// Which left rows an ASOF join keeps.
public enum AsofJoinKind: String, Sendable, CaseIterable {
    /// Every left row exactly once, in left order; right columns null where nothing matched.
    case left
    /// Only the left rows that matched, in left order.
    case inner
}

/// How an ASOF join chooses among right rows with the same `by` key and the same time.
public enum AsofTieBreak: Sendable, Equatable {
    /// The row inserted last (the highest right row index) wins, for every strategy.
    case lastInserted
    /// The row that sorts last by these right columns wins (e.g. an ingestion time), then the last inserted.
    case sortKeys([SortKey])
    /// Such duplicates are an error naming the first offending key and time.
    case error
}

/// What an ASOF join does with a left row whose time is null (or NaN).
public enum AsofNullLeftTime: String, Sendable, CaseIterable {
    /// The row is kept, unmatched (dropped by an inner join like any unmatched row).
    case keep
    /// The row is left out of the output.
    case drop
    /// The join fails, naming the first such row.
    case error
}

extension DataFrame {
    /// The ASOF join on equally named time and key columns; see
    /// `asofJoin(_:leftOn:rightOn:leftBy:rightBy:strategy:tolerance:allowExactMatches:how:suffix:tieBreak:requireNonNull:nullLeftTime:)`.
    public func asofJoin(
        _ right: DataFrame, on: String, by: [String] = [], strategy: AsofStrategy = .backward,
        tolerance: Scalar? = nil, allowExactMatches: Bool = true, how: AsofJoinKind = .left, suffix: String = "_right"
    ) throws(FrameError) -> DataFrame {
        try asofJoin(
            right, leftOn: on, rightOn: on, leftBy: by, rightBy: by, strategy: strategy, tolerance: tolerance,
            allowExactMatches: allowExactMatches, how: how, suffix: suffix)
    }

    /// For every left row, the right row with equal `by` keys whose time is the latest at or before
    /// the left time (backward), the earliest at or after it (forward) or the closest (nearest, a tie
    /// going to the earlier row); `allowExactMatches: false` makes the comparisons strict, and a
    /// `tolerance` (inclusive; a duration for timestamp times, a number otherwise) bounds the distance.
    ///
    /// Among right rows with the same key and time, `tieBreak` picks one (by default the last
    /// inserted, for every strategy). Null keys and null or NaN times never match. Inputs need not be
    /// sorted, and the answer depends neither on their order nor on the number of threads.
    ///
    /// Columns: the left columns, then the right's other columns (`by` columns dropped, a name the
    /// left already has getting `suffix`), then the matched right time under the right time column's
    /// name (with `suffix` when the left has that name, as it does for `on:`). Rows: one per left row
    /// in left order (`.left`) or the matched ones only (`.inner`). Int and float times mix as floats.
    public func asofJoin(
        _ right: DataFrame, leftOn: String, rightOn: String, leftBy: [String] = [], rightBy: [String] = [],
        strategy: AsofStrategy = .backward, tolerance: Scalar? = nil, allowExactMatches: Bool = true,
        how: AsofJoinKind = .left, suffix: String = "_right", tieBreak: AsofTieBreak = .lastInserted,
        requireNonNull: [String] = [], nullLeftTime: AsofNullLeftTime = .keep
    ) throws(FrameError) -> DataFrame {
        let plan = try AsofJoinPlan(
            left: self, right: right, leftOn: leftOn, rightOn: rightOn, leftBy: leftBy, rightBy: rightBy,
            strategy: strategy, tolerance: tolerance, allowExactMatches: allowExactMatches, how: how, suffix: suffix,
            tieBreak: tieBreak, requireNonNull: requireNonNull, nullLeftTime: nullLeftTime)
        return try plan.run(threads: ParallelWork.processorCount)
    }
}

/// The checked arguments of one ASOF join: every error the arguments can cause is raised here,
/// before any work (only `nullLeftTime: .error` and `tieBreak: .error` look at the data).
struct AsofJoinPlan {
    let left: DataFrame
    let right: DataFrame
    let leftTime: Column
    let rightTime: Column
    let leftBy: [Column]
    let rightBy: [Column]
    let strategy: AsofStrategy
    let tolerance: AsofTolerance
    let allowExactMatches: Bool
    let how: AsofJoinKind
    let tieBreak: AsofTieBreak
    let requireNonNull: [Column]
    let nullLeftTime: AsofNullLeftTime
    let layout: AsofJoinLayout

    init(
        left: DataFrame, right: DataFrame, leftOn: String, rightOn: String, leftBy: [String], rightBy: [String],
        strategy: AsofStrategy, tolerance: Scalar?, allowExactMatches: Bool, how: AsofJoinKind, suffix: String,
        tieBreak: AsofTieBreak, requireNonNull: [String], nullLeftTime: AsofNullLeftTime
    ) throws(FrameError) {
        let leftTime = try Self.column(leftOn, in: left, side: "left")
        let rightTime = try Self.column(rightOn, in: right, side: "right")
        let timeType = try Self.timeType(leftTime, rightTime)
        guard leftBy.count == rightBy.count else {
            throw FrameError(
                .invalidArgument,
                "asof join needs as many right_by keys as left_by keys, found \(leftBy.count) left and \(rightBy.count) right")
        }
        var leftKeys: [Column] = []
        var rightKeys: [Column] = []
        for (position, (leftName, rightName)) in zip(leftBy, rightBy).enumerated() {
            if leftBy[..<position].contains(leftName) || rightBy[..<position].contains(rightName) {
                let name = leftBy[..<position].contains(leftName) ? leftName : rightName
                throw FrameError(.duplicateColumn, "asof join by key \(columnReference(name)) is given twice", column: name)
            }
            let leftKey = try Self.column(leftName, in: left, side: "left")
            let rightKey = try Self.column(rightName, in: right, side: "right")
            if leftKey.type != rightKey.type {
                let message = leftName == rightName
                    ? "asof join by key \(columnReference(leftName)) is \(leftKey.type.name) on the left and \(rightKey.type.name) on the right"
                    : "asof join by keys differ in type: \(columnReference(leftName)) is \(leftKey.type.name) on the left, \(columnReference(rightName)) is \(rightKey.type.name) on the right"
                throw FrameError(
                    .typeMismatch, message, column: leftName,
                    hint: "cast one side first, e.g. cast(df, \(rightName): \"\(leftKey.type.name)\")")
            }
            leftKeys.append(leftKey)
            rightKeys.append(rightKey)
        }
        self.tolerance = try AsofTolerance(tolerance, timeType: timeType, allowExactMatches: allowExactMatches)
        switch tieBreak {
        case .sortKeys(let keys):
            for key in keys { _ = try Self.column(key.column, in: right, side: "right") }
        case .lastInserted, .error:
            break
        }
        var required: [Column] = []
        for name in requireNonNull { required.append(try Self.column(name, in: right, side: "right")) }
        guard left.height < Int(Int32.max), right.height < Int(Int32.max) else {
            throw FrameError(.invalidArgument, "asof join supports inputs of fewer than 2,147,483,647 rows")
        }
        layout = try AsofJoinLayout(left: left, right: right, rightOn: rightOn, rightBy: rightBy, suffix: suffix)
        if nullLeftTime == .error, let row = Self.firstInvalidTime(leftTime) {
            throw FrameError(
                .invalidArgument,
                "left row \(row) has a null time in \(columnReference(leftOn)) (null_left_time: \"error\")",
                column: leftOn, hint: "drop_nulls(df, .\(leftOn)) first, or pass null_left_time: \"keep\"")
        }
        self.left = left
        self.right = right
        self.leftTime = leftTime
        self.rightTime = rightTime
        self.leftBy = leftKeys
        self.rightBy = rightKeys
        self.strategy = strategy
        self.allowExactMatches = allowExactMatches
        self.how = how
        self.tieBreak = tieBreak
        self.requireNonNull = required
        self.nullLeftTime = nullLeftTime
    }

    /// The column `name` of one side, or an error naming the side.
    static func column(_ name: String, in frame: DataFrame, side: String) throws(FrameError) -> Column {
        if let column = frame.column(named: name) { return column }
        var error = FrameError.columnNotFound(name, among: frame.columnNames)
        error.message = "unknown column \(columnReference(name)) in the \(side) frame"
        throw error
    }

    /// The type both time columns are compared as: equal types, or int and float mixed as float.
    static func timeType(_ left: Column, _ right: Column) throws(FrameError) -> DataType {
        for column in [left, right] where column.type == .string || column.type == .bool {
            throw FrameError(
                .typeMismatch,
                "asof join time column \(columnReference(column.name)) is \(column.type.name); expected a timestamp, duration, int or float",
                column: column.name, hint: "parse it first, e.g. with(df, \(column.name): timestamp(.\(column.name)))")
        }
        if left.type == right.type { return left.type }
        if left.type.isNumeric && right.type.isNumeric { return .float }
        let message = left.name == right.name
            ? "asof join time column \(columnReference(left.name)) is \(left.type.name) on the left and \(right.type.name) on the right"
            : "asof join time columns differ in type: \(columnReference(left.name)) is \(left.type.name) on the left, \(columnReference(right.name)) is \(right.type.name) on the right"
        throw FrameError(
            .typeMismatch, message, column: left.name,
            hint: "cast one side first, e.g. cast(df, \(right.name): \"\(left.type.name)\")")
    }

    /// The first row whose time is null or NaN, if any.
    static func firstInvalidTime(_ column: Column) -> Int? {
        if let validity = column.validity {
            for row in 0..<column.count where !validity.isValid(row) { return row }
        }
        if let values = column.float64Values {
            for row in 0..<column.count where values[row].isNaN { return row }
        }
        return nil
    }

    /// Matches, then the output frame.
    func run(threads: Int) throws(FrameError) -> DataFrame {
        let matched = try AsofMatching.match(self, threads: threads)
        return layout.assemble(plan: self, matched: matched)
    }
}

/// The distance an ASOF match may span, in the unit of the time column (microseconds for timestamps).
enum AsofTolerance: Equatable {
    case unlimited
    case integer(UInt64)
    case float(Double)

    /// Checks `value` against the time type: a duration for timestamp and duration times, an int for
    /// int times, a number for float times; never negative; 0 needs exact matches allowed.
    init(_ value: Scalar?, timeType: DataType, allowExactMatches: Bool) throws(FrameError) {
        guard let value, !value.isNull else {
            self = .unlimited
            return
        }
        let expected: String
        switch (timeType, value) {
        case (.timestamp, .duration(let micros)), (.duration, .duration(let micros)), (.int, .int(let micros)):
            guard micros >= 0 else { throw Self.negative(value) }
            self = .integer(UInt64(micros))
        case (.float, .int(let number)):
            guard number >= 0 else { throw Self.negative(value) }
            self = .float(Double(number))
        case (.float, .float(let number)):
            guard !number.isNaN else {
                throw FrameError(.invalidArgument, "asof join tolerance must be a number, found NaN")
            }
            guard number >= 0 else { throw Self.negative(value) }
            self = .float(number)
        default:
            switch timeType {
            case .timestamp, .duration: expected = "a duration such as 7d"
            case .int: expected = "an int"
            default: expected = "a number"
            }
            throw FrameError(
                .invalidArgument,
                "asof join tolerance must be \(expected) for \(timeType.name) times, found \(value.type?.name ?? "null")")
        }
        if !allowExactMatches && self.isZero {
            throw FrameError(
                .invalidArgument, "asof join tolerance 0 with allow_exact_matches false can never match",
                hint: "allow exact matches, or give a positive tolerance")
        }
    }

    var isZero: Bool {
        switch self {
        case .unlimited: false
        case .integer(let value): value == 0
        case .float(let value): value == 0
        }
    }

    private static func negative(_ value: Scalar) -> FrameError {
        let text: String
        switch value {
        case .duration(let micros): text = NumberFormatting.duration(micros)
        case .int(let number): text = String(number)
        case .float(let number): text = NumberFormatting.shortest(number)
        default: text = "a negative value"
        }
        return FrameError(.invalidArgument, "asof join tolerance must not be negative, found \(text)")
    }
}

/// Argument checks an ASOF join runs before any work, public so that a caller (the language
/// runtime) can run them first and point at the offending argument.
public enum AsofJoinArguments {
    /// The type two time columns are compared as (equal types, or int and float mixed as float), or
    /// an error for string and bool times and for other mixes.
    public static func timeType(left: Column, right: Column) throws(FrameError) -> DataType {
        try AsofJoinPlan.timeType(left, right)
    }

    /// Checks a tolerance against the time type `timeType`: a duration for timestamp and duration
    /// times, an int for int times, a number for float times; never negative; 0 needs exact matches.
    public static func checkTolerance(_ value: Scalar?, timeType: DataType, allowExactMatches: Bool) throws(FrameError) {
        _ = try AsofTolerance(value, timeType: timeType, allowExactMatches: allowExactMatches)
    }
}
