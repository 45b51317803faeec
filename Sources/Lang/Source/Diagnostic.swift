/// The one error type of the language: a one-line message anchored at a source span, with an optional hint.
///
/// Lexer, parser, compiler and interpreter errors are all diagnostics; engine errors are mapped to
/// diagnostics by the runtime. They render the same way in the REPL, scripts and notebooks.
public struct Diagnostic: Error, Sendable {
    /// What kind of failure this is; `interrupted` and `limit` end evaluation but are not the user's mistake.
    public enum Kind: Sendable, Equatable {
        /// A syntax error found before anything ran.
        case syntax
        /// An error found while running.
        case runtime
        /// The user pressed Ctrl-C, or a cell ran past its time limit.
        case interrupted
    }

    /// The fields, boxed: every `throws(Diagnostic)` call returns the error through one pointer,
    /// so a large error struct would slow down every call that merely might throw.
    private final class Storage: @unchecked Sendable {
        var message: String
        var span: SourceSpan?
        var hint: String?
        var kind: Kind
        var payload: Value?

        init(message: String, span: SourceSpan?, hint: String?, kind: Kind, payload: Value?) {
            self.message = message
            self.span = span
            self.hint = hint
            self.kind = kind
            self.payload = payload
        }

        func copy() -> Storage {
            Storage(message: message, span: span, hint: hint, kind: kind, payload: payload)
        }
    }

    private var storage: Storage

    /// Creates a diagnostic.
    public init(_ message: String, at span: SourceSpan?, hint: String? = nil, kind: Kind = .runtime, payload: Value? = nil) {
        storage = Storage(message: message, span: span, hint: hint, kind: kind, payload: payload)
    }

    /// Copy-on-write: a diagnostic behaves as a value even though its fields live in a box.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The one-line message, lower-case, without a trailing period.
    public var message: String {
        get { storage.message }
        set { unique().message = newValue }
    }
    /// Where the error is; nil for errors with no source position (e.g. an interrupt outside any call).
    public var span: SourceSpan? {
        get { storage.span }
        set { unique().span = newValue }
    }
    /// Text shown after the caret (e.g. `did you mean .temp_max?`).
    public var hint: String? {
        get { storage.hint }
        set { unique().hint = newValue }
    }
    /// The kind of failure.
    public var kind: Kind {
        get { storage.kind }
        set { unique().kind = newValue }
    }
    /// The value passed to `error(...)`, kept so that `try … catch e =>` can hand it back.
    public var payload: Value? {
        get { storage.payload }
        set { unique().payload = newValue }
    }

    /// Renders the diagnostic as every front end prints it: message, location, source line and caret.
    ///
    /// ```
    /// error: unknown column .tmp_max
    ///  --> <repl>:1:13
    ///   |
    /// 1 | w |> filter(.tmp_max > 30)
    ///   |             ^^^^^^^^ did you mean .temp_max?
    /// ```
    public func rendered() -> String {
        var out = "error: \(Self.clipped(message))"
        let hint = self.hint.map(Self.clipped)
        guard let span else {
            if let hint { out += "\n  = hint: \(hint)" }
            return out
        }
        let source = span.source
        let (line, column) = source.location(of: span.start)
        switch source.kind {
        case .file: out += "\n --> \(source.name):\(line):\(column)"
        case .cell(let number): out += "\n --> cell \(number), line \(line), column \(column)"
        }
        let lineText = source.lineText(line)
        // The caret runs to the span's end, or to the end of the line for a multi-line span.
        let (endLine, endColumn) = source.location(of: span.end)
        let lineLength = lineText.unicodeScalars.count
        let caretEnd = endLine == line ? endColumn : lineLength + 1
        let quoted = Self.window(of: lineText, caretColumn: column, caretWidth: max(1, caretEnd - column))
        let gutter = String(repeating: " ", count: String(line).count)
        out += "\n\(gutter) |"
        out += "\n\(line) | \(quoted.text)"
        var caretLine = "\(gutter) | " + String(repeating: " ", count: quoted.caretOffset) + String(repeating: "^", count: quoted.caretWidth)
        if let hint { caretLine += " \(hint)" }
        out += "\n" + caretLine
        return out
    }
}

extension Diagnostic {
    /// The most characters of a source line quoted under a diagnostic: a longer line (a generated
    /// or minified script, a megabyte-long literal) shows a window around the caret, cut with `…`.
    static let quotedLineLimit = 160

    /// The most characters of a message or hint printed; longer ones quote user data (a name, a
    /// value) that was megabytes long, and are cut with `…`.
    static let printedMessageLimit = 500

    /// `text` cut to `printedMessageLimit` characters.
    static func clipped(_ text: String) -> String {
        guard text.unicodeScalars.count > printedMessageLimit else { return text }
        var cut = String.UnicodeScalarView(text.unicodeScalars.prefix(printedMessageLimit))
        cut.append("…")
        return String(cut)
    }

    /// The part of `line` to quote, where the caret starts in it (0-based) and how wide it is.
    /// Control characters (a NUL, an escape that would restyle the terminal) show as their
    /// one-column pictures (␀, ␛), so the caret stays under the right character.
    static func window(of line: String, caretColumn: Int, caretWidth: Int) -> (text: String, caretOffset: Int, caretWidth: Int) {
        let scalars = line.unicodeScalars.map { scalar -> Unicode.Scalar in
            if scalar.value < 0x20 && scalar != "\t" { return Unicode.Scalar(0x2400 + scalar.value) ?? scalar }
            return scalar.value == 0x7F ? "\u{2421}" : scalar
        }
        let caretStart = max(0, caretColumn - 1)
        guard scalars.count > quotedLineLimit else {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            return (String(text), caretStart, caretWidth)
        }
        let start = max(0, min(caretStart - quotedLineLimit / 2, scalars.count - quotedLineLimit))
        let end = min(scalars.count, start + quotedLineLimit)
        var text = String.UnicodeScalarView()
        if start > 0 { text.append("…") }
        text.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text.append("…") }
        let offset = caretStart - start + (start > 0 ? 1 : 0)
        let width = caretStart < end ? min(caretWidth, end - caretStart) : 1
        return (String(text), offset, max(1, width))
    }
}

/// Suggests the closest name to a misspelt one, for "did you mean …?" hints.
public func closestName(to name: String, among candidates: [String]) -> String? {
    // The distance is quadratic in the names' lengths; a name this long is no typo.
    guard name.unicodeScalars.count <= 64 else { return nil }
    var best: String?
    var bestDistance = Int.max
    let limit = max(1, min(3, name.count / 3 + 1))
    for candidate in candidates {
        let distance = editDistance(name, candidate)
        if distance < bestDistance && distance <= limit {
            best = candidate
            bestDistance = distance
        }
    }
    return best
}

/// Levenshtein distance over Unicode scalars; names are short, so the quadratic cost is fine.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
