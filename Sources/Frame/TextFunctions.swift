/// String column functions beyond case and length: contains, starts_with, ends_with, replace, trim.
///
/// Each runs one loop over the column's offsets and bytes, with the same byte-level semantics as
/// the runtime's scalar builtins (both call `TextSearch`). Nulls propagate.
enum TextFunctions {
    /// The names `call` accepts.
    static let names = ["contains", "starts_with", "ends_with", "replace", "trim"]

    /// Evaluates `function`, or returns nil when it is not one of `names`.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        switch function {
        case "contains", "starts_with", "ends_with":
            try ColumnFunctions.expectArity(function, values, 2...2)
            return try search(function, values[0], values[1], count: count, name: name)
        case "replace":
            try ColumnFunctions.expectArity(function, values, 3...3)
            return try replace(values, count: count, name: name)
        case "trim":
            try ColumnFunctions.expectArity(function, values, 1...1)
            if values[0].isNullConstant { return Column(name: name, nullsOf: .string, count: count) }
            let column = try values[0].materialize(count: count, name: name)
            return trim(try strings(column, function), column, name: name)
        default:
            return nil
        }
    }

    /// The string storage of a column, or a type error naming the function.
    static func strings(_ column: Column, _ function: String) throws(FrameError) -> StringStorage {
        guard let strings = column.stringValues else {
            throw FrameError(.typeMismatch, "\(function) expects a string, found \(column.type.name)", column: column.name)
        }
        return strings
    }

    /// Checks that an operand is a string column or constant (or the null constant).
    static func expectString(_ operand: Operand, _ function: String) throws(FrameError) {
        guard let type = operand.type else { return }
        guard type == .string else {
            throw FrameError(.typeMismatch, "\(function) expects a string, found \(type.name)")
        }
    }

    // MARK: contains, starts_with, ends_with

    static func search(_ function: String, _ text: Operand, _ part: Operand, count: Int, name: String) throws(FrameError) -> Column {
        try expectString(text, function)
        try expectString(part, function)
        if text.isNullConstant || part.isNullConstant { return Column(name: name, nullsOf: .bool, count: count) }
        let out: ColumnBuffer<UInt8>
        switch function {
        case "contains": out = StringKernels.run(TextSearchLoop<ContainsTest>.self, text, part, count: count)
        case "starts_with": out = StringKernels.run(TextSearchLoop<PrefixTest>.self, text, part, count: count)
        default: out = StringKernels.run(TextSearchLoop<SuffixTest>.self, text, part, count: count)
        }
        return Column(name: name, type: .bool, count: count, storage: .bool(out),
                      validity: Bitmap.and(text.validity, part.validity))
    }

    // MARK: replace

    /// `replace(s, old, new)`: `old` and `new` must be constant strings (the common case, one pattern per column).
    static func replace(_ values: [Operand], count: Int, name: String) throws(FrameError) -> Column {
        try expectString(values[0], "replace")
        if values.contains(where: \.isNullConstant) { return Column(name: name, nullsOf: .string, count: count) }
        guard case .scalar(.string(let old)) = values[1], case .scalar(.string(let new)) = values[2] else {
            throw FrameError(.invalidArgument, "replace on a column needs constant strings for 'old' and 'new'")
        }
        guard !old.isEmpty else {
            throw FrameError(.invalidArgument, "replace needs a non-empty text to find")
        }
        let column = try values[0].materialize(count: count, name: name)
        let source = try strings(column, "replace")
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.bytes.count)
        offsets.base[0] = 0
        withExtendedLifetime(source) {
            let rows = ColumnStrings(source)
            oldBytes.withUnsafeBufferPointer { oldView in
                newBytes.withUnsafeBufferPointer { newView in
                    for row in 0..<count {
                        if !column.isNull(row) {
                            TextSearch.appendReplacing(rows.bytes(row), oldView, newView, into: &bytes)
                        }
                        offsets.base[row + 1] = Int64(bytes.count)
                    }
                }
            }
        }
        return Column(name: name, type: .string, count: count,
                      storage: .utf8(StringStorage(offsets: offsets, bytes: ColumnBuffer(bytes))), validity: column.validity)
    }

    // MARK: trim

    /// Copies each row's trimmed byte range into a new column.
    static func trim(_ source: StringStorage, _ column: Column, name: String) -> Column {
        let count = column.count
        let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: source.bytes.count)
        var total = 0
        offsets.base[0] = 0
        withExtendedLifetime(source) {
            let rows = ColumnStrings(source)
            for row in 0..<count {
                let text = rows.bytes(row)
                let range = column.isNull(row) ? 0..<0 : TextSearch.trimmedRange(text)
                if let start = text.baseAddress, !range.isEmpty {
                    (bytes.base + total).update(from: start + range.lowerBound, count: range.count)
                }
                total += range.count
                offsets.base[row + 1] = Int64(total)
            }
        }
        return Column(name: name, type: .string, count: count,
                      storage: .utf8(StringStorage(offsets: offsets, bytes: firstBytes(bytes, total))), validity: column.validity)
    }

    /// The first `count` bytes of a buffer (the buffer itself when nothing is cut).
    static func firstBytes(_ buffer: ColumnBuffer<UInt8>, _ count: Int) -> ColumnBuffer<UInt8> {
        if count == buffer.count { return buffer }
        let out = ColumnBuffer<UInt8>(uninitializedCount: count)
        out.base.update(from: buffer.base, count: count)
        return out
    }
}

/// A byte-level test of a text against a pattern.
protocol TextTest {
    static func apply(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool
}

enum ContainsTest: TextTest {
    @inline(__always) static func apply(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        TextSearch.contains(text, pattern)
    }
}

enum PrefixTest: TextTest {
    @inline(__always) static func apply(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        TextSearch.hasPrefix(text, pattern)
    }
}

enum SuffixTest: TextTest {
    @inline(__always) static func apply(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        TextSearch.hasSuffix(text, pattern)
    }
}

/// One 0/1 byte per row: whether the row's text passes `Test` against the row's pattern.
enum TextSearchLoop<Test: TextTest>: StringBinaryLoop {
    static func run<L: StringSource, R: StringSource>(_ lhs: L, _ rhs: R, _ count: Int) -> ColumnBuffer<UInt8> {
        let out = ColumnBuffer<UInt8>(uninitializedCount: count)
        for row in 0..<count { out.base[row] = Test.apply(lhs.bytes(row), rhs.bytes(row)) ? 1 : 0 }
        return out
    }
}
