/// The random column functions, as expression calls. Each call carries its stream key as a last
/// argument (`RandomStream.label`); its parameters may be constants or columns (per-row parameters).
public enum RandomDistribution: String, Sendable, CaseIterable {
    case uniform = "random_uniform"
    case normal = "random_normal"
    case integer = "random_int"
    case bool = "random_bool"
    case choice = "random_choice"
    case exponential = "random_exponential"
    case poisson = "random_poisson"

    /// The parameters in call order (`random_choice` takes values then weights, n of each).
    public var parameterNames: [String] {
        switch self {
        case .uniform, .integer: ["low", "high"]
        case .normal: ["mean", "std"]
        case .bool: ["p"]
        case .choice: ["values", "weights"]
        case .exponential, .poisson: ["mean"]
        }
    }
}

/// Builds and evaluates random columns: row i of the frame an expression is evaluated on gets
/// the value drawn from (key, i), never a constant broadcast, whatever the parameters are.
public enum RandomColumns {
    /// The expression for a random column of `distribution` drawn from stream `key`; `parameters`
    /// in the order of `parameterNames` (for choice: the n values, then their n weights).
    public static func expression(_ distribution: RandomDistribution, key: UInt64, parameters: [Expr]) -> Expr {
        .call(distribution.rawValue, parameters + [.literal(.string(RandomStream.label(key)))])
    }

    /// What is wrong with constant parameters of a continuous distribution or `random_bool`, or nil
    /// when they can be drawn from (the engine checks per-row parameters the same way).
    public static func problem(_ distribution: RandomDistribution, _ first: Double, _ second: Double = 0) -> String? {
        let name = distribution.rawValue
        switch distribution {
        case .uniform:
            if !first.isFinite { return "\(name)'s low must be a finite number, found \(text(first))" }
            if !second.isFinite { return "\(name)'s high must be a finite number, found \(text(second))" }
            if first > second { return "\(name) needs low ≤ high, found \(text(first)) and \(text(second))" }
        case .normal:
            if !first.isFinite { return "\(name)'s mean must be a finite number, found \(text(first))" }
            if !(second.isFinite && second >= 0) { return "\(name)'s std must be ≥ 0, found \(text(second))" }
        case .bool:
            if !(first >= 0 && first <= 1) { return "\(name)'s p must lie in [0, 1], found \(text(first))" }
        case .exponential:
            if !(first.isFinite && first >= 0) { return "\(name)'s mean must be ≥ 0, found \(text(first))" }
        case .poisson:
            if !(first >= 0 && first <= PoissonSampler.maximumMean) {
                return "\(name)'s mean must lie in [0, 1e15], found \(text(first))"
            }
        case .integer:
            if first > second { return "\(name) needs low ≤ high, found \(text(first)) and \(text(second))" }
        case .choice:
            break
        }
        return nil
    }

    /// A number as a message shows it: whole numbers without a fraction.
    static func text(_ value: Double) -> String {
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        return value.description
    }

    // MARK: evaluation

    /// The column for a random call, or nil when `function` is not one. `values` are the evaluated
    /// arguments, the stream label last.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        guard let distribution = RandomDistribution(rawValue: function) else { return nil }
        guard case .scalar(.string(let label))? = values.last, let key = RandomStream.key(fromLabel: label) else {
            throw FrameError(.invalidArgument, "\(function) has no stream key; call it from the language, where each call draws one")
        }
        let parameters = Array(values.dropLast())
        if distribution == .choice {
            return try RandomChoice.column(key: key, parameters, count: count, name: name)
        }
        let arity = distribution.parameterNames.count
        guard parameters.count == arity else {
            throw FrameError(.invalidArgument, "\(function) expects \(arity) parameter\(arity == 1 ? "" : "s"), found \(parameters.count)")
        }
        let outputType: DataType
        switch distribution {
        case .integer, .poisson: outputType = .int
        case .bool: outputType = .bool
        default: outputType = .float
        }
        if parameters.contains(where: \.isNullConstant) { return Column(name: name, nullsOf: outputType, count: count) }
        if distribution == .integer {
            let low = try integerParameter(parameters[0], distribution, 0)
            let high = try integerParameter(parameters[1], distribution, 1)
            let validity = Bitmap.and(low.validity, high.validity)
            let (values, bad) = fill(IntegerSampler.self, key: key, low.values, high.values, validity: validity, count: count)
            if let bad {
                throw FrameError(.invalidArgument, "\(function) needs low ≤ high, found \(low.values[bad]) and \(high.values[bad]) in row \(bad)")
            }
            return Column(name: name, type: .int, count: count, storage: .int64(values), validity: validity)
        }
        let first = try doubleParameter(parameters[0], distribution, 0)
        let second = parameters.count > 1 ? try doubleParameter(parameters[1], distribution, 1) : nil
        let validity = Bitmap.and(first.validity, second?.validity)
        let b = second?.values ?? RandomParameter(constant: 0)
        let storage: ColumnStorage
        let bad: Int?
        switch distribution {
        case .uniform: (storage, bad) = float(fill(UniformSampler.self, key: key, first.values, b, validity: validity, count: count))
        case .normal: (storage, bad) = float(fill(NormalSampler.self, key: key, first.values, b, validity: validity, count: count))
        case .exponential: (storage, bad) = float(fill(ExponentialSampler.self, key: key, first.values, b, validity: validity, count: count))
        case .poisson:
            let (values, row) = fill(PoissonSampler.self, key: key, first.values, b, validity: validity, count: count)
            (storage, bad) = (.int64(values), row)
        default:
            let (values, row) = fill(BernoulliSampler.self, key: key, first.values, b, validity: validity, count: count)
            (storage, bad) = (.bool(values), row)
        }
        if let bad {
            let message = problem(distribution, first.values[bad], b[bad]) ?? "\(function) cannot draw from its parameters"
            throw FrameError(.invalidArgument, "\(message) in row \(bad)")
        }
        return Column(name: name, type: outputType, count: count, storage: storage, validity: validity)
    }

    private static func float(_ result: (ColumnBuffer<Double>, Int?)) -> (ColumnStorage, Int?) {
        (.float64(result.0), result.1)
    }

    /// A numeric parameter: one value for every row, or a column (ints converted once).
    static func doubleParameter(
        _ operand: Operand, _ distribution: RandomDistribution, _ index: Int
    ) throws(FrameError) -> (values: RandomParameter<Double>, validity: Bitmap?) {
        switch operand {
        case .scalar(.int(let value)): return (RandomParameter(constant: Double(value)), nil)
        case .scalar(.float(let value)): return (RandomParameter(constant: value), nil)
        case .column(let column) where column.type == .float || column.type == .int:
            switch column.storage {
            case .float64(let values): return (RandomParameter(values), column.validity)
            case .int64(let values): return (RandomParameter(convertToDoubles(values)), column.validity)
            default: break
            }
        default: break
        }
        throw FrameError(
            .typeMismatch,
            "\(distribution.rawValue)'s \(distribution.parameterNames[index]) must be a number, found \(operand.typeName)")
    }

    /// An int parameter of `random_int`.
    static func integerParameter(
        _ operand: Operand, _ distribution: RandomDistribution, _ index: Int
    ) throws(FrameError) -> (values: RandomParameter<Int64>, validity: Bitmap?) {
        switch operand {
        case .scalar(.int(let value)): return (RandomParameter(constant: value), nil)
        case .column(let column) where column.type == .int:
            if let values = column.int64Values { return (RandomParameter(values), column.validity) }
        default: break
        }
        throw FrameError(
            .typeMismatch,
            "\(distribution.rawValue)'s \(distribution.parameterNames[index]) must be an int, found \(operand.typeName)")
    }

    /// Draws every valid row with `Sampler`, split over the cores for large columns (each row's
    /// value depends only on the key and the row, so the split cannot change it). Returns the
    /// values and the first row whose parameters the sampler refuses, if any.
    static func fill<Sampler: RandomSampler>(
        _ sampler: Sampler.Type, key: UInt64, _ first: RandomParameter<Sampler.Parameter>,
        _ second: RandomParameter<Sampler.Parameter>, validity: Bitmap?, count: Int
    ) -> (ColumnBuffer<Sampler.Output>, Int?) {
        let out = ColumnBuffer<Sampler.Output>(uninitializedCount: count)
        let parts = RowRanges.count(for: count)
        var refused = [Int](repeating: Int.max, count: parts)
        refused.withUnsafeMutableBufferPointer { refused in
            let shared = UncheckedSendable((out.base, refused.baseAddress))
            ParallelWork.run(parts) { part in
                let (output, refused) = shared.value
                for row in RowRanges.range(part, of: parts, rows: count) {
                    if let validity, !validity.isValid(row) {
                        output[row] = Sampler.placeholder
                        continue
                    }
                    let a = first[row]
                    let b = second[row]
                    guard Sampler.accepts(a, b) else {
                        // Rows after this one stay unwritten; the caller throws.
                        refused?[part] = row
                        return
                    }
                    output[row] = Sampler.draw(a, b, seed: RandomStream.rowSeed(key: key, row: row))
                }
            }
        }
        let first = refused.min() ?? Int.max
        return (out, first == Int.max ? nil : first)
    }
}

/// A parameter read per row: a column's buffer (stride 1) or one value for every row (stride 0),
/// so the sampling loop has no branch on the parameter's shape.
@usableFromInline struct RandomParameter<Value: BitwiseCopyable> {
    @usableFromInline let buffer: ColumnBuffer<Value>
    @usableFromInline let stride: Int

    @usableFromInline init(_ buffer: ColumnBuffer<Value>) {
        self.buffer = buffer
        stride = 1
    }

    @usableFromInline init(constant: Value) {
        buffer = ColumnBuffer(repeating: constant, count: 1)
        stride = 0
    }

    @inlinable subscript(row: Int) -> Value { buffer.base[row &* stride] }
}
