/// Duration × float, float × duration and duration ÷ float over columns, by the language's
/// scalar rule: the result in microseconds rounded half away from zero; a result that is not
/// finite or does not fit in 64 bits (NaN and infinite factors, division by 0.0) is an error.
enum DurationScaling {
    /// The scaled column when the operator and types are a duration-by-float case, else nil.
    static func apply(
        _ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, _ leftType: DataType, _ rightType: DataType,
        count: Int, name: String
    ) throws(FrameError) -> Column? {
        let durationOnLeft: Bool
        switch (op, leftType, rightType) {
        case (.multiply, .duration, .float), (.divide, .duration, .float): durationOnLeft = true
        case (.multiply, .float, .duration): durationOnLeft = false
        default: return nil
        }
        let durations = durationOnLeft ? lhs.int64s() : rhs.int64s()
        let factors = durationOnLeft ? rhs.doubles() : lhs.doubles()
        let validity = Bitmap.and(lhs.validity, rhs.validity)
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        let flagged = op == .divide
            ? runBinary(DurationScaleLoop<DurationDivide>.self, durations, factors, out.base, count)
            : runBinary(DurationScaleLoop<DurationMultiply>.self, durations, factors, out.base, count)
        if flagged {
            // A flag may come from a null row's placeholder; only a valid row's overflow is an error.
            for row in 0..<count where validity?.isValid(row) ?? true {
                let d = Double(durations.value(at: row))
                let f = factors.value(at: row)
                if !DurationScaleLoop<DurationMultiply>.fits(op == .divide ? d / f : d * f) {
                    throw FrameError(.overflow, "duration overflow in \(op == .divide ? "division" : "multiplication") by \(f)")
                }
            }
        }
        return Column(name: name, type: .duration, count: count, storage: .int64(out), validity: validity)
    }
}

/// The double operation of a duration scaling (the microseconds and the factor).
@usableFromInline protocol DurationScaleOperation {
    static func apply(_ microseconds: Double, _ factor: Double) -> Double
}

@usableFromInline enum DurationMultiply: DurationScaleOperation {
    @inlinable static func apply(_ microseconds: Double, _ factor: Double) -> Double { microseconds * factor }
}

@usableFromInline enum DurationDivide: DurationScaleOperation {
    @inlinable static func apply(_ microseconds: Double, _ factor: Double) -> Double { microseconds / factor }
}

/// Scales Int64 microseconds by a double, rounding half away from zero; a result out of range
/// writes 0 and flags the loop for the caller's check.
@usableFromInline enum DurationScaleLoop<Operation: DurationScaleOperation>: BinaryLoop {
    @usableFromInline typealias Left = Int64
    @usableFromInline typealias Right = Double
    @usableFromInline typealias Output = Int64

    /// Whether a scaled value converts to Int64 microseconds (the scalar operator's bound).
    @inlinable static func fits(_ value: Double) -> Bool { value.isFinite && abs(value) < 9.2e18 }

    @inlinable static func run<L: ElementSource<Int64>, R: ElementSource<Double>>(
        _ lhs: L, _ rhs: R, _ out: UnsafeMutablePointer<Int64>, _ count: Int
    ) -> Bool {
        var flagged: UInt8 = 0
        for index in 0..<count {
            let value = Operation.apply(Double(lhs[index]), rhs[index])
            if fits(value) {
                out[index] = Int64(value.rounded())
            } else {
                out[index] = 0
                flagged = 1
            }
        }
        return flagged != 0
    }
}
