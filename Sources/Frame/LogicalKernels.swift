/// `and` / `or` with SQL three-valued logic: false and null = false, true or null = true,
/// otherwise null wins over the unknown side.
enum LogicalKernels {
    static func apply(
        _ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, count: Int, name: String
    ) throws(FrameError) -> Column {
        let leftOK = lhs.isNullConstant || lhs.type == .bool
        let rightOK = rhs.isNullConstant || rhs.type == .bool
        guard leftOK && rightOK else { throw BinaryEvaluation.mismatch(op, lhs.typeName, rhs.typeName) }
        let left = try lhs.materialize(count: count, name: name, nullType: .bool)
        let right = try rhs.materialize(count: count, name: name, nullType: .bool)
        guard let leftValues = left.boolValues, let rightValues = right.boolValues else {
            throw BinaryEvaluation.mismatch(op, lhs.typeName, rhs.typeName)
        }
        let out = ColumnBuffer<UInt8>(uninitializedCount: count)
        let allValid = ColumnBuffer<UInt64>(repeating: ~0, count: Bitmap.wordCount(for: count))
        let leftWords = left.validity?.words ?? allValid
        let rightWords = right.validity?.words ?? allValid
        var builder = BitmapBuilder(count: count)
        let isAnd = op == .and
        withExtendedLifetime((left, right, allValid, leftWords, rightWords)) {
            let a = leftValues.base
            let b = rightValues.base
            let aw = leftWords.base
            let bw = rightWords.base
            for row in 0..<count {
                let shift = UInt64(row & 63)
                let aValid = UInt8(truncatingIfNeeded: (aw[row &>> 6] &>> shift) & 1)
                let bValid = UInt8(truncatingIfNeeded: (bw[row &>> 6] &>> shift) & 1)
                let aTrue = a[row] & aValid
                let bTrue = b[row] & bValid
                let aFalse = (a[row] ^ 1) & aValid
                let bFalse = (b[row] ^ 1) & bValid
                let known: UInt8
                let value: UInt8
                if isAnd {
                    value = aTrue & bTrue
                    known = value | aFalse | bFalse
                } else {
                    value = aTrue | bTrue
                    known = value | (aFalse & bFalse)
                }
                out.base[row] = value
                if known == 0 { builder.setNull(row) }
            }
        }
        return Column(name: name, type: .bool, count: count, storage: .bool(out), validity: builder.finish())
    }
}
