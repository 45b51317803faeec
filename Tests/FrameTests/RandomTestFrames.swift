import Frame
import TestSupport

/// A random frame of every type with nulls (SplitMix64, so each seed gives the same frame): strings
/// mix quotes, commas, CR/LF, unicode and `NA`; floats include raw bit patterns (subnormals, infinities,
/// NaN when `nan`); timestamps lie within about 250 years of 1970 and carry microseconds.
func randomTestFrame(_ random: inout SplitMix64, rows: Int, nan: Bool) throws -> DataFrame {
    let pieces = ["a", "b,c", "\"", "\n", "\r\n", "é", "🎉", " ", "NA", "x\"y", "'", ";"]
    func valid() -> [Bool] { (0..<rows).map { _ in random.below(5) != 0 } }
    var strings: [String?] = []
    for _ in 0..<rows {
        if random.below(6) == 0 {
            strings.append(nil)
            continue
        }
        strings.append((0..<random.below(4)).map { _ in pieces[random.below(pieces.count)] }.joined())
    }
    var floats: [Double] = []
    for _ in 0..<rows {
        switch random.below(4) {
        case 0: floats.append(Double(random.below(1000)) / 10)
        case 1: floats.append(Double(Int64(bitPattern: random.next())) / 1e6)
        default:
            let bits = Double(bitPattern: random.next())
            floats.append(bits.isNaN && !nan ? 0.5 : bits)
        }
    }
    return try DataFrame(columns: [
        Column(name: "i", ints: (0..<rows).map { _ in Int64(bitPattern: random.next()) >> random.below(64) }, validity: valid()),
        Column(name: "f", floats: floats, validity: valid()),
        Column(name: "b", bools: (0..<rows).map { _ in random.below(2) == 0 }, validity: valid()),
        Column(name: "s", strings: strings),
        Column(name: "t", timestamps: (0..<rows).map { _ in Int64(random.below(16_000_000)) * 1_000_000_007 - 8_000_000_000_000_000 }, validity: valid()),
        Column(name: "d", durations: (0..<rows).map { _ in Int64(random.below(1_000_000_000)) - 500_000_000 }, validity: valid()),
    ])
}

