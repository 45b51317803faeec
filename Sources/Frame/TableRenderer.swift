/// Limits for rendering a frame as a table.
public struct TableStyle: Sendable, Equatable {
    /// Rows shown before eliding the middle (first half and last half are kept); negative shows all.
    public var maxRows: Int = 10
    /// Total line width in columns; wider frames keep columns from both ends around a `…` column.
    public var maxWidth: Int = 100
    /// Longer cells (and headers) are cut and end in `…`.
    public var maxCellWidth: Int = 32

    /// The defaults: 10 rows, 100 columns, 32 per cell.
    public init() {}
}

/// Renders frames as Polars-like box tables: a `shape: (rows, cols)` line, then a box with the
/// column names, a type row, `╞═╪═╡` and left-aligned cells. Output has no trailing newline and
/// depends on nothing but the frame and the style.
public enum TableRenderer {
    /// The table text. A frame without columns renders only its shape line; one without rows renders
    /// the header box with no body rows.
    public static func render(_ frame: DataFrame, style: TableStyle = .init()) -> String {
        let shape = "shape: (\(frame.height), \(frame.width))"
        if frame.width == 0 { return shape }
        let cellLimit = max(1, style.maxCellWidth)

        // Rows to show; nil marks the ellipsis row.
        var rows: [Int?] = []
        if style.maxRows >= 0 && frame.height > style.maxRows {
            let top = (style.maxRows + 1) / 2
            let bottom = style.maxRows / 2
            rows = Array(0..<top).map { Optional($0) } + [nil]
                + Array((frame.height - bottom)..<frame.height).map { Optional($0) }
        } else {
            rows = Array(0..<frame.height).map { Optional($0) }
        }
        let shownRows = rows.compactMap { $0 }
        let hasEllipsisRow = rows.contains(nil)

        var rendered: [RenderedColumn] = []
        rendered.reserveCapacity(frame.width)
        for column in frame.columns {
            let cells = cellTexts(column, rows: shownRows, limit: cellLimit)
            let header = TextWidth.truncate(TextWidth.escapingControls(column.name), to: cellLimit)
            var width = max(TextWidth.of(header), TextWidth.of(column.type.name))
            for cell in cells { width = max(width, TextWidth.of(cell)) }
            if hasEllipsisRow { width = max(width, 1) }
            rendered.append(RenderedColumn(header: header, type: column.type.name, cells: cells, width: width))
        }

        let layout = chooseColumns(rendered.map(\.width), maxWidth: style.maxWidth)
        let ellipsisColumn = RenderedColumn(
            header: "…", type: "…", cells: Array(repeating: "…", count: shownRows.count), width: 1)
        let columns = layout.map { index in index.map { rendered[$0] } ?? ellipsisColumn }

        var lines = [shape]
        lines.append(rule("┌", "─", "┬", "┐", columns))
        lines.append(line(columns.map(\.header), columns))
        lines.append(line(columns.map(\.type), columns))
        lines.append(rule("╞", "═", "╪", "╡", columns))
        var shownIndex = 0
        for row in rows {
            if row == nil {
                lines.append(line(Array(repeating: "…", count: columns.count), columns))
            } else {
                lines.append(line(columns.map { $0.cells[shownIndex] }, columns))
                shownIndex += 1
            }
        }
        lines.append(rule("└", "─", "┴", "┘", columns))
        return lines.joined(separator: "\n")
    }

    struct RenderedColumn {
        var header: String
        var type: String
        var cells: [String]
        var width: Int
    }

    /// Column indices to show (nil is the `…` column). If everything fits, all; otherwise columns are
    /// taken alternately from the left and right ends while they fit, around one `…` column.
    static func chooseColumns(_ widths: [Int], maxWidth: Int) -> [Int?] {
        let total = widths.reduce(1) { $0 + $1 + 3 }
        if total <= maxWidth { return widths.indices.map { Optional($0) } }
        var left: [Int] = []
        var right: [Int] = []
        var used = 1 + 4
        var low = 0
        var high = widths.count - 1
        var takeLeft = true
        while low <= high {
            let index = takeLeft ? low : high
            let cost = widths[index] + 3
            if used + cost > maxWidth { break }
            used += cost
            if takeLeft {
                left.append(low)
                low += 1
            } else {
                right.insert(high, at: 0)
                high -= 1
            }
            takeLeft.toggle()
        }
        if left.isEmpty { left = [0] }
        return left.map { Optional($0) } + [nil] + right.map { Optional($0) }
    }

    static func rule(_ open: String, _ fill: String, _ join: String, _ close: String, _ columns: [RenderedColumn]) -> String {
        open + columns.map { String(repeating: fill, count: $0.width + 2) }.joined(separator: join) + close
    }

    static func line(_ texts: [String], _ columns: [RenderedColumn]) -> String {
        var out = "│"
        for (text, column) in zip(texts, columns) {
            out += " " + TextWidth.padRight(text, to: column.width) + " │"
        }
        return out
    }

    /// The display text of each shown row of a column.
    static func cellTexts(_ column: Column, rows: [Int], limit: Int) -> [String] {
        var timestampStyle = TimestampStyle.date
        if column.type == .timestamp, let values = column.int64Values {
            for row in rows where !column.isNull(row) {
                let microsOfDay = CivilTime.split(values[row]).microsOfDay
                if microsOfDay % 1_000_000 != 0 {
                    timestampStyle = .microseconds
                    break
                }
                if microsOfDay != 0 { timestampStyle = .seconds }
            }
        }
        return rows.map { row in
            switch column.scalar(at: row) {
            case .null: return "null"
            case .int(let v): return String(v)
            case .float(let v): return NumberFormatting.table(v)
            case .bool(let v): return v ? "true" : "false"
            case .string(let v): return TextWidth.truncate(TextWidth.escapingControls(v), to: limit)
            case .timestamp(let v): return NumberFormatting.timestamp(v, style: timestampStyle)
            case .duration(let v): return NumberFormatting.duration(v)
            }
        }
    }
}
