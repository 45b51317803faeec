#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Frame
import Lang

/// Builtins over timestamps (UTC, microseconds). The calendar rules are the engine's
/// (`TimeField`, `TimeUnit`, `CivilTime`), so the element-wise ones agree on values and columns.
enum TimeLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "now", parameters: [], signature: "now()",
                summary: "The session's clock: the wall clock at the prompt, fixed at 2025-01-01T00:00:00Z in notebooks",
                group: "time") { _, vm throws(Diagnostic) in
            .timestamp(vm.session?.options.clock ?? wallClock())
        },
        Builtin(name: "date", parameters: ["year", "month", "day"], elementwise: true, signature: "date(year, month, day)",
                summary: "Midnight UTC of a calendar date; a day that does not exist is an error", group: "time") { args, _ throws(Diagnostic) in
            var parts: [Int64] = []
            for (index, name) in ["year", "month", "day"].enumerated() {
                guard let value = args.value(index) else { continue }
                guard case .int(let part) = value else {
                    throw args.error(index, "date expects '\(name)' to be an int, found \(value.typeName)")
                }
                parts.append(part)
            }
            guard parts.count == 3 else { return .null }
            let (year, month, day) = (parts[0], parts[1], parts[2])
            guard let micros = CivilTime.timestamp(year: year, month: month, day: day) else {
                throw Diagnostic("date(\(year), \(month), \(day)) is not a day: \(CivilTime.invalidDateMessage(year: year, month: month, day: day))",
                                 at: args.callSpan)
            }
            return .timestamp(micros)
        },
        Builtin(name: "timestamp", parameters: ["text"], elementwise: true, signature: "timestamp(text)",
                summary: "Parses ISO 8601 text such as \"2024-05-01T06:30:00Z\" (offsets are converted to UTC)",
                group: "time") { args, _ throws(Diagnostic) in
            guard let value = args.value(0) else { return .null }
            switch value {
            case .timestamp: return value
            case .string(let text):
                guard let micros = TimestampParsing.parse(text) else {
                    throw args.error(0, "cannot read \(quoted(text)) as a timestamp", hint: TimestampParsing.acceptedForms)
                }
                return .timestamp(micros)
            default:
                throw args.error(0, "timestamp expects a string, found \(value.typeName)")
            }
        },
        Builtin(name: "trunc", parameters: ["time", "unit"], elementwise: true, signature: "trunc(time, unit)",
                summary: "The start of the second, minute, hour, day, week (Monday), month or year holding time, or of a fixed interval such as 15m",
                group: "time") { args, _ throws(Diagnostic) in
            let unitValue = try args.required(1, "unit")
            let truncation: (Int64) -> Int64?
            switch unitValue {
            case .string(let unitName):
                guard let unit = TimeUnit(rawValue: unitName) else {
                    throw args.error(1, "trunc does not know the unit \(quoted(unitName))", hint: "the units are \(TimeUnit.spelledOut)")
                }
                truncation = unit.truncate
            case .duration(let every):
                guard every > 0 else { throw args.error(1, "trunc needs a positive interval, found \(formatDuration(every))") }
                truncation = { TimeUnit.truncate($0, every: every) }
            default:
                throw args.error(1, "trunc expects 'unit' to be a string such as \"day\" or an interval such as 15m, found \(unitValue.typeName)")
            }
            guard let micros = try timestamp(args, 0, "time") else { return .null }
            guard let start = truncation(micros) else {
                throw args.error(0, "timestamp out of range in trunc")
            }
            return .timestamp(start)
        },
        field(.year, "The calendar year (UTC)"),
        field(.month, "The month, 1 to 12 (UTC)"),
        field(.day, "The day of the month, 1 to 31 (UTC)"),
        field(.weekday, "The ISO weekday: Monday = 1 … Sunday = 7 (UTC)"),
        field(.hour, "The hour of the day, 0 to 23 (UTC)"),
        field(.minute, "The minute of the hour, 0 to 59"),
    ]

    /// An element-wise calendar field builtin.
    private static func field(_ field: TimeField, _ summary: String) -> Builtin {
        let name = field.rawValue
        return Builtin(name: name, parameters: ["time"], elementwise: true, signature: "\(name)(time)", summary: summary,
                       group: "time") { args, _ throws(Diagnostic) in
            guard let micros = try timestamp(args, 0, "time") else { return .null }
            return .int(field.value(of: micros))
        }
    }

    /// Parameter `index` as timestamp microseconds, nil when null, or a type error (with a hint for text).
    static func timestamp(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> Int64? {
        guard let value = args.value(index) else { return nil }
        guard case .timestamp(let micros) = value else {
            throw args.error(index, "\(args.callee) expects '\(name)' to be a timestamp, found \(value.typeName)",
                             hint: value.typeName == "string" ? "parse the text first with timestamp(...)" : nil)
        }
        return micros
    }

    /// The real time in microseconds since the epoch (only when the session has no fixed clock).
    static func wallClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}
