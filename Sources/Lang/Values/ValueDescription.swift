#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Value: CustomDebugStringConvertible {
    /// A plain one-line rendering used in messages and column expression text; the runtime has the rich renderer.
    public var debugDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return formatShortest(f)
        case .string(let s): return quoted(s)
        case .duration(let d): return formatDuration(d)
        case .timestamp(let t): return "@" + formatTimestamp(t)
        case .list(let l): return describeList(l) { $0.debugDescription }
        case .record(let r):
            return "{" + zip(r.keys, r.values).map { "\($0): \($1.debugDescription)" }.joined(separator: ", ") + "}"
        case .closure(let c): return c.proto.name.map { "<fn \($0)>" } ?? "<lambda>"
        case .builtin(let b): return "<builtin \(b.name)>"
        case .column(let e): return e.sourceDescription
        case .host(let h): return "<\(h.typeName)>"
        }
    }
}

/// How many elements of a list are shown before the rest is summarised.
public let listDisplayLimit = 100

/// `[a, b, …]` showing at most `listDisplayLimit` elements, so a huge (lazy) list displays quickly.
public func describeList(_ list: ListValue, _ element: (Value) -> String) -> String {
    let shown = min(list.count, listDisplayLimit)
    var parts = (0..<shown).map { element(list[$0]) }
    if list.count > shown { parts.append("… \(list.count - shown) more") }
    return "[" + parts.joined(separator: ", ") + "]"
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
