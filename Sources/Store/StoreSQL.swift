import Frame

/// Small conveniences over Frame's SQLite wrapper: bind a list of values, read a row as values, and
/// run cached statements. Registry rows are few and small, so they travel as `Scalar`s; bulk data
/// goes through the frame reader and writer instead.
extension SQLiteStatement {
    /// Binds `values` to parameters 1, 2, … in order.
    func bindAll(_ values: [Scalar]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() { try bind(value, at: offset + 1) }
    }

    /// Column `index` of the current row as a value: integers as int, reals as float, text as
    /// string, NULL (and blobs, which the store never writes here) as null.
    func value(at index: Int) -> Scalar {
        switch columnType(index) {
        case .integer: .int(int64(at: index))
        case .float: .float(double(at: index))
        case .text: string(at: index).map(Scalar.string) ?? .null
        case .blob, .null: .null
        }
    }
}

extension FeatureStore {
    /// A compiled statement for `sql`, compiled once per store and reused (reset, bindings cleared).
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] {
            try cached.reset()
            cached.clearBindings()
            return cached
        }
        let prepared = try connection.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    /// Runs one statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [Scalar] = []) throws(SQLiteError) -> Int {
        let prepared = try statement(sql)
        try prepared.bindAll(values)
        try prepared.run()
        try prepared.reset()
        return connection.changes
    }

    /// Every row of one query, as values.
    func rows(_ sql: String, _ values: [Scalar] = []) throws(SQLiteError) -> [[Scalar]] {
        let prepared = try statement(sql)
        try prepared.bindAll(values)
        var result: [[Scalar]] = []
        let width = prepared.columnCount
        while try prepared.step() {
            var row: [Scalar] = []
            row.reserveCapacity(width)
            for index in 0..<width { row.append(prepared.value(at: index)) }
            result.append(row)
        }
        try prepared.reset()
        return result
    }

    /// The first row of one query, if any.
    func firstRow(_ sql: String, _ values: [Scalar] = []) throws(SQLiteError) -> [Scalar]? {
        let prepared = try statement(sql)
        try prepared.bindAll(values)
        defer { try? prepared.reset() }
        guard try prepared.step() else { return nil }
        return (0..<prepared.columnCount).map { prepared.value(at: $0) }
    }

    /// Runs `body` in one immediate transaction (a savepoint inside another): it commits when
    /// `body` returns and rolls back when it throws, so a store is never half written.
    func writing<T>(_ action: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try connection.transaction(.immediate, body)
        } catch {
            throw writeFailure(error, action)
        }
    }

    /// Runs `body`, turning database and frame failures into store errors naming `action`.
    func reading<T>(_ action: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError.wrap(error, action)
        }
    }
}

extension Scalar {
    /// The integer inside an int, timestamp or duration value.
    var integerValue: Int64? {
        switch self {
        case .int(let v), .timestamp(let v), .duration(let v): v
        default: nil
        }
    }

    /// The number inside an int or float value.
    var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .float(let v): v
        default: nil
        }
    }

    /// The text inside a string value.
    var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }
}
