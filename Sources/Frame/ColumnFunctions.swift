#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unary operators and the column functions callable in expressions:
/// abs, sqrt, exp, log, log10, round(x) / round(x, digits), floor, ceil, is_null, is_not_null,
/// fill_null(x, v), lower, upper, len (Unicode scalars); and, in their own files, clamp, pow, sign
/// (NumericFunctions), contains, starts_with, ends_with, replace, trim (TextFunctions), year, month,
/// day, weekday, hour, minute, trunc, date, timestamp (TemporalFunctions), if_else (IfElse) and the
/// random_* draws (RandomColumns).
enum ColumnFunctions {
    /// The names `call` accepts, in documentation order.
    static let names = [
        "abs", "sqrt", "exp", "log", "log10", "round", "floor", "ceil", "is_null", "is_not_null", "fill_null",
        "lower", "upper", "len",
    ] + NumericFunctions.names + TextFunctions.names + TemporalFunctions.names

    // MARK: unary operators

    static func unary(_ op: UnaryOperator, _ value: Operand, count: Int, name: String) throws(FrameError) -> Column {
        switch op {
        case .negate:
            if value.isNullConstant { return Column(name: name, nullsOf: .int, count: count) }
            let column = try value.materialize(count: count, name: name)
            switch column.storage {
            case .int64(let values) where column.type != .timestamp:
                let out = ColumnBuffer<Int64>(uninitializedCount: count)
                let flagged = runBinary(
                    CheckedInt64Loop<CheckedSubtract>.self, .constant(0), .buffer(values), out.base, count)
                if flagged { try checkOverflow(column, "negation") }
                return Column(name: name, type: column.type, count: count, storage: .int64(out), validity: column.validity)
            case .float64(let values):
                return floatColumn(mapDoubles(Negate.self, values), like: column, name: name)
            default:
                throw FrameError(.typeMismatch, "cannot negate \(column.type.name)")
            }
        case .not:
            if value.isNullConstant { return Column(name: name, nullsOf: .bool, count: count) }
            let column = try value.materialize(count: count, name: name)
            guard let values = column.boolValues else {
                throw FrameError(.typeMismatch, "'not' needs a bool operand, found \(column.type.name)")
            }
            let out = ColumnBuffer<UInt8>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = values.base[row] ^ 1 }
            return Column(name: name, type: .bool, count: count, storage: .bool(out), validity: column.validity)
        }
    }

    /// Throws if some valid row of an Int64 column is Int64.min (the one value whose negation or abs overflows).
    static func checkOverflow(_ column: Column, _ operation: String) throws(FrameError) {
        guard let values = column.int64Values else { return }
        for row in 0..<column.count where values[row] == Int64.min && !column.isNull(row) {
            let kind = column.type == .int ? "integer" : column.type.name
            throw FrameError(.overflow, "\(kind) overflow in \(operation)", column: column.name)
        }
    }

    // MARK: calls

    static func call(
        _ function: String, _ values: [Operand], arguments: [Expr], count: Int, name: String
    ) throws(FrameError) -> Operand {
        // Random columns draw one value per row even from constant parameters: never folded.
        if let column = try RandomColumns.call(function, values, count: count, name: name) { return .column(column) }
        let allConstant = values.allSatisfy {
            if case .scalar = $0 { return true }
            return false
        }
        if allConstant {
            return .scalar(try callColumns(function, values, count: 1, name: name).scalar(at: 0))
        }
        return .column(try callColumns(function, values, count: count, name: name))
    }

    static func expectArity(_ function: String, _ values: [Operand], _ allowed: ClosedRange<Int>) throws(FrameError) {
        if allowed.contains(values.count) { return }
        let expected: String
        if allowed.lowerBound == allowed.upperBound {
            expected = "\(allowed.lowerBound) argument" + (allowed.lowerBound == 1 ? "" : "s")
        } else {
            expected = "\(allowed.lowerBound) or \(allowed.upperBound) arguments"
        }
        throw FrameError(.invalidArgument, "\(function) expects \(expected), found \(values.count)")
    }

    static func callColumns(
        _ function: String, _ values: [Operand], count: Int, name: String
    ) throws(FrameError) -> Column {
        switch function {
        case "abs", "sqrt", "exp", "log", "log10", "floor", "ceil", "round":
            try expectArity(function, values, function == "round" ? 1...2 : 1...1)
            return try math(function, values, count: count, name: name)
        case "is_null", "is_not_null":
            try expectArity(function, values, 1...1)
            let wantNull = function == "is_null"
            if values[0].isNullConstant { return try Column(name: name, repeating: .bool(wantNull), count: count) }
            let column = try values[0].materialize(count: count, name: name)
            let out = ColumnBuffer<UInt8>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = column.isNull(row) == wantNull ? 1 : 0 }
            return Column(name: name, type: .bool, count: count, storage: .bool(out), validity: nil)
        case "fill_null":
            try expectArity(function, values, 2...2)
            return try BinaryEvaluation.coalesce(values[0], values[1], count: count, name: name)
        case "lower", "upper", "len":
            try expectArity(function, values, 1...1)
            if values[0].isNullConstant {
                return Column(name: name, nullsOf: function == "len" ? .int : .string, count: count)
            }
            let column = try values[0].materialize(count: count, name: name)
            guard let strings = column.stringValues else {
                throw FrameError(.typeMismatch, "\(function) expects a string, found \(column.type.name)")
            }
            if function == "len" { return length(strings, column, name: name) }
            return changeCase(strings, column, upper: function == "upper", name: name)
        default:
            if let column = try NumericFunctions.call(function, values, count: count, name: name) { return column }
            if let column = try TextFunctions.call(function, values, count: count, name: name) { return column }
            if let column = try TemporalFunctions.call(function, values, count: count, name: name) { return column }
            if let column = try EwmMean.call(function, values, count: count, name: name) { return column }
            if let column = try IfElse.call(function, values, count: count, name: name) { return column }
            if let column = try ConversionFunctions.call(function, values, count: count, name: name) { return column }
            if let column = try HorizontalExtremes.call(function, values, count: count, name: name) { return column }
            throw FrameError(.invalidArgument, "unknown column function '\(function)'")
        }
    }

    // MARK: math

    static func math(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column {
        if values[0].isNullConstant {
            return Column(name: name, nullsOf: ["sqrt", "exp", "log", "log10"].contains(function) ? .float : .int, count: count)
        }
        let column = try values[0].materialize(count: count, name: name)
        var digits: Int? = nil
        if values.count == 2 {
            guard case .scalar(.int(let value)) = values[1] else {
                throw FrameError(.invalidArgument, "round digits must be an integer constant, found \(values[1].typeName)")
            }
            digits = Int(clamping: value)
        }
        switch column.storage {
        case .float64(let input):
            let out: ColumnBuffer<Double>
            switch function {
            case "abs": out = mapDoubles(Magnitude.self, input)
            case "sqrt": out = mapDoubles(SquareRoot.self, input)
            case "exp": out = mapDoubles(Exponential.self, input)
            case "log": out = mapDoubles(NaturalLogarithm.self, input)
            case "log10": out = mapDoubles(DecimalLogarithm.self, input)
            case "floor": out = mapDoubles(Floor.self, input)
            case "ceil": out = mapDoubles(Ceiling.self, input)
            default:
                if let digits, digits != 0 {
                    out = roundDoubles(input, digits: digits)
                } else {
                    out = mapDoubles(RoundHalfAway.self, input)
                }
            }
            return floatColumn(out, like: column, name: name)
        case .int64(let input) where column.type == .int || (column.type == .duration && function == "abs"):
            switch function {
            case "sqrt", "exp", "log", "log10":
                return try math(function, [.column(column.withFloatValues(convertToDoubles(input)))], count: count, name: name)
            case "abs":
                try checkOverflow(column, "abs")
                let out = ColumnBuffer<Int64>(uninitializedCount: count)
                for row in 0..<count { out.base[row] = input.base[row] < 0 ? 0 &- input.base[row] : input.base[row] }
                return Column(name: name, type: column.type, count: count, storage: .int64(out), validity: column.validity)
            case "round":
                guard let digits, digits < 0 else { return column }
                let out = ColumnBuffer<Int64>(uninitializedCount: count)
                for row in 0..<count {
                    let (value, overflow) = DecimalRounding.round(input.base[row], digits: digits)
                    if overflow && !column.isNull(row) {
                        throw FrameError(.overflow, "integer overflow in round", column: column.name)
                    }
                    out.base[row] = value
                }
                return Column(name: name, type: .int, count: count, storage: .int64(out), validity: column.validity)
            default:
                return column
            }
        default:
            throw FrameError(.typeMismatch, "\(function) expects a number, found \(column.type.name)")
        }
    }

    static func floatColumn(_ values: ColumnBuffer<Double>, like column: Column, name: String) -> Column {
        Column(name: name, type: .float, count: column.count, storage: .float64(values), validity: column.validity)
    }

    /// Rounds half away from zero to `digits` decimals (see `DecimalRounding`).
    static func roundDoubles(_ input: ColumnBuffer<Double>, digits: Int) -> ColumnBuffer<Double> {
        let out = ColumnBuffer<Double>(uninitializedCount: input.count)
        for row in 0..<input.count { out.base[row] = DecimalRounding.round(input.base[row], digits: digits) }
        return out
    }

    // MARK: strings

    /// Number of Unicode scalars per row: UTF-8 bytes that are not continuation bytes.
    static func length(_ strings: StringStorage, _ column: Column, name: String) -> Column {
        let count = column.count
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        let offsets = strings.offsets.base
        let bytes = strings.bytes.base
        for row in 0..<count {
            var scalars: Int64 = 0
            for index in Int(offsets[row])..<Int(offsets[row + 1]) {
                scalars &+= (bytes[index] & 0xC0) != 0x80 ? 1 : 0
            }
            out.base[row] = scalars
        }
        return Column(name: name, type: .int, count: count, storage: .int64(out), validity: column.validity)
    }

    /// Lower or upper case: a byte loop when the column is all ASCII, full Unicode rules otherwise.
    static func changeCase(_ strings: StringStorage, _ column: Column, upper: Bool, name: String) -> Column {
        let byteCount = strings.bytes.count
        let source = strings.bytes.base
        var ascii = true
        for index in 0..<byteCount where source[index] >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            let out = ColumnBuffer<UInt8>(uninitializedCount: byteCount)
            let (from, to): (UInt8, UInt8) = upper ? (0x61, 0x7A) : (0x41, 0x5A)
            for index in 0..<byteCount {
                let byte = source[index]
                out.base[index] = (byte >= from && byte <= to) ? byte ^ 0x20 : byte
            }
            return Column(
                name: name, type: .string, count: column.count,
                storage: .utf8(StringStorage(offsets: strings.offsets, bytes: out)), validity: column.validity)
        }
        var builder = StringColumnBuilder(expectedCount: column.count, expectedBytes: byteCount)
        for row in 0..<column.count {
            if column.isNull(row) {
                builder.appendNull()
            } else {
                let text = strings.string(at: row)
                builder.append(upper ? text.uppercased() : text.lowercased())
            }
        }
        return builder.finish(name: name)
    }
}

extension Column {
    /// This column's rows as a float column over `values` (same name and validity).
    func withFloatValues(_ values: ColumnBuffer<Double>) -> Column {
        Column(name: name, type: .float, count: count, storage: .float64(values), validity: validity)
    }
}

enum Negate: DoubleFunction { static func apply(_ x: Double) -> Double { -x } }
enum Magnitude: DoubleFunction { static func apply(_ x: Double) -> Double { x.magnitude } }
enum SquareRoot: DoubleFunction { static func apply(_ x: Double) -> Double { x.squareRoot() } }
enum Exponential: DoubleFunction { static func apply(_ x: Double) -> Double { exp(x) } }
enum NaturalLogarithm: DoubleFunction { static func apply(_ x: Double) -> Double { log(x) } }
enum DecimalLogarithm: DoubleFunction { static func apply(_ x: Double) -> Double { log10(x) } }
enum Floor: DoubleFunction { static func apply(_ x: Double) -> Double { x.rounded(.down) } }
enum Ceiling: DoubleFunction { static func apply(_ x: Double) -> Double { x.rounded(.up) } }
/// Half away from zero, as `round` in C and Excel (not banker's rounding).
enum RoundHalfAway: DoubleFunction { static func apply(_ x: Double) -> Double { x.rounded(.toNearestOrAwayFromZero) } }
