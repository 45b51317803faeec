/// Names (tables, columns) written into SQL text: the only text that cannot be a bound parameter.
public enum SQLiteIdentifier {
    /// The name in double quotes with embedded quotes doubled, so any name is read as one
    /// identifier and never as SQL (`x"; DROP TABLE y; --` becomes `"x""; DROP TABLE y; --"`).
    /// Throws for names SQLite cannot hold: empty, or containing a NUL byte.
    public static func quoted(_ name: String) throws(SQLiteError) -> String {
        if name.isEmpty { throw SQLiteError(code: 1, message: "an empty name cannot be a table or column name") }
        if name.utf8.contains(0) { throw SQLiteError(code: 1, message: "a name cannot contain a NUL character") }
        var text = "\""
        for character in name.unicodeScalars {
            if character == "\"" { text.unicodeScalars.append("\"") }
            text.unicodeScalars.append(character)
        }
        text.unicodeScalars.append("\"")
        return text
    }
}
