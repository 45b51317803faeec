import Frame
import Lang

/// Dataframe verbs; `filter` and `sort` also accept lists.
enum FrameLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "read_csv", parameters: ["path", "types", "nulls", "delimiter", "header", "limit"], required: 1,
                signature: "read_csv(path, types: {}, nulls: [\"NA\", \"null\"], delimiter: \",\", header: true, limit: null)",
                summary: "Reads a CSV file, inferring int, float, bool, timestamp and string columns (types: {id: \"int\"} gives some)",
                group: "frames") { args, vm throws(Diagnostic) in
            let path = try args.string(0, "path")
            let options = try ReadCSVOptions.options(args)
            let resolved = try SandboxLibrary.checkedPath(args, 0, path, vm)
            do throws(FrameError) {
                return .frame(try CSVReader.read(path: resolved, options: options))
            } catch {
                // The engine names the resolved path; the user wrote a relative one.
                let message = error.message.replacingOccurrences(of: resolved, with: path)
                // A type given for a column the file lacks is the types argument's fault.
                let at = error.code == .columnNotFound && args.value(1) != nil ? args.span(1) : args.span(0)
                throw Diagnostic(message, at: at, hint: error.hint)
            }
        },
        Builtin(name: "head", parameters: ["df", "n"], required: 1, signature: "head(df, n: 5)",
                summary: "The first n rows", group: "frames") { args, _ throws(Diagnostic) in
            .frame(try args.frame(0, "df").head(Int(clamping: try args.int(1, "n", default: 5))))
        },
        Builtin(name: "tail", parameters: ["df", "n"], required: 1, signature: "tail(df, n: 5)",
                summary: "The last n rows", group: "frames") { args, _ throws(Diagnostic) in
            .frame(try args.frame(0, "df").tail(Int(clamping: try args.int(1, "n", default: 5))))
        },
        Builtin(name: "shape", parameters: ["df"], signature: "shape(df)",
                summary: "[rows, columns] of a frame", group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            return .list([.int(Int64(frame.height)), .int(Int64(frame.width))])
        },
        Builtin(name: "columns", parameters: ["df"], signature: "columns(df)",
                summary: "The column names of a frame, as a list of strings", group: "frames") { args, _ throws(Diagnostic) in
            .list(try args.frame(0, "df").columnNames.map(Value.string))
        },
        Builtin(name: "select", parameters: ["df"], acceptsRest: true, acceptsOptions: true,
                signature: "select(df, .a, new: .b, c2: .c * 2, …) or select(fg, .a, …, prefix: \"w_\", ttl: 30d)",
                summary: "Keeps the columns given, in that order; name: expression renames or computes one (of a feature group: the features a feature view takes)",
                group: "frames") { args, _ throws(Diagnostic) in
            if case .host(let group as FeatureGroupValue)? = args.value(0) { return try StoreViewLibrary.select(args, group) }
            if !args.options.isEmpty { return .frame(try SelectEntries.select(args, from: try args.frame(0, "df"))) }
            let frame = try args.frame(0, "df")
            var names: [String] = []
            for argument in args.rest {
                let name = try columnName(argument.value, at: argument.span, in: frame, verb: "select")
                names.append(name)
            }
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.select(names) })
        },
        Builtin(name: "filter", parameters: ["data", "predicate"], signature: "filter(df, condition) or filter(list, function)",
                summary: "Keeps the rows where a condition holds (or list elements where a function returns true)",
                group: "frames") { args, vm throws(Diagnostic) in
            let data = try args.required(0, "data")
            if case .list(let list) = data {
                let function = try args.function(1, "predicate")
                var kept: [Value] = []
                try checkMaterializable(list, args)
                for item in list.items {
                    let verdict = try vm.call(function, item, at: args.span(1))
                    guard case .bool(let keep) = verdict else {
                        throw args.error(1, "filter's function must return true or false, returned \(verdict.typeName)")
                    }
                    if keep { kept.append(item) }
                }
                return .list(ListValue(kept))
            }
            let frame = try args.frame(0, "data")
            let predicate = try args.required(1, "predicate")
            guard case .column(let expr) = predicate else {
                throw args.error(1, "filter expects a condition on columns such as .x > 0, found \(predicate.typeName)")
            }
            let engineExpr = try ColumnExprTranslation.translate(expr, for: frame)
            return .frame(try engine(at: args.span(1)) { () throws(FrameError) in try frame.filter(engineExpr) })
        },
        Builtin(name: "with", parameters: ["df"], acceptsOptions: true, signature: "with(df, name: expression, …)",
                summary: "Adds or replaces columns; each sees the ones before it", group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            guard !args.options.isEmpty else {
                throw Diagnostic("with needs at least one named column, e.g. with(df, kmh: 60 / .pace)", at: args.callSpan)
            }
            var current = frame
            for option in args.options {
                let expr = try ColumnExprTranslation.translate(option.value, at: option.span, for: current)
                let previous = current
                current = try engine(at: option.span) { () throws(FrameError) in try previous.with([(name: option.label, expr: expr)]) }
            }
            return .frame(current)
        },
        Builtin(name: "sort", parameters: ["data"], acceptsRest: true, signature: "sort(df, .a, desc(.b), …) or sort(list)",
                summary: "Sorts rows by columns (stable, nulls last), or a list ascending", group: "frames") { args, _ throws(Diagnostic) in
            let data = try args.required(0, "data")
            if case .list(let list) = data {
                try checkMaterializable(list, args)
                return try sortList(list.items, args)
            }
            let frame = try args.frame(0, "data")
            guard !args.rest.isEmpty else {
                throw Diagnostic("sort needs at least one column, e.g. sort(df, .a) or sort(df, desc(.a))", at: args.callSpan)
            }
            var keys: [SortKey] = []
            for argument in args.rest {
                var value = argument.value
                var descending = false
                if case .column(.call("desc", let inner, _)) = value, inner.count == 1 {
                    value = .column(inner[0])
                    descending = true
                }
                let name = try columnName(value, at: argument.span, in: frame, verb: "sort")
                keys.append(SortKey(name, descending: descending))
            }
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.sorted(by: keys) })
        },
        Builtin(name: "desc", parameters: ["column"], signature: "desc(.column)",
                summary: "Marks a sort key as descending", group: "frames") { args, _ throws(Diagnostic) in
            let value = try args.required(0, "column")
            guard case .column(let expr) = value else {
                throw args.error(0, "desc expects a column such as .x, found \(value.typeName)")
            }
            return .column(.call("desc", [expr], args.callSpan))
        },
    ]

    /// The name of a plain column reference (`.a` or `"a"`), checked against the frame.
    static func columnName(_ value: Value, at span: SourceSpan, in frame: DataFrame, verb: String) throws(Diagnostic) -> String {
        let name: String
        switch value {
        case .column(.column(let n, _)): name = n
        case .string(let n): name = n
        default:
            throw Diagnostic("\(verb) expects column names such as .a, found \(value.typeName == "column expression" ? "an expression" : value.typeName)",
                             at: span, hint: verb == "select" ? "compute it first with with(df, name: …)" : nil)
        }
        guard frame.column(named: name) != nil else { throw ColumnExprTranslation.unknownColumn(name, at: span, in: frame) }
        return name
    }

    static func sortList(_ items: [Value], _ args: Arguments) throws(Diagnostic) -> Value {
        let nonNull = items.filter { !$0.isNull }
        for item in nonNull.dropFirst() {
            guard let first = nonNull.first, item.order(relativeTo: first) != nil else {
                throw args.error(0, "sort cannot order a list that mixes \(nonNull.first?.typeName ?? "") and \(item.typeName)")
            }
        }
        // Stable merge by index keeps equal elements in input order.
        let order = nonNull.indices.sorted { a, b in
            let c = nonNull[a].order(relativeTo: nonNull[b]) ?? 0
            return c != 0 ? c < 0 : a < b
        }
        return .list(ListValue(order.map { nonNull[$0] } + items.filter(\.isNull)))
    }
}
