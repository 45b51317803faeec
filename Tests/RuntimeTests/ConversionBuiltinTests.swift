import Foundation
import Testing

@testable import Runtime

@Suite struct ConversionBuiltinTests {
    @Test func intTruncatesTowardZero() throws {
        let s = try builtinSession()
        #expect(s.show("[int(3.7), int(-3.7), int(\"42\"), int(true), int(5), int(null), int(1500ms)]") == "[3, -3, 42, 1, 5, null, 1500000]")
        #expect(s.show("(frame({a: [3.7, -3.7, null, 0.0]}) |> with(b: int(.a))).b") == s.show("[3, -3, null, 0]"))
    }

    @Test func nonFiniteAndOutOfRangeFloatsAreErrors() throws {
        let s = try builtinSession()
        #expect(s.show("int(0.0 / 0.0)").hasPrefix("error: int cannot convert"))
        #expect(s.show("int(1e19)").hasPrefix("error: int cannot convert 1e+19 to int") || s.show("int(1e19)").hasPrefix("error: int cannot convert"))
        #expect(s.show("int(-1e300)").hasPrefix("error: int cannot convert"))
        #expect(s.show("frame({a: [1.0, 1e19]}) |> with(b: int(.a))").hasPrefix("error: cannot convert 1e+19 to int (row 1 of .a)")
            || s.show("frame({a: [1.0, 1e19]}) |> with(b: int(.a))").hasPrefix("error: cannot convert"))
        #expect(s.show("int(\"4x\")").hasPrefix("error: int cannot convert \"4x\" to int"))
        // A null row never raises it.
        #expect(s.show("(frame({a: [null, 2.9]}) |> with(b: int(.a))).b") == s.show("[null, 2]"))
    }

    @Test func floatAndString() throws {
        let s = try builtinSession()
        #expect(s.show("[float(2), float(\"2.5\"), float(false), string(2.5), string(12), string(true), string(null)]")
            == "[2.0, 2.5, 0.0, \"2.5\", \"12\", \"true\", null]")
        #expect(s.show("string([1, 2])") == "\"[1, 2]\"")
        #expect(s.show("(frame({a: [1, null, 3]}) |> with(b: float(.a), c: string(.a))).c") == s.show("[\"1\", null, \"3\"]"))
        #expect(s.show("(frame({a: [1, 3]}) |> with(b: float(.a) / 2)).b") == "[0.5, 1.5]")
    }

    @Test func columnsAndScalarsAgree() throws {
        let s = try builtinSession()
        let values = ["2.0", "-0.5", "7.999", "-7.999", "123456.78", "0.1"]
        for value in values {
            for function in ["int", "float", "string"] {
                let column = s.show("(frame({a: [\(value)]}) |> with(b: \(function)(.a))).b")
                let scalar = s.show("[\(function)(\(value))]")
                #expect(column == scalar, "\(function)(\(value))")
            }
        }
    }

    @Test func castOfAColumnExpressionInsideWith() throws {
        let s = try builtinSession()
        #expect(s.show("(frame({a: [1.0, 2.0, null]}) |> with(b: cast(.a, \"int\"))).b") == s.show("[1, 2, null]"))
        #expect(s.show("frame({a: [1.5]}) |> with(b: cast(.a, \"int\"))").hasPrefix("error: "))
        #expect(s.show("[cast(2.0, \"int\"), cast(\"7\", \"float\"), cast(1, \"string\")]") == "[2, 7.0, \"1\"]")
        #expect(s.show("cast(2.5, \"int\")").hasPrefix("error: cast cannot convert 2.5 to int"))
        #expect(s.show("cast(.a, \"integer\")").hasPrefix("error: unknown type \"integer\""))
        // The frame verb keeps working.
        #expect(s.show("(frame({a: [1, 2]}) |> cast(a: \"float\")).a") == "[1.0, 2.0]")
        #expect(s.show("frame({a: [1]}) |> cast(\"float\")").hasPrefix("error: cast of a frame takes column: \"type\" pairs"))
    }

    @Test func emptyFrames() throws {
        let s = try builtinSession()
        #expect(s.show("shape(frame({a: [1.5]}) |> filter(.a > 9.0) |> with(b: int(.a), c: string(.a)))") == "[0, 3]")
    }
}
