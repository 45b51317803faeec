/// Parses chosen columns again from the input with the reference rules (`CSVScanner` spans and
/// `CSVColumnBuilder`), for the rare columns the fast pass could not finish: a type that changed
/// in a way that needs earlier rows' text (int → string, …), or bytes that are not UTF-8 (whose
/// error must name the line).
struct CSVRescan {
    let input: CSVInput
    let sourceName: String
    let dataStart: Int
    let width: Int
    let names: [String]
    let options: CSVOptions
    let tokens: NullTokens

    /// The columns at `indices` (ascending), each inferred, or read as strings where `asString` says so.
    func columns(_ indices: [Int], asString: [Bool]) throws(FrameError) -> [Column] {
        let base = input.base
        var scanner = CSVScanner(base: base, count: input.count, start: dataStart, delimiter: options.delimiter)
        scanner.line = CSVScanner.line(of: dataStart, in: base)
        var spans = FieldSpans()
        var rows = 0
        let limit = options.rowLimit ?? Int.max
        while rows < limit && scanner.startRecord() {
            let recordLine = scanner.line
            var fieldIndex = 0
            var picked = 0
            while true {
                let field = try scanner.nextField()
                if picked < indices.count && indices[picked] == fieldIndex {
                    try spans.append(field, base: base, tokens: tokens, sourceName: sourceName)
                    picked += 1
                }
                fieldIndex += 1
                if field.endsRecord { break }
            }
            if fieldIndex != width {
                throw FrameError(
                    .parse, "line \(recordLine): expected \(width) fields, found \(fieldIndex)", line: recordLine)
            }
            rows += 1
        }
        var columns: [Column] = []
        for (position, index) in indices.enumerated() {
            let builder = CSVColumnBuilder(
                base: base, spans: spans, column: position, width: indices.count, rowCount: rows, name: names[index],
                checkUTF8: true)
            columns.append(asString[position] ? try builder.buildStrings() : try builder.build())
        }
        return columns
    }
}
