import Frame
import Lang

/// Reading and writing frames: SQLite tables and queries, CSV files. Paths are relative to the
/// session's working directory (the notebook's folder in a replay).
enum IOLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "read_sqlite", parameters: ["path", "table"], signature: "read_sqlite(path, table)",
                summary: "Reads a whole table of an SQLite database file (column types from the declared types and values)",
                group: "frames") { args, vm throws(Diagnostic) in
            let path = try args.string(0, "path")
            let table = try args.string(1, "table")
            let resolved = try SandboxLibrary.checkedPath(args, 0, path, vm)
            return try run(args, path: path, resolved: resolved, spanFor: { error in
                error.message.hasPrefix("cannot open") ? args.span(0) : args.span(1)
            }) { () throws(FrameError) in
                .frame(try DataFrame.readSQLite(path: resolved, table: table))
            }
        },
        Builtin(name: "sql", parameters: ["path", "query", "params"], required: 2,
                signature: "sql(path, query, params: [])",
                summary: "Runs one SQL query on an SQLite file and returns its rows; ? placeholders take params in order",
                group: "frames") { args, vm throws(Diagnostic) in
            let path = try args.string(0, "path")
            let query = try args.string(1, "query")
            var parameters: [Scalar] = []
            if args.value(2) != nil {
                for (position, item) in try args.list(2, "params").enumerated() {
                    guard let scalar = item.scalar else {
                        throw args.error(
                            2, "sql parameters must be plain values (int, float, string, bool, timestamp, duration or null); parameter \(position + 1) is a \(item.typeName)")
                    }
                    parameters.append(scalar)
                }
            }
            let resolved = try SandboxLibrary.checkedPath(args, 0, path, vm)
            // Under a sandbox the SQL itself may not open other files (ATTACH, VACUUM INTO).
            let confined = SandboxLibrary.isSandboxed(vm)
            return try run(args, path: path, resolved: resolved, spanFor: { error in
                if error.message.hasPrefix("cannot open") { return args.span(0) }
                if error.code == .invalidArgument && args.value(2) != nil { return args.span(2) }
                return args.span(1)
            }) { () throws(FrameError) in
                guard confined else { return .frame(try DataFrame.query(path: resolved, sql: query, parameters: parameters)) }
                do throws(FrameError) {
                    return .frame(try DataFrame.confinedQuery(path: resolved, sql: query, parameters: parameters))
                } catch where error.message.contains("not authorized") || error.message.hasSuffix("authorization denied") {
                    throw FrameError(error.code, "sandbox: sql may not reach other database files (ATTACH, DETACH, VACUUM INTO and load_extension are refused)")
                }
            }
        },
        Builtin(name: "write_sqlite", parameters: ["df", "path", "table", "mode"], required: 3,
                signature: "write_sqlite(df, path, table, mode: \"create\")",
                summary: "Writes a frame to an SQLite table in one transaction; mode \"create\", \"replace\" or \"append\"",
                group: "frames") { args, vm throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            let path = try args.string(1, "path")
            let table = try args.string(2, "table")
            let modeName = try args.string(3, "mode", default: "create")
            guard let mode = SQLiteWriteMode(rawValue: modeName) else {
                throw args.error(3, "write_sqlite's mode must be \"create\", \"replace\" or \"append\", found \"\(modeName)\"")
            }
            let resolved = try SandboxLibrary.checkedPath(args, 1, path, vm)
            return try run(args, path: path, resolved: resolved, spanFor: { error in
                if error.message.hasPrefix("cannot open") { return args.span(1) }
                switch error.code {
                case .columnNotFound, .typeMismatch: return args.span(0)
                case .invalidArgument where error.message.contains("already exists"): return args.span(2)
                default: return args.callSpan
                }
            }) { () throws(FrameError) in
                try frame.writeSQLite(path: resolved, table: table, mode: mode)
                return .null
            }
        },
        Builtin(name: "write_csv", parameters: ["df", "path"], signature: "write_csv(df, path)",
                summary: "Writes a frame as CSV (header, minimal quoting, shortest floats, ISO timestamps), atomically",
                group: "frames") { args, vm throws(Diagnostic) in
            let frame = try args.frame(0, "df")
            let path = try args.string(1, "path")
            let resolved = try SandboxLibrary.checkedPath(args, 1, path, vm)
            return try run(args, path: path, resolved: resolved, spanFor: { _ in args.span(1) }) { () throws(FrameError) in
                try frame.writeCSV(path: resolved)
                return .null
            }
        },
    ]

    /// The path the engine opens: relative paths are taken from the session's working directory;
    /// `:memory:` stays SQLite's in-memory database.
    static func resolve(_ path: String, _ vm: Interpreter) -> String {
        if path == ":memory:" { return path }
        return vm.session?.resolvePath(path) ?? path
    }

    /// Runs engine I/O; its error becomes a diagnostic that names the path as the user wrote it,
    /// with the caret under the argument `spanFor` picks.
    static func run(
        _ args: Arguments, path: String, resolved: String, spanFor: (FrameError) -> SourceSpan,
        _ body: () throws(FrameError) -> Value
    ) throws(Diagnostic) -> Value {
        do throws(FrameError) {
            return try body()
        } catch {
            let message = error.message.replacingOccurrences(of: "'\(resolved)'", with: "'\(path)'")
            let hint = error.hint?.replacingOccurrences(of: "'\(resolved)'", with: "'\(path)'")
            throw Diagnostic(message, at: spanFor(error), hint: hint)
        }
    }
}
