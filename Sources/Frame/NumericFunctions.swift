#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numeric column functions beyond the unary math set: clamp, pow and sign.
///
/// Types follow the operators: int stays int when every input is an int (overflow is an error),
/// anything with a float gives float (IEEE, never an error). Nulls propagate.
enum NumericFunctions {
    /// The names `call` accepts.
    static let names = ["clamp", "pow", "sign"]

    /// Evaluates `function`, or returns nil when it is not one of `names`.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        switch function {
        case "clamp":
            try ColumnFunctions.expectArity(function, values, 3...3)
            return try clamp(values[0], values[1], values[2], count: count, name: name)
        case "pow":
            try ColumnFunctions.expectArity(function, values, 2...2)
            return try power(values[0], values[1], count: count, name: name)
        case "sign":
            try ColumnFunctions.expectArity(function, values, 1...1)
            return try sign(values[0], count: count, name: name)
        default:
            return nil
        }
    }

    static func expectNumber(_ operand: Operand, _ function: String) throws(FrameError) {
        guard let type = operand.type, !type.isNumeric else { return }
        throw FrameError(.typeMismatch, "\(function) expects a number, found \(type.name)")
    }

    // MARK: sign

    static func sign(_ value: Operand, count: Int, name: String) throws(FrameError) -> Column {
        try expectNumber(value, "sign")
        if value.isNullConstant { return Column(name: name, nullsOf: .int, count: count) }
        let column = try value.materialize(count: count, name: name)
        switch column.storage {
        case .int64(let input):
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = input.base[row].signum() }
            return Column(name: name, type: .int, count: count, storage: .int64(out), validity: column.validity)
        case .float64(let input):
            return ColumnFunctions.floatColumn(mapDoubles(FloatSign.self, input), like: column, name: name)
        default:
            throw FrameError(.typeMismatch, "sign expects a number, found \(column.type.name)")
        }
    }

    // MARK: pow

    /// `pow(x, y)`: int ** int is an int (a negative exponent or overflow is an error); otherwise float.
    static func power(_ base: Operand, _ exponent: Operand, count: Int, name: String) throws(FrameError) -> Column {
        try expectNumber(base, "pow")
        try expectNumber(exponent, "pow")
        let integral = (base.type ?? .int) == .int && (exponent.type ?? .int) == .int
        if base.isNullConstant || exponent.isNullConstant {
            return Column(name: name, nullsOf: integral ? .int : .float, count: count)
        }
        let validity = Bitmap.and(base.validity, exponent.validity)
        if integral {
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            let bases = base.int64s()
            let exponents = exponent.int64s()
            if runBinary(CheckedInt64Loop<CheckedPower>.self, bases, exponents, out.base, count) {
                // Only a valid row's failure is an error; find the first and say what went wrong.
                for row in 0..<count where validity?.isValid(row) ?? true {
                    let (b, e) = (TemporalFunctions.element(bases, row), TemporalFunctions.element(exponents, row))
                    if e < 0 {
                        throw FrameError(.invalidArgument, "pow of integers needs a non-negative exponent, found \(e)",
                                         hint: "use a float exponent, e.g. pow(x, -1.0)")
                    }
                    if IntegerArithmetic.power(b, e) == nil {
                        throw FrameError(.overflow, "integer overflow in pow(\(b), \(e))", hint: "use a float, e.g. pow(x, 2.0)")
                    }
                }
            }
            return Column(name: name, type: .int, count: count, storage: .int64(out), validity: validity)
        }
        let out = ColumnBuffer<Double>(uninitializedCount: count)
        _ = runBinary(DoubleLoop<DoublePower>.self, base.doubles(), exponent.doubles(), out.base, count)
        return Column(name: name, type: .float, count: count, storage: .float64(out), validity: validity)
    }

    // MARK: clamp

    /// `clamp(x, low, high)` with constant bounds; a null bound leaves that side open.
    static func clamp(_ value: Operand, _ low: Operand, _ high: Operand, count: Int, name: String) throws(FrameError) -> Column {
        try expectNumber(value, "clamp")
        for bound in [low, high] {
            guard case .scalar(let scalar) = bound else {
                throw FrameError(.invalidArgument, "clamp on a column needs constant bounds, found a column")
            }
            switch scalar {
            case .null, .int, .float: continue
            default: throw FrameError(.typeMismatch, "clamp expects number bounds, found \(bound.typeName)")
            }
        }
        if case .scalar(let l) = low, case .scalar(let h) = high, let a = l.clampNumber, let b = h.clampNumber, a > b {
            throw FrameError(.invalidArgument, "clamp needs low ≤ high, found low \(l.clampText) and high \(h.clampText)")
        }
        let integral = (value.type ?? .int) == .int && low.type != .float && high.type != .float
        if value.isNullConstant { return Column(name: name, nullsOf: integral ? .int : .float, count: count) }
        let column = try value.materialize(count: count, name: name)
        if integral, let input = column.int64Values {
            let lower = low.int64Bound ?? Int64.min
            let upper = high.int64Bound ?? Int64.max
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = Swift.min(Swift.max(input.base[row], lower), upper) }
            return Column(name: name, type: .int, count: count, storage: .int64(out), validity: column.validity)
        }
        let lower: Double
        let upper: Double
        if case .scalar(let l) = low, let a = l.clampNumber { lower = a } else { lower = -.infinity }
        if case .scalar(let h) = high, let b = h.clampNumber { upper = b } else { upper = .infinity }
        let input: ColumnBuffer<Double>
        switch column.storage {
        case .float64(let values): input = values
        case .int64(let values): input = convertToDoubles(values)
        default: throw FrameError(.typeMismatch, "clamp expects a number, found \(column.type.name)")
        }
        let out = ColumnBuffer<Double>(uninitializedCount: count)
        for row in 0..<count {
            let x = input.base[row]
            out.base[row] = x < lower ? lower : (x > upper ? upper : x)
        }
        return Column(name: name, type: .float, count: count, storage: .float64(out), validity: column.validity)
    }
}

/// Checked integer arithmetic shared by the `pow` kernel and the runtime's scalar `pow`.
public enum IntegerArithmetic {
    /// `base` raised to a non-negative `exponent` by repeated squaring, or nil on overflow (or a negative exponent).
    public static func power(_ base: Int64, _ exponent: Int64) -> Int64? {
        guard exponent >= 0 else { return nil }
        var result: Int64 = 1
        var factor = base
        var rest = exponent
        while rest > 0 {
            if rest & 1 == 1 {
                let (product, overflow) = result.multipliedReportingOverflow(by: factor)
                if overflow { return nil }
                result = product
            }
            rest >>= 1
            if rest > 0 {
                // Squaring can only overflow when |factor| ≥ 2, and then the answer overflows too.
                let (square, overflow) = factor.multipliedReportingOverflow(by: factor)
                if overflow { return nil }
                factor = square
            }
        }
        return result
    }
}

/// Integer power for the checked loop: flags a negative exponent or an overflow.
@usableFromInline enum CheckedPower: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        guard let value = IntegerArithmetic.power(a, b) else { return (0, true) }
        return (value, false)
    }
}

@usableFromInline enum DoublePower: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { pow(a, b) }
}

/// -1.0, 1.0, or the input itself for ±0 and NaN.
enum FloatSign: DoubleFunction {
    @inline(__always) static func apply(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : x) }
}

fileprivate extension Scalar {
    /// The value as a Double when it is a number.
    var clampNumber: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        default: return nil
        }
    }

    /// Short text for messages.
    var clampText: String {
        switch self {
        case .int(let v): return String(v)
        case .float(let v): return NumberFormatting.shortest(v)
        default: return type?.name ?? "null"
        }
    }
}

fileprivate extension Operand {
    /// An int constant bound, or nil when the bound is null (open) or not an int.
    var int64Bound: Int64? {
        if case .scalar(.int(let v)) = self { return v }
        return nil
    }
}
