import Frame
import TestSupport

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


