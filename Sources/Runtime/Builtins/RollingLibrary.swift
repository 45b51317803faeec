import Frame
import Lang

/// Time-series verbs: `rolling` (per-key time or row windows), `ewm_mean` (exponentially weighted
/// means, a column expression) and `window_join` (aggregates of another frame's rows in a time
/// window). Argument errors are raised here, before any engine work, with the caret under the
/// argument at fault.
enum RollingLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "rolling", parameters: ["df", "on", "by", "window", "closed"], required: 1, acceptsOptions: true,
                signature: "rolling(df, on: .ts, by: [.k], window: 7d, closed: \"right\", name: aggregate, …)",
                summary: "Per row, aggregates of the rows with its key in the time window (t − window, t], or the last n rows for window: n",
                group: "windows") { args, _ throws(Diagnostic) in
            try rolling(args)
        },
        Builtin(name: "ewm_mean", parameters: ["x", "halflife", "span", "alpha", "com", "on", "by", "adjust"], required: 1,
                signature: "ewm_mean(x, halflife: 42d, on: .ts, by: [.k], adjust: true) or ewm_mean(x, span: 10) / alpha: / com:",
                summary: "Exponentially weighted mean per key in time order (pandas' ewm().mean()); with on:, weights halve every halflife of elapsed time",
                group: "windows") { args, _ throws(Diagnostic) in
            try ewmMean(args)
        },
        Builtin(name: "window_join", parameters: ["left", "right", "on", "by", "window", "closed"], required: 2, acceptsOptions: true,
                signature: "window_join(left, right, on: .ts, by: [.k], window: 1h, closed: \"both\", name: aggregate, …)",
                summary: "Per left row, aggregates of the right rows with its key and time in [t − window, t] (closed: \"right\", \"left\" or \"none\" drop an end; count 0 when none)",
                group: "frames") { args, _ throws(Diagnostic) in
            try windowJoin(args)
        },
    ]

    /// A column named in the call, with the span to point at.
    typealias Named = ColumnArguments.Named

    // MARK: rolling

    static func rolling(_ args: Arguments) throws(Diagnostic) -> Value {
        let frame = try args.frame(0, "df")
        let on = args.value(1) == nil ? nil : try ColumnArguments.column(args, 1, "on")
        if let on { try checkColumn(on, in: frame) }
        let by = args.value(2) == nil ? [] : try ColumnArguments.columns(args, 2, "by")
        for key in by { try checkColumn(key, in: frame) }
        let time = on.flatMap { frame.column(named: $0.name) }
        if let on, let time, ![DataType.timestamp, .duration, .int, .float].contains(time.type) {
            throw Diagnostic("rolling's on must be a timestamp, duration, int or float column, but \(columnReference(on.name)) is \(time.type.name)",
                             at: on.span)
        }
        let window = try rollingWindow(args, time: time)
        let closed: RollingClosed = try ColumnArguments.choice(args, 4, "closed", default: .right)
        if case .rows = window, args.value(4) != nil, closed != .right {
            throw args.error(4, "closed applies to time windows; a window of n rows always ends at the current row")
        }
        let aggregates = try namedAggregates(args, for: frame)
        do throws(FrameError) {
            return .frame(try frame.rolling(
                on: on?.name, by: by.map(\.name), window: window, closed: closed,
                aggregates: aggregates.map { ($0.name, $0.aggregation) }))
        } catch {
            for aggregate in aggregates {
                try engine(at: aggregate.span) { () throws(FrameError) in
                    try frame.checkSlidingAggregate(aggregate.aggregation, verb: "rolling")
                }
            }
            throw Diagnostic(error, at: blame(error, on: on, by: by, window: args.span(3), call: args.callSpan))
        }
    }

    /// `window:` read against the time column: a duration is a span of a timestamp or duration
    /// column; a number is a span of an int or float column; an int is a count of rows when there is
    /// no `on` or `on` is a timestamp or duration.
    static func rollingWindow(_ args: Arguments, time: Column?) throws(Diagnostic) -> RollingWindow {
        guard let value = args.value(3) else {
            throw Diagnostic("rolling needs a window, e.g. window: 7d (with on: .ts) or window: 7 (rows)", at: args.callSpan)
        }
        let temporal = time.map { $0.type == .timestamp || $0.type == .duration } ?? false
        switch value {
        case .duration(let micros):
            guard let time else {
                throw args.error(3, "rolling window \(NumberFormatting.duration(micros)) needs on: (a timestamp column)",
                                 hint: "e.g. rolling(df, on: .day, window: \(NumberFormatting.duration(micros)), …)")
            }
            guard temporal else {
                throw args.error(3, "rolling window \(NumberFormatting.duration(micros)) needs a timestamp column for on:, but \(columnReference(time.name)) is \(time.type.name)",
                                 hint: "give the window as a number in \(columnReference(time.name))'s units")
            }
            guard micros > 0 else {
                throw args.error(3, "rolling window must be positive, found \(NumberFormatting.duration(micros))")
            }
            return .span(.duration(micros))
        case .int(let number):
            if time == nil || temporal {
                guard number >= 1 else { throw args.error(3, "rolling window must be at least 1 row, found \(number)") }
                return .rows(Int(clamping: number))
            }
            guard number > 0 else { throw args.error(3, "rolling window must be positive, found \(number)") }
            return .span(.int(number))
        case .float(let number):
            guard time != nil, !temporal else {
                let column = time.map { ", but \(columnReference($0.name)) is \($0.type.name)" } ?? ""
                throw args.error(3, "rolling window \(number) needs on: an int or float column\(column)",
                                 hint: "for a timestamp column give a duration such as 7d; for rows, an int")
            }
            guard number > 0 && number.isFinite else {
                throw args.error(3, "rolling window must be a positive number, found \(number)")
            }
            return .span(.float(number))
        default:
            throw args.error(3, "rolling expects window to be a duration such as 7d or a number, found \(value.typeName)")
        }
    }

    // MARK: window_join

    static func windowJoin(_ args: Arguments) throws(Diagnostic) -> Value {
        let left = try args.frame(0, "left")
        let right = try args.frame(1, "right")
        guard args.value(2) != nil else {
            throw Diagnostic("window_join needs a time column, e.g. window_join(left, right, on: .ts, window: 1h, n: count())",
                             at: args.callSpan)
        }
        let on = try ColumnArguments.column(args, 2, "on")
        try JoinLibrary.checkKey(on, in: left, side: "left")
        try JoinLibrary.checkKey(on, in: right, side: "right")
        let by = args.value(3) == nil ? [] : try ColumnArguments.columns(args, 3, "by")
        for key in by { try JoinLibrary.checkKey(key, in: left, side: "left") }
        for key in by { try JoinLibrary.checkKey(key, in: right, side: "right") }
        guard let value = args.value(4) else {
            throw Diagnostic("window_join needs a window, e.g. window: 1h", at: args.callSpan)
        }
        let window: Scalar
        switch value {
        case .duration(let micros):
            guard micros >= 0 else { throw args.error(4, "window_join window must not be negative, found \(NumberFormatting.duration(micros))") }
            window = .duration(micros)
        case .int(let number):
            guard number >= 0 else { throw args.error(4, "window_join window must not be negative, found \(number)") }
            window = .int(number)
        case .float(let number):
            guard number >= 0 && number.isFinite else {
                throw args.error(4, "window_join window must be a finite number ≥ 0, found \(number)")
            }
            window = .float(number)
        default:
            throw args.error(4, "window_join expects window to be a duration such as 1h or a number, found \(value.typeName)")
        }
        let closed: RollingClosed = try ColumnArguments.choice(args, 5, "closed", default: .both)
        let aggregates = try namedAggregates(args, for: right)
        do throws(FrameError) {
            return .frame(try left.windowJoin(
                right, on: on.name, by: by.map(\.name), window: window, closed: closed,
                aggregates: aggregates.map { ($0.name, $0.aggregation) }))
        } catch {
            for aggregate in aggregates {
                try engine(at: aggregate.span) { () throws(FrameError) in
                    try right.checkSlidingAggregate(aggregate.aggregation, verb: "window_join")
                }
            }
            throw Diagnostic(error, at: blame(error, on: on, by: by, window: args.span(4), call: args.callSpan))
        }
    }

    // MARK: ewm_mean

    /// The decay parameters, in parameter order.
    static let decays = ["halflife", "span", "alpha", "com"]

    /// `ewm_mean(x, …)` as the column expression call the engine evaluates (see Frame's `EwmMean`
    /// for the argument layout: input, decay kind, decay value, adjust, on, by…).
    static func ewmMean(_ args: Arguments) throws(Diagnostic) -> Value {
        let value = try args.required(0, "x")
        guard case .column(let input) = value else {
            throw args.error(0, "ewm_mean works on columns, e.g. with(df, m: ewm_mean(.x, halflife: 7d, on: .day)); found \(value.typeName)")
        }
        let given = (1...4).filter { args.value($0) != nil }
        guard let slot = given.first else {
            throw Diagnostic("ewm_mean needs one of halflife:, span:, alpha: or com:", at: args.callSpan,
                             hint: "e.g. ewm_mean(.tss, halflife: 42d, on: .day)")
        }
        if given.count > 1 {
            throw args.error(given[1], "ewm_mean takes one of halflife:, span:, alpha: or com:, not both \(decays[slot - 1]) and \(decays[given[1] - 1])")
        }
        let kind = decays[slot - 1]
        guard let decay = args.value(slot) else { throw args.error(slot, "ewm_mean needs a \(kind)") }
        let hasOn = args.value(5) != nil
        switch (kind, decay) {
        case ("halflife", .duration(let micros)):
            guard hasOn else {
                throw args.error(slot, "ewm_mean's halflife \(NumberFormatting.duration(micros)) is a time, so it needs on: (a time column)",
                                 hint: "e.g. ewm_mean(.x, halflife: \(NumberFormatting.duration(micros)), on: .day)")
            }
            guard micros > 0 else { throw args.error(slot, "ewm_mean's halflife must be positive, found \(NumberFormatting.duration(micros))") }
        case (_, .int), (_, .float):
            let number: Double
            switch decay {
            case .int(let n): number = Double(n)
            case .float(let f): number = f
            default: number = 0
            }
            if hasOn && kind != "halflife" {
                throw args.error(slot, "ewm_mean with on: decays by elapsed time, so it takes halflife, not \(kind)",
                                 hint: "a daily α is halflife: 1d * (log(2) / -log(1 - α))")
            }
            try checkDecay(kind, number, args, slot)
        default:
            throw args.error(slot, "ewm_mean expects '\(kind)' to be a number\(kind == "halflife" ? " or a duration" : ""), found \(decay.typeName)")
        }
        let adjust = try args.bool(7, "adjust", default: true)
        var on: ColumnExpr = .literal(.null)
        if hasOn {
            let named = try ColumnArguments.column(args, 5, "on")
            on = .column(named.name, named.span)
        }
        let by = args.value(6) == nil ? [] : try ColumnArguments.columns(args, 6, "by")
        let arguments: [ColumnExpr] = [input, .literal(.string(kind)), .literal(decay), .literal(.bool(adjust)), on]
            + by.map { ColumnExpr.column($0.name, $0.span) }
        return .column(.call("ewm_mean", arguments, args.callSpan))
    }

    /// The range each numeric decay parameter must lie in (pandas' rules).
    private static func checkDecay(_ kind: String, _ number: Double, _ args: Arguments, _ slot: Int) throws(Diagnostic) {
        switch kind {
        case "halflife":
            guard number > 0 && number.isFinite else { throw args.error(slot, "ewm_mean's halflife must be positive, found \(number)") }
        case "span":
            guard number >= 1 && number.isFinite else { throw args.error(slot, "ewm_mean's span must be at least 1, found \(number)") }
        case "alpha":
            guard number > 0 && number <= 1 else { throw args.error(slot, "ewm_mean's alpha must be in (0, 1], found \(number)") }
        default:
            guard number >= 0 && number.isFinite else { throw args.error(slot, "ewm_mean's com must be at least 0, found \(number)") }
        }
    }

    // MARK: shared argument readers

    /// The named aggregates of a call (`load7: sum(.tss)`), each translated against `frame`.
    static func namedAggregates(_ args: Arguments, for frame: DataFrame) throws(Diagnostic)
        -> [(name: String, aggregation: Aggregation, span: SourceSpan)]
    {
        if let unnamed = args.rest.first {
            throw Diagnostic("\(args.callee) needs a name for each aggregate, e.g. \(args.callee)(…, n: count(), m: mean(.x))", at: unnamed.span)
        }
        guard !args.options.isEmpty else {
            throw Diagnostic("\(args.callee) needs at least one named aggregate, e.g. m: mean(.x)", at: args.callSpan)
        }
        var aggregates: [(name: String, aggregation: Aggregation, span: SourceSpan)] = []
        for option in args.options {
            if aggregates.contains(where: { $0.name == option.label }) {
                throw Diagnostic("\(args.callee) names .\(option.label) twice", at: option.span)
            }
            let expr = try ColumnExprTranslation.translate(option.value, at: option.span, for: frame)
            let span = AggregateLibrary.valueSpan(option.value) ?? option.span
            var aggregation: Aggregation? = nil
            if case .call(let function, let arguments) = expr {
                aggregation = try engine(at: span) { () throws(FrameError) in try Aggregation(call: function, arguments) }
            }
            guard let aggregation else {
                throw Diagnostic(
                    "\(args.callee) needs an aggregate for .\(option.label), such as mean(.x) or count()", at: span,
                    hint: "supported: count, sum, mean, min, max, std, var and n_unique")
            }
            aggregates.append((option.label, aggregation, span))
        }
        return aggregates
    }

    /// An unknown column of the one frame a verb reads, with a caret under the reference.
    static func checkColumn(_ named: Named, in frame: DataFrame) throws(Diagnostic) {
        guard frame.column(named: named.name) == nil else { return }
        throw ColumnExprTranslation.unknownColumn(named.name, at: named.span, in: frame)
    }

    /// Where an engine error points: at the key or time column it names, else at the window
    /// (the arguments left that the engine judges), else at the call.
    private static func blame(_ error: FrameError, on: Named?, by: [Named], window: SourceSpan, call: SourceSpan) -> SourceSpan {
        if let name = error.column {
            if let key = by.first(where: { $0.name == name }) { return key.span }
            if let on, on.name == name { return on.span }
        }
        return error.code == .invalidArgument || error.code == .typeMismatch ? window : call
    }
}
