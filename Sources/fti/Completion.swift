import Lang
import Runtime

/// Tab completion, a pure function of the line so it can be tested without a terminal:
/// `:` commands at the start of a line; after `name.` the fields of a record or the columns of a
/// frame; after a lone `.` the columns of every frame in scope; otherwise bindings, builtins and
/// keywords.
enum Completion {
    /// Replacement words for `word`, which starts at character offset `wordStart` of `line`.
    static func candidates(for word: String, line: String = "", wordStart: Int = 0, in session: Session) -> [String] {
        let interpreter = session.interpreter
        if word.hasPrefix(":") {
            let before = line.prefix(wordStart)
            guard before.allSatisfy(\.isWhitespace) else { return [] }
            return MetaCommand.names.filter { $0.hasPrefix(word) }.sorted()
        }
        if word.hasPrefix(".") {
            let prefix = String(word.dropFirst())
            var names: [String] = []
            for (_, value) in interpreter.globals.bindings {
                guard case .host(let object) = value else { continue }
                for column in object.memberNames where column.hasPrefix(prefix) && !names.contains(column) {
                    names.append(column)
                }
            }
            return names.sorted().map { "." + $0 }
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            guard let value = resolve(path: base, in: interpreter.globals) else { return [] }
            return memberNames(of: value).filter { $0.hasPrefix(prefix) && isPlainName($0) }.sorted().map { base + "." + $0 }
        }
        let pool = interpreter.globals.names + interpreter.builtinNames + Keyword.allCases.map(\.rawValue)
        var seen: [String] = []
        for name in pool where name.hasPrefix(word) && !seen.contains(name) && name != "_" { seen.append(name) }
        return seen.sorted()
    }

    /// The value of `a.b.c`: a global, then record fields and object members.
    private static func resolve(path: String, in globals: Globals) -> Value? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty, var value = globals[first] else { return nil }
        for part in parts.dropFirst() {
            switch value {
            case .record(let record):
                guard let field = record[part] else { return nil }
                value = field
            case .host(let object):
                // A frame's member is a whole column turned into a list: costly, and it has no members.
                if object is FrameValue { return nil }
                guard let member = object.member(part) else { return nil }
                value = member
            default:
                return nil
            }
        }
        return value
    }

    /// The names that may follow `value.`: a record's fields or an object's members (a frame's columns).
    private static func memberNames(of value: Value) -> [String] {
        switch value {
        case .record(let record): return record.keys
        case .host(let object): return object.memberNames
        default: return []
        }
    }

    /// Whether `name` can be written after a `.` as it is (letters, digits and `_`, not starting with a digit).
    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
