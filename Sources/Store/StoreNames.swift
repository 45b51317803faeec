/// The names the store accepts. Group, view and model names become part of table names, so they are
/// lowercase identifiers; column names are identifiers of any case, distinct ignoring case, because
/// SQLite compares column names without regard to case.
enum StoreNames {
    /// Longest accepted name, so derived table names stay readable.
    static let maximumLength = 64

    /// Checks a feature group, feature view or model name: a lowercase letter, then lowercase
    /// letters, digits and `_`. `what` says which kind of name it is, for the message.
    static func checkEntity(_ name: String, _ what: String) throws(StoreError) {
        var valid = !name.isEmpty && name.utf8.count <= maximumLength
        for (index, byte) in name.utf8.enumerated() where valid {
            let lower = byte >= 0x61 && byte <= 0x7A
            let digit = byte >= 0x30 && byte <= 0x39
            valid = index == 0 ? lower : (lower || digit || byte == 0x5F)
        }
        if !valid {
            throw StoreError(
                .invalidName,
                "\(what) name '\(name)' must start with a lowercase letter and hold only lowercase letters, digits and _ (at most \(maximumLength))")
        }
    }

    /// Checks a column name: a letter or `_`, then letters, digits and `_`; names starting with
    /// `fti_` are the store's own bookkeeping columns.
    static func checkColumn(_ name: String, _ context: String) throws(StoreError) {
        var valid = !name.isEmpty && name.utf8.count <= maximumLength
        for (index, byte) in name.utf8.enumerated() where valid {
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            let digit = byte >= 0x30 && byte <= 0x39
            valid = index == 0 ? letter : (letter || digit)
        }
        if !valid {
            throw StoreError(
                .invalidName,
                "\(context): column name '\(name)' must be an identifier (letters, digits and _, not starting with a digit, at most \(maximumLength))")
        }
        if name.lowercased().hasPrefix("fti_") {
            throw StoreError(.invalidName, "\(context): column name '\(name)' is reserved (names starting with fti_ are the store's own)")
        }
    }

    /// Checks that `names` are valid column names, distinct even ignoring case.
    static func checkColumns(_ names: [String], _ context: String) throws(StoreError) {
        var seen: [String] = []
        for name in names {
            try checkColumn(name, context)
            let folded = name.lowercased()
            if let index = seen.firstIndex(of: folded) {
                throw StoreError(
                    .duplicateName,
                    "\(context): columns '\(names[index])' and '\(name)' differ only in case, which SQLite cannot keep apart")
            }
            seen.append(folded)
        }
    }

    /// Checks the column names of a spine, which come from users' files: any non-empty name without
    /// a NUL, not starting with `fti_`, distinct from the others even ignoring case (a training
    /// dataset is saved as an SQLite table).
    static func checkSpineColumns(_ names: [String], _ context: String) throws(StoreError) {
        var seen: [String] = []
        for name in names {
            if name.isEmpty || name.utf8.contains(0) {
                throw StoreError(.invalidName, "\(context): a column name is empty or holds a NUL character")
            }
            if name.lowercased().hasPrefix("fti_") {
                throw StoreError(.invalidName, "\(context): column name '\(name)' is reserved (names starting with fti_ are the store's own)")
            }
            let folded = name.lowercased()
            if let index = seen.firstIndex(of: folded) {
                throw StoreError(
                    .duplicateName,
                    "\(context): columns '\(names[index])' and '\(name)' differ only in case, which SQLite cannot keep apart")
            }
            seen.append(folded)
        }
    }

    /// Checks a version number: 1 or more.
    static func checkVersion(_ version: Int, _ what: String) throws(StoreError) {
        if version < 1 {
            throw StoreError(.invalidArgument, "\(what) version must be 1 or more, found \(version)")
        }
    }

    /// A quoted identifier for SQL text; names reaching here are already validated.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// This string with every occurrence of `target` replaced (no Foundation in engine modules).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
