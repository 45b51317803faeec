/// Fast paths for dictionary-encoded string columns: work once per table entry, then one pass
/// over the 4-byte codes. Each returns nil when its shape does not apply, and the caller falls
/// back to the byte kernels (which decode the column).
enum DictionaryKernels {
    /// A comparison of a dictionary column with a constant string or with another dictionary
    /// column; nil for other shapes.
    static func compare(_ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, count: Int) -> ColumnBuffer<UInt8>? {
        switch (lhs, rhs) {
        case (.column(let column), .scalar(.string(let constant))):
            guard let strings = column.dictionaryValues else { return nil }
            return map(strings.codes, entryResults(op, strings.values, constant, constantOnLeft: false))
        case (.scalar(.string(let constant)), .column(let column)):
            guard let strings = column.dictionaryValues else { return nil }
            return map(strings.codes, entryResults(op, strings.values, constant, constantOnLeft: true))
        case (.column(let left), .column(let right)):
            guard let a = left.dictionaryValues, let b = right.dictionaryValues else { return nil }
            let (leftCodes, rightCodes) = DictionaryMerge.unified(a, b)
            let ranks = leftCodes.ranks()
            switch op {
            case .equal: return compareRanks(CompareEqual.self, leftCodes.codes, rightCodes.codes, ranks)
            case .notEqual: return compareRanks(CompareNotEqual.self, leftCodes.codes, rightCodes.codes, ranks)
            case .less: return compareRanks(CompareLess.self, leftCodes.codes, rightCodes.codes, ranks)
            case .lessEqual: return compareRanks(CompareLessEqual.self, leftCodes.codes, rightCodes.codes, ranks)
            case .greater: return compareRanks(CompareGreater.self, leftCodes.codes, rightCodes.codes, ranks)
            default: return compareRanks(CompareGreaterEqual.self, leftCodes.codes, rightCodes.codes, ranks)
            }
        default:
            return nil
        }
    }

    /// `entry op constant` (or `constant op entry`) for every entry of the table, 0 or 1.
    static func entryResults(_ op: BinaryOperator, _ values: StringStorage, _ constant: String, constantOnLeft: Bool) -> [UInt8] {
        var text = constant
        return text.withUTF8 { constantBytes in
            withExtendedLifetime(values) {
                let entries = ColumnStrings(values)
                return (0..<values.count).map { entry -> UInt8 in
                    let order = constantOnLeft
                        ? compareBytes(constantBytes, entries.bytes(entry)) : compareBytes(entries.bytes(entry), constantBytes)
                    let result: Bool
                    switch op {
                    case .equal: result = order == 0
                    case .notEqual: result = order != 0
                    case .less: result = order < 0
                    case .lessEqual: result = order <= 0
                    case .greater: result = order > 0
                    default: result = order >= 0
                    }
                    return result ? 1 : 0
                }
            }
        }
    }

    /// `table[codes[row]]` for every row, split over the cores for large columns.
    static func map(_ codes: ColumnBuffer<UInt32>, _ table: [UInt8]) -> ColumnBuffer<UInt8> {
        let n = codes.count
        let out = ColumnBuffer<UInt8>(uninitializedCount: n)
        let ranges = RowRanges.count(for: n)
        table.withUnsafeBufferPointer { table in
            let shared = UncheckedSendable((UnsafePointer(codes.base), out.base, table.baseAddress))
            withExtendedLifetime(codes) {
                ParallelWork.run(ranges) { part in
                    let (source, target, table) = shared.value
                    guard let table else { return }
                    for row in RowRanges.range(part, of: ranges, rows: n) { target[row] = table[Int(source[row])] }
                }
            }
        }
        return out
    }

    /// Row by row comparison of two code columns over one table, through the entries' ranks.
    static func compareRanks<Operation: ComparisonOperation>(
        _ operation: Operation.Type, _ left: ColumnBuffer<UInt32>, _ right: ColumnBuffer<UInt32>, _ ranks: [UInt32]
    ) -> ColumnBuffer<UInt8> {
        let n = left.count
        let out = ColumnBuffer<UInt8>(uninitializedCount: n)
        ranks.withUnsafeBufferPointer { ranks in
            withExtendedLifetime((left, right)) {
                for row in 0..<n {
                    out.base[row] = Operation.apply(ranks[Int(left.base[row])], ranks[Int(right.base[row])]) ? 1 : 0
                }
            }
        }
        return out
    }

    /// The row holding each group's smallest or largest string (the first such row on ties; -1
    /// for a group without values), comparing entry ranks instead of bytes.
    static func extremeRows(_ strings: DictionaryStrings, validity: Bitmap?, index: GroupIndex, wantMinimum: Bool) -> [Int] {
        let ranks = strings.ranks()
        var best = [Int](repeating: -1, count: index.groupCount)
        var bestRank = [UInt32](repeating: 0, count: index.groupCount)
        let ids = index.ids.base
        let codes = strings.codes.base
        withExtendedLifetime((strings, index.ids)) {
            ranks.withUnsafeBufferPointer { ranks in
                best.withUnsafeMutableBufferPointer { best in
                    bestRank.withUnsafeMutableBufferPointer { bestRank in
                        forEachValidRow(count: index.rowCount, validity: validity) { row in
                            let group = Int(ids[row])
                            let rank = ranks[Int(codes[row])]
                            if best[group] < 0 || (wantMinimum ? rank < bestRank[group] : rank > bestRank[group]) {
                                best[group] = row
                                bestRank[group] = rank
                            }
                        }
                    }
                }
            }
        }
        return best
    }

    /// A dictionary column concatenated with a constant string (on either side): the table's
    /// entries are extended once and the codes are shared (adding the same text keeps entries distinct).
    static func concatenate(_ lhs: Operand, _ rhs: Operand, validity: Bitmap?, count: Int, name: String) -> Column? {
        let strings: DictionaryStrings
        let constant: String
        let constantFirst: Bool
        switch (lhs, rhs) {
        case (.column(let column), .scalar(.string(let value))):
            guard let values = column.dictionaryValues else { return nil }
            (strings, constant, constantFirst) = (values, value, false)
        case (.scalar(.string(let value)), .column(let column)):
            guard let values = column.dictionaryValues else { return nil }
            (strings, constant, constantFirst) = (values, value, true)
        default:
            return nil
        }
        var builder = StringColumnBuilder(expectedCount: strings.values.count)
        var text = constant
        text.withUTF8 { constantBytes in
            withExtendedLifetime(strings.values) {
                let entries = ColumnStrings(strings.values)
                for entry in 0..<strings.values.count {
                    builder.append(constantFirst ? constantBytes : entries.bytes(entry), constantFirst ? entries.bytes(entry) : constantBytes)
                }
            }
        }
        guard case .utf8(let values) = builder.finish(name: name).storage else { return nil }
        return Column(name: name, type: .string, count: count,
                      storage: .dictionary(DictionaryStrings(codes: strings.codes, values: values)), validity: validity)
    }

    /// `column ?? constant` for a dictionary column: the constant joins the table (unless there
    /// already) and null rows take its code, so no row's bytes are copied.
    static func fillNulls(_ column: Column, _ constant: String, name: String) -> Column? {
        guard let strings = column.dictionaryValues, let validity = column.validity else { return nil }
        var text = constant
        let existing: Int? = text.withUTF8 { constantBytes in
            withExtendedLifetime(strings.values) {
                let entries = ColumnStrings(strings.values)
                return (0..<strings.values.count).first { StringKeyTable.equalBytes(entries.bytes($0), constantBytes) }
            }
        }
        var values = strings.values
        if existing == nil {
            var builder = StringColumnBuilder(expectedCount: strings.values.count + 1)
            withExtendedLifetime(strings.values) {
                let entries = ColumnStrings(strings.values)
                for entry in 0..<strings.values.count { builder.append(entries.bytes(entry)) }
            }
            builder.append(constant)
            guard case .utf8(let extended) = builder.finish(name: name).storage else { return nil }
            values = extended
        }
        let fill = UInt32(truncatingIfNeeded: existing ?? strings.values.count)
        let n = column.count
        let codes = ColumnBuffer<UInt32>(uninitializedCount: n)
        withExtendedLifetime(strings.codes) {
            codes.base.update(from: strings.codes.base, count: n)
        }
        forEachRow(in: 0..<n, validity: validity, { _ in }, null: { row in codes.base[row] = fill })
        return Column(name: name, type: .string, count: n,
                      storage: .dictionary(DictionaryStrings(codes: codes, values: values)), validity: nil)
    }
}

extension StringColumnBuilder {
    /// Appends the concatenation of two byte runs as one row.
    mutating func append(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: first)
        bytes.append(contentsOf: second)
        offsets.append(Int64(bytes.count))
        count += 1
    }
}
