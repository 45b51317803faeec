#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads row `i` of a string operand as raw UTF-8 bytes.
protocol StringSource {
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8>
}

/// Rows of a string column (offsets + one byte buffer).
struct ColumnStrings: StringSource {
    let offsets: UnsafePointer<Int64>
    let base: UnsafePointer<UInt8>

    init(_ storage: StringStorage) {
        offsets = UnsafePointer(storage.offsets.base)
        base = UnsafePointer(storage.bytes.base)
    }

    @inline(__always) func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[index])
        return UnsafeBufferPointer(start: base + start, count: Int(offsets[index + 1]) - start)
    }
}

/// One string standing for every row.
struct ConstantString: StringSource {
    let value: UnsafeBufferPointer<UInt8>

    @inline(__always) func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> { value }
}

/// A loop over two string sources.
protocol StringBinaryLoop {
    associatedtype Result
    static func run<L: StringSource, R: StringSource>(_ lhs: L, _ rhs: R, _ count: Int) -> Result
}

/// Byte-order comparison: negative, zero or positive like memcmp, shorter prefix first.
@inline(__always) func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int32 {
    let common = min(a.count, b.count)
    if common > 0, let left = a.baseAddress, let right = b.baseAddress {
        let result = memcmp(left, right, common)
        if result != 0 { return result < 0 ? -1 : 1 }
    }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
}

enum StringCompareLoop<Operation: ComparisonOperation>: StringBinaryLoop {
    static func run<L: StringSource, R: StringSource>(_ lhs: L, _ rhs: R, _ count: Int) -> ColumnBuffer<UInt8> {
        let out = ColumnBuffer<UInt8>(uninitializedCount: count)
        for row in 0..<count {
            out.base[row] = Operation.apply(compareBytes(lhs.bytes(row), rhs.bytes(row)), 0) ? 1 : 0
        }
        return out
    }
}

enum StringConcatenateLoop: StringBinaryLoop {
    static func run<L: StringSource, R: StringSource>(_ lhs: L, _ rhs: R, _ count: Int) -> StringStorage {
        let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
        var total = 0
        offsets.base[0] = 0
        for row in 0..<count {
            total += lhs.bytes(row).count + rhs.bytes(row).count
            offsets.base[row + 1] = Int64(total)
        }
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: total)
        for row in 0..<count {
            let target = bytes.base + Int(offsets.base[row])
            let left = lhs.bytes(row)
            let right = rhs.bytes(row)
            if let address = left.baseAddress, left.count > 0 {
                target.update(from: address, count: left.count)
            }
            if let address = right.baseAddress, right.count > 0 {
                (target + left.count).update(from: address, count: right.count)
            }
        }
        return StringStorage(offsets: offsets, bytes: bytes)
    }
}

/// String kernels used by binary evaluation and column functions.
enum StringKernels {
    /// Runs `Loop` over the shapes of string operands (plain column, dictionary column read
    /// through its codes, constant); the switch is per operand, not per row.
    static func run<Loop: StringBinaryLoop>(_ loop: Loop.Type, _ lhs: Operand, _ rhs: Operand, count: Int) -> Loop.Result {
        let left = Shape(lhs)
        let right = Shape(rhs)
        return withExtendedLifetime((lhs, rhs, left, right)) {
            switch left {
            case .plain(let strings): return run(loop, ColumnStrings(strings), right, count: count)
            case .dictionary(let strings): return run(loop, DictionaryRows(strings), right, count: count)
            case .constant(let bytes): return run(loop, ConstantString(value: view(bytes)), right, count: count)
            }
        }
    }

    /// The second half of `run`: the right operand's shape, with the left one's source fixed.
    private static func run<Loop: StringBinaryLoop, Left: StringSource>(
        _ loop: Loop.Type, _ left: Left, _ right: Shape, count: Int
    ) -> Loop.Result {
        switch right {
        case .plain(let strings): return Loop.run(left, ColumnStrings(strings), count)
        case .dictionary(let strings): return Loop.run(left, DictionaryRows(strings), count)
        case .constant(let bytes): return Loop.run(left, ConstantString(value: view(bytes)), count)
        }
    }

    /// How a string operand is stored; holds the buffers its sources point into.
    enum Shape {
        case plain(StringStorage)
        case dictionary(DictionaryStrings)
        /// A constant's bytes (empty for anything that is not a string constant).
        case constant(ColumnBuffer<UInt8>)

        init(_ operand: Operand) {
            if case .column(let column) = operand {
                switch column.storage {
                case .utf8(let strings):
                    self = .plain(strings)
                    return
                case .dictionary(let strings):
                    self = .dictionary(strings)
                    return
                default:
                    break
                }
            }
            self = .constant(constantBytes(operand))
        }
    }

    /// The plain storage of a string column operand (decoded if dictionary-encoded).
    static func storage(_ operand: Operand) -> StringStorage? {
        if case .column(let column) = operand { return column.stringValues }
        return nil
    }

    static func constantBytes(_ operand: Operand) -> ColumnBuffer<UInt8> {
        if case .scalar(.string(let value)) = operand { return ColumnBuffer(Array(value.utf8)) }
        return ColumnBuffer(uninitializedCount: 0)
    }

    static func view(_ buffer: ColumnBuffer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.base, count: buffer.count)
    }

    static func compare(_ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, count: Int) -> ColumnBuffer<UInt8> {
        if let codes = DictionaryKernels.compare(op, lhs, rhs, count: count) { return codes }
        return switch op {
        case .equal: run(StringCompareLoop<CompareEqual>.self, lhs, rhs, count: count)
        case .notEqual: run(StringCompareLoop<CompareNotEqual>.self, lhs, rhs, count: count)
        case .less: run(StringCompareLoop<CompareLess>.self, lhs, rhs, count: count)
        case .lessEqual: run(StringCompareLoop<CompareLessEqual>.self, lhs, rhs, count: count)
        case .greater: run(StringCompareLoop<CompareGreater>.self, lhs, rhs, count: count)
        default: run(StringCompareLoop<CompareGreaterEqual>.self, lhs, rhs, count: count)
        }
    }

    static func concatenate(
        _ lhs: Operand, _ rhs: Operand, validity: Bitmap?, count: Int, name: String
    ) -> Column {
        if let column = DictionaryKernels.concatenate(lhs, rhs, validity: validity, count: count, name: name) { return column }
        let storage = run(StringConcatenateLoop.self, lhs, rhs, count: count)
        return Column(name: name, type: .string, count: count, storage: .utf8(storage), validity: validity)
    }

    /// `left ?? rhs` for strings, where `left` has nulls.
    static func coalesce(
        _ left: Column, _ leftValidity: Bitmap, _ rhs: Operand, count: Int, name: String
    ) -> Column {
        if case .scalar(.string(let constant)) = rhs, let column = DictionaryKernels.fillNulls(left, constant, name: name) {
            return column
        }
        guard let leftStrings = left.stringValues else { return left }
        let rightConstant = constantBytes(rhs)
        // Decoded storage belongs to no column: it is kept alive here while its pointers are read.
        let rightStrings = storage(rhs)
        let rightValidity = rhs.validity
        return withExtendedLifetime((left, rhs, rightConstant, leftStrings, rightStrings)) {
            let rightSource = rightStrings.map(ColumnStrings.init)
            let source = ColumnStrings(leftStrings)
            var builder = StringColumnBuilder(expectedCount: count, expectedBytes: leftStrings.bytes.count)
            for row in 0..<count {
                if leftValidity.isValid(row) {
                    builder.append(source.bytes(row))
                } else if let rightSource {
                    if let rightValidity, !rightValidity.isValid(row) {
                        builder.appendNull()
                    } else {
                        builder.append(rightSource.bytes(row))
                    }
                } else {
                    builder.append(view(rightConstant))
                }
            }
            return builder.finish(name: name)
        }
    }
}
