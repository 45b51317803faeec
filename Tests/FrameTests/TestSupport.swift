import Frame

/// Parses CSV text the way tests need it.
func csv(_ text: String, _ options: CSVOptions = .init()) throws(FrameError) -> DataFrame {
    try CSVReader.read(bytes: Array(text.utf8), sourceName: "test.csv", options: options)
}

/// Runs `body` and returns the FrameError it threw, or nil if it threw nothing (or something else).
func frameError<T>(_ body: () throws -> T) -> FrameError? {
    do {
        _ = try body()
        return nil
    } catch let error as FrameError {
        return error
    } catch {
        return nil
    }
}

/// Shorthands for building expressions in tests.
func col(_ name: String) -> Expr { .column(name) }
func lit(_ value: Int64) -> Expr { .literal(.int(value)) }
func lit(_ value: Int) -> Expr { .literal(.int(Int64(value))) }
func lit(_ value: Double) -> Expr { .literal(.float(value)) }
func lit(_ value: String) -> Expr { .literal(.string(value)) }
func lit(_ value: Bool) -> Expr { .literal(.bool(value)) }
let nullLiteral = Expr.literal(.null)

func + (lhs: Expr, rhs: Expr) -> Expr { .binary(.add, lhs, rhs) }
func - (lhs: Expr, rhs: Expr) -> Expr { .binary(.subtract, lhs, rhs) }
func * (lhs: Expr, rhs: Expr) -> Expr { .binary(.multiply, lhs, rhs) }
func / (lhs: Expr, rhs: Expr) -> Expr { .binary(.divide, lhs, rhs) }
func % (lhs: Expr, rhs: Expr) -> Expr { .binary(.remainder, lhs, rhs) }
func < (lhs: Expr, rhs: Expr) -> Expr { .binary(.less, lhs, rhs) }
func > (lhs: Expr, rhs: Expr) -> Expr { .binary(.greater, lhs, rhs) }
func == (lhs: Expr, rhs: Expr) -> Expr { .binary(.equal, lhs, rhs) }
func && (lhs: Expr, rhs: Expr) -> Expr { .binary(.and, lhs, rhs) }
func || (lhs: Expr, rhs: Expr) -> Expr { .binary(.or, lhs, rhs) }

/// Deterministic test randomness (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
