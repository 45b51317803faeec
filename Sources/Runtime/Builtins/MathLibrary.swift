import Foundation
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
                signature: "round(x, digits: 0)", summary: "Rounds half away from zero to a number of decimal digits",
                group: "math") { args, _ throws(Diagnostic) in
            let digits = try args.int(1, "digits", default: 0)
            guard let value = args.value(0) else { return .null }
            switch value {
            case .int: return value
            case .float(let x):
                guard digits != 0 else { return .float(x.rounded(.toNearestOrAwayFromZero)) }
                let scale = Foundation.pow(10.0, Double(digits))
                return .float((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
            default: throw args.error(0, "round expects a number, found \(value.typeName)")
            }
        },
    ]

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
