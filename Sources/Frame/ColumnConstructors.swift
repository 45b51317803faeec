/// Constructors from Swift values, for tests, literals and the runtime.
///
/// `validity`, when given, marks row `i` null where `validity[i]` is false; rows past its end are valid.
extension Column {
    /// An int column.
    public init(name: String, ints: [Int64], validity: [Bool]? = nil) {
        self.init(name: name, type: .int, int64s: ints, validity: validity)
    }

    /// A float column.
    public init(name: String, floats: [Double], validity: [Bool]? = nil) {
        self.init(
            name: name, type: .float, count: floats.count, storage: .float64(ColumnBuffer(floats)),
            validity: Column.bitmap(validity, count: floats.count))
    }

    /// A bool column.
    public init(name: String, bools: [Bool], validity: [Bool]? = nil) {
        self.init(
            name: name, type: .bool, count: bools.count,
            storage: .bool(ColumnBuffer(bools.map { $0 ? 1 : 0 })),
            validity: Column.bitmap(validity, count: bools.count))
    }

    /// A string column; nil entries are nulls.
    public init(name: String, strings: [String?]) {
        var builder = StringColumnBuilder(expectedCount: strings.count)
        for value in strings {
            if let value { builder.append(value) } else { builder.appendNull() }
        }
        self = builder.finish(name: name)
    }

    /// A timestamp column of microseconds since the Unix epoch, UTC.
    public init(name: String, timestamps: [Int64], validity: [Bool]? = nil) {
        self.init(name: name, type: .timestamp, int64s: timestamps, validity: validity)
    }

    /// A duration column of microseconds.
    public init(name: String, durations: [Int64], validity: [Bool]? = nil) {
        self.init(name: name, type: .duration, int64s: durations, validity: validity)
    }

    init(name: String, type: DataType, int64s: [Int64], validity: [Bool]?) {
        self.init(
            name: name, type: type, count: int64s.count, storage: .int64(ColumnBuffer(int64s)),
            validity: Column.bitmap(validity, count: int64s.count))
    }

    /// A column of `count` nulls of the given type.
    public init(name: String, nullsOf type: DataType, count: Int) {
        let count = max(0, count)
        let storage: ColumnStorage
        switch type {
        case .int, .timestamp, .duration: storage = .int64(ColumnBuffer(repeating: 0, count: count))
        case .float: storage = .float64(ColumnBuffer(repeating: 0, count: count))
        case .bool: storage = .bool(ColumnBuffer(repeating: 0, count: count))
        case .string:
            storage = .utf8(
                StringStorage(
                    offsets: ColumnBuffer(repeating: 0, count: count + 1),
                    bytes: ColumnBuffer(uninitializedCount: 0)))
        }
        self.init(name: name, type: type, count: count, storage: storage, validity: Bitmap.allNull(count: count))
    }

    /// Broadcasts a literal to `count` rows. An untyped null becomes an all-null int column
    /// (as DuckDB materialises a bare NULL as INTEGER).
    public init(name: String, repeating value: Scalar, count: Int) throws(FrameError) {
        guard count >= 0 else {
            throw FrameError(.invalidArgument, "row count must not be negative, found \(count)")
        }
        switch value {
        case .null: self.init(name: name, nullsOf: .int, count: count)
        case .int(let v): self.init(name: name, type: .int, repeatingInt64: v, count: count)
        case .timestamp(let v): self.init(name: name, type: .timestamp, repeatingInt64: v, count: count)
        case .duration(let v): self.init(name: name, type: .duration, repeatingInt64: v, count: count)
        case .float(let v):
            self.init(
                name: name, type: .float, count: count, storage: .float64(ColumnBuffer(repeating: v, count: count)),
                validity: nil)
        case .bool(let v):
            self.init(
                name: name, type: .bool, count: count,
                storage: .bool(ColumnBuffer(repeating: v ? 1 : 0, count: count)), validity: nil)
        case .string(let v):
            let utf8 = Array(v.utf8)
            let bytes = ColumnBuffer<UInt8>(uninitializedCount: utf8.count * count)
            let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
            offsets.base[0] = 0
            utf8.withUnsafeBufferPointer { source in
                for row in 0..<count {
                    if let address = source.baseAddress {
                        (bytes.base + row * utf8.count).update(from: address, count: utf8.count)
                    }
                    offsets.base[row + 1] = Int64((row + 1) * utf8.count)
                }
            }
            self.init(
                name: name, type: .string, count: count,
                storage: .utf8(StringStorage(offsets: offsets, bytes: bytes)), validity: nil)
        }
    }

    init(name: String, type: DataType, repeatingInt64 value: Int64, count: Int) {
        self.init(
            name: name, type: type, count: count, storage: .int64(ColumnBuffer(repeating: value, count: count)),
            validity: nil)
    }

    /// A column from boxed values: all non-null values must share a type, except that ints and
    /// floats mix to float. All-null (or empty) input gives an int column.
    public init(name: String, scalars: [Scalar]) throws(FrameError) {
        var type: DataType? = nil
        for value in scalars {
            guard let valueType = value.type else { continue }
            guard let current = type else {
                type = valueType
                continue
            }
            if let common = current.unified(with: valueType) {
                type = common
                continue
            }
            throw FrameError(
                .typeMismatch, "cannot put \(valueType.name) and \(current.name) values in one column",
                column: name)
        }
        let valid = scalars.map { !$0.isNull }
        switch type ?? .int {
        case .int, .timestamp, .duration:
            let values = scalars.map { (value: Scalar) -> Int64 in
                switch value {
                case .int(let v), .timestamp(let v), .duration(let v): return v
                default: return 0
                }
            }
            self.init(name: name, type: type ?? .int, int64s: values, validity: valid)
        case .float:
            let values = scalars.map { (value: Scalar) -> Double in
                switch value {
                case .int(let v): return Double(v)
                case .float(let v): return v
                default: return 0
                }
            }
            self.init(name: name, floats: values, validity: valid)
        case .bool:
            self.init(name: name, bools: scalars.map { $0 == .bool(true) }, validity: valid)
        case .string:
            self.init(
                name: name,
                strings: scalars.map { (value: Scalar) -> String? in
                    if case .string(let s) = value { return s }
                    return nil
                })
        }
    }

    static func bitmap(_ validity: [Bool]?, count: Int) -> Bitmap? {
        guard let validity else { return nil }
        var builder = BitmapBuilder(count: count)
        for row in 0..<min(count, validity.count) where !validity[row] { builder.setNull(row) }
        return builder.finish()
    }
}

/// Appends strings one row at a time into one byte buffer plus offsets.
@usableFromInline struct StringColumnBuilder {
    var bytes: [UInt8] = []
    var offsets: [Int64] = [0]
    var validity: BitmapBuilder?
    var count = 0
    let expectedCount: Int

    @usableFromInline init(expectedCount: Int, expectedBytes: Int = 0) {
        self.expectedCount = expectedCount
        offsets.reserveCapacity(expectedCount + 1)
        bytes.reserveCapacity(expectedBytes)
    }

    mutating func append(_ value: String) {
        bytes.append(contentsOf: value.utf8)
        offsets.append(Int64(bytes.count))
        count += 1
    }

    /// Appends raw bytes that the caller guarantees are valid UTF-8.
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(Int64(bytes.count))
        count += 1
    }

    mutating func appendNull() {
        if validity == nil { validity = BitmapBuilder(count: expectedCount) }
        validity?.setNull(count)
        offsets.append(Int64(bytes.count))
        count += 1
    }

    func finish(name: String) -> Column {
        let storage = StringStorage(offsets: ColumnBuffer(offsets), bytes: ColumnBuffer(bytes))
        return Column(name: name, type: .string, count: count, storage: .utf8(storage), validity: validity?.finish())
    }
}
