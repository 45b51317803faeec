import Testing
import Frame
import TestSupport

@Suite struct NumberParsingTests {
    func double(_ text: String) -> Double? {
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { NumberParsing.double($0, buffer.count - 1) }
        }
    }

    func int(_ text: String) -> Int64? {
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { NumberParsing.int64($0, buffer.count - 1) }
        }
    }

    @Test func integers() {
        #expect(int("0") == 0)
        #expect(int("-17") == -17)
        #expect(int("+5") == 5)
        #expect(int("007") == 7)
        #expect(int("9223372036854775807") == Int64.max)
        #expect(int("-9223372036854775808") == Int64.min)
        #expect(int("9223372036854775808") == nil)
        #expect(int("99999999999999999999") == nil)
        for bad in ["", "-", "+", "1.0", "1e3", " 1", "0x10", "1_000"] { #expect(int(bad) == nil) }
    }

    @Test func floatSyntax() {
        #expect(double("1") == 1)
        #expect(double(".5") == 0.5)
        #expect(double("5.") == 5)
        #expect(double("-0.0")?.sign == .minus)
        #expect(double("1e-3") == 0.001)
        #expect(double("INF") == .infinity)
        #expect(double("-inf") == -.infinity)
        #expect(double("nan")?.isNaN == true)
        for bad in ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "0x1p3", "infinite", "1,5", "--1"] {
            #expect(double(bad) == nil, "\(bad)")
        }
    }

    @Test func floatsAreCorrectlyRounded() {
        // Swift's Double(String) is correctly rounded; the parser must agree bit for bit, on both the
        // fast path and the strtod fallback (long mantissas, big exponents, subnormals).
        var random = SplitMix64(state: 42)
        var texts = ["0.1", "0.2", "0.3", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308",
                     "9007199254740993", "0.1199999999999974", "123456789012345678901234567890", "1e23", "8.589973e9"]
        for _ in 0..<20_000 {
            let digits = 1 + random.below(20)
            var mantissa = ""
            for _ in 0..<digits { mantissa.append(Character(Unicode.Scalar(UInt8(48 + random.below(10))))) }
            let point = random.below(digits + 1)
            var text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            if random.below(3) == 0 { text += "e\(random.below(80) - 40)" }
            if random.below(2) == 0 { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            guard let expected = Double(text) else { continue }
            #expect(double(text)?.bitPattern == expected.bitPattern, "\(text)")
        }
    }
}
