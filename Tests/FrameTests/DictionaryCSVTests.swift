import Testing
import Frame
import TestSupport

/// The CSV reader keeps low-cardinality string columns as dictionaries and others as plain bytes,
/// with codes in order of first appearance whatever the number of threads, and values equal to
/// the naive reference reader's in every case (fallbacks included).
@Suite struct DictionaryCSVTests {
    /// CSV text of `rows` rows: a category (few values, some null or quoted), an id (all distinct),
    /// a label that is null in the first rows, and a number.
    static func text(rows: Int, categories: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var text = "category,id,late,value\n"
        for row in 0..<rows {
            let roll = random.below(100)
            let category: String
            switch roll {
            case 0..<3: category = ""
            case 3..<5: category = "NA"
            case 5..<8: category = "\"cat \"\"\(random.below(categories))\"\"\""
            case 8..<10: category = "\"with,comma \(random.below(categories))\""
            default: category = "cat\(random.below(categories))"
            }
            let late = row < rows / 3 ? "" : ["x", "y", "é€"][random.below(3)]
            text += "\(category),id-\(row),\(late),\(random.below(1000))\n"
        }
        return Array(text.utf8)
    }

    static func read(_ bytes: [UInt8], threads: Int, bytesPerThread: Int = 1 << 10) throws -> DataFrame {
        var options = CSVOptions()
        options.maximumThreads = threads
        options.minimumBytesPerThread = bytesPerThread
        return try CSVReader.read(bytes: bytes, sourceName: "test.csv", options: options)
    }

    /// The reference reader's frame (plain storage).
    static func reference(_ bytes: [UInt8]) throws -> DataFrame {
        let reader = CSVReferenceReader()
        let parsed = try #require(reader.read(bytes))
        var columns: [Column] = []
        for (index, name) in parsed.names.enumerated() {
            columns.append(try Column(name: name, scalars: parsed.columns[index]))
        }
        return try DataFrame(columns: columns)
    }

    /// The table's strings, then the codes.
    static func layout(_ column: Column?) -> ([String], [UInt32])? {
        guard let strings = column?.dictionaryValues else { return nil }
        return ((0..<strings.values.count).map(strings.values.string(at:)), strings.codes.array)
    }

    @Test(arguments: [1, 2, 4])
    func lowCardinalityIsADictionaryHighIsPlain(threads: Int) throws {
        let bytes = DictionaryCSVTests.text(rows: 3000, categories: 12, seed: 5)
        let frame = try DictionaryCSVTests.read(bytes, threads: threads)
        let expected = try DictionaryCSVTests.reference(bytes)
        let agrees = frame == expected
        #expect(agrees)
        #expect(frame.column(named: "category")?.isDictionaryEncoded == true)
        #expect(frame.column(named: "late")?.isDictionaryEncoded == true)
        #expect(frame.column(named: "id")?.isDictionaryEncoded == false)
        #expect(frame.column(named: "id")?.type == .string)
    }

    @Test func codesFollowFirstAppearanceWhateverTheThreads() throws {
        let bytes = DictionaryCSVTests.text(rows: 20_000, categories: 40, seed: 9)
        let one = try DictionaryCSVTests.read(bytes, threads: 1)
        let layout = try #require(DictionaryCSVTests.layout(one.column(named: "category")))
        // First appearance: each new code is one more than any code before it.
        var next: UInt32 = 0
        let nulls = one.column(named: "category")
        for (row, code) in layout.1.enumerated() where nulls?.isNull(row) == false {
            #expect(code <= next)
            if code == next { next += 1 }
        }
        #expect(Int(next) == layout.0.count)
        for threads in [2, 3, 8] {
            let many = try DictionaryCSVTests.read(bytes, threads: threads)
            let other = try #require(DictionaryCSVTests.layout(many.column(named: "category")))
            #expect(other.0 == layout.0, "\(threads) threads")
            // Codes under null rows are arbitrary; compare the valid rows.
            let same = (0..<layout.1.count).allSatisfy { nulls?.isNull($0) == true || other.1[$0] == layout.1[$0] }
            #expect(same, "\(threads) threads")
            let agrees = many == one
            #expect(agrees)
        }
    }

    @Test func tooManyDistinctValuesStayPlain() throws {
        // More distinct values than the dictionary limit (and than half the rows in a second file).
        // One thread meets the limit mid-parse; several chunks each stay below it and give up at
        // assembly. Nulls and quoted values on the way.
        var text = "name,half\n"
        for row in 0..<140_000 {
            let name = row % 97 == 0 ? "" : row % 89 == 0 ? "\"q\"\"\(row % 70_000)\"" : "n\(row % 70_000)"
            text += "\(name),h\(row % 3_000)\n"
        }
        let bytes = Array(text.utf8)
        let expected = try DictionaryCSVTests.reference(bytes)
        for threads in [1, 2] {
            let frame = try DictionaryCSVTests.read(bytes, threads: threads, bytesPerThread: 1 << 16)
            #expect(frame.column(named: "name")?.isDictionaryEncoded == false)
            #expect(frame.column(named: "half")?.isDictionaryEncoded == true)
            #expect(frame.column(named: "name")?.scalar(at: 70_001) == .string("n1"))
            #expect(frame.column(named: "half")?.scalar(at: 139_999) == .string("h\(139_999 % 3_000)"))
            let agrees = frame == expected
            #expect(agrees, "\(threads) threads")
        }
        // Thousands of distinct values, each repeated: a dictionary (a near-unique column gives up
        // after a few thousand rows per chunk, this one does not).
        var random = SplitMix64(state: 11)
        var many = "v\n"
        for _ in 0..<120_000 { many += "v\(random.below(8_000))\n" }
        for threads in [1, 2] {
            let frame = try DictionaryCSVTests.read(Array(many.utf8), threads: threads, bytesPerThread: 1 << 16)
            #expect(frame.column(named: "v")?.isDictionaryEncoded == true, "\(threads) threads")
        }
        let unique = try csv("a\nx\ny\nz\nx\n")
        #expect(unique.column(named: "a")?.isDictionaryEncoded == false)  // 3 distinct of 4 rows
        let repeated = try csv("a\nx\ny\nx\ny\nx\n")
        #expect(repeated.column(named: "a")?.isDictionaryEncoded == true)
    }

    @Test func givenStringTypesNullsAndEmptyFiles() throws {
        var options = CSVOptions()
        options.columnTypes = [CSVColumnType("n", .string)]
        let typed = try csv("n,m\n1,\n2,\n1,\n1,\n", options)
        #expect(typed.column(named: "n")?.isDictionaryEncoded == true)
        #expect(typed.column(named: "n")?.scalars == [.string("1"), .string("2"), .string("1"), .string("1")])
        #expect(typed.column(named: "m")?.scalars == [.null, .null, .null, .null])
        let empty = try csv("a,b\n")
        #expect(empty.height == 0)
        let one = try csv("a\nonly\n")
        #expect(one.column(named: "a")?.scalars == [.string("only")])
        let quotedEmpty = try csv("a\n\"\"\nx\n\"\"\nx\n")
        #expect(quotedEmpty.column(named: "a")?.scalars == [.string(""), .string("x"), .string(""), .string("x")])
    }

    @Test func randomFilesMatchTheReference() throws {
        for seed in 0..<12 {
            var random = SplitMix64(state: 100 + UInt64(seed))
            let bytes = DictionaryCSVTests.text(rows: 1 + random.below(4000), categories: 1 + random.below(300), seed: UInt64(seed))
            let expected = try DictionaryCSVTests.reference(bytes)
            for threads in [1, 2] {
                let agrees = try DictionaryCSVTests.read(bytes, threads: threads) == expected
                #expect(agrees, "seed \(seed), \(threads) threads")
            }
        }
    }

    @Test func writtenCSVIsByteForByteThePlainOne() throws {
        let bytes = DictionaryCSVTests.text(rows: 500, categories: 5, seed: 3)
        let frame = try DictionaryCSVTests.read(bytes, threads: 2)
        let plain = try DataFrame(columns: frame.columns.map { $0.plainEncoded() })
        #expect(frame.column(named: "category")?.isDictionaryEncoded == true)
        #expect(frame.csvBytes() == plain.csvBytes())
        #expect(TableRenderer.render(frame) == TableRenderer.render(plain))
        #expect(try DictionaryCSVTests.read(frame.csvBytes(), threads: 1) == frame)
    }
}
