import Lang

/// Builtins over lists (and, where it makes sense, strings and frames).
enum ListLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "len", parameters: ["value"], elementwise: true, signature: "len(value)",
                summary: "Length of a list, string (in characters) or frame (in rows)", group: "lists") { args, _ throws(Diagnostic) in
            let value = try args.required(0, "value")
            switch value {
            case .list(let list): return .int(Int64(list.items.count))
            case .string(let s): return .int(Int64(s.count))
            case .record(let r): return .int(Int64(r.keys.count))
            case .host(let object as FrameValue): return .int(Int64(object.frame.height))
            case .null: return .null
            default: throw args.error(0, "len expects a list, string or frame, found \(value.typeName)")
            }
        },
        Builtin(name: "range", parameters: ["start", "end", "step"], required: 1, signature: "range(start, end, step: 1)",
                summary: "Integers from start up to (not including) end; range(n) is 0..n-1", group: "lists") { args, vm throws(Diagnostic) in
            var start = try args.int(0, "start")
            var end: Int64
            if args.value(1) == nil { end = start; start = 0 } else { end = try args.int(1, "end") }
            let step = try args.int(2, "step", default: 1)
            guard step != 0 else { throw args.error(2, "range step must not be zero") }
            let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            guard count <= 50_000_000 else {
                throw Diagnostic("range of \(count) elements is too large for a list", at: args.callSpan, hint: "lists hold at most 50,000,000 elements")
            }
            var items: [Value] = []
            items.reserveCapacity(Int(count))
            var current = start
            for _ in 0..<count {
                items.append(.int(current))
                current &+= step
                if items.count & 0xFFFF == 0 { try vm.checkInterrupt(at: args.callSpan) }
            }
            end = current
            return .list(ListValue(items))
        },
        Builtin(name: "map", parameters: ["list", "function"], signature: "map(list, function)",
                summary: "Applies a function to each element", group: "lists") { args, vm throws(Diagnostic) in
            let items = try args.list(0, "list")
            let function = try args.function(1, "function")
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items {
                out.append(try vm.call(function, [item], at: args.span(1)))
            }
            return .list(ListValue(out))
        },
        Builtin(name: "reduce", parameters: ["list", "function", "initial"], signature: "reduce(list, function, initial)",
                summary: "Folds a list from the left: function(accumulator, element)", group: "lists") { args, vm throws(Diagnostic) in
            let items = try args.list(0, "list")
            let function = try args.function(1, "function")
            var accumulator = try args.required(2, "initial")
            for item in items {
                accumulator = try vm.call(function, [accumulator, item], at: args.span(1))
            }
            return accumulator
        },
        Builtin(name: "sum", parameters: ["list"], signature: "sum(list)",
                summary: "Sum of the numbers in a list (nulls skipped)", group: "lists") { args, _ throws(Diagnostic) in
            try numericFold(args) { items in items.reduce(0, +) }
        },
        Builtin(name: "mean", parameters: ["list"], signature: "mean(list)",
                summary: "Arithmetic mean of the numbers in a list (nulls skipped)", group: "lists") { args, _ throws(Diagnostic) in
            let items = try numbers(args)
            return items.isEmpty ? .null : .float(items.reduce(0, +) / Double(items.count))
        },
        Builtin(name: "min", parameters: ["list"], acceptsRest: true, signature: "min(list) or min(a, b, …)",
                summary: "Smallest element of a list, or of the arguments", group: "lists") { args, _ throws(Diagnostic) in
            try extreme(args, wantLess: true)
        },
        Builtin(name: "max", parameters: ["list"], acceptsRest: true, signature: "max(list) or max(a, b, …)",
                summary: "Largest element of a list, or of the arguments", group: "lists") { args, _ throws(Diagnostic) in
            try extreme(args, wantLess: false)
        },
    ]

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
