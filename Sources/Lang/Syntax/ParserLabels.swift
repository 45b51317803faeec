/// Argument labels as the parser reads them: `name:` or, for names that are not identifiers,
/// `"quoted name":` (as a record key is written), and the diagnostic for the column-reference
/// spelling `.name:` that users reach for first.
extension Parser {
    /// The label of a named argument whose first two tokens are these (`name :` or `"name" :`), else nil.
    static func argumentLabel(_ first: Token, _ second: Token) -> String? {
        guard case .symbol(.colon) = second.kind else { return nil }
        switch first.kind {
        case .identifier(let name), .string(let name): return name
        default: return nil
        }
    }

    /// The name of `.name:` or `."name":` (a column reference written as a label), else nil.
    static func columnLabel(_ first: Token, _ second: Token, _ third: Token) -> String? {
        guard case .symbol(.dot) = first.kind, !second.spaceBefore, case .symbol(.colon) = third.kind else { return nil }
        switch second.kind {
        case .identifier(let name), .string(let name): return name
        default: return nil
        }
    }

    /// A label as it is written: bare when an identifier, else quoted with `"` and `\` escaped.
    static func labelSpelling(_ name: String) -> String {
        let bytes = Array(name.utf8)
        if let first = bytes.first, isIdentifierStart(first), bytes.allSatisfy(isIdentifierByte) { return name }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
