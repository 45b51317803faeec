/// Builds a column of a type known up front from values appended in row order: what a caller
/// outside the engine (the runtime's `frame()`) uses to turn its own values into a column without
/// an intermediate array of optionals.
///
/// The row count is fixed at creation; appends past it are ignored, a value the column's type
/// cannot hold is appended as null, and `finish` fills rows never appended with nulls.
public struct ColumnAppender {
    /// The column's name.
    public let name: String
    /// The column's type.
    public let type: DataType
    /// The rows the column will have.
    public let count: Int
    /// Rows appended so far.
    public private(set) var appended = 0
    private let int64s: ColumnBuffer<Int64>?
    private let doubles: ColumnBuffer<Double>?
    private let bools: ColumnBuffer<UInt8>?
    private var strings: StringColumnBuilder?
    private var validity: BitmapBuilder

    /// An appender for `count` rows of `type`.
    public init(name: String, type: DataType, count: Int) {
        let count = max(0, count)
        self.name = name
        self.type = type
        self.count = count
        validity = BitmapBuilder(count: count)
        switch type {
        case .int, .timestamp, .duration:
            (int64s, doubles, bools, strings) = (ColumnBuffer(uninitializedCount: count), nil, nil, nil)
        case .float:
            (int64s, doubles, bools, strings) = (nil, ColumnBuffer(uninitializedCount: count), nil, nil)
        case .bool:
            (int64s, doubles, bools, strings) = (nil, nil, ColumnBuffer(uninitializedCount: count), nil)
        case .string:
            (int64s, doubles, bools, strings) = (nil, nil, nil, StringColumnBuilder(expectedCount: count))
        }
    }

    /// Whether another row fits.
    private var hasRoom: Bool { appended < count }

    /// Appends an int, timestamp or duration (microseconds) value, or an int to a float column.
    public mutating func append(_ value: Int64) {
        guard hasRoom else { return }
        if let int64s {
            int64s.base[appended] = value
        } else if let doubles {
            doubles.base[appended] = Double(value)
        } else {
            return appendNull()
        }
        appended += 1
    }

    /// Appends a float (to a float column).
    public mutating func append(_ value: Double) {
        guard hasRoom else { return }
        guard let doubles else { return appendNull() }
        doubles.base[appended] = value
        appended += 1
    }

    /// Appends a bool (to a bool column).
    public mutating func append(_ value: Bool) {
        guard hasRoom else { return }
        guard let bools else { return appendNull() }
        bools.base[appended] = value ? 1 : 0
        appended += 1
    }

    /// Appends a string (to a string column).
    public mutating func append(_ value: String) {
        guard hasRoom else { return }
        guard strings != nil else { return appendNull() }
        strings?.append(value)
        appended += 1
    }

    /// Appends a null row.
    public mutating func appendNull() {
        guard hasRoom else { return }
        validity.setNull(appended)
        if let int64s { int64s.base[appended] = 0 }
        if let doubles { doubles.base[appended] = 0 }
        if let bools { bools.base[appended] = 0 }
        strings?.appendNull()
        appended += 1
    }

    /// The finished column; rows never appended are null.
    public mutating func finish() -> Column {
        while hasRoom { appendNull() }
        let storage: ColumnStorage
        if let int64s {
            storage = .int64(int64s)
        } else if let doubles {
            storage = .float64(doubles)
        } else if let bools {
            storage = .bool(bools)
        } else {
            let built = strings?.finish(name: name).stringValues
            storage = .utf8(built ?? StringStorage(
                offsets: ColumnBuffer(repeating: 0, count: count + 1), bytes: ColumnBuffer(uninitializedCount: 0)))
        }
        return Column(name: name, type: type, count: count, storage: storage, validity: validity.finish())
    }
}
