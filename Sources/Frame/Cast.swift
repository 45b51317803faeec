extension DataType {
    /// The type a user names in `cast(df, x: "float")`: int, float, bool, string, timestamp or duration.
    public static func named(_ name: String) -> DataType? {
        allTypes.first { $0.name == name }
    }

    /// Every type, in documentation order.
    public static let allTypes: [DataType] = [.int, .float, .bool, .string, .timestamp, .duration]
}

extension DataFrame {
    /// Each named column converted to a type, in place (see `Column.cast(to:)` for the rules).
    public func cast(_ casts: [(column: String, type: DataType)]) throws(FrameError) -> DataFrame {
        var frame = self
        for cast in casts {
            let column = try frame.requireColumn(cast.column)
            frame = try frame.setting(try column.cast(to: cast.type))
        }
        return frame
    }
}

extension Column {
    /// This column converted to `target`; nulls stay null. Strict: a value that does not convert
    /// exactly is an error naming the column, the row (counted from 0) and the value.
    ///
    /// int → float (exact below 2^53, else rounded to nearest) · float → int (whole numbers within
    /// range only) · int/float → bool (non-zero is true; NaN is an error) · bool → int/float (0, 1) ·
    /// int ↔ timestamp and int ↔ duration (microseconds) · string → int, float, bool (true/false in
    /// any case) or timestamp (ISO 8601, offsets converted to UTC), whole text, no spaces ·
    /// anything → string (as tables print it, timestamps as `2024-05-01 06:30:00`).
    public func cast(to target: DataType) throws(FrameError) -> Column {
        if target == type { return self }
        switch (storage, target) {
        case (.int64(let values), .float) where type == .int:
            return withFloatValues(convertToDoubles(values))
        case (.int64(let values), .bool) where type == .int:
            return retyped(.bool, .bool(Column.nonZero(values)))
        case (.int64(let values), .timestamp) where type == .int,
             (.int64(let values), .duration) where type == .int,
             (.int64(let values), .int):
            return retyped(target, .int64(values))
        case (.float64(let values), .int):
            return retyped(.int, .int64(try floatsToInts(values)))
        case (.float64(let values), .bool):
            try requireNoNaN(values, target)
            return retyped(.bool, .bool(Column.nonZero(values)))
        case (.bool(let values), .int):
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = Int64(values.base[row]) }
            return retyped(.int, .int64(out))
        case (.bool(let values), .float):
            let out = ColumnBuffer<Double>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = Double(values.base[row]) }
            return retyped(.float, .float64(out))
        case (.utf8(let strings), _) where target != .duration:
            return try parse(strings, as: target)
        case (.dictionary(let strings), _) where target != .duration:
            return try parse(strings.decoded(validity: validity), as: target)
        case (_, .string):
            return formatted()
        default:
            var hint: String? = nil
            if type == .float && (target == .timestamp || target == .duration) { hint = "cast to int first" }
            if type == .string && target == .duration { hint = "durations cannot be parsed from text yet" }
            throw FrameError(
                .typeMismatch, "cannot cast \(columnReference(name)) from \(type.name) to \(target.name)",
                column: name, hint: hint)
        }
    }

    /// The same values and validity under another type and storage.
    private func retyped(_ target: DataType, _ newStorage: ColumnStorage) -> Column {
        Column(name: name, type: target, count: count, storage: newStorage, validity: validity)
    }

    /// 1 where the value is non-zero, else 0 (nulls included; their values are ignored).
    private static func nonZero<T: Numeric & BitwiseCopyable>(_ values: ColumnBuffer<T>) -> ColumnBuffer<UInt8> {
        let out = ColumnBuffer<UInt8>(uninitializedCount: values.count)
        for row in 0..<values.count { out.base[row] = values.base[row] != 0 ? 1 : 0 }
        return out
    }

    /// Float to int: only whole numbers within Int64's range convert.
    private func floatsToInts(_ values: ColumnBuffer<Double>) throws(FrameError) -> ColumnBuffer<Int64> {
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        for row in 0..<count {
            let value = values.base[row]
            // 2^63 is exactly representable; the valid range is [-2^63, 2^63).
            if value.rounded(.towardZero) == value && value >= -9.223372036854775808e18 && value < 9.223372036854775808e18 {
                out.base[row] = Int64(value)
            } else if isNull(row) {
                out.base[row] = 0
            } else {
                let reason = value.isNaN ? "not a number" : (value.isFinite && value.rounded(.towardZero) != value ? "not a whole number" : "out of the int range")
                throw FrameError(
                    .typeMismatch,
                    "cannot cast \(columnReference(name)) to int: row \(row) holds \(NumberFormatting.shortest(value)) (\(reason))",
                    column: name, hint: reason == "not a whole number" ? "round it first, e.g. with(df, \(name): round(.\(name)))" : nil)
            }
        }
        return out
    }

    private func requireNoNaN(_ values: ColumnBuffer<Double>, _ target: DataType) throws(FrameError) {
        for row in 0..<count where values.base[row].isNaN && !isNull(row) {
            throw FrameError(
                .typeMismatch, "cannot cast \(columnReference(name)) to \(target.name): row \(row) holds nan",
                column: name)
        }
    }

    /// Parses every valid row as `target`; the first failure is an error quoting the text.
    private func parse(_ strings: StringStorage, as target: DataType) throws(FrameError) -> Column {
        let source = ColumnStrings(strings)
        var failure: Int? = nil
        let newStorage: ColumnStorage = withExtendedLifetime(strings) {
            switch target {
            case .int, .timestamp:
                let out = ColumnBuffer<Int64>(uninitializedCount: count)
                for row in 0..<count {
                    if isNull(row) {
                        out.base[row] = 0
                        continue
                    }
                    let bytes = source.bytes(row)
                    let parsed = bytes.baseAddress.flatMap { base in
                        target == .int ? NumberParsing.int64(base, bytes.count) : TimestampParsing.parse(base, bytes.count)
                    }
                    guard let parsed else {
                        failure = row
                        break
                    }
                    out.base[row] = parsed
                }
                return .int64(out)
            case .float:
                let out = ColumnBuffer<Double>(uninitializedCount: count)
                for row in 0..<count {
                    if isNull(row) {
                        out.base[row] = 0
                        continue
                    }
                    let bytes = source.bytes(row)
                    guard let parsed = bytes.baseAddress.flatMap({ NumberParsing.double($0, bytes.count) }) else {
                        failure = row
                        break
                    }
                    out.base[row] = parsed
                }
                return .float64(out)
            default:
                let out = ColumnBuffer<UInt8>(uninitializedCount: count)
                for row in 0..<count {
                    if isNull(row) {
                        out.base[row] = 0
                        continue
                    }
                    let bytes = source.bytes(row)
                    guard let parsed = bytes.baseAddress.flatMap({ NumberParsing.bool($0, bytes.count) }) else {
                        failure = row
                        break
                    }
                    out.base[row] = parsed ? 1 : 0
                }
                return .bool(out)
            }
        }
        if let failure {
            throw FrameError(
                .parse,
                "cannot cast \(columnReference(name)) to \(target.name): row \(failure) holds \(Column.quoted(strings.string(at: failure)))",
                column: name)
        }
        return retyped(target, newStorage)
    }

    /// A value for an error message: quoted, with long text cut.
    static func quoted(_ text: String) -> String {
        var shown = text
        if text.count > 40 { shown = String(text.prefix(40)) + "…" }
        var escaped = ""
        for character in shown {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"" + escaped + "\""
    }

    /// Every valid value as text, the way tables and `print` show it.
    private func formatted() -> Column {
        var builder = StringColumnBuilder(expectedCount: count)
        for row in 0..<count {
            if isNull(row) {
                builder.appendNull()
                continue
            }
            switch scalar(at: row) {
            case .int(let value): builder.append(String(value))
            case .float(let value): builder.append(NumberFormatting.shortest(value))
            case .bool(let value): builder.append(value ? "true" : "false")
            case .string(let value): builder.append(value)
            case .timestamp(let value): builder.append(NumberFormatting.timestamp(value))
            case .duration(let value): builder.append(NumberFormatting.duration(value))
            case .null: builder.appendNull()
            }
        }
        return builder.finish(name: name)
    }
}
