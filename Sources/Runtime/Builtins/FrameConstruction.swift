import Frame
import Lang

/// `frame(…)`: a frame from a record of columns (lists or single values) or from a list of row records.
///
/// Each column's type is inferred from its values: all ints → int; ints and floats → float; bools,
/// strings, timestamps or durations → that type; nulls anywhere. A column of nothing but nulls (or
/// no values, as `range(0)`) is an int column: the engine's one rule for an untyped null, as in
/// `with(x: null)` and `if_else(c, null, null)`. A nested list or record, or values of two types that do not mix,
/// is an error naming the column and the row.
enum FrameConstruction {
    /// The frame `frame(value)` builds.
    static func frame(_ value: Value, _ args: Arguments) throws(Diagnostic) -> DataFrame {
        switch value {
        case .record(let record): return try fromColumns(record, args)
        case .list(let list): return try fromRows(list, args)
        default:
            throw args.error(
                0, "frame expects a record of columns such as {a: [1, 2], b: \"x\"} or a list of row records, found \(value.typeName)")
        }
    }

    /// Columns in record order; single values are repeated to the lists' common length (one row
    /// when there are no lists).
    static func fromColumns(_ record: RecordValue, _ args: Arguments) throws(Diagnostic) -> DataFrame {
        var height: Int? = nil
        var heightColumn = ""
        for (name, value) in zip(record.keys, record.values) {
            switch value {
            case .list(let list):
                try checkRows(list.count, args)
                if let height, list.count != height {
                    throw args.error(
                        0, "frame's columns differ in length: \(columnReference(heightColumn)) has \(height) values and \(columnReference(name)) has \(list.count)")
                }
                height = list.count
                heightColumn = name
            case .null, .bool, .int, .float, .string, .duration, .timestamp:
                continue
            default:
                let found = value.typeName == "column expression" ? "a column expression" : "a \(value.typeName)"
                throw args.error(
                    0, "frame's column \(columnReference(name)) is \(found); a column is a list or a single value",
                    hint: value.typeName == "column expression" ? "compute columns from others with with(df, name: …)" : nil)
            }
        }
        let rows = height ?? (record.keys.isEmpty ? 0 : 1)
        var columns: [Column] = []
        columns.reserveCapacity(record.keys.count)
        for (name, value) in zip(record.keys, record.values) {
            if case .list(let list) = value {
                columns.append(try column(name, list, args))
            } else {
                columns.append(try broadcast(name, value, rows: rows, args))
            }
        }
        return try engine(at: args.span(0)) { () throws(FrameError) in try DataFrame(columns: columns) }
    }

    /// Rows as records: columns in the order their names first appear, a missing field null.
    static func fromRows(_ list: ListValue, _ args: Arguments) throws(Diagnostic) -> DataFrame {
        try checkRows(list.count, args)
        var names: [String] = []
        var positions: [String: Int] = [:]
        var cells: [[Value]] = []
        for row in 0..<list.count {
            guard case .record(let record) = list[row] else {
                throw args.error(
                    0, "frame's rows must be records such as {a: 1, b: \"x\"}; row \(row) is \(article(list[row].typeName))")
            }
            for (name, value) in zip(record.keys, record.values) {
                let position: Int
                if let known = positions[name] {
                    position = known
                } else {
                    position = names.count
                    positions[name] = position
                    names.append(name)
                    cells.append([Value](repeating: .null, count: list.count))
                }
                cells[position][row] = value
            }
        }
        var columns: [Column] = []
        columns.reserveCapacity(names.count)
        for (name, values) in zip(names, cells) {
            columns.append(try column(name, ListValue(values), args))
        }
        return try engine(at: args.span(0)) { () throws(FrameError) in try DataFrame(columns: columns) }
    }

    /// Refuses a frame taller than a list may be (a lazy range can describe billions of rows).
    static func checkRows(_ count: Int, _ args: Arguments) throws(Diagnostic) {
        guard count <= maximumListLength else {
            throw args.error(0, "frame would have \(count) rows (at most \(maximumListLength))")
        }
    }

    /// One value repeated `rows` times; a null is an int column of nulls (the untyped-null rule).
    static func broadcast(_ name: String, _ value: Value, rows: Int, _ args: Arguments) throws(Diagnostic) -> Column {
        guard let scalar = value.scalar, !scalar.isNull else { return Column(name: name, nullsOf: .int, count: rows) }
        return try engine(at: args.span(0)) { () throws(FrameError) in try Column(name: name, repeating: scalar, count: rows) }
    }

    /// A list's values as a column: one pass to infer the type, one to fill typed buffers. Elements
    /// are read by index, so a `range` list is never expanded into an array of values.
    static func column(_ name: String, _ list: ListValue, _ args: Arguments) throws(Diagnostic) -> Column {
        let count = list.count
        var type: DataType? = nil
        for row in 0..<count {
            let value = list[row]
            let valueType: DataType
            switch value {
            case .null: continue
            case .int: valueType = .int
            case .float: valueType = .float
            case .bool: valueType = .bool
            case .string: valueType = .string
            case .timestamp: valueType = .timestamp
            case .duration: valueType = .duration
            default:
                throw args.error(
                    0, "frame's column \(columnReference(name)) holds \(article(value.typeName)) at row \(row); a column holds single values")
            }
            guard let current = type else {
                type = valueType
                continue
            }
            if let common = current.unified(with: valueType) {
                type = common
                continue
            }
            throw args.error(
                0, "frame's column \(columnReference(name)) mixes \(current.name) and \(valueType.name) values: row \(row) is \(article(valueType.name))",
                hint: "cast the values to one type first")
        }
        var appender = ColumnAppender(name: name, type: type ?? .int, count: count)
        for row in 0..<count {
            switch list[row] {
            case .int(let v), .timestamp(let v), .duration(let v): appender.append(v)
            case .float(let v): appender.append(v)
            case .bool(let v): appender.append(v)
            case .string(let v): appender.append(v)
            default: appender.appendNull()
            }
        }
        return appender.finish()
    }

    /// "an int", "a string": a type name with its article.
    static func article(_ typeName: String) -> String {
        guard let first = typeName.first else { return typeName }
        return ("aeiou".contains(first) ? "an " : "a ") + typeName
    }
}
