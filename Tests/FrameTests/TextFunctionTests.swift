import Testing
import Frame

/// contains, starts_with, ends_with, replace and trim over string columns, and the byte-level
/// `TextSearch` helpers they share with the runtime's scalar builtins.
@Suite struct TextFunctionTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "s", strings: ["  run fast ", "walk", nil, "\u{3000}élan\u{A0}", ""]),
            Column(name: "p", strings: ["run", "alk", "x", nil, ""]),
            Column(name: "n", ints: [1, 2, 3, 4, 5]),
        ])
    }

    func call(_ name: String, _ arguments: Expr...) throws(FrameError) -> Column {
        try frame.evaluate(.call(name, arguments))
    }

    @Test func searchAgainstAConstant() throws {
        #expect(try call("contains", col("s"), lit("a")).scalars == [.bool(true), .bool(true), .null, .bool(true), .bool(false)])
        #expect(try call("starts_with", col("s"), lit("wa")).scalars == [.bool(false), .bool(true), .null, .bool(false), .bool(false)])
        #expect(try call("ends_with", col("s"), lit(" ")).scalars == [.bool(true), .bool(false), .null, .bool(false), .bool(false)])
        #expect(try call("contains", col("s"), lit("")).scalars == [.bool(true), .bool(true), .null, .bool(true), .bool(true)])
        #expect(try call("contains", col("s"), nullLiteral).nullCount == 5)
    }

    @Test func searchAgainstAColumn() throws {
        #expect(try call("contains", col("s"), col("p")).scalars == [.bool(true), .bool(true), .null, .null, .bool(true)])
        #expect(try call("starts_with", lit("running"), col("p")).scalars == [.bool(true), .bool(false), .bool(false), .null, .bool(true)])
        #expect(try call("ends_with", col("s"), col("p")).scalars == [.bool(false), .bool(true), .null, .null, .bool(true)])
        #expect(try frame.evaluate(.call("contains", [lit("abc"), lit("b")])).scalars == Array(repeating: .bool(true), count: 5))
    }

    @Test func replaceAndTrim() throws {
        #expect(try call("replace", col("s"), lit("a"), lit("A")).scalars
                == [.string("  run fAst "), .string("wAlk"), .null, .string("\u{3000}élAn\u{A0}"), .string("")])
        #expect(try call("replace", col("s"), lit(" "), lit("")).scalar(at: 0) == .string("runfast"))
        #expect(try call("replace", col("s"), lit("é"), nullLiteral).nullCount == 5)
        #expect(try call("trim", col("s")).scalars == [.string("run fast"), .string("walk"), .null, .string("élan"), .string("")])
        #expect(try call("trim", lit("  x ")).scalar(at: 0) == .string("x"))
    }

    @Test func errors() {
        #expect(frameError { try call("contains", col("n"), lit("1")) }?.message == "contains expects a string, found int")
        #expect(frameError { try call("ends_with", col("s"), lit(1)) }?.message == "ends_with expects a string, found int")
        #expect(frameError { try call("trim", col("n")) }?.message == "trim expects a string, found int")
        #expect(frameError { try call("replace", col("s"), col("p"), lit("x")) }?.code == .invalidArgument)
        #expect(frameError { try call("replace", col("s"), lit(""), lit("x")) }?.message == "replace needs a non-empty text to find")
        #expect(frameError { try call("contains", col("s")) }?.message == "contains expects 2 arguments, found 1")
    }

    @Test func byteHelpers() {
        #expect(TextSearch.contains("abcabd", "abd"))
        #expect(!TextSearch.contains("ab", "abc"))
        #expect(TextSearch.replacing("a.b.c", ".", with: "::") == "a::b::c")
        #expect(TextSearch.replacing("aaaa", "aa", with: "a") == "aa")
        #expect(TextSearch.split("a--b----c", by: "--") == ["a", "b", "", "c"])
        #expect(TextSearch.splitOnWhitespace("\u{2028}x\u{1680}y\u{205F}\u{202F}z ") == ["x", "y", "z"])
        #expect(TextSearch.trimmed("\u{85}\u{2009}mid dle\u{200A}\u{2029}") == "mid dle")
        // U+200B (zero width space) and U+180E are not White_Space; a lone continuation byte run is left alone.
        #expect(TextSearch.trimmed("\u{200B}x\u{180E}") == "\u{200B}x\u{180E}")
        #expect(TextSearch.hasPrefix("", ""))
        #expect(TextSearch.hasSuffix("é", "\u{A9}") == false)
    }
}
