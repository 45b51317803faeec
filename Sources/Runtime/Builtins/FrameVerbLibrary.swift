import Frame
import Lang

/// Frame verbs beyond the basics: concat, unique, distinct, slice, drop, rename, describe, cast,
/// and null handling (fill_null, drop_nulls, is_null, is_not_null). `unique` and `slice` also
/// take lists, so they stand in for the list library's `unique`.
enum FrameVerbLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "concat", parameters: ["frames"], acceptsRest: true, acceptsOptions: true,
                signature: "concat([df1, df2, …], how: \"vertical\")",
                summary: "Stacks frames: vertical (columns matched by name; int and float mix to float), diagonal (union of the columns, null where a frame lacks one) or horizontal (equal heights)",
                group: "frames") { args, _ throws(Diagnostic) in
            try concat(args)
        },
        Builtin(name: "unique", parameters: ["data"], acceptsRest: true, acceptsOptions: true,
                signature: "unique(df, .a, …, keep: \"first\") or unique(list) or unique(.a, .b) (an expectation)",
                summary: "Rows distinct in the given columns (all when none), keeping the first (or last, or none) of each, in order; or a list's distinct elements",
                group: "frames") { args, vm throws(Diagnostic) in
            try unique(args, vm)
        },
        Builtin(name: "distinct", parameters: ["df"], signature: "distinct(df)",
                summary: "Rows distinct in every column, first occurrence kept, in order", group: "frames") { args, _ throws(Diagnostic) in
            .frame(try args.frame(0, "df").distinct())
        },
        Builtin(name: "slice", parameters: ["data", "offset", "length"], required: 2, signature: "slice(data, offset, length: null)",
                summary: "length rows of a frame (or elements of a list) from offset (negative counts from the end); the rest when length is omitted",
                group: "frames") { args, _ throws(Diagnostic) in
            try slice(args)
        },
        Builtin(name: "drop", parameters: ["df"], acceptsRest: true, signature: "drop(df, .a, .b, …)",
                summary: "The frame without the named columns", group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            guard !args.rest.isEmpty else { throw Diagnostic("drop needs at least one column, e.g. drop(df, .a)", at: args.callSpan) }
            let names = try columnNames(args, frame, verb: "drop")
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.dropping(names) })
        },
        Builtin(name: "rename", parameters: ["df"], acceptsRest: true, acceptsOptions: true,
                signature: "rename(df, old: \"new\", \"Old name\": \"new\", …) or rename(df, {old: \"new\", …})",
                summary: "Renames columns, labels (quoted when not identifiers) or record keys being the old names: rename(df, \"Solar.R\": \"solar\")",
                group: "frames") { args, _ throws(Diagnostic) in
            try rename(args)
        },
        Builtin(name: "describe", parameters: ["df"], signature: "describe(df)",
                summary: "count, null_count, mean, std, min, 25%, 50%, 75%, max of each column (strings: count, null_count, min, max)",
                group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.describe() })
        },
        Builtin(name: "cast", parameters: ["df"], acceptsRest: true, acceptsOptions: true,
                signature: "cast(df, column: \"type\", …) or cast(x, \"type\")",
                summary: "Converts columns (or one value or column expression) to int, float, bool, string, timestamp or duration; a value that does not convert exactly is an error",
                group: "frames") { args, _ throws(Diagnostic) in
            if let converted = try ConversionLibrary.elementwiseCast(args) { return converted }
            return try cast(args)
        },
        Builtin(name: "fill_null", parameters: ["data"], acceptsRest: true, acceptsOptions: true, elementwise: true,
                signature: "fill_null(df, value) or fill_null(df, column: value, …) or fill_null(x, value)",
                summary: "Replaces nulls: in every column that takes the value, in the named columns (a value or an expression), or in one value",
                group: "frames") { args, _ throws(Diagnostic) in
            try fillNull(args)
        },
        Builtin(name: "drop_nulls", parameters: ["df"], acceptsRest: true, signature: "drop_nulls(df, .a, …)",
                summary: "The rows without a null in the named columns (in any column when none are named)", group: "frames") { args, _ throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            let names = try columnNames(args, frame, verb: "drop_nulls")
            return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.dropNulls(subset: names) })
        },
        Builtin(name: "is_null", parameters: ["value"], elementwise: true, signature: "is_null(value)",
                summary: "Whether the value is null", group: "frames") { args, _ throws(Diagnostic) in
            .bool(args.value(0) == nil)
        },
        Builtin(name: "is_not_null", parameters: ["value"], elementwise: true, signature: "is_not_null(value)",
                summary: "Whether the value is not null", group: "frames") { args, _ throws(Diagnostic) in
            .bool(args.value(0) != nil)
        },
    ]

    // MARK: helpers

    /// The positional column arguments after the frame, checked against it.
    static func columnNames(_ args: Arguments, _ frame: DataFrame, verb: String) throws(Diagnostic) -> [String] {
        var names: [String] = []
        for argument in args.rest {
            names.append(try FrameLibrary.columnName(argument.value, at: argument.span, in: frame, verb: verb))
        }
        return names
    }

    /// The value of the named option `name`, rejecting any other option.
    static func option(_ args: Arguments, _ name: String) throws(Diagnostic) -> (value: Value, span: SourceSpan)? {
        var found: (value: Value, span: SourceSpan)? = nil
        for option in args.options {
            guard option.label == name else {
                throw Diagnostic("\(args.callee) has no parameter '\(option.label)'", at: option.span, hint: "did you mean '\(name)'?")
            }
            found = (option.value, option.span)
        }
        return found
    }

    /// A string option restricted to `choices`.
    static func choice(_ args: Arguments, _ name: String, _ choices: [String], default fallback: String) throws(Diagnostic) -> String {
        guard let (value, span) = try option(args, name) else { return fallback }
        guard case .string(let text) = value else {
            throw Diagnostic("\(args.callee) expects '\(name)' to be a string, found \(value.typeName)", at: span)
        }
        guard choices.contains(text) else {
            let hint = Lang.closestName(to: text, among: choices).map { "did you mean \"\($0)\"?" }
            throw Diagnostic("unknown \(name) \"\(text)\"; expected one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))",
                             at: span, hint: hint)
        }
        return text
    }

    /// An option label that must name a column of `frame`, with a caret under it when it does not.
    static func labelColumn(_ label: String, at span: SourceSpan, in frame: DataFrame) throws(Diagnostic) -> String {
        guard frame.column(named: label) != nil else { throw ColumnExprTranslation.unknownColumn(label, at: span, in: frame) }
        return label
    }

    // MARK: verbs

    static func concat(_ args: Arguments) throws(Diagnostic) -> Value {
        let first = try args.required(0, "frames")
        var items: [(value: Value, span: SourceSpan)] = []
        if case .list(let list) = first {
            if let extra = args.rest.first { throw Diagnostic("concat takes one list of frames", at: extra.span, hint: "concat([df1, df2])") }
            try checkMaterializable(list, args)
            items = list.items.map { ($0, args.span(0)) }
        } else {
            items = [(first, args.span(0))] + args.rest
        }
        var frames: [DataFrame] = []
        for (position, item) in items.enumerated() {
            let contents = try engine(at: item.span) { () throws(FrameError) in try item.value.frameContents() }
            guard let contents else {
                throw Diagnostic("concat expects frames, element \(position + 1) is \(item.value.typeName)", at: item.span)
            }
            frames.append(contents)
        }
        guard !frames.isEmpty else { throw args.error(0, "concat needs at least one frame") }
        let how = try choice(args, "how", ConcatMode.allCases.map(\.rawValue), default: "vertical")
        let mode = ConcatMode(rawValue: how) ?? .vertical
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try DataFrame.concat(frames, how: mode) })
    }

    static func unique(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        if StoreExpectationLibrary.isExpectationCall(args) { return try StoreExpectationLibrary.unique(args) }
        guard let data = args.value(0) else { return .null }
        if case .host(_ as FrameValue) = data {} else {
            if let extra = args.rest.first { throw Diagnostic("unique of a list takes no columns", at: extra.span) }
            if let extra = args.options.first { throw Diagnostic("unique of a list has no parameter '\(extra.label)'", at: extra.span) }
            guard let listUnique = ListLibrary.builtins.first(where: { $0.name == "unique" }) else {
                throw Diagnostic("unique of a list is not available", at: args.callSpan)
            }
            var forwarded = Arguments(callSpan: args.callSpan, callee: "unique", slots: [args.slots[0]], rest: [], options: [])
            return try listUnique.body(&forwarded, vm)
        }
        let frame = try args.frame(0, "data")
        let names = try columnNames(args, frame, verb: "unique")
        let keep = try choice(args, "keep", UniqueKeep.allCases.map(\.rawValue), default: "first")
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in
            try frame.unique(subset: names, keep: UniqueKeep(rawValue: keep) ?? .first)
        })
    }

    static func slice(_ args: Arguments) throws(Diagnostic) -> Value {
        let data = try args.required(0, "data")
        let offset = Int(clamping: try args.int(1, "offset"))
        var length: Int? = nil
        if args.value(2) != nil {
            let value = try args.int(2, "length")
            guard value >= 0 else { throw args.error(2, "slice needs a non-negative length, found \(value)") }
            length = Int(clamping: value)
        }
        if case .list = data {
            let items = try args.list(0, "data")
            let start = offset < 0 ? max(0, items.count + max(offset, -items.count)) : min(offset, items.count)
            let available = items.count - start
            let count = min(length ?? available, available)
            return .list(ListValue(Array(items[start..<(start + count)])))
        }
        return .frame(try args.frame(0, "data").slice(offset: offset, length: length))
    }

    static func rename(_ args: Arguments) throws(Diagnostic) -> Value {
        let frame = try args.frame(0, "df")
        // Old names come as labels (quoted when they are not identifiers) or as the keys of one
        // record, Polars' `rename({"old": "new"})`; either way each pair keeps its span for errors.
        var requests: [(label: String, value: Value, span: SourceSpan)] = []
        for argument in args.rest {
            guard case .record(let record) = argument.value, requests.isEmpty else {
                throw Diagnostic("rename takes old: \"new\" pairs or one record of them, found \(argument.value.typeName)",
                                 at: argument.span, hint: "rename(df, \"Solar.R\": \"solar\") or rename(df, {\"Solar.R\": \"solar\"})")
            }
            for (key, value) in zip(record.keys, record.values) { requests.append((key, value, argument.span)) }
        }
        requests += args.options
        guard !requests.isEmpty else {
            throw Diagnostic("rename needs at least one old: \"new\" pair, e.g. rename(df, temp_max: \"tmax\")", at: args.callSpan)
        }
        var pairs: [(from: String, to: String)] = []
        for request in requests {
            let old = try labelColumn(request.label, at: request.span, in: frame)
            if pairs.contains(where: { $0.from == old }) {
                throw Diagnostic("rename names \(columnReference(old)) twice", at: request.span)
            }
            let newName: String
            switch request.value {
            case .string(let text): newName = text
            case .column(.column(let name, _)): newName = name
            default:
                throw Diagnostic("rename expects the new name as a string, found \(request.value.typeName)", at: request.span,
                                 hint: "rename(df, \(labelText(request.label)): \"new_name\")")
            }
            pairs.append((old, newName))
        }
        return .frame(try engine(at: args.callSpan) { () throws(FrameError) in try frame.renaming(pairs) })
    }

    /// A name as a call label: bare when it is an identifier, quoted otherwise (`"Solar.R"`).
    static func labelText(_ name: String) -> String { String(columnReference(name).dropFirst()) }

    static func cast(_ args: Arguments) throws(Diagnostic) -> Value {
        let frame = try args.frame(0, "df")
        guard !args.options.isEmpty else {
            throw Diagnostic("cast needs at least one column: \"type\" pair, e.g. cast(df, x: \"float\")", at: args.callSpan)
        }
        let typeNames = DataType.allTypes.map(\.name)
        var casts: [(column: String, type: DataType)] = []
        for option in args.options {
            let name = try labelColumn(option.label, at: option.span, in: frame)
            guard case .string(let text) = option.value else {
                throw Diagnostic("cast expects a type name such as \"float\", found \(option.value.typeName)", at: option.span)
            }
            guard let type = DataType.named(text) else {
                let hint = Lang.closestName(to: text, among: typeNames).map { "did you mean \"\($0)\"?" }
                throw Diagnostic("unknown type \"\(text)\"; expected one of \(typeNames.map { "\"\($0)\"" }.joined(separator: ", "))",
                                 at: option.span, hint: hint)
            }
            casts.append((name, type))
        }
        var current = frame
        for (cast, option) in zip(casts, args.options) {
            let before = current
            current = try engine(at: option.span) { () throws(FrameError) in try before.cast([cast]) }
        }
        return .frame(current)
    }

    static func fillNull(_ args: Arguments) throws(Diagnostic) -> Value {
        let data = args.value(0)
        guard case .host(let object as FrameValue)? = data else {
            // One value: fill_null(x, v) is x unless x is null.
            if let extra = args.options.first { throw Diagnostic("fill_null of a value has no parameter '\(extra.label)'", at: extra.span) }
            guard args.rest.count == 1 else {
                throw Diagnostic("fill_null(x, value) takes one value", at: args.rest.dropFirst().first?.span ?? args.callSpan)
            }
            return data ?? args.rest[0].value
        }
        let frame = object.frame
        if args.rest.count > 1 { throw Diagnostic("fill_null takes one value for the whole frame", at: args.rest[1].span) }
        if let whole = args.rest.first {
            if let extra = args.options.first {
                throw Diagnostic("fill_null takes either one value or column: value pairs, not both", at: extra.span)
            }
            guard let scalar = whole.value.scalar else {
                throw Diagnostic("fill_null expects a single value such as 0, found \(whole.value.typeName)", at: whole.span)
            }
            return .frame(try engine(at: whole.span) { () throws(FrameError) in try frame.fillNull(scalar) })
        }
        guard !args.options.isEmpty else {
            throw Diagnostic("fill_null needs a value, e.g. fill_null(df, 0) or fill_null(df, x: 0)", at: args.callSpan)
        }
        var current = frame
        for option in args.options {
            let name = try labelColumn(option.label, at: option.span, in: current)
            let expr = try ColumnExprTranslation.translate(option.value, at: option.span, for: current)
            let before = current
            current = try engine(at: option.span) { () throws(FrameError) in try before.fillNull([(name, expr)]) }
        }
        return .frame(current)
    }
}
