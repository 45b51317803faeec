import Frame

/// A naive, row-by-row CSV reader written from the documented rules, for property tests of the
/// engine's fast, chunked reader: RFC 4180 quoting (a quote only opens a field at its start, `""`
/// inside quotes is a quote), LF or CRLF line ends, blank lines skipped, unquoted empty fields and
/// null tokens null, one type per column inferred from all values (bool → int → float → timestamp
/// → string, int widening to float), typed values trimmed of spaces and tabs.
struct CSVReferenceReader {
    struct Field {
        var bytes: [UInt8]
        var quoted: Bool
        var escaped: Bool
    }

    var delimiter = UInt8(ascii: ",")
    var nullTokens: [String] = ["NA", "null"]

    /// Column names and boxed values, or nil for input this reader does not judge (errors).
    func read(_ input: [UInt8]) -> (names: [String], columns: [[Scalar]], types: [DataType])? {
        guard let records = records(input), let header = records.first else { return nil }
        let width = header.count
        let rows = Array(records.dropFirst())
        if rows.contains(where: { $0.count != width }) { return nil }
        var columns: [[Scalar]] = []
        var types: [DataType] = []
        for column in 0..<width {
            let (type, values) = infer(rows.map { $0[column] })
            columns.append(values)
            types.append(type)
        }
        return (header.map { String(decoding: $0.bytes, as: UTF8.self) }, columns, types)
    }

    func records(_ input: [UInt8]) -> [[Field]]? {
        var records: [[Field]] = []
        var index = 0
        let end = input.count
        while index < end {
            if input[index] == 0x0A { index += 1; continue }
            if input[index] == 0x0D && (index + 1 == end || input[index + 1] == 0x0A) { index += 2; continue }
            var record: [Field] = []
            while true {
                var field = Field(bytes: [], quoted: false, escaped: false)
                if index < end && input[index] == 0x22 {
                    field.quoted = true
                    index += 1
                    while true {
                        guard index < end else { return nil }
                        if input[index] == 0x22 {
                            if index + 1 < end && input[index + 1] == 0x22 {
                                field.bytes.append(0x22)
                                field.escaped = true
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        field.bytes.append(input[index])
                        index += 1
                    }
                    if index < end && input[index] == delimiter {
                        index += 1
                        record.append(field)
                        continue
                    }
                    if index == end || input[index] == 0x0A {
                        index += 1
                    } else if input[index] == 0x0D && (index + 1 == end || input[index + 1] == 0x0A) {
                        index += 2
                    } else {
                        return nil
                    }
                    record.append(field)
                    break
                }
                while index < end && input[index] != delimiter && input[index] != 0x0A {
                    field.bytes.append(input[index])
                    index += 1
                }
                if index < end && input[index] == delimiter {
                    index += 1
                    record.append(field)
                    continue
                }
                if field.bytes.last == 0x0D { field.bytes.removeLast() }
                index += 1
                record.append(field)
                break
            }
            records.append(record)
        }
        return records
    }

    func isToken(_ field: Field) -> Bool {
        !field.quoted && (field.bytes.isEmpty || nullTokens.contains { Array($0.utf8) == field.bytes })
    }

    func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var slice = bytes[...]
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return Array(slice)
    }

    func parsed(_ bytes: [UInt8], as type: DataType) -> Scalar? {
        let text = trimmed(bytes)
        return text.withUnsafeBufferPointer { buffer -> Scalar? in
            guard let p = buffer.baseAddress else { return nil }
            switch type {
            case .bool: return NumberParsing.bool(p, buffer.count).map(Scalar.bool)
            case .int: return NumberParsing.int64(p, buffer.count).map(Scalar.int)
            case .float: return NumberParsing.double(p, buffer.count).map(Scalar.float)
            case .timestamp: return TimestampParsing.parse(p, buffer.count).map(Scalar.timestamp)
            default: return nil
            }
        }
    }

    func infer(_ fields: [Field]) -> (DataType, [Scalar]) {
        let typedNull = { (field: Field) in self.isToken(field) || (field.quoted && field.bytes.isEmpty) }
        var candidates: [DataType] = []
        if let first = fields.first(where: { !typedNull($0) }), !first.escaped {
            for type in [DataType.bool, .int, .float, .timestamp] where parsed(first.bytes, as: type) != nil {
                candidates = type == .int ? [.int, .float] : [type]
                break
            }
        }
        for type in candidates {
            var values: [Scalar] = []
            var fits = true
            for field in fields {
                if typedNull(field) {
                    values.append(.null)
                } else if !field.escaped, let value = parsed(field.bytes, as: type) {
                    values.append(value)
                } else {
                    fits = false
                    break
                }
            }
            if fits { return (type, values) }
        }
        return (.string, fields.map { isToken($0) ? .null : .string(String(decoding: $0.bytes, as: UTF8.self)) })
    }
}
