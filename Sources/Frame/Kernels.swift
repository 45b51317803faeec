/// Typed elementwise loops. Evaluation switches on column types once, then runs one of these
/// loops, specialised per operation and per operand shape (column or constant), with no boxing,
/// closures or per-element type tests.

/// Where a loop reads its i-th input: a column buffer or one constant for every row.
@usableFromInline protocol ElementSource<Element> {
    associatedtype Element
    subscript(_ index: Int) -> Element { get }
}

@usableFromInline struct PointerSource<Element>: ElementSource {
    @usableFromInline let pointer: UnsafePointer<Element>
    @inlinable init(_ pointer: UnsafePointer<Element>) { self.pointer = pointer }
    @inlinable subscript(_ index: Int) -> Element { pointer[index] }
}

@usableFromInline struct ConstantSource<Element>: ElementSource {
    @usableFromInline let value: Element
    @inlinable init(_ value: Element) { self.value = value }
    @inlinable subscript(_ index: Int) -> Element { value }
}

/// A fixed-width operand: a whole buffer, or a constant that stands for every row.
@usableFromInline enum Fixed<Element: BitwiseCopyable> {
    case buffer(ColumnBuffer<Element>)
    case constant(Element)
}

/// A loop over two sources writing one output per row; returns true when it saw something the
/// caller must look at again (an overflow, a zero divisor).
@usableFromInline protocol BinaryLoop {
    associatedtype Left: BitwiseCopyable
    associatedtype Right: BitwiseCopyable
    associatedtype Output: BitwiseCopyable
    static func run<L: ElementSource<Left>, R: ElementSource<Right>>(
        _ lhs: L, _ rhs: R, _ out: UnsafeMutablePointer<Output>, _ count: Int) -> Bool
}

/// Runs `Loop` over the four shapes of operands; the one switch here is per column, not per row.
/// Large inputs are split into row ranges run on all cores (each writes only its own rows).
@inlinable func runBinary<Loop: BinaryLoop>(
    _ loop: Loop.Type, _ lhs: Fixed<Loop.Left>, _ rhs: Fixed<Loop.Right>, _ out: UnsafeMutablePointer<Loop.Output>,
    _ count: Int
) -> Bool {
    if count >= parallelKernelRows {
        return runBinaryInParts(loop, lhs, rhs, out, count)
    }
    switch (lhs, rhs) {
    case (.buffer(let a), .buffer(let b)):
        return withExtendedLifetime((a, b)) { Loop.run(PointerSource(a.base), PointerSource(b.base), out, count) }
    case (.buffer(let a), .constant(let b)):
        return withExtendedLifetime(a) { Loop.run(PointerSource(a.base), ConstantSource(b), out, count) }
    case (.constant(let a), .buffer(let b)):
        return withExtendedLifetime(b) { Loop.run(ConstantSource(a), PointerSource(b.base), out, count) }
    case (.constant(let a), .constant(let b)):
        return Loop.run(ConstantSource(a), ConstantSource(b), out, count)
    }
}

/// Rows from which an elementwise kernel is split over the cores (below, waking a core costs more).
@usableFromInline let parallelKernelRows = 1 << 20

/// `runBinary` over contiguous row ranges, one per core; flags from any range are combined.
@usableFromInline func runBinaryInParts<Loop: BinaryLoop>(
    _ loop: Loop.Type, _ lhs: Fixed<Loop.Left>, _ rhs: Fixed<Loop.Right>, _ out: UnsafeMutablePointer<Loop.Output>,
    _ count: Int
) -> Bool {
    let parts = ParallelWork.processorCount
    var flags = [Bool](repeating: false, count: parts)
    flags.withUnsafeMutableBufferPointer { flags in
        let work = UncheckedSendable((lhs, rhs, out, flags.baseAddress))
        ParallelWork.run(parts) { part in
            let (lhs, rhs, out, flags) = work.value
            let lower = count * part / parts
            let upper = count * (part + 1) / parts
            let flagged: Bool
            switch (lhs, rhs) {
            case (.buffer(let a), .buffer(let b)):
                flagged = withExtendedLifetime((a, b)) {
                    Loop.run(PointerSource(a.base + lower), PointerSource(b.base + lower), out + lower, upper - lower)
                }
            case (.buffer(let a), .constant(let b)):
                flagged = withExtendedLifetime(a) {
                    Loop.run(PointerSource(a.base + lower), ConstantSource(b), out + lower, upper - lower)
                }
            case (.constant(let a), .buffer(let b)):
                flagged = withExtendedLifetime(b) {
                    Loop.run(ConstantSource(a), PointerSource(b.base + lower), out + lower, upper - lower)
                }
            case (.constant(let a), .constant(let b)):
                flagged = Loop.run(ConstantSource(a), ConstantSource(b), out + lower, upper - lower)
            }
            flags?[part] = flagged
        }
    }
    return flags.contains(true)
}

// MARK: - Int64 arithmetic with overflow detection

/// An Int64 operation that reports overflow instead of trapping.
@usableFromInline protocol CheckedInt64Operation {
    static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool)
}

@usableFromInline enum CheckedAdd: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        a.addingReportingOverflow(b)
    }
}

@usableFromInline enum CheckedSubtract: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        a.subtractingReportingOverflow(b)
    }
}

@usableFromInline enum CheckedMultiply: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        a.multipliedReportingOverflow(by: b)
    }
}

/// Truncating division; a zero divisor or Int64.min / -1 is flagged for the slow path.
@usableFromInline enum CheckedDivide: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        a.dividedReportingOverflow(by: b)
    }
}

/// Remainder with the sign of the dividend; only a zero divisor is flagged (Int64.min % -1 is 0).
@usableFromInline enum CheckedRemainder: CheckedInt64Operation {
    @inlinable static func apply(_ a: Int64, _ b: Int64) -> (partialValue: Int64, overflow: Bool) {
        let result = a.remainderReportingOverflow(dividingBy: b)
        return (b == 0 ? 0 : result.partialValue, b == 0)
    }
}

@usableFromInline enum CheckedInt64Loop<Operation: CheckedInt64Operation>: BinaryLoop {
    @usableFromInline typealias Left = Int64
    @usableFromInline typealias Right = Int64
    @usableFromInline typealias Output = Int64

    @inlinable static func run<L: ElementSource<Int64>, R: ElementSource<Int64>>(
        _ lhs: L, _ rhs: R, _ out: UnsafeMutablePointer<Int64>, _ count: Int
    ) -> Bool {
        var flagged: UInt8 = 0
        for index in 0..<count {
            let (value, overflow) = Operation.apply(lhs[index], rhs[index])
            out[index] = value
            flagged |= overflow ? 1 : 0
        }
        return flagged != 0
    }
}

// MARK: - Double arithmetic (IEEE, never flags)

@usableFromInline protocol DoubleOperation {
    static func apply(_ a: Double, _ b: Double) -> Double
}

@usableFromInline enum DoubleAdd: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { a + b }
}

@usableFromInline enum DoubleSubtract: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { a - b }
}

@usableFromInline enum DoubleMultiply: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { a * b }
}

@usableFromInline enum DoubleDivide: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { a / b }
}

/// fmod semantics: the sign of the dividend, NaN for a zero divisor.
@usableFromInline enum DoubleRemainder: DoubleOperation {
    @inlinable static func apply(_ a: Double, _ b: Double) -> Double { a.truncatingRemainder(dividingBy: b) }
}

@usableFromInline enum DoubleLoop<Operation: DoubleOperation>: BinaryLoop {
    @usableFromInline typealias Left = Double
    @usableFromInline typealias Right = Double
    @usableFromInline typealias Output = Double

    @inlinable static func run<L: ElementSource<Double>, R: ElementSource<Double>>(
        _ lhs: L, _ rhs: R, _ out: UnsafeMutablePointer<Double>, _ count: Int
    ) -> Bool {
        for index in 0..<count { out[index] = Operation.apply(lhs[index], rhs[index]) }
        return false
    }
}

// MARK: - Comparisons (output is a 0/1 byte per row)

@usableFromInline protocol ComparisonOperation {
    static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool
}

@usableFromInline enum CompareEqual: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b }
}

@usableFromInline enum CompareNotEqual: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a != b }
}

@usableFromInline enum CompareLess: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b }
}

@usableFromInline enum CompareLessEqual: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b }
}

@usableFromInline enum CompareGreater: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b }
}

@usableFromInline enum CompareGreaterEqual: ComparisonOperation {
    @inlinable static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b }
}

@usableFromInline enum ComparisonLoop<Operation: ComparisonOperation, Element: Comparable & BitwiseCopyable>:
    BinaryLoop
{
    @usableFromInline typealias Left = Element
    @usableFromInline typealias Right = Element
    @usableFromInline typealias Output = UInt8

    @inlinable static func run<L: ElementSource<Element>, R: ElementSource<Element>>(
        _ lhs: L, _ rhs: R, _ out: UnsafeMutablePointer<UInt8>, _ count: Int
    ) -> Bool {
        for index in 0..<count { out[index] = Operation.apply(lhs[index], rhs[index]) ? 1 : 0 }
        return false
    }
}

// MARK: - Unary Double functions

@usableFromInline protocol DoubleFunction {
    static func apply(_ x: Double) -> Double
}

/// Applies `Function` to every element of a Double buffer.
@inlinable func mapDoubles<Function: DoubleFunction>(
    _ function: Function.Type, _ input: ColumnBuffer<Double>
) -> ColumnBuffer<Double> {
    let out = ColumnBuffer<Double>(uninitializedCount: input.count)
    let source = input.base
    let target = out.base
    for index in 0..<input.count { target[index] = Function.apply(source[index]) }
    return out
}

/// Int64 → Double conversion of a whole buffer.
@inlinable func convertToDoubles(_ input: ColumnBuffer<Int64>) -> ColumnBuffer<Double> {
    let out = ColumnBuffer<Double>(uninitializedCount: input.count)
    let source = input.base
    let target = out.base
    for index in 0..<input.count { target[index] = Double(source[index]) }
    return out
}
