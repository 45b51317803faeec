import Foundation
import Frame
import Lang

/// Element-wise math: each works on numbers and, given a column expression, builds one.
enum MathLibrary {
    static let builtins: [Builtin] = [
        unary("abs", "Absolute value", int: { $0 == Int64.min ? nil : abs($0) }, float: { abs($0) }),
        unary("sqrt", "Square root (NaN for negatives)", float: { $0.squareRoot() }),
        unary("exp", "e raised to the power x", float: { Foundation.exp($0) }),
        unary("log", "Natural logarithm", float: { Foundation.log($0) }),
        unary("log10", "Base-10 logarithm", float: { Foundation.log10($0) }),
        unary("floor", "Largest whole number ≤ x", int: { $0 }, float: { $0.rounded(.down) }),
        unary("ceil", "Smallest whole number ≥ x", int: { $0 }, float: { $0.rounded(.up) }),
        Builtin(name: "round", parameters: ["x", "digits"], required: 1, elementwise: true,
                signature: "round(x, digits: 0)", summary: "Rounds half away from zero to a number of decimal digits (negative: tens, hundreds, …)",
                group: "math") { args, _ throws(Diagnostic) in
            let digits = Int(clamping: try args.int(1, "digits", default: 0))
            guard let value = args.value(0) else { return .null }
            switch value {
            case .int(let x):
                let (rounded, overflow) = DecimalRounding.round(x, digits: digits)
                if overflow { throw Diagnostic("integer overflow in round(\(x), \(digits))", at: args.callSpan) }
                return .int(rounded)
            case .float(let x):
                return .float(DecimalRounding.round(x, digits: digits))
            default: throw args.error(0, "round expects a number, found \(value.typeName)")
            }
        },
        Builtin(name: "pow", parameters: ["x", "y"], elementwise: true, signature: "pow(x, y)",
                summary: "x raised to the power y: an int for ints (y ≥ 0, overflow is an error), else a float",
                group: "math") { args, _ throws(Diagnostic) in
            guard let base = args.value(0), let exponent = args.value(1) else { return .null }
            switch (base, exponent) {
            case (.int(let b), .int(let e)):
                guard e >= 0 else {
                    throw args.error(1, "pow of integers needs a non-negative exponent, found \(e)",
                                     hint: "use a float exponent, e.g. pow(x, -1.0)")
                }
                guard let value = IntegerArithmetic.power(b, e) else {
                    throw Diagnostic("integer overflow in pow(\(b), \(e))", at: args.callSpan, hint: "use a float, e.g. pow(x, 2.0)")
                }
                return .int(value)
            default:
                return .float(Foundation.pow(try args.double(0, "x"), try args.double(1, "y")))
            }
        },
        Builtin(name: "sign", parameters: ["x"], elementwise: true, signature: "sign(x)",
                summary: "-1, 0 or 1 by the sign of x (an int for ints, a float for floats; NaN stays NaN)",
                group: "math") { args, _ throws(Diagnostic) in
            guard let value = args.value(0) else { return .null }
            switch value {
            case .int(let i): return .int(i.signum())
            case .float(let x): return .float(x > 0 ? 1 : (x < 0 ? -1 : x))
            default: throw args.error(0, "sign expects a number, found \(value.typeName)")
            }
        },
        Builtin(name: "clamp", parameters: ["x", "low", "high"], elementwise: true, signature: "clamp(x, low, high)",
                summary: "x limited to low...high; a null bound leaves that side open (columns need constant bounds)",
                group: "math") { args, _ throws(Diagnostic) in
            try clamp(args)
        },
    ]

    /// `clamp` on plain values, with the engine kernel's rules: ints stay ints when every bound is an int or null.
    private static func clamp(_ args: Arguments) throws(Diagnostic) -> Value {
        var bounds: [Value?] = []
        for index in 1...2 {
            let bound = args.value(index)
            switch bound {
            case nil, .int?, .float?: bounds.append(bound)
            case let other?:
                throw args.error(index, "clamp expects '\(index == 1 ? "low" : "high")' to be a number or null, found \(other.typeName)")
            }
        }
        let (low, high) = (bounds[0], bounds[1])
        if let low, let high, let order = low.order(relativeTo: high), order > 0 {
            throw Diagnostic("clamp needs low ≤ high, found low \(low.debugDescription) and high \(high.debugDescription)",
                             at: args.callSpan)
        }
        guard let value = args.value(0) else { return .null }
        switch value {
        case .int(let x) where !(low?.isFloat ?? false) && !(high?.isFloat ?? false):
            var result = x
            if case .int(let l)? = low { result = Swift.max(result, l) }
            if case .int(let h)? = high { result = Swift.min(result, h) }
            return .int(result)
        case .int, .float:
            let x = try args.double(0, "x")
            let lower = try low == nil ? -Double.infinity : args.double(1, "low")
            let upper = try high == nil ? Double.infinity : args.double(2, "high")
            return .float(x < lower ? lower : (x > upper ? upper : x))
        default:
            throw args.error(0, "clamp expects a number, found \(value.typeName)")
        }
    }

    private static func unary(_ name: String, _ summary: String, int: (@Sendable (Int64) -> Int64?)? = nil,
                              float: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name: name, parameters: ["x"], elementwise: true, signature: "\(name)(x)", summary: summary,
                group: "math") { args, _ throws(Diagnostic) in
            guard let value = args.value(0) else { return .null }
            switch value {
            case .int(let i):
                if let int {
                    guard let result = int(i) else { throw args.error(0, "integer overflow in \(name)") }
                    return .int(result)
                }
                return .float(float(Double(i)))
            case .float(let x): return .float(float(x))
            default: throw args.error(0, "\(name) expects a number, found \(value.typeName)")
            }
        }
    }
}

fileprivate extension Value {
    /// Whether the value is a float.
    var isFloat: Bool {
        if case .float = self { return true }
        return false
    }
}
