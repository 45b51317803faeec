/// Type rules and kernel dispatch for binary operators.
///
/// Arithmetic: int op int stays int (except `/`, which gives float); any float makes float;
/// timestamp - timestamp = duration, timestamp ± duration = timestamp, duration ± duration,
/// duration * int, duration / int = duration (and by a float, rounded to the microsecond: see
/// `DurationScaling`), duration / duration = float; string + string
/// concatenates. Int overflow is an error; int `% 0` and duration `/ 0` are null; floats follow IEEE.
/// Comparisons need both sides numeric or of one type. Nulls propagate.
enum BinaryEvaluation {
    static func apply(
        _ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, count: Int, name: String
    ) throws(FrameError) -> Column {
        switch op {
        case .coalesce: return try coalesce(lhs, rhs, count: count, name: name)
        case .and, .or: return try LogicalKernels.apply(op, lhs, rhs, count: count, name: name)
        default: break
        }
        if lhs.isNullConstant || rhs.isNullConstant {
            return Column(name: name, nullsOf: try nullResultType(op, lhs, rhs), count: count)
        }
        let leftType = lhs.type ?? .int
        let rightType = rhs.type ?? .int
        if op.isComparison {
            return try compare(op, lhs, rhs, leftType, rightType, count: count, name: name)
        }
        if let scaled = try DurationScaling.apply(op, lhs, rhs, leftType, rightType, count: count, name: name) {
            return scaled
        }
        guard let resultType = arithmeticType(op, leftType, rightType) else {
            throw mismatch(op, leftType.name, rightType.name)
        }
        return try arithmetic(op, lhs, rhs, resultType, count: count, name: name)
    }

    /// The result type of an arithmetic operator, or nil when the types do not combine.
    static func arithmeticType(_ op: BinaryOperator, _ lhs: DataType, _ rhs: DataType) -> DataType? {
        let numeric = lhs.isNumeric && rhs.isNumeric
        switch (op, lhs, rhs) {
        case (.add, .int, .int), (.subtract, .int, .int), (.multiply, .int, .int), (.remainder, .int, .int):
            return .int
        case (.add, _, _) where numeric, (.subtract, _, _) where numeric, (.multiply, _, _) where numeric,
            (.divide, _, _) where numeric, (.remainder, _, _) where numeric:
            return .float
        case (.add, .timestamp, .duration), (.add, .duration, .timestamp), (.subtract, .timestamp, .duration):
            return .timestamp
        case (.subtract, .timestamp, .timestamp), (.add, .duration, .duration), (.subtract, .duration, .duration),
            (.multiply, .duration, .int), (.multiply, .int, .duration), (.divide, .duration, .int),
            (.multiply, .duration, .float), (.multiply, .float, .duration), (.divide, .duration, .float):
            return .duration
        case (.divide, .duration, .duration):
            return .float
        case (.add, .string, .string):
            return .string
        default:
            return nil
        }
    }

    /// True when the two types can be compared.
    static func comparable(_ lhs: DataType, _ rhs: DataType) -> Bool {
        lhs == rhs || (lhs.isNumeric && rhs.isNumeric)
    }

    /// The type of an all-null result when one side is the untyped null: the null takes whichever
    /// type (the other side's, int, or float) makes the operation valid.
    static func nullResultType(_ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand) throws(FrameError) -> DataType {
        let nullOnLeft = lhs.isNullConstant
        guard let other = nullOnLeft ? rhs.type : lhs.type else {
            return op.isComparison ? .bool : .int
        }
        if op.isComparison { return .bool }
        for candidate in [other, DataType.int, DataType.float] {
            let result = nullOnLeft ? arithmeticType(op, candidate, other) : arithmeticType(op, other, candidate)
            if let result { return result }
        }
        throw mismatch(op, lhs.typeName, rhs.typeName)
    }

    /// The typeMismatch error for `lhs op rhs`, phrased per operator.
    static func mismatch(_ op: BinaryOperator, _ lhs: String, _ rhs: String) -> FrameError {
        let message: String
        switch op {
        case .add: message = "cannot add \(lhs) and \(rhs)"
        case .subtract: message = "cannot subtract \(rhs) from \(lhs)"
        case .multiply: message = "cannot multiply \(lhs) by \(rhs)"
        case .divide: message = "cannot divide \(lhs) by \(rhs)"
        case .remainder: message = "cannot take the remainder of \(lhs) divided by \(rhs)"
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            message = "cannot compare \(lhs) and \(rhs)"
        case .and, .or: message = "'\(op.symbol)' needs bool operands, found \(lhs) and \(rhs)"
        case .coalesce: message = "cannot fill nulls of \(lhs) with \(rhs)"
        }
        return FrameError(.typeMismatch, message)
    }

    // MARK: arithmetic

    static func arithmetic(
        _ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, _ resultType: DataType, count: Int, name: String
    ) throws(FrameError) -> Column {
        let validity = Bitmap.and(lhs.validity, rhs.validity)
        switch resultType {
        case .string:
            return StringKernels.concatenate(lhs, rhs, validity: validity, count: count, name: name)
        case .float:
            let out = ColumnBuffer<Double>(uninitializedCount: count)
            let left = lhs.doubles()
            let right = rhs.doubles()
            switch op {
            case .add: _ = runBinary(DoubleLoop<DoubleAdd>.self, left, right, out.base, count)
            case .subtract: _ = runBinary(DoubleLoop<DoubleSubtract>.self, left, right, out.base, count)
            case .multiply: _ = runBinary(DoubleLoop<DoubleMultiply>.self, left, right, out.base, count)
            case .divide: _ = runBinary(DoubleLoop<DoubleDivide>.self, left, right, out.base, count)
            default: _ = runBinary(DoubleLoop<DoubleRemainder>.self, left, right, out.base, count)
            }
            return Column(name: name, type: .float, count: count, storage: .float64(out), validity: validity)
        default:
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            let left = lhs.int64s()
            let right = rhs.int64s()
            let flagged: Bool
            switch op {
            case .add: flagged = runBinary(CheckedInt64Loop<CheckedAdd>.self, left, right, out.base, count)
            case .subtract: flagged = runBinary(CheckedInt64Loop<CheckedSubtract>.self, left, right, out.base, count)
            case .multiply: flagged = runBinary(CheckedInt64Loop<CheckedMultiply>.self, left, right, out.base, count)
            case .divide: flagged = runBinary(CheckedInt64Loop<CheckedDivide>.self, left, right, out.base, count)
            default: flagged = runBinary(CheckedInt64Loop<CheckedRemainder>.self, left, right, out.base, count)
            }
            var finalValidity = validity
            if flagged {
                finalValidity = try recheck(op, left, right, validity, resultType: resultType, count: count)
            }
            return Column(name: name, type: resultType, count: count, storage: .int64(out), validity: finalValidity)
        }
    }

    /// Slow path after a flagged Int64 loop: zero divisors become nulls; an overflow in a valid row is an error.
    static func recheck(
        _ op: BinaryOperator, _ lhs: Fixed<Int64>, _ rhs: Fixed<Int64>, _ validity: Bitmap?,
        resultType: DataType, count: Int
    ) throws(FrameError) -> Bitmap? {
        var builder = BitmapBuilder(count: count)
        for row in 0..<count {
            if let validity, !validity.isValid(row) {
                builder.setNull(row)
                continue
            }
            let a = lhs.value(at: row)
            let b = rhs.value(at: row)
            let overflow: Bool
            switch op {
            case .add: overflow = a.addingReportingOverflow(b).overflow
            case .subtract: overflow = a.subtractingReportingOverflow(b).overflow
            case .multiply: overflow = a.multipliedReportingOverflow(by: b).overflow
            case .divide, .remainder:
                if b == 0 {
                    builder.setNull(row)
                    continue
                }
                overflow = op == .divide && a.dividedReportingOverflow(by: b).overflow
            default: overflow = false
            }
            if overflow {
                let kind = resultType == .int ? "integer" : resultType.name
                throw FrameError(.overflow, "\(kind) overflow in \(operationNoun(op))")
            }
        }
        return builder.finish()
    }

    static func operationNoun(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "addition"
        case .subtract: "subtraction"
        case .multiply: "multiplication"
        case .divide: "division"
        case .remainder: "remainder"
        default: op.symbol
        }
    }

    // MARK: comparisons

    static func compare(
        _ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, _ leftType: DataType, _ rightType: DataType,
        count: Int, name: String
    ) throws(FrameError) -> Column {
        guard comparable(leftType, rightType) else { throw mismatch(op, leftType.name, rightType.name) }
        let validity = Bitmap.and(lhs.validity, rhs.validity)
        let out: ColumnBuffer<UInt8>
        if leftType == .string {
            out = StringKernels.compare(op, lhs, rhs, count: count)
        } else if leftType == .bool {
            out = compareFixed(op, lhs.bools(), rhs.bools(), count: count)
        } else if leftType == .float || rightType == .float {
            out = compareFixed(op, lhs.doubles(), rhs.doubles(), count: count)
        } else {
            out = compareFixed(op, lhs.int64s(), rhs.int64s(), count: count)
        }
        return Column(name: name, type: .bool, count: count, storage: .bool(out), validity: validity)
    }

    static func compareFixed<T: Comparable & BitwiseCopyable>(
        _ op: BinaryOperator, _ lhs: Fixed<T>, _ rhs: Fixed<T>, count: Int
    ) -> ColumnBuffer<UInt8> {
        let out = ColumnBuffer<UInt8>(uninitializedCount: count)
        switch op {
        case .equal: _ = runBinary(ComparisonLoop<CompareEqual, T>.self, lhs, rhs, out.base, count)
        case .notEqual: _ = runBinary(ComparisonLoop<CompareNotEqual, T>.self, lhs, rhs, out.base, count)
        case .less: _ = runBinary(ComparisonLoop<CompareLess, T>.self, lhs, rhs, out.base, count)
        case .lessEqual: _ = runBinary(ComparisonLoop<CompareLessEqual, T>.self, lhs, rhs, out.base, count)
        case .greater: _ = runBinary(ComparisonLoop<CompareGreater, T>.self, lhs, rhs, out.base, count)
        default: _ = runBinary(ComparisonLoop<CompareGreaterEqual, T>.self, lhs, rhs, out.base, count)
        }
        return out
    }

    // MARK: coalesce

    /// `lhs ?? rhs`: lhs where it is valid, else rhs. Types must match (int and float mix to float).
    static func coalesce(_ lhs: Operand, _ rhs: Operand, count: Int, name: String) throws(FrameError) -> Column {
        if lhs.isNullConstant { return try rhs.materialize(count: count, name: name) }
        if rhs.isNullConstant { return try lhs.materialize(count: count, name: name) }
        let leftType = lhs.type ?? .int
        let rightType = rhs.type ?? .int
        let resultType: DataType
        if leftType == rightType {
            resultType = leftType
        } else if leftType.isNumeric && rightType.isNumeric {
            resultType = .float
        } else {
            throw mismatch(.coalesce, leftType.name, rightType.name)
        }
        guard case .column(let left) = lhs, let leftValidity = left.validity else {
            // lhs has no nulls: it is the answer (as float if the result widened).
            if resultType == .float && leftType == .int {
                return try convertedToFloat(lhs, count: count, name: name)
            }
            return try lhs.materialize(count: count, name: name)
        }
        let validity = Bitmap.or(leftValidity, rhs.validity)
        switch resultType {
        case .string:
            return StringKernels.coalesce(left, leftValidity, rhs, count: count, name: name)
        case .float:
            guard case .buffer(let values) = lhs.doubles() else { return left }
            let out = fillNulls(values, leftValidity, rhs.doubles())
            return Column(name: name, type: .float, count: count, storage: .float64(out), validity: validity)
        case .bool:
            guard let values = left.boolValues else { return left }
            let out = fillNulls(values, leftValidity, rhs.bools())
            return Column(name: name, type: .bool, count: count, storage: .bool(out), validity: validity)
        default:
            guard let values = left.int64Values else { return left }
            let out = fillNulls(values, leftValidity, rhs.int64s())
            return Column(name: name, type: resultType, count: count, storage: .int64(out), validity: validity)
        }
    }

    /// An int operand as a float column (constants broadcast).
    static func convertedToFloat(_ operand: Operand, count: Int, name: String) throws(FrameError) -> Column {
        switch operand.doubles() {
        case .buffer(let values):
            return Column(
                name: name, type: .float, count: count, storage: .float64(values), validity: operand.validity)
        case .constant(let value):
            return try Column(name: name, repeating: .float(value), count: count)
        }
    }

    /// Copies `values`, taking `replacement` where `validity` says null.
    static func fillNulls<T: BitwiseCopyable>(
        _ values: ColumnBuffer<T>, _ validity: Bitmap, _ replacement: Fixed<T>
    ) -> ColumnBuffer<T> {
        let count = values.count
        let out = ColumnBuffer<T>(uninitializedCount: count)
        out.base.update(from: values.base, count: count)
        switch replacement {
        case .buffer(let other):
            withExtendedLifetime(other) {
                for row in 0..<count where !validity.isValid(row) { out.base[row] = other.base[row] }
            }
        case .constant(let value):
            for row in 0..<count where !validity.isValid(row) { out.base[row] = value }
        }
        return out
    }
}

extension Fixed {
    /// Element `index` (slow paths only; hot loops use sources).
    func value(at index: Int) -> Element {
        switch self {
        case .buffer(let values): values[index]
        case .constant(let value): value
        }
    }
}
