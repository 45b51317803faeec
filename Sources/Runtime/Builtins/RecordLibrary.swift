import Lang

/// Builtins on records (ordered named fields).
enum RecordLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "merge", parameters: ["a", "b"], required: 1, acceptsRest: true, signature: "merge(a, b, …)",
                summary: "One record with the fields of all: a later record's field replaces an earlier one's value in its place, new fields follow in order",
                group: "records") { args, _ throws(Diagnostic) in
            var records: [(RecordValue, SourceSpan)] = []
            for index in args.slots.indices {
                guard let slot = args.slots[index] else { continue }
                records.append((try record(slot.value, at: slot.span), slot.span))
            }
            for argument in args.rest { records.append((try record(argument.value, at: argument.span), argument.span)) }
            return .record(merged(records.map(\.0)))
        },
    ]

    /// A record argument, or a diagnostic under it.
    static func record(_ value: Value, at span: SourceSpan) throws(Diagnostic) -> RecordValue {
        guard case .record(let record) = value else {
            throw Diagnostic("merge expects records, found \(value.typeName)", at: span,
                             hint: "records are written {name: value, …}")
        }
        return record
    }

    /// The fields of every record in order of first appearance, each with its last value.
    static func merged(_ records: [RecordValue]) -> RecordValue {
        var keys: [String] = []
        var values: [Value] = []
        for record in records {
            for (key, value) in zip(record.keys, record.values) {
                // Records are small: a linear scan keeps the order deterministic and needs no hashing.
                if let index = keys.firstIndex(of: key) {
                    values[index] = value
                } else {
                    keys.append(key)
                    values.append(value)
                }
            }
        }
        return RecordValue(keys: keys, values: values)
    }
}
