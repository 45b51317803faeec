import Frame

/// Maps a multiclass label or prediction column onto class indices `0..<classes.count`.
///
/// String columns match a class's label byte for byte; int and bool columns match labels that
/// spell the same integer (`"3"`, or `"0"`/`"1"`, `"true"`/`"false"` for bools); float columns
/// match labels that parse to the same number. Nulls become -1; any other value is an error, so a
/// typo in a class name cannot pass silently.
enum ClassLabels {
    static func codes(
        _ column: Column, classes: [String], order: [Int]?, role: String
    ) throws(MonitorError) -> [Int32] {
        // Dictionary strings are matched as plain text.
        if column.isDictionaryEncoded { return try codes(column.plainEncoded(), classes: classes, order: order, role: role) }
        let n = column.count
        var codes = [Int32](repeating: -1, count: n)
        let validity = column.validity
        var unknownRow: Int? = nil
        switch column.storage {
        case .utf8(let strings):
            let labels = classes.map { Array($0.utf8) }
            strings.offsets.withUnsafeBufferPointer { offsets in
                strings.bytes.withUnsafeBufferPointer { bytes in
                    for i in 0..<n {
                        let row = order?[i] ?? i
                        if let validity, !validity.isValid(row) { continue }
                        let start = Int(offsets[row])
                        let length = Int(offsets[row + 1]) - start
                        var found: Int32 = -1
                        for (k, label) in labels.enumerated() where label.count == length {
                            var same = true
                            for b in 0..<length where bytes[start + b] != label[b] {
                                same = false
                                break
                            }
                            if same {
                                found = Int32(k)
                                break
                            }
                        }
                        if found < 0 {
                            unknownRow = row
                            return
                        }
                        codes[i] = found
                    }
                }
            }
        case .int64(let buffer):
            let values = classes.map { Int64($0) }
            buffer.withUnsafeBufferPointer { source in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    guard let k = values.firstIndex(of: source[row]) else {
                        unknownRow = row
                        return
                    }
                    codes[i] = Int32(k)
                }
            }
        case .float64(let buffer):
            let values = classes.map { Double($0) }
            buffer.withUnsafeBufferPointer { source in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    if source[row].isNaN { continue }
                    guard let k = values.firstIndex(of: source[row]) else {
                        unknownRow = row
                        return
                    }
                    codes[i] = Int32(k)
                }
            }
        case .bool(let buffer):
            let values = classes.map { label -> UInt8? in
                switch label.lowercased() {
                case "true", "1": return 1
                case "false", "0": return 0
                default: return nil
                }
            }
            buffer.withUnsafeBufferPointer { source in
                for i in 0..<n {
                    let row = order?[i] ?? i
                    if let validity, !validity.isValid(row) { continue }
                    guard let k = values.firstIndex(of: source[row] == 0 ? 0 : 1) else {
                        unknownRow = row
                        return
                    }
                    codes[i] = Int32(k)
                }
            }
        case .dictionary:
            break  // decoded above
        }
        if column.type == .timestamp || column.type == .duration {
            throw MonitorError(
                .wrongType, "column '\(column.name)' (\(role)) is \(column.type.name), expected class labels",
                column: column.name)
        }
        if let row = unknownRow {
            let shown = classes.map { "'\($0)'" }.joined(separator: ", ")
            throw MonitorError(
                .outOfRange,
                "column '\(column.name)' (\(role)) holds '\(ClassLabels.describe(column, row))' at row \(row), "
                    + "not one of the classes \(shown)",
                column: column.name)
        }
        return codes
    }

    /// A cell as text, for messages.
    static func describe(_ column: Column, _ row: Int) -> String {
        switch column.scalar(at: row) {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .float(let value): return String(value)
        case .bool(let value): return String(value)
        default: return "?"
        }
    }
}
