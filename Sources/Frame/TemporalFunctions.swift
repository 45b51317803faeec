/// Temporal column functions: the calendar fields (year, month, day, weekday, hour, minute),
/// `trunc(t, unit)`, `date(year, month, day)` and `timestamp(text)`.
///
/// Each switches on the field or unit once per column, then runs a loop over the Int64 buffer
/// specialised for it; the per-row arithmetic is `TimeField` / `TimeUnit`, which the runtime's
/// scalar builtins share. Nulls propagate; out-of-range results are errors, never wrapped values.
enum TemporalFunctions {
    /// The names `call` accepts.
    static let names = TimeField.allCases.map(\.rawValue) + ["trunc", "date", "timestamp"]

    /// Evaluates `function`, or returns nil when it is not one of `names`.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        if let field = TimeField(rawValue: function) {
            try ColumnFunctions.expectArity(function, values, 1...1)
            if values[0].isNullConstant { return Column(name: name, nullsOf: .int, count: count) }
            let column = try timestamps(values[0], function, count: count, name: name)
            return fields(field, column, name: name)
        }
        switch function {
        case "trunc":
            try ColumnFunctions.expectArity(function, values, 2...2)
            return try truncate(values[0], values[1], count: count, name: name)
        case "date":
            try ColumnFunctions.expectArity(function, values, 3...3)
            return try date(values, count: count, name: name)
        case "timestamp":
            try ColumnFunctions.expectArity(function, values, 1...1)
            return try parse(values[0], count: count, name: name)
        default:
            return nil
        }
    }

    /// The operand as a timestamp column, or a type error with a hint for strings.
    static func timestamps(_ operand: Operand, _ function: String, count: Int, name: String) throws(FrameError) -> Column {
        let column = try operand.materialize(count: count, name: name)
        guard column.type == .timestamp else {
            throw FrameError(.typeMismatch, "\(function) expects a timestamp, found \(column.type.name)", column: column.name,
                             hint: column.type == .string ? "parse the text first with timestamp(...)" : nil)
        }
        return column
    }

    // MARK: fields

    static func fields(_ field: TimeField, _ column: Column, name: String) -> Column {
        guard let input = column.int64Values else { return column }
        let out: ColumnBuffer<Int64>
        switch field {
        case .year: out = mapTimes(YearOf.self, input)
        case .month: out = mapTimes(MonthOf.self, input)
        case .day: out = mapTimes(DayOf.self, input)
        case .weekday: out = mapTimes(WeekdayOf.self, input)
        case .hour: out = mapTimes(HourOf.self, input)
        case .minute: out = mapTimes(MinuteOf.self, input)
        }
        return Column(name: name, type: .int, count: column.count, storage: .int64(out), validity: column.validity)
    }

    /// Applies `Field` to every element (nulls included: their values are ignored, and every Int64 is safe).
    static func mapTimes<Field: TimeFieldFunction>(_ field: Field.Type, _ input: ColumnBuffer<Int64>) -> ColumnBuffer<Int64> {
        let out = ColumnBuffer<Int64>(uninitializedCount: input.count)
        for row in 0..<input.count { out.base[row] = Field.apply(input.base[row]) }
        return out
    }

    // MARK: trunc

    static func truncate(_ value: Operand, _ unitOperand: Operand, count: Int, name: String) throws(FrameError) -> Column {
        // A calendar unit ("day", "month") or a fixed interval (15m, 1d) counted from the epoch.
        let truncation: (Int64) -> Int64?
        switch unitOperand {
        case .scalar(.string(let unitName)):
            guard let unit = TimeUnit(rawValue: unitName) else {
                throw FrameError(.invalidArgument, "trunc does not know the unit \"\(unitName)\"", hint: "the units are \(TimeUnit.spelledOut)")
            }
            truncation = unit.truncate
        case .scalar(.duration(let every)):
            guard every > 0 else { throw FrameError(.invalidArgument, "trunc needs a positive interval") }
            truncation = { TimeUnit.truncate($0, every: every) }
        default:
            throw FrameError(.invalidArgument, "trunc needs a constant unit such as \"day\" or an interval such as 15m, found \(unitOperand.typeName)")
        }
        if value.isNullConstant { return Column(name: name, nullsOf: .timestamp, count: count) }
        let column = try timestamps(value, "trunc", count: count, name: name)
        guard let input = column.int64Values else { return column }
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        var overflow = false
        for row in 0..<count {
            if let start = truncation(input.base[row]) {
                out.base[row] = start
            } else {
                out.base[row] = 0
                overflow = overflow || !column.isNull(row)
            }
        }
        if overflow { throw FrameError(.overflow, "timestamp out of range in trunc", column: column.name) }
        return Column(name: name, type: .timestamp, count: count, storage: .int64(out), validity: column.validity)
    }

    // MARK: date

    /// Midnight of each row's (year, month, day); a date that does not exist is an error naming it.
    static func date(_ values: [Operand], count: Int, name: String) throws(FrameError) -> Column {
        for operand in values {
            if let type = operand.type, type != .int {
                throw FrameError(.typeMismatch, "date expects int year, month and day, found \(type.name)")
            }
        }
        if values.contains(where: \.isNullConstant) { return Column(name: name, nullsOf: .timestamp, count: count) }
        let years = values[0].int64s()
        let months = values[1].int64s()
        let days = values[2].int64s()
        let validity = Bitmap.and(Bitmap.and(values[0].validity, values[1].validity), values[2].validity)
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        var firstInvalid: Int? = nil
        withExtendedLifetime((years, months, days)) {
            for row in 0..<count {
                let (y, m, d) = (element(years, row), element(months, row), element(days, row))
                if let micros = CivilTime.timestamp(year: y, month: m, day: d) {
                    out.base[row] = micros
                } else {
                    out.base[row] = 0
                    if firstInvalid == nil && (validity?.isValid(row) ?? true) { firstInvalid = row }
                }
            }
        }
        if let row = firstInvalid {
            let (y, m, d) = (element(years, row), element(months, row), element(days, row))
            throw FrameError(.invalidArgument, "date(\(y), \(m), \(d)) is not a day: \(CivilTime.invalidDateMessage(year: y, month: m, day: d))")
        }
        return Column(name: name, type: .timestamp, count: count, storage: .int64(out), validity: validity)
    }

    @inline(__always) static func element(_ source: Fixed<Int64>, _ row: Int) -> Int64 {
        switch source {
        case .buffer(let values): return values.base[row]
        case .constant(let value): return value
        }
    }

    // MARK: timestamp

    /// Parses a string column with the CSV reader's timestamp grammar; a timestamp column passes through.
    static func parse(_ operand: Operand, count: Int, name: String) throws(FrameError) -> Column {
        if operand.isNullConstant { return Column(name: name, nullsOf: .timestamp, count: count) }
        let column = try operand.materialize(count: count, name: name)
        if column.type == .timestamp { return column }
        guard let strings = column.stringValues else {
            throw FrameError(.typeMismatch, "timestamp expects a string, found \(column.type.name)", column: column.name)
        }
        let out = ColumnBuffer<Int64>(uninitializedCount: count)
        var firstInvalid: Int? = nil
        withExtendedLifetime(strings) {
            let rows = ColumnStrings(strings)
            for row in 0..<count {
                let text = rows.bytes(row)
                if let base = text.baseAddress, let micros = TimestampParsing.parse(base, text.count) {
                    out.base[row] = micros
                } else {
                    out.base[row] = 0
                    if firstInvalid == nil && !column.isNull(row) { firstInvalid = row }
                }
            }
        }
        if let row = firstInvalid {
            throw FrameError(.parse, "cannot read \(quotedText(strings.string(at: row))) as a timestamp", column: column.name,
                             hint: TimestampParsing.acceptedForms)
        }
        return Column(name: name, type: .timestamp, count: count, storage: .int64(out), validity: column.validity)
    }

    static func quotedText(_ text: String) -> String {
        var out = "\""
        for character in text.prefix(40) {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + (text.count > 40 ? "…\"" : "\"")
    }
}

/// A calendar field computed from microseconds, specialised per field so the loop has no switch.
protocol TimeFieldFunction {
    static func apply(_ micros: Int64) -> Int64
}

enum YearOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.year.value(of: micros) } }
enum MonthOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.month.value(of: micros) } }
enum DayOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.day.value(of: micros) } }
enum WeekdayOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.weekday.value(of: micros) } }
enum HourOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.hour.value(of: micros) } }
enum MinuteOf: TimeFieldFunction { @inline(__always) static func apply(_ micros: Int64) -> Int64 { TimeField.minute.value(of: micros) } }
