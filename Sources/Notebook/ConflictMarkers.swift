extension NotebookDocument {
    /// The 1-based line of the first merge-conflict marker in `text`, or nil when there is none.
    /// Only `<<<<<<<`, `|||||||` and `>>>>>>>` lines count: a lone `=======` is also a setext
    /// heading underline in Markdown, and never appears in a conflict without the others.
    public static func conflictMarkerLine(in text: String) -> Int? {
        let table = LineTable(bytes: Array(text.utf8))
        for index in table.lines.indices {
            let line = table.content(index)
            for marker in ["<<<<<<<", "|||||||", ">>>>>>>"] {
                let prefix = Array(marker.utf8)
                guard line.starts(with: prefix) else { continue }
                let rest = line.dropFirst(prefix.count)
                if rest.isEmpty || rest.first == UInt8(ascii: " ") { return index + 1 }
            }
        }
        return nil
    }
}
