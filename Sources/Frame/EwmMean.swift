#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How fast an exponentially weighted mean forgets.
public enum EwmDecay: Sendable, Equatable {
    /// The weight halves every `halflife`: with `on`, of elapsed time (a duration for timestamp and
    /// duration columns, a number for int and float ones); without, of rows (a number).
    case halflife(Scalar)
    /// α = 2 / (span + 1), span ≥ 1; rows only.
    case span(Double)
    /// The smoothing factor itself, 0 < α ≤ 1; rows only.
    case alpha(Double)
    /// Centre of mass: α = 1 / (1 + com), com ≥ 0; rows only.
    case com(Double)
}

/// The options of `ewm_mean`.
public struct EwmOptions: Sendable, Equatable {
    /// How the weights decay.
    public var decay: EwmDecay
    /// pandas' `adjust`: true divides by the sum of the weights (the default); false is the recursive form.
    public var adjust: Bool

    /// Decay as given, adjusted unless told otherwise.
    public init(decay: EwmDecay, adjust: Bool = true) {
        self.decay = decay
        self.adjust = adjust
    }
}

/// Exponentially weighted means per key, ordered by time, as pandas' `ewm(...).mean()` with
/// `ignore_na=False` and `min_periods=0`.
///
/// With `adjust` (the default), row i of a key gets Σⱼ wᵢⱼ·xⱼ / Σⱼ wᵢⱼ over the key's rows j ≤ i
/// that hold a value, where wᵢⱼ = (1 − α)^(i − j) by rows, or 0.5^((tᵢ − tⱼ) / halflife) with `on`
/// (pandas' `times=`); the running form multiplies the old weight by the decay of each step and
/// adds 1. Without `adjust`: by rows, yᵢ = (1 − α)·yᵢ₋₁ + α·xᵢ (pandas); with `on`,
/// yᵢ = d·yᵢ₋₁ + (1 − d)·xᵢ with d = 0.5^((tᵢ − t_last) / halflife) (Polars' `ewm_mean_by`).
/// A row without a value (null or NaN) carries the mean so far (its time still decays the old
/// weights); rows before a key's first value are null; rows with a null or NaN time are null and
/// skipped. Rows with the same time keep their input order.
enum EwmMean {
    /// The expression call's name. Its arguments, in order: the input, the decay kind
    /// ("halflife", "span", "alpha" or "com"), the decay value, adjust (bool), the `on` column (or
    /// null) and then the `by` columns.
    static let callName = "ewm_mean"

    /// The column for an `ewm_mean` call in an expression; nil for any other function.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        guard function == callName else { return nil }
        guard values.count >= 5,
              case .scalar(.string(let kind)) = values[1],
              case .scalar(let decayValue) = values[2],
              case .scalar(.bool(let adjust)) = values[3]
        else {
            throw FrameError(.invalidArgument, "ewm_mean expects a column, a decay and the adjust flag")
        }
        let decay: EwmDecay
        switch (kind, decayValue) {
        case ("halflife", _): decay = .halflife(decayValue)
        case ("span", .int(let value)): decay = .span(Double(value))
        case ("span", .float(let value)): decay = .span(value)
        case ("alpha", .int(let value)): decay = .alpha(Double(value))
        case ("alpha", .float(let value)): decay = .alpha(value)
        case ("com", .int(let value)): decay = .com(Double(value))
        case ("com", .float(let value)): decay = .com(value)
        default:
            throw FrameError(.invalidArgument, "ewm_mean's \(kind) must be a number")
        }
        let input = try values[0].materialize(count: count, name: name, nullType: .float)
        var on: Column? = nil
        if case .column(let column) = values[4] { on = column }
        var by: [Column] = []
        for value in values.dropFirst(5) {
            guard case .column(let column) = value else {
                throw FrameError(.invalidArgument, "ewm_mean's by expects columns such as [.k]")
            }
            by.append(column)
        }
        return try compute(input, options: EwmOptions(decay: decay, adjust: adjust), on: on, by: by, name: name)
    }

    /// What one key's recursion needs: the decay per row (1 − α) or per unit of elapsed time.
    enum Resolved {
        case rows(alpha: Double)
        case time(halflife: Double)
    }

    /// Checks the options against the `on` column and turns them into a decay.
    static func resolve(_ options: EwmOptions, on: Column?) throws(FrameError) -> Resolved {
        if let on {
            try KeyedTimeOrder.checkTimeType(on, argument: "ewm_mean's on")
            guard case .halflife(let value) = options.decay else {
                throw FrameError(
                    .invalidArgument,
                    "ewm_mean with on: decays by elapsed time, so it takes halflife, not span, alpha or com",
                    hint: "a daily α is halflife: 1d * (log(2) / -log(1 - α))")
            }
            let halflife: Double
            switch (on.type, value) {
            case (.timestamp, .duration(let micros)), (.duration, .duration(let micros)): halflife = Double(micros)
            case (.int, .int(let number)), (.float, .int(let number)): halflife = Double(number)
            case (.int, .float(let number)), (.float, .float(let number)): halflife = number
            default:
                let expected = on.type == .timestamp || on.type == .duration ? "a duration such as 42d" : "a number"
                throw FrameError(
                    .typeMismatch,
                    "ewm_mean's halflife must be \(expected) for the \(on.type.name) column \(columnReference(on.name)), found \(DataFrame.describe(value))",
                    column: on.name)
            }
            guard halflife > 0 && halflife.isFinite else {
                throw FrameError(.invalidArgument, "ewm_mean's halflife must be positive, found \(DataFrame.describe(value))")
            }
            return .time(halflife: halflife)
        }
        // pandas' path: every form becomes a centre of mass, and α = 1 / (1 + com).
        let centre: Double
        switch options.decay {
        case .halflife(let value):
            let halflife: Double
            switch value {
            case .int(let number): halflife = Double(number)
            case .float(let number): halflife = number
            case .duration:
                throw FrameError(.invalidArgument, "ewm_mean's halflife is a duration, so it needs on: (a time column)")
            default:
                throw FrameError(.invalidArgument, "ewm_mean's halflife must be a number of rows, found \(DataFrame.describe(value))")
            }
            guard halflife > 0 && halflife.isFinite else {
                throw FrameError(.invalidArgument, "ewm_mean's halflife must be positive, found \(DataFrame.describe(value))")
            }
            centre = 1 / (1 - exp(log(0.5) / halflife)) - 1
        case .span(let span):
            guard span >= 1 && span.isFinite else {
                throw FrameError(.invalidArgument, "ewm_mean's span must be at least 1, found \(span)")
            }
            centre = (span - 1) / 2
        case .alpha(let alpha):
            guard alpha > 0 && alpha <= 1 else {
                throw FrameError(.invalidArgument, "ewm_mean's alpha must be in (0, 1], found \(alpha)")
            }
            centre = (1 - alpha) / alpha
        case .com(let com):
            guard com >= 0 && com.isFinite else {
                throw FrameError(.invalidArgument, "ewm_mean's com must be at least 0, found \(com)")
            }
            centre = com
        }
        return .rows(alpha: 1 / (1 + centre))
    }

    /// The means of `input`, per key of `by`, in `on` order (row order without `on`), as a float column.
    static func compute(_ input: Column, options: EwmOptions, on: Column?, by: [Column], name: String) throws(FrameError) -> Column {
        guard input.type == .int || input.type == .float || input.type == .bool else {
            throw FrameError(
                .typeMismatch, "ewm_mean needs a numeric column, but \(columnReference(input.name)) is \(input.type.name)",
                column: input.name)
        }
        let decay = try resolve(options, on: on)
        let height = input.count
        guard height <= KeyedTimeOrder.maximumRows else {
            throw FrameError(.invalidArgument, "ewm_mean supports frames of up to \(KeyedTimeOrder.maximumRows) rows")
        }
        var order: KeyedTimeOrder
        if let presorted = KeyedTimeOrder.presorted(keys: by, time: on, count: height) {
            order = presorted
        } else {
            let index = GroupKeys.index(by, rowCount: height)
            order = withExtendedLifetime(index.ids) {
                KeyedTimeOrder.sorted(ids: index.ids.base, groupCount: index.groupCount, time: on, count: height)
            }
        }
        order = order.withRealTimes()
        let values = SlidingAggregation.arrangedDoubles(input, order)
        let validity = SlidingAggregation.arrangedValidity(input, order)
        let out = ColumnBuffer<Double>(uninitializedCount: height)
        let valid = ColumnBuffer<UInt8>(repeating: 0, count: height)
        let parts = SegmentParts.split(order.offsets, count: order.count)
        let arranged = order
        withExtendedLifetime((values, validity, arranged)) {
            let words = ArrangedValidity(words: validity.map { UnsafePointer($0.base) })
            var times: UnsafePointer<Double>? = nil
            if case .real(let buffer)? = arranged.times { times = UnsafePointer(buffer.base) }
            let output = SlidingOutput(values: out.base, valid: valid.base)
            ParallelWork.run(parts.count) { part in
                for segment in parts[part] {
                    let start = arranged.offsets[segment]
                    let end = arranged.offsets[segment + 1]
                    if start == end { continue }
                    let key = EwmSegment(
                        values: values.base, validity: words, times: times, rows: arranged.rows.map { UnsafePointer($0.base) },
                        output: output)
                    switch decay {
                    case .rows(let alpha): key.run(start..<end, alpha: alpha, adjust: options.adjust)
                    case .time(let halflife): key.run(start..<end, halflife: halflife, adjust: options.adjust)
                    }
                }
            }
        }
        return SlidingAggregation.finish(name: name, type: .float, storage: .float64(out), valid: valid, height: height)
    }
}

/// The recursion over one key's arranged positions, written at frame rows.
struct EwmSegment {
    let values: UnsafePointer<Double>
    let validity: ArrangedValidity
    let times: UnsafePointer<Double>?
    let rows: UnsafePointer<UInt32>?
    let output: SlidingOutput<Double>

    @inline(__always) private func row(_ position: Int) -> Int {
        if let rows { return Int(rows[position]) }
        return position
    }

    @inline(__always) private func observed(_ position: Int) -> Bool {
        validity.isValid(position) && !values[position].isNaN
    }

    /// By rows: the old weight decays by 1 − α per row.
    func run(_ positions: Range<Int>, alpha: Double, adjust: Bool) {
        let factor = 1 - alpha
        let newWeight = adjust ? 1 : alpha
        var weighted = 0.0
        var hasValue = false
        var oldWeight = 1.0
        for position in positions {
            if hasValue {
                oldWeight *= factor
                if observed(position) {
                    let value = values[position]
                    // As pandas: an equal value leaves the mean exactly as it is.
                    if weighted != value {
                        weighted = (oldWeight * weighted + newWeight * value) / (oldWeight + newWeight)
                    }
                    oldWeight = adjust ? oldWeight + newWeight : 1
                }
            } else if observed(position) {
                weighted = values[position]
                hasValue = true
            }
            if hasValue { output.write(weighted, at: row(position)) }
        }
    }

    /// By elapsed time: the old weight decays by 0.5^(Δt / halflife) per step.
    func run(_ positions: Range<Int>, halflife: Double, adjust: Bool) {
        guard let times else { return }
        var weighted = 0.0
        var hasValue = false
        var oldWeight = 1.0
        var previous = times[positions.lowerBound]
        for position in positions {
            let time = times[position]
            if hasValue {
                oldWeight *= pow(0.5, (time - previous) / halflife)
                if observed(position) {
                    let value = values[position]
                    if adjust {
                        if weighted != value { weighted = (oldWeight * weighted + value) / (oldWeight + 1) }
                        oldWeight += 1
                    } else {
                        // oldWeight is the decay since the last value: d·y + (1 − d)·x.
                        weighted = oldWeight * weighted + (1 - oldWeight) * value
                        oldWeight = 1
                    }
                }
            } else if observed(position) {
                weighted = values[position]
                hasValue = true
            }
            previous = time
            if hasValue { output.write(weighted, at: row(position)) }
        }
    }
}

extension DataFrame {
    /// The exponentially weighted mean of `input` per key of `by`, in `on` order (row order without
    /// `on`), in this frame's row order; see `EwmMean` for the exact formulas (pandas' `ewm().mean()`).
    public func ewmMean(_ input: Expr, options: EwmOptions, on: String? = nil, by: [String] = []) throws(FrameError) -> Column {
        let column = try evaluate(input)
        let time = try on.map { (name) throws(FrameError) in try requireColumn(name) }
        let keys = try by.map { (name) throws(FrameError) in try requireColumn(name) }
        return try EwmMean.compute(column, options: options, on: time, by: keys, name: input.outputName)
    }
}
