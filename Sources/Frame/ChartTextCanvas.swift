/// What a text chart cell holds, lowest first: a cell keeps the glyph of the highest layer drawn
/// on it (later draws win ties), so lines cross bands and markers sit on lines.
enum ChartTextLayer {
    case band, threshold, divider
    case line(Int)
    case marker(Int)
    case alert, note

    /// The drawing order of the layer; series layers stack in series order.
    var rank: Int {
        switch self {
        case .band: 1
        case .threshold: 2
        case .divider: 3
        case .line(let series): 10 + min(series, 999)
        case .marker(let series): 2000 + min(series, 999)
        case .alert: 4000
        case .note: 5000
        }
    }
}

/// A fixed grid of one-scalar glyphs, the plotting area of one text chart panel.
struct ChartTextCanvas {
    let width: Int
    let height: Int
    private var glyphs: [Unicode.Scalar]
    private var ranks: [Int]

    /// A blank canvas of `width` × `height` cells.
    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        glyphs = Array(repeating: " ", count: self.width * self.height)
        ranks = Array(repeating: 0, count: self.width * self.height)
    }

    /// Draws `glyph` unless the cell holds a higher layer; cells outside the canvas are ignored.
    mutating func put(_ glyph: Unicode.Scalar, column: Int, row: Int, layer: ChartTextLayer) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        let cell = row * width + column
        let rank = layer.rank
        if rank >= ranks[cell] {
            glyphs[cell] = glyph
            ranks[cell] = rank
        }
    }

    /// Writes `text` from `column` on `row` (one cell per scalar), clipped at the edges.
    mutating func write(_ text: String, column: Int, row: Int, layer: ChartTextLayer) {
        var at = column
        for scalar in text.unicodeScalars {
            put(scalar, column: at, row: row, layer: layer)
            at += 1
        }
    }

    /// The cells of one row as text.
    func line(_ row: Int) -> String {
        guard row >= 0, row < height else { return "" }
        var scalars = String.UnicodeScalarView()
        for column in 0..<width { scalars.append(glyphs[row * width + column]) }
        return String(scalars)
    }
}

/// The box-drawing glyphs one series is drawn with, chosen from its connections to neighbouring cells.
///
/// Only glyphs of the WGL4 set are used (light and double box drawing, geometric shapes), which every
/// common monospace font covers; braille is avoided because fonts GitHub falls back to in code blocks
/// lack it and substitute glyphs of another width.
struct ChartTextGlyphs {
    /// Indexed by connection bits: left 1, right 2, up 4, down 8.
    let boxes: [Unicode.Scalar]
    /// Drawn at each point of a series with markers, and at isolated points.
    let marker: Unicode.Scalar

    static let light: [Unicode.Scalar] = [
        " ", "─", "─", "─", "│", "┘", "└", "┴", "│", "┐", "┌", "┬", "│", "┤", "├", "┼",
    ]
    static let double: [Unicode.Scalar] = [
        " ", "═", "═", "═", "║", "╝", "╚", "╩", "║", "╗", "╔", "╦", "║", "╣", "╠", "╬",
    ]
    static let markers: [Unicode.Scalar] = ["●", "■", "○", "□", "◊"]

    /// The glyphs of the series at `index`: light and double lines alternate, markers cycle.
    static func forSeries(_ index: Int) -> ChartTextGlyphs {
        ChartTextGlyphs(boxes: index % 2 == 0 ? light : double, marker: markers[index % markers.count])
    }

    /// A three-cell legend sample of a series drawn in `style`.
    func sample(_ style: ChartSeries.Style) -> String {
        let line = String(Character(boxes[3]))
        let mark = String(Character(marker))
        switch style {
        case .line: return line + line + line
        case .lineWithMarkers: return line + mark + line
        case .points: return mark
        }
    }
}

/// The path of one series on a canvas as connection bits per cell, so crossings and turns get the
/// right box-drawing glyph whatever order the segments were drawn in.
struct ChartTextPath {
    static let left: UInt8 = 1
    static let right: UInt8 = 2
    static let up: UInt8 = 4
    static let down: UInt8 = 8
    static let point: UInt8 = 16

    let width: Int
    let height: Int
    private var bits: [UInt8]

    /// An empty path over `width` × `height` cells.
    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = Array(repeating: 0, count: self.width * self.height)
    }

    private mutating func mark(_ column: Int, _ row: Int, _ flag: UInt8) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        bits[row * width + column] |= flag
    }

    /// A lone point (shown as the series marker unless a line passes through the cell).
    mutating func point(column: Int, row: Int) {
        mark(column, row, Self.point)
    }

    /// A vertical run in one column from `from` to `to`.
    mutating func vertical(column: Int, from: Int, to: Int) {
        let top = min(from, to)
        let bottom = max(from, to)
        guard top < bottom else { return }
        for row in top...bottom {
            if row > top { mark(column, row, Self.up) }
            if row < bottom { mark(column, row, Self.down) }
        }
    }

    /// A segment between two cells: one row per column by linear interpolation (rounded half away
    /// from zero, in integers), each rise or fall drawn in the column where it lands.
    mutating func connect(_ startColumn: Int, _ startRow: Int, _ endColumn: Int, _ endRow: Int) {
        var (c0, r0, c1, r1) = (startColumn, startRow, endColumn, endRow)
        if c0 > c1 { (c0, r0, c1, r1) = (c1, r1, c0, r0) }
        if c0 == c1 {
            vertical(column: c0, from: r0, to: r1)
            mark(c0, r0, Self.point)
            return
        }
        var previousRow = r0
        for column in (c0 + 1)...c1 {
            let row = r0 + ChartScale.roundedDivision((r1 - r0) * (column - c0), c1 - c0)
            mark(column - 1, previousRow, Self.right)
            mark(column, previousRow, Self.left)
            vertical(column: column, from: previousRow, to: row)
            previousRow = row
        }
    }

    /// Draws the path onto `canvas` with the series' glyphs.
    func draw(on canvas: inout ChartTextCanvas, glyphs: ChartTextGlyphs, series: Int) {
        for row in 0..<height {
            for column in 0..<width {
                let cell = bits[row * width + column]
                if cell == 0 { continue }
                let connections = Int(cell & 15)
                let glyph = connections == 0 ? glyphs.marker : glyphs.boxes[connections]
                canvas.put(glyph, column: column, row: row, layer: connections == 0 ? .marker(series) : .line(series))
            }
        }
    }
}
