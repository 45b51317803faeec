/// An error raised by the engine: a code for programs, a one-line message for people, and optional context.
public struct FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, so callers can react without parsing the message.
    public enum Code: Sendable, Equatable {
        case columnNotFound, duplicateColumn, typeMismatch, shapeMismatch, invalidArgument, io, parse, overflow
        /// The user asked to stop (Ctrl-C); not a failure of the data or the call.
        case interrupted
    }

    /// The kind of failure.
    public var code: Code
    /// One line, lowercase start, no trailing period.
    public var message: String
    /// The column the error is about, if any.
    public var column: String?
    /// The 1-based line of an input file, if any.
    public var line: Int?
    /// A suggestion such as "did you mean .temp_max?".
    public var hint: String?

    /// Creates an error; context fields default to nil.
    public init(_ code: Code, _ message: String, column: String? = nil, line: Int? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.column = column
        self.line = line
        self.hint = hint
    }

    /// The message, for printing.
    public var description: String { message }

    /// The standard error for a column lookup that failed, with an edit-distance suggestion.
    public static func columnNotFound(_ name: String, among names: [String]) -> FrameError {
        var hint: String? = nil
        if let best = closestName(to: name, among: names) {
            hint = "did you mean \(columnReference(best))?"
        }
        return FrameError(.columnNotFound, "unknown column \(columnReference(name))", column: name, hint: hint)
    }
}

/// Spells a column the way the language writes a column reference: `.name`, or `."odd name"` when needed.
public func columnReference(_ name: String) -> String {
    var plain = !name.isEmpty
    for (index, byte) in name.utf8.enumerated() {
        let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        let isDigit = byte >= 0x30 && byte <= 0x39
        if !(isLetter || (isDigit && index > 0)) {
            plain = false
            break
        }
    }
    if plain { return "." + name }
    var escaped = ""
    for character in name {
        if character == "\"" || character == "\\" { escaped.append("\\") }
        escaped.append(character)
    }
    return ".\"" + escaped + "\""
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo.
///
/// A case-insensitive exact match wins; otherwise the smallest Levenshtein distance within
/// max(1, min(3, (length + 2) / 3)); ties go to the earliest candidate, so the answer is deterministic.
public func closestName(to name: String, among candidates: [String]) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    if target.isEmpty { return nil }
    let limit = max(1, min(3, (target.count + 2) / 3))
    var best: String? = nil
    var bestDistance = Int.max
    for candidate in candidates where candidate != name {
        let other = Array(candidate.lowercased().unicodeScalars)
        if abs(other.count - target.count) > limit { continue }
        let distance = editDistance(target, other)
        if distance < bestDistance {
            bestDistance = distance
            best = candidate
        }
    }
    return bestDistance <= limit ? best : nil
}

/// Levenshtein distance with two rolling rows.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
