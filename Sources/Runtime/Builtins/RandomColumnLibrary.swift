import Frame
import Lang

/// Random columns for synthetic data: each call draws one 64-bit stream key from the session's
/// generator and returns a column expression carrying it; the engine computes row i's value from
/// (key, i) alone (`RandomStream`), so a column is the same whatever the thread count, and a
/// notebook replays it exactly. Parameters may be numbers or column expressions (per row).
enum RandomColumnLibrary {
    static let builtins: [Builtin] = [
        draw(.uniform, defaults: [.int(0), .int(1)], signature: "random_uniform(low: 0, high: 1)",
             summary: "Per row, a uniform float in [low, high) from the top 53 bits of a counter-based SplitMix64 draw keyed by (call, row)"),
        draw(.normal, defaults: [.int(0), .int(1)], signature: "random_normal(mean: 0, std: 1)",
             summary: "Per row, a normal float by Box–Muller on two uniforms (mean and std may be columns)"),
        draw(.integer, defaults: [nil, nil], signature: "random_int(low, high)",
             summary: "Per row, a uniform int with low ≤ n ≤ high (both included), by rejection without modulo bias"),
        draw(.bool, defaults: [.float(0.5)], signature: "random_bool(p: 0.5)",
             summary: "Per row, true with probability p (one uniform below p)"),
        Builtin(name: "random_choice", parameters: ["values", "weights"], required: 1,
                signature: "random_choice(values, weights: null)",
                summary: "Per row, one of a list of values (strings or numbers), with probability proportional to weights (numbers or per-row columns; equal when null)",
                group: "random") { args, vm throws(Diagnostic) in
            try choice(args, vm)
        },
        draw(.exponential, defaults: [.int(1)], signature: "random_exponential(mean: 1)",
             summary: "Per row, an exponential float with the given mean, by inversion: −mean·ln(1 − u)"),
        draw(.poisson, defaults: [nil], signature: "random_poisson(mean)",
             summary: "Per row, a Poisson int with the given mean: inversion below 10, Hörmann's PTRS transformed rejection from 10"),
    ]

    /// A builtin for a distribution with numeric parameters (`defaults[i]` nil when required).
    static func draw(_ distribution: RandomDistribution, defaults: [Value?], signature: String, summary: String) -> Builtin {
        let parameters = distribution.parameterNames
        return Builtin(name: distribution.rawValue, parameters: parameters, required: defaults.filter { $0 == nil }.count,
                       signature: signature, summary: summary, group: "random") { args, vm throws(Diagnostic) in
            let name = distribution.rawValue
            var operands: [ColumnExpr] = []
            var constants: [Value] = []
            for (index, parameter) in parameters.enumerated() {
                guard let value = args.value(index) ?? defaults[index] else {
                    throw Diagnostic("\(name) needs the argument '\(parameter)'", at: args.callSpan, hint: signature)
                }
                switch value {
                case .int:
                    constants.append(value)
                case .float where distribution != .integer:
                    constants.append(value)
                case .column:
                    break
                default:
                    let expected = distribution == .integer ? "an int" : "a number"
                    throw args.error(index, "\(name) expects '\(parameter)' to be \(expected) or a column expression, found \(value.typeName)")
                }
                operands.append(ColumnExpr.operand(value))
            }
            if constants.count == parameters.count, let problem = problem(distribution, constants) {
                throw Diagnostic(problem, at: args.callSpan)
            }
            return try expression(distribution, operands, args, vm)
        }
    }

    /// What is wrong with all-constant parameters, checked when the call is made.
    static func problem(_ distribution: RandomDistribution, _ constants: [Value]) -> String? {
        if distribution == .integer, case .int(let low) = constants[0], case .int(let high) = constants[1] {
            return low <= high ? nil : "random_int needs low ≤ high, found \(low) and \(high)"
        }
        var numbers: [Double] = []
        for value in constants {
            switch value {
            case .int(let v): numbers.append(Double(v))
            case .float(let v): numbers.append(v)
            default: return nil
            }
        }
        return RandomColumns.problem(distribution, numbers[0], numbers.count > 1 ? numbers[1] : 0)
    }

    /// The column expression, with a stream key drawn now from the session's generator.
    static func expression(
        _ distribution: RandomDistribution, _ operands: [ColumnExpr], _ args: Arguments, _ vm: Interpreter
    ) throws(Diagnostic) -> Value {
        let key = try RandomLibrary.session(vm, args).random.next()
        let stream = ColumnExpr.literal(.string(RandomStream.label(key)))
        return .column(.call(distribution.rawValue, operands + [stream], args.callSpan))
    }

    /// The most values `random_choice` picks among.
    static let maximumChoices = 100_000

    /// `random_choice(values, weights:)`: values and weights checked here, so a mistake gets a
    /// caret under the argument rather than an error when a verb runs.
    static func choice(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let list = try args.listValue(0, "values")
        guard list.count > 0 else { throw args.error(0, "random_choice needs at least one value") }
        guard list.count <= maximumChoices else {
            throw args.error(0, "random_choice picks among at most \(maximumChoices) values, found \(list.count)")
        }
        var typeName: String? = nil
        for index in 0..<list.count {
            let value = list[index]
            guard value.scalar != nil else {
                throw args.error(0, "random_choice's values must be single values; value \(index) is \(FrameConstruction.article(value.typeName))")
            }
            if !value.isNull {
                let name = value.typeName == "int" ? "float" : value.typeName
                if let typeName, typeName != name {
                    throw args.error(0, "random_choice's values must share one type (ints and floats mix); value \(index) is \(FrameConstruction.article(value.typeName))")
                }
                typeName = name
            }
        }
        var weights: [ColumnExpr] = []
        if let given = args.value(1) {
            guard case .list(let weightList) = given else {
                throw args.error(1, "random_choice expects 'weights' to be a list of numbers, found \(given.typeName)")
            }
            guard weightList.count == list.count else {
                throw args.error(1, "random_choice needs one weight per value: \(list.count) value\(list.count == 1 ? "" : "s"), \(weightList.count) weight\(weightList.count == 1 ? "" : "s")")
            }
            var total = 0.0
            var perRow = false
            for index in 0..<weightList.count {
                let weight: Double
                switch weightList[index] {
                case .int(let v): weight = Double(v)
                case .float(let v): weight = v
                case .column(let expr):
                    // A per-row weight (a column or expression); the engine checks its values row by row.
                    weights.append(expr)
                    perRow = true
                    continue
                case let other:
                    throw args.error(1, "random_choice's weights must be numbers; weight \(index) is \(FrameConstruction.article(other.typeName))")
                }
                guard weight.isFinite && weight >= 0 else {
                    throw args.error(1, "random_choice's weights must be ≥ 0 and finite; weight \(index) is \(weightList[index].debugDescription)")
                }
                total += weight
                weights.append(.literal(weightList[index]))
            }
            guard perRow || (total > 0 && total.isFinite) else { throw args.error(1, "random_choice's weights must not all be zero") }
        } else {
            weights = [ColumnExpr](repeating: .literal(.int(1)), count: list.count)
        }
        // Shown apart as random_choice([values], weights(w, …), stream); translation flattens them
        // back into the engine's layout (the n values, then the n weights).
        let grouped: [ColumnExpr] = [.literal(.list(list)), .call("weights", weights, args.span(1))]
        return try expression(.choice, grouped, args, vm)
    }
}
