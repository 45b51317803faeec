/// The bytes of a string column: one UTF-8 buffer and `count + 1` offsets into it.
///
/// Row `i` is `bytes[offsets[i] ..< offsets[i + 1]]`. Null rows hold no bytes by convention,
/// but kernels must not rely on what lies under a null.
public struct StringStorage: Sendable {
    /// `count + 1` monotone offsets into `bytes`, starting at 0.
    public let offsets: ColumnBuffer<Int64>
    /// The UTF-8 text of all rows, back to back (always valid UTF-8 per row).
    public let bytes: ColumnBuffer<UInt8>

    @usableFromInline init(offsets: ColumnBuffer<Int64>, bytes: ColumnBuffer<UInt8>) {
        self.offsets = offsets
        self.bytes = bytes
    }

    /// Number of strings.
    @inlinable public var count: Int { offsets.count - 1 }

    /// The string in row `index` (decoded; for the API edge, not kernels).
    public func string(at index: Int) -> String {
        let start = Int(offsets[index])
        let end = Int(offsets[index + 1])
        return withExtendedLifetime(bytes) {
            String(decoding: UnsafeBufferPointer(start: bytes.base + start, count: end - start), as: UTF8.self)
        }
    }

    /// Byte length of row `index`.
    @inlinable public func byteCount(at index: Int) -> Int {
        Int(offsets.base[index + 1] &- offsets.base[index])
    }
}

/// The physical storage of a column, one case per layout.
public enum ColumnStorage: Sendable {
    /// int, timestamp and duration columns.
    case int64(ColumnBuffer<Int64>)
    case float64(ColumnBuffer<Double>)
    /// One byte per row, 0 or 1.
    case bool(ColumnBuffer<UInt8>)
    case utf8(StringStorage)
    /// Strings as 4-byte codes into a table of distinct strings (type `.string`, like `utf8`): what
    /// the CSV reader builds for low-cardinality text, so filters and sorts move codes, not bytes.
    case dictionary(DictionaryStrings)
}

/// A named, typed column of `count` values with an optional validity bitmap (nil means no nulls).
public struct Column: Sendable {
    /// The column's name (unique within a frame).
    public var name: String
    /// The logical type of every value.
    public let type: DataType
    /// Number of rows.
    public let count: Int
    /// The values; which case matches `type` (int64 for int/timestamp/duration; utf8 or dictionary for string).
    public let storage: ColumnStorage
    /// Which rows are valid; nil when the column has no nulls.
    public let validity: Bitmap?

    /// Assembles a column from storage the caller built; `validity` is dropped if it has no nulls.
    @usableFromInline init(name: String, type: DataType, count: Int, storage: ColumnStorage, validity: Bitmap?) {
        self.name = name
        self.type = type
        self.count = count
        self.storage = storage
        if let validity, validity.nullCount > 0 {
            self.validity = validity
        } else {
            self.validity = nil
        }
    }

    /// Number of null rows.
    public var nullCount: Int { validity?.nullCount ?? 0 }

    /// True when row `row` is null.
    @inlinable public func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !validity.isValid(row)
    }

    /// The value in row `row`, boxed (for display and the API edge, not for kernels).
    public func scalar(at row: Int) -> Scalar {
        if isNull(row) { return .null }
        switch storage {
        case .int64(let values):
            let value = values[row]
            switch type {
            case .timestamp: return .timestamp(value)
            case .duration: return .duration(value)
            default: return .int(value)
            }
        case .float64(let values): return .float(values[row])
        case .bool(let values): return .bool(values[row] != 0)
        case .utf8(let strings): return .string(strings.string(at: row))
        case .dictionary(let strings): return .string(strings.string(at: row))
        }
    }

    /// The same column under another name (storage is shared, not copied).
    public func renamed(_ name: String) -> Column {
        var copy = self
        copy.name = name
        return copy
    }

    /// The Int64 buffer of an int, timestamp or duration column.
    public var int64Values: ColumnBuffer<Int64>? {
        if case .int64(let values) = storage { return values }
        return nil
    }

    /// The Double buffer of a float column.
    public var float64Values: ColumnBuffer<Double>? {
        if case .float64(let values) = storage { return values }
        return nil
    }

    /// The 0/1 byte buffer of a bool column.
    public var boolValues: ColumnBuffer<UInt8>? {
        if case .bool(let values) = storage { return values }
        return nil
    }

    /// The offsets and bytes of a string column (a dictionary column is decoded into new storage
    /// on every call: kernels with a dictionary fast path read `dictionaryValues` first).
    public var stringValues: StringStorage? {
        switch storage {
        case .utf8(let strings): return strings
        case .dictionary(let strings): return strings.decoded(validity: validity)
        default: return nil
        }
    }

    /// The codes and distinct values of a dictionary-encoded string column.
    public var dictionaryValues: DictionaryStrings? {
        if case .dictionary(let strings) = storage { return strings }
        return nil
    }

    /// All values boxed, in order (for tests and small outputs).
    public var scalars: [Scalar] {
        (0..<count).map { scalar(at: $0) }
    }
}

extension Column: Equatable {
    /// Equal when name, type and every value (nulls included) match; NaN equals NaN here so that
    /// tests can compare columns holding NaN.
    public static func == (lhs: Column, rhs: Column) -> Bool {
        guard lhs.name == rhs.name, lhs.type == rhs.type, lhs.count == rhs.count else { return false }
        for row in 0..<lhs.count {
            let left = lhs.scalar(at: row)
            let right = rhs.scalar(at: row)
            if case .float(let a) = left, case .float(let b) = right, a.isNaN && b.isNaN { continue }
            if left != right { return false }
        }
        return true
    }
}
