import Lang

/// Builtins over lists (and, where it makes sense, strings and frames).
enum ListLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "len", parameters: ["value"], elementwise: true, signature: "len(value)",
                summary: "Length of a list, a string (in Unicode code points, as on columns), a record or a frame (in rows)",
                group: "lists") { args, _ throws(Diagnostic) in
            let value = try args.required(0, "value")
            switch value {
            case .list(let list): return .int(Int64(list.count))
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .record(let r): return .int(Int64(r.keys.count))
            case .host(let object as FrameValue): return .int(Int64(object.frame.height))
            case .null: return .null
            default: throw args.error(0, "len expects a list, string or frame, found \(value.typeName)")
            }
        },
        Builtin(name: "range", parameters: ["start", "end", "step"], required: 1, signature: "range(start, end, step: 1)",
                summary: "Integers from start up to (not including) end; range(n) is 0..n-1; kept as its bounds, so len, sum, mean, min, max, first and last build no list", group: "lists") { args, _ throws(Diagnostic) in
            var start = try args.int(0, "start")
            var end: Int64
            if args.value(1) == nil { end = start; start = 0 } else { end = try args.int(1, "end") }
            let step = try args.int(2, "step", default: 1)
            guard step != 0 else { throw args.error(2, "range step must not be zero") }
            let (distance, overflow) = end.subtractingReportingOverflow(start)
            guard !overflow else { throw Diagnostic("range from \(start) to \(end) is too large", at: args.callSpan) }
            // Every element lies between start and end, so none of them overflows.
            let count: Int64
            if step > 0 {
                count = distance <= 0 ? 0 : (distance - 1) / step + 1
            } else {
                count = distance >= 0 ? 0 : (distance + 1) / step + 1
            }
            return .list(ListValue(rangeFrom: start, step: step, count: Int(count)))
        },
        Builtin(name: "map", parameters: ["list", "function"], signature: "map(list, function)",
                summary: "Applies a function to each element", group: "lists") { args, vm throws(Diagnostic) in
            let list = try args.listValue(0, "list")
            let function = try args.function(1, "function")
            try checkMaterializable(list, args)
            var out: [Value] = []
            out.reserveCapacity(list.count)
            for index in 0..<list.count {
                out.append(try vm.call(function, list[index], at: args.span(1)))
            }
            return .list(ListValue(out))
        },
        Builtin(name: "reduce", parameters: ["list", "function", "initial"], signature: "reduce(list, function, initial)",
                summary: "Folds a list from the left: function(accumulator, element)", group: "lists") { args, vm throws(Diagnostic) in
            let list = try args.listValue(0, "list")
            let function = try args.function(1, "function")
            var accumulator = try args.required(2, "initial")
            for index in 0..<list.count {
                accumulator = try vm.call(function, accumulator, list[index], at: args.span(1))
            }
            return accumulator
        },
        Builtin(name: "sum", parameters: ["list"], signature: "sum(list)",
                summary: "Sum of the numbers in a list or column (nulls skipped)", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if let range = progression(args) {
                guard let total = Int64(exactly: progressionSum(range)) else { throw args.error(0, "integer overflow in sum") }
                return .int(total)
            }
            return try numericFold(args) { items in items.reduce(0, +) }
        },
        Builtin(name: "mean", parameters: ["list"], signature: "mean(list)",
                summary: "Arithmetic mean of the numbers in a list or column (nulls skipped)", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if let range = progression(args) {
                return range.count == 0 ? .null : .float(Double(progressionSum(range)) / Double(range.count))
            }
            let items = try numbers(args)
            return items.isEmpty ? .null : .float(items.reduce(0, +) / Double(items.count))
        },
        Builtin(name: "min", parameters: ["list"], acceptsRest: true, signature: "min(list) or min(a, b, …)",
                summary: "Smallest element of a list or column, or of the arguments", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if let range = progression(args) { return progressionEnd(range, lowest: true) }
            return try extreme(args, wantLess: true)
        },
        Builtin(name: "max", parameters: ["list"], acceptsRest: true, signature: "max(list) or max(a, b, …)",
                summary: "Largest element of a list or column, or of the arguments", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if let range = progression(args) { return progressionEnd(range, lowest: false) }
            return try extreme(args, wantLess: false)
        },
    ] + ListLibrary.shaping

    /// Builtins that pick, reorder or reshape list elements.
    static let shaping: [Builtin] = [
        Builtin(name: "first", parameters: ["list"], signature: "first(list)",
                summary: "The first element of a list or column (null included), or null when empty", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if args.value(0) == nil { return .null }
            let list = try args.listValue(0, "list")
            return list.count == 0 ? .null : list[0]
        },
        Builtin(name: "last", parameters: ["list"], signature: "last(list)",
                summary: "The last element of a list or column (null included), or null when empty", group: "lists") { args, _ throws(Diagnostic) in
            if let call = AggregateLibrary.columnCall(args) { return call }
            if args.value(0) == nil { return .null }
            let list = try args.listValue(0, "list")
            return list.count == 0 ? .null : list[list.count - 1]
        },
        Builtin(name: "reverse", parameters: ["list"], signature: "reverse(list)",
                summary: "The elements in reverse order", group: "lists") { args, _ throws(Diagnostic) in
            if args.value(0) == nil { return .null }
            return .list(ListValue(try args.list(0, "list").reversed()))
        },
        Builtin(name: "zip", parameters: ["a", "b"], required: 1, acceptsRest: true, signature: "zip(a, b, …)",
                summary: "Lists of the i-th elements of each list, as long as the shortest", group: "lists") { args, _ throws(Diagnostic) in
            var lists: [[Value]] = []
            for index in args.slots.indices where args.slots[index] != nil {
                lists.append(try args.list(index, index == 0 ? "a" : "b"))
            }
            for argument in args.rest {
                guard case .list(let list) = argument.value else {
                    throw Diagnostic("zip expects lists, found \(argument.value.typeName)", at: argument.span)
                }
                try checkMaterializable(list, args)
                lists.append(list.items)
            }
            let length = lists.map(\.count).min() ?? 0
            return .list(ListValue((0..<length).map { row in .list(ListValue(lists.map { $0[row] })) }))
        },
        Builtin(name: "enumerate", parameters: ["list", "start"], required: 1, signature: "enumerate(list, start: 0)",
                summary: "[index, element] pairs, counting from start", group: "lists") { args, _ throws(Diagnostic) in
            if args.value(0) == nil { return .null }
            let items = try args.list(0, "list")
            let start = try args.int(1, "start", default: 0)
            guard items.isEmpty || start <= Int64.max - Int64(items.count - 1) else {
                throw args.error(1, "integer overflow in enumerate: start \(start) is too large")
            }
            return .list(ListValue(items.enumerated().map { .list([.int(start + Int64($0.offset)), $0.element]) }))
        },
        Builtin(name: "flatten", parameters: ["list"], signature: "flatten(list)",
                summary: "Concatenates the lists inside a list, one level deep; other elements stay as they are",
                group: "lists") { args, _ throws(Diagnostic) in
            if args.value(0) == nil { return .null }
            var out: [Value] = []
            for item in try args.list(0, "list") {
                if case .list(let inner) = item {
                    guard out.count + inner.count <= maximumListLength else {
                        throw Diagnostic("flatten would build a list of more than \(maximumListLength) elements", at: args.callSpan)
                    }
                    out.append(contentsOf: inner.items)
                } else {
                    out.append(item)
                }
            }
            return .list(ListValue(out))
        },
        Builtin(name: "unique", parameters: ["list"], signature: "unique(list)",
                summary: "The distinct elements in first-occurrence order (1 and 1.0 are equal; NaNs count as one)",
                group: "lists") { args, _ throws(Diagnostic) in
            if args.value(0) == nil { return .null }
            return .list(ListValue(distinct(try args.list(0, "list"))))
        },
    ]

    /// The distinct values of `items`, in first-occurrence order.
    ///
    /// Plain values are found through a hash table used for lookups only (never iterated, so the
    /// output order cannot depend on Swift's per-process hash seed); lists and records compare pairwise.
    static func distinct(_ items: [Value]) -> [Value] {
        var seen = Set<DistinctKey>()
        var nested: [Value] = []
        var out: [Value] = []
        for item in items {
            if let key = DistinctKey(item) {
                if seen.insert(key).inserted { out.append(item) }
            } else if !nested.contains(where: { $0.isEqual(to: item) }) {
                nested.append(item)
                out.append(item)
            }
        }
        return out
    }

    /// The bounds of parameter 0 when it is a list made by `range` (and no more arguments follow),
    /// so that reductions over millions of integers need not build them.
    static func progression(_ args: Arguments) -> (start: Int64, step: Int64, count: Int)? {
        guard args.rest.isEmpty, case .list(let list)? = args.value(0) else { return nil }
        return list.progression
    }

    /// The exact sum of a progression (`count · start + step · count(count − 1)/2`).
    static func progressionSum(_ range: (start: Int64, step: Int64, count: Int)) -> Int128 {
        let count = Int128(range.count)
        return count * Int128(range.start) + Int128(range.step) * (count * (count - 1) / 2)
    }

    /// The smallest or largest element of a progression; null when it is empty.
    static func progressionEnd(_ range: (start: Int64, step: Int64, count: Int), lowest: Bool) -> Value {
        guard range.count > 0 else { return .null }
        let last = range.start &+ range.step &* Int64(range.count - 1)
        return .int((range.step > 0) == lowest ? range.start : last)
    }

    /// The non-null numbers of parameter 0, which must be a list of numbers.
    static func numbers(_ args: Arguments) throws(Diagnostic) -> [Double] {
        var out: [Double] = []
        for item in try args.list(0, "list") {
            switch item {
            case .int(let i): out.append(Double(i))
            case .float(let f): out.append(f)
            case .null: continue
            default: throw args.error(0, "\(args.callee) expects a list of numbers, found a \(item.typeName) in it")
            }
        }
        return out
    }

    /// Sums ints exactly (with overflow detection) and anything else as floats.
    static func numericFold(_ args: Arguments, _ fold: ([Double]) -> Double) throws(Diagnostic) -> Value {
        let items = try args.list(0, "list")
        var total: Int64 = 0
        var allInts = true
        for item in items {
            if case .int(let i) = item {
                let (next, overflow) = total.addingReportingOverflow(i)
                if overflow { throw args.error(0, "integer overflow in sum") }
                total = next
            } else if !item.isNull {
                allInts = false
            }
        }
        if allInts { return .int(total) }
        return .float(fold(try numbers(args)))
    }

    static func extreme(_ args: Arguments, wantLess: Bool) throws(Diagnostic) -> Value {
        var candidates: [Value]
        if args.rest.isEmpty {
            candidates = try args.list(0, "list")
        } else {
            candidates = [try args.required(0, "list")] + args.rest.map(\.value)
        }
        candidates.removeAll { $0.isNull }
        guard var best = candidates.first else { return .null }
        for item in candidates.dropFirst() {
            guard let order = item.order(relativeTo: best) else {
                throw Diagnostic("\(args.callee) cannot compare \(item.typeName) and \(best.typeName)", at: args.callSpan)
            }
            if wantLess ? order < 0 : order > 0 { best = item }
        }
        return best
    }
}

/// A hashable stand-in for a plain value, equal exactly when the values are (`1` and `1.0` share a key).
enum DistinctKey: Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A float that is not an integer, by bit pattern (all NaNs share one key).
    case float(UInt64)
    case string(String)
    case duration(Int64)
    case timestamp(Int64)
    /// A function or host object, by identity.
    case object(ObjectIdentifier)

    /// The key of a plain value, or nil for lists and records (compared structurally instead).
    init?(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .float(let f):
            if let exact = Int64(exactly: f) {
                self = .int(exact)
            } else {
                self = .float(f.isNaN ? Double.nan.bitPattern : f.bitPattern)
            }
        case .string(let s): self = .string(s)
        case .duration(let d): self = .duration(d)
        case .timestamp(let t): self = .timestamp(t)
        case .closure(let c): self = .object(ObjectIdentifier(c))
        case .builtin(let b): self = .object(ObjectIdentifier(b))
        case .host(let h): self = .object(ObjectIdentifier(h))
        case .list, .record, .column: return nil
        }
    }
}

/// Lists that would be built element by element beyond this size are refused up front: a lazy
/// `range` can describe far more elements than memory can hold.
let maximumListLength = 100_000_000

/// Throws when building a list as long as `list` would exhaust memory.
func checkMaterializable(_ list: ListValue, _ args: Arguments) throws(Diagnostic) {
    guard list.count <= maximumListLength else {
        throw Diagnostic("\(args.callee) would build a list of \(list.count) elements (at most \(maximumListLength))",
                         at: args.callSpan, hint: "use reduce, or a frame, for data this large")
    }
}
