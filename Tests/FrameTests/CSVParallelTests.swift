import Testing
import Frame
import TestSupport

/// The chunked, multi-threaded CSV reader against a naive row-by-row reference, and against itself
/// on one thread: random inputs with every field shape the fast paths must hand over correctly.
@Suite struct CSVParallelTests {
    /// Random CSV text: a header and rows whose columns each follow a random profile.
    static func randomCSV(_ random: inout SplitMix64, rows: Int, crlf: Bool) -> [UInt8] {
        let width = 1 + random.below(5)
        let profiles = (0..<width).map { _ in random.below(9) }
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + "\n"
        let newline = crlf ? "\r\n" : "\n"
        for row in 0..<rows {
            if random.below(40) == 0 { text += newline }  // a blank line
            var fields: [String] = []
            for column in 0..<width {
                fields.append(field(profiles[column], row: row, rows: rows, &random))
            }
            text += fields.joined(separator: ",") + (row == rows - 1 && random.below(2) == 0 ? "" : newline)
        }
        return Array(text.utf8)
    }

    /// One field of a column profile; some values appear late so that a kind changes mid-column.
    static func field(_ profile: Int, row: Int, rows: Int, _ random: inout SplitMix64) -> String {
        let roll = random.below(100)
        if roll < 4 { return "" }
        if roll < 6 { return "NA" }
        let late = row > rows * 3 / 4
        switch profile {
        case 0:  // ints, some signed, padded or quoted
            let value = Int64(bitPattern: random.next()) % 100_000
            if roll < 9 { return "\"\(value)\"" }
            if roll < 11 { return " \(value) " }
            if roll < 12 { return "+\(abs(value))" }
            if roll < 13 { return "-0" }
            return "\(value)"
        case 1:  // ints (with a negative zero, which must stay -0.0) that turn into floats late
            if roll < 7 { return roll < 6 ? "-0" : " -0" }
            if late && roll < 30 { return "\(random.below(1000)).\(random.below(100))" }
            return "\(Int64(bitPattern: random.next()) % 1_000_000_000_000)"
        case 2:  // floats in many spellings
            let forms = ["1.5", "-0.0", ".25", "7.", "1e3", "2.5E-3", "123456789012345678901", "0.1", "nan", "-inf",
                         "3.14159265358979323846", "-12.0625"]
            if roll < 40 { return forms[random.below(forms.count)] }
            return "\(Int64(bitPattern: random.next()) % 100_000).\(random.below(10_000))"
        case 3:  // ints that turn into strings late
            if late && roll < 20 { return "x\(random.below(10))" }
            return "\(random.below(50))"
        case 4:  // strings with quotes, delimiters, line breaks, multi-byte text
            let pieces = ["alpha", "b\"q\"", "c,d", "line\nbreak", "crlf\r\nin", "é€😀", " pad ", "", "NA"]
            let piece = pieces[random.below(pieces.count)]
            if piece.utf8.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }) || roll < 20 {
                return "\"" + piece.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return piece.isEmpty ? "\"\"" : piece
        case 5:  // bools
            return ["true", "false", "TRUE", "False"][random.below(4)]
        case 6:  // timestamps
            return "2024-0\(1 + random.below(9))-1\(random.below(10))T0\(random.below(10)):1\(random.below(6)):00Z"
        case 7:  // mostly null, then a quoted empty string, then text
            if row < rows / 2 { return roll < 50 ? "" : "\"\"" }
            return "t\(random.below(5))"
        default:  // short category names
            return ["golf", "kilo", "null", "mike", "papa", "november"][random.below(6)]
        }
    }

    /// The frame as the reference reads it.
    static func referenceFrame(_ bytes: [UInt8]) -> [(String, DataType, [Scalar])]? {
        guard let (names, columns, types) = CSVReferenceReader().read(bytes) else { return nil }
        return (0..<names.count).map { (names[$0], types[$0], columns[$0]) }
    }

    /// Compares values exactly, floats by bit pattern (so -0.0 and NaN count).
    static func same(_ frame: DataFrame, _ expected: [(String, DataType, [Scalar])]) -> Bool {
        guard frame.width == expected.count else { return false }
        for (column, (name, type, values)) in zip(frame.columns, expected) {
            guard column.name == name, column.type == type, column.count == values.count else { return false }
            for (row, value) in values.enumerated() {
                let actual = column.scalar(at: row)
                if case .float(let a) = actual, case .float(let b) = value {
                    if a.bitPattern != b.bitPattern && !(a.isNaN && b.isNaN) { return false }
                } else if actual != value {
                    return false
                }
            }
        }
        return true
    }

    static func options(threads: Int) -> CSVOptions {
        var options = CSVOptions()
        options.maximumThreads = threads
        options.minimumBytesPerThread = 1
        return options
    }

    @Test(arguments: 0..<12)
    func matchesTheReferenceOnOneAndManyThreads(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 7919)
        for round in 0..<8 {
            let bytes = Self.randomCSV(&random, rows: 1 + random.below(300), crlf: round % 3 == 0)
            guard let expected = Self.referenceFrame(bytes) else {
                Issue.record("the reference rejected the input of seed \(seed) round \(round)")
                continue
            }
            for threads in [1, 2, 3, 7] {
                let frame = try CSVReader.read(bytes: bytes, sourceName: "r.csv", options: Self.options(threads: threads))
                #expect(Self.same(frame, expected), "seed \(seed) round \(round) threads \(threads)")
            }
        }
    }

    @Test func aQuotedLineBreakAtTheSplitFallsBackToOneChunk() throws {
        // Every line break but the record ends sits inside quotes, and the middle of the input is one of them.
        var text = "id,note\n"
        for row in 0..<200 { text += "\(row),\"first\nsecond\nthird \(row)\"\n" }
        let bytes = Array(text.utf8)
        let expected = try #require(Self.referenceFrame(bytes))
        for threads in 2...6 {
            let frame = try CSVReader.read(bytes: bytes, sourceName: "q.csv", options: Self.options(threads: threads))
            #expect(Self.same(frame, expected))
            #expect(frame.height == 200)
        }
    }

    @Test func errorsNameTheSameLineWhateverTheThreads() throws {
        var text = "a,b\n"
        for row in 0..<500 { text += "\(row),\(row * 2)\n" }
        let ragged = text + "1\n"
        let unclosed = text + "1,\"open\n2,3\n"
        var invalid = Array(text.utf8)
        invalid += Array("7,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        for threads in [1, 2, 4] {
            let options = Self.options(threads: threads)
            let short = try #require(frameError { try CSVReader.read(bytes: Array(ragged.utf8), sourceName: "e", options: options) })
            #expect(short.message == "line 502: expected 2 fields, found 1")
            let open = try #require(frameError { try CSVReader.read(bytes: Array(unclosed.utf8), sourceName: "e", options: options) })
            #expect(open.message == "line 502: unclosed quote")
            let bad = try #require(frameError { try CSVReader.read(bytes: invalid, sourceName: "e", options: options) })
            #expect(bad.message == "line 502: invalid UTF-8 in column 'b'")
        }
    }

    @Test func bytesSplitAcrossRowsAreNotUTF8() throws {
        // Each row alone is invalid although the rows' bytes back to back would form "é".
        let bytes = Array("a\n".utf8) + [0xC3] + Array("\n".utf8) + [0xA9] + Array("\n".utf8)
        let error = try #require(frameError { try CSVReader.read(bytes: bytes, sourceName: "u") })
        #expect(error.message == "line 2: invalid UTF-8 in column 'a'")
    }

    @Test func wideInputsAgreeOnTypesAcrossChunks() throws {
        // One chunk sees only ints, another only floats, a third only nulls: the column is float.
        var text = "x,y\n"
        for row in 0..<300 { text += row < 100 ? "\(row),a\n" : row < 200 ? "\(row).5,b\n" : ",c\n" }
        let frame = try CSVReader.read(bytes: Array(text.utf8), sourceName: "w", options: Self.options(threads: 3))
        #expect(frame.columns[0].type == .float)
        #expect(frame.columns[0].scalar(at: 150) == .float(150.5))
        #expect(frame.columns[0].nullCount == 100)
        let expected = try #require(Self.referenceFrame(Array(text.utf8)))
        #expect(Self.same(frame, expected))
    }
}
