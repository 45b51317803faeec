import Frame

/// Builds one typed column from values read row by row (online lookups), without boxing: one
/// array of the type's storage plus a validity array.
struct ColumnBuilder {
    let name: String
    let type: DataType
    private var integers: [Int64] = []
    private var floats: [Double] = []
    private var bools: [Bool] = []
    private var strings: [String?] = []
    private var valid: [Bool] = []

    init(name: String, type: DataType, capacity: Int = 0) {
        self.name = name
        self.type = type
        valid.reserveCapacity(capacity)
    }

    /// Appends column `index` of the statement's current row (NULL, or a NaN float, as null).
    mutating func append(from statement: SQLiteStatement, at index: Int) {
        if statement.isNull(at: index) {
            appendNull()
            return
        }
        switch type {
        case .int, .timestamp, .duration: integers.append(statement.int64(at: index))
        case .float:
            let value = statement.double(at: index)
            floats.append(value)
            valid.append(!value.isNaN)
            return
        case .bool: bools.append(statement.int64(at: index) != 0)
        case .string: strings.append(statement.string(at: index) ?? "")
        }
        valid.append(true)
    }

    /// Appends row `row` of a column of the same type.
    mutating func append(from column: Column, row: Int) {
        if column.isNull(row) {
            appendNull()
            return
        }
        switch column.scalar(at: row) {
        case .int(let v), .timestamp(let v), .duration(let v): integers.append(v)
        case .float(let v): floats.append(v)
        case .bool(let v): bools.append(v)
        case .string(let v): strings.append(v)
        case .null:
            appendNull()
            return
        }
        valid.append(true)
    }

    /// Appends a null.
    mutating func appendNull() {
        switch type {
        case .int, .timestamp, .duration: integers.append(0)
        case .float: floats.append(0)
        case .bool: bools.append(false)
        case .string: strings.append(nil)
        }
        valid.append(false)
    }

    /// The finished column.
    func finish() -> Column {
        switch type {
        case .int: Column(name: name, ints: integers, validity: valid)
        case .timestamp: Column(name: name, timestamps: integers, validity: valid)
        case .duration: Column(name: name, durations: integers, validity: valid)
        case .float: Column(name: name, floats: floats, validity: valid)
        case .bool: Column(name: name, bools: bools, validity: valid)
        case .string: Column(name: name, strings: strings)
        }
    }
}
