#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Value: CustomDebugStringConvertible {
    /// A plain one-line rendering used in messages and column expression text; the runtime has the rich renderer.
    public var debugDescription: String {
        var budget = DescriptionBudget()
        return described(&budget)
    }

    /// `debugDescription` within a budget shared by every nested list and record.
    private func described(_ budget: inout DescriptionBudget) -> String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return formatShortest(f)
        case .string(let s): return quoted(s)
        case .duration(let d): return formatDuration(d)
        case .timestamp(let t): return "@" + formatTimestamp(t)
        case .list(let l): return describeList(l, budget: &budget) { $0.described(&$1) }
        case .record(let r): return describeRecord(r, budget: &budget) { $0.described(&$1) }
        case .closure(let c): return c.proto.name.map { "<fn \($0)>" } ?? "<lambda>"
        case .builtin(let b): return "<builtin \(b.name)>"
        case .column(let e): return e.sourceDescription
        case .host(let h): return "<\(h.typeName)>"
        }
    }
}

/// How many elements of a list are shown before the rest is summarised.
public let listDisplayLimit = 100

/// How much of a nested value a description shows. Lists and records built in a loop can nest far
/// deeper than anyone reads (and describing recurses the depth), and, sharing parts, can hold
/// exponentially many elements; past either bound the rest prints as `…`.
public struct DescriptionBudget: Sendable {
    /// The deepest nesting shown; deeper lists and records print as `[…]` and `{…}`.
    public static let maximumDepth = 50
    /// Elements and fields still to show, across every level.
    public var remaining = 10_000
    /// How deep the description currently is.
    public var depth = 0

    /// A full budget, for one top-level value.
    public init() {}
}

/// `[a, b, …]` showing at most `listDisplayLimit` elements, so a huge (lazy) list displays quickly.
public func describeList(_ list: ListValue, _ element: (Value) -> String) -> String {
    let shown = min(list.count, listDisplayLimit)
    var parts = (0..<shown).map { element(list[$0]) }
    if list.count > shown { parts.append("… \(list.count - shown) more") }
    return "[" + parts.joined(separator: ", ") + "]"
}

/// `[a, b, …]` within `budget`: at most `listDisplayLimit` elements, `[…]` when too deep or spent.
public func describeList(_ list: ListValue, budget: inout DescriptionBudget,
                         _ element: (Value, inout DescriptionBudget) -> String) -> String {
    if list.count == 0 { return "[]" }
    guard budget.depth < DescriptionBudget.maximumDepth, budget.remaining > 0 else { return "[…]" }
    budget.depth += 1
    defer { budget.depth -= 1 }
    let shown = min(list.count, listDisplayLimit, budget.remaining)
    budget.remaining -= shown
    var parts: [String] = []
    parts.reserveCapacity(shown + 1)
    for index in 0..<shown { parts.append(element(list[index], &budget)) }
    if list.count > shown { parts.append("… \(list.count - shown) more") }
    return "[" + parts.joined(separator: ", ") + "]"
}

/// `{key: value, …}` within `budget`, `{…}` when too deep or spent.
public func describeRecord(_ record: RecordValue, budget: inout DescriptionBudget,
                           _ field: (Value, inout DescriptionBudget) -> String) -> String {
    if record.keys.isEmpty { return "{}" }
    guard budget.depth < DescriptionBudget.maximumDepth, budget.remaining > 0 else { return "{…}" }
    budget.depth += 1
    defer { budget.depth -= 1 }
    let shown = min(record.keys.count, budget.remaining)
    budget.remaining -= shown
    var parts: [String] = []
    parts.reserveCapacity(shown + 1)
    for index in 0..<shown { parts.append("\(record.keys[index]): \(field(record.values[index], &budget))") }
    if record.keys.count > shown { parts.append("…") }
    return "{" + parts.joined(separator: ", ") + "}"
}

/// Shortest round-trip text of a double (`0.1`, `12.0`, `1e-05`, `inf`, `nan`), the same on every machine.
public func formatShortest(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return x.description
}

/// A number with a fixed count of decimals (`3.14`), rounded half to even as C's printf does;
/// the same on every machine (the C library is used in the "C" locale).
public func formatFixed(_ x: Double, decimals: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    var buffer = [CChar](repeating: 0, count: 400)
    let count = withVaList([x]) { arguments in
        vsnprintf(&buffer, buffer.count, "%.\(decimals)f", arguments)
    }
    guard count > 0 else { return formatShortest(x) }
    return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A string literal as it would be written in source.
public func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// A duration as the largest units that express it exactly: `7d 12h`, `250ms`, `0s`, `-1h`.
public func formatDuration(_ micros: Int64) -> String {
    if micros == 0 { return "0s" }
    if micros == Int64.min { return "-" + formatDuration(Int64.max) }
    var rest = micros.magnitude
    var parts: [String] = []
    let units: [(String, UInt64)] = [("d", 86_400_000_000), ("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000), ("ms", 1_000), ("us", 1)]
    for (name, size) in units where rest >= size {
        parts.append("\(rest / size)\(name)")
        rest %= size
    }
    return (micros < 0 ? "-" : "") + parts.joined(separator: " ")
}

/// A timestamp as ISO 8601 in UTC: `2024-05-01` at midnight, else `2024-05-01T06:30:00` (with `.ffffff` if needed).
public func formatTimestamp(_ micros: Int64) -> String {
    let perDay = TimeCalendar.microsPerDay
    var days = micros / perDay
    var rest = micros % perDay
    if rest < 0 { rest += perDay; days -= 1 }
    let (y, m, d) = TimeCalendar.civil(days: days)
    func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v.magnitude)
        return (v < 0 ? "-" : "") + (s.count >= width ? s : String(repeating: "0", count: width - s.count) + s)
    }
    let date = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    if rest == 0 { return date }
    let seconds = rest / 1_000_000
    let fraction = rest % 1_000_000
    var out = date + "T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    if fraction != 0 { out += "." + pad(fraction, 6) }
    return out
}
