/// Builds SVG text with byte-stable numbers (fixed two decimals, computed in integers) and
/// escaped labels, so the same chart always gives the same bytes.
struct ChartSVGWriter {
    private(set) var text = ""

    /// A coordinate or size with exactly two decimals (`12.50`, `-3.00`), rounded half away from
    /// zero; NaN prints as 0 and magnitudes are clamped to a million so no exponent ever appears.
    static func number(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : min(max(value, -1_000_000), 1_000_000)
        let hundredths = Int64((clamped * 100).rounded(.toNearestOrAwayFromZero))
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return (hundredths < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// Text safe inside an XML element or attribute: control characters shown as escapes, markup
    /// characters as entities, and the characters XML 1.0 forbids replaced.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in TextWidth.escapingControls(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends one line of markup.
    mutating func line(_ markup: String) {
        text += markup
        text += "\n"
    }

    /// A straight line segment.
    mutating func segment(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        var markup = "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        markup += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        if let dash { markup += " stroke-dasharray=\"\(dash)\"" }
        line(markup + "/>")
    }

    /// A filled rectangle (negative sizes are normalised).
    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, opacity: Double? = nil) {
        let left = min(x, x + width)
        let top = min(y, y + height)
        var markup = "<rect x=\"\(Self.number(left))\" y=\"\(Self.number(top))\""
        markup += " width=\"\(Self.number(width.magnitude))\" height=\"\(Self.number(height.magnitude))\" fill=\"\(fill)\""
        if let opacity { markup += " fill-opacity=\"\(Self.number(opacity))\"" }
        line(markup + "/>")
    }

    /// A filled circle.
    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, stroke: String? = nil) {
        var markup = "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\""
        if let stroke { markup += " stroke=\"\(stroke)\" stroke-width=\"1.00\"" }
        line(markup + "/>")
    }

    /// A polyline (open, unfilled) or polygon (closed, filled) through points.
    mutating func path(_ points: [(x: Double, y: Double)], stroke: String?, fill: String?, opacity: Double? = nil) {
        guard !points.isEmpty else { return }
        let coordinates = points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ")
        if let fill {
            var markup = "<polygon points=\"\(coordinates)\" fill=\"\(fill)\""
            if let opacity { markup += " fill-opacity=\"\(Self.number(opacity))\"" }
            line(markup + "/>")
        } else if let stroke {
            line(
                "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2.00\""
                    + " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
        }
    }

    /// A text label; `anchor` is `start`, `middle` or `end`.
    mutating func label(
        _ content: String, x: Double, y: Double, size: Int = 11, anchor: String = "start", fill: String = "#333333",
        bold: Bool = false
    ) {
        var markup = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(size)\""
        if anchor != "start" { markup += " text-anchor=\"\(anchor)\"" }
        if bold { markup += " font-weight=\"bold\"" }
        line(markup + " fill=\"\(fill)\">\(Self.escaped(content))</text>")
    }

    /// Approximate rendered width of a label in a sans-serif font of `size` px (0.6 em per column).
    static func textWidth(_ content: String, size: Int) -> Double {
        Double(TextWidth.of(TextWidth.escapingControls(content))) * Double(size) * 0.6
    }

    /// A label cut with `…` to fit `width` px at `size`.
    static func fitted(_ content: String, width: Double, size: Int) -> String {
        let columns = Int((width / (Double(size) * 0.6)).rounded(.down))
        return TextWidth.truncate(TextWidth.escapingControls(content), to: max(1, columns))
    }
}
