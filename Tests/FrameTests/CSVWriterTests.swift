import Foundation
import Testing
@testable import Frame
import TestSupport

/// CSV writing: exact bytes, quoting only where needed, and read_csv(write_csv(df)) == df.
@Suite struct CSVWriterTests {
    func text(_ frame: DataFrame, _ options: CSVWriteOptions = .init()) -> String {
        String(decoding: frame.csvBytes(options: options), as: UTF8.self)
    }

    /// What reading the CSV back gives: durations come back as int microseconds, and a column
    /// with no values at all (all null, or no rows) as string.
    func csvExpectation(_ frame: DataFrame) throws -> DataFrame {
        try DataFrame(columns: frame.columns.map { column in
            if column.nullCount == column.count { return Column(name: column.name, nullsOf: .string, count: column.count) }
            if column.type == .duration, let values = column.int64Values {
                return Column(name: column.name, ints: values.array, validity: (0..<column.count).map { !column.isNull($0) })
            }
            return column
        })
    }

    @Test func numbersBoolsDurationsAndNulls() throws {
        let frame = try DataFrame(columns: [
            Column(name: "n", ints: [1, 0, -3, Int64.min], validity: [true, false, true, true]),
            Column(name: "x", floats: [0.1 + 0.2, 1e-05, -.infinity, 2]),
            Column(name: "b", bools: [true, false, true, false], validity: [true, true, false, true]),
            Column(name: "d", durations: [1, 86_400_000_000, 0, -5]),
        ])
        #expect(text(frame) == """
            n,x,b,d
            1,0.30000000000000004,true,1
            ,1e-05,false,86400000000
            -3,-inf,,0
            -9223372036854775808,2.0,false,-5

            """)
        #expect(try csv(text(frame)) == csvExpectation(frame))
    }

    @Test func stringsAreQuotedOnlyWhereNeeded() throws {
        let values: [String?] = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", nil, "NA", "null", "ünï 🎉", " pad "]
        let frame = try DataFrame(columns: [
            Column(name: "k", ints: (1...Int64(values.count)).map { $0 }), Column(name: "s", strings: values),
        ])
        #expect(text(frame) == "k,s\n1,plain\n2,\"a,b\"\n3,\"say \"\"hi\"\"\"\n4,\"two\nlines\"\n5,\"cr\r\"\n6,\"\"\n7,\n8,\"NA\"\n9,\"null\"\n10,ünï 🎉\n11, pad \n")
        #expect(try csv(text(frame)) == frame)
    }

    @Test func headerNamesAreQuotedLikeValues() throws {
        let frame = try DataFrame(columns: [Column(name: "a,b", ints: [1]), Column(name: "say \"x\"", ints: [2]), Column(name: "NA", ints: [3])])
        #expect(text(frame) == "\"a,b\",\"say \"\"x\"\"\",\"NA\"\n1,2,3\n")
        #expect(try csv(text(frame)) == frame)
    }

    @Test func timestampsUseTheCoarsestExactStylePerColumn() throws {
        let day: Int64 = 1_714_521_600_000_000  // 2024-05-01
        let frame = try DataFrame(columns: [
            Column(name: "date", timestamps: [day, day + 86_400_000_000, 0], validity: [true, true, false]),
            Column(name: "seconds", timestamps: [day + 23_400_000_000, day, -1_000_000]),
            Column(name: "micros", timestamps: [day + 1, day, -1]),
        ])
        #expect(text(frame) == """
            date,seconds,micros
            2024-05-01,2024-05-01T06:30:00,2024-05-01T00:00:00.000001
            2024-05-02,2024-05-01T00:00:00,2024-05-01T00:00:00.000000
            ,1969-12-31T23:59:59,1969-12-31T23:59:59.999999

            """)
        #expect(try csv(text(frame)) == frame)
    }

    @Test func oneColumnFramesWriteNullAsNA() throws {
        let strings = try DataFrame(columns: [Column(name: "s", strings: ["a", nil, "", "NA"])])
        #expect(text(strings) == "s\na\nNA\n\"\"\n\"NA\"\n")
        #expect(try csv(text(strings)) == strings)
        let ints = try DataFrame(columns: [Column(name: "i", ints: [1, 2], validity: [false, true])])
        #expect(try csv(text(ints)) == ints)
    }

    @Test func emptyAndOneRowFrames() throws {
        let frame = try DataFrame(columns: [Column(name: "a", ints: [5]), Column(name: "b", strings: ["x"])])
        #expect(text(frame) == "a,b\n5,x\n")
        #expect(try csv(text(frame)) == frame)
        #expect(text(frame.head(0)) == "a,b\n")
        #expect(try csv(text(frame.head(0))) == csvExpectation(frame.head(0)))
        #expect(text(DataFrame()) == "")
        #expect(try csv(text(DataFrame())) == DataFrame())
        var options = CSVWriteOptions()
        options.includeHeader = false
        #expect(text(frame, options) == "5,x\n")
    }

    @Test func otherDelimiters() throws {
        let frame = try DataFrame(columns: [Column(name: "a", strings: ["x;y", "1,5"]), Column(name: "b", floats: [1.5, 2])])
        var options = CSVWriteOptions()
        options.delimiter = UInt8(ascii: ";")
        #expect(text(frame, options) == "a;b\n\"x;y\";1.5\n1,5;2.0\n")
        var reading = CSVOptions()
        reading.delimiter = UInt8(ascii: ";")
        #expect(try csv(text(frame, options), reading) == frame)
    }

    @Test func randomFramesRoundTrip() throws {
        for seed in UInt64(100)...130 {
            var random = SplitMix64(state: seed)
            let frame = try randomTestFrame(&random, rows: 1 + random.below(80), nan: true)
            let back = try csv(text(frame))
            #expect(back == (try csvExpectation(frame)), "seed \(seed)")
        }
    }

    @Test func writesFilesAtomically() throws {
        let folder = try sqliteTestFolder()
        let path = folder + "/out.csv"
        try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: path))
        let frame = try DataFrame(columns: [Column(name: "a", ints: [1, 2]), Column(name: "s", strings: ["x", nil])])
        try frame.writeCSV(path: path)
        #expect(try CSVReader.read(path: path) == frame)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
        let missing = frameError { try frame.writeCSV(path: folder + "/no/such/out.csv") }
        #expect(missing?.message == "cannot write '\(folder)/no/such/out.csv': No such file or directory")
        let directory = frameError { try frame.writeCSV(path: folder + "/") }
        #expect(directory?.code == .io)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
    }

    @Test func largeFramesSpanSeveralChunks() throws {
        let rows = 120_000
        let frame = try DataFrame(columns: [
            Column(name: "i", ints: (0..<Int64(rows)).map { $0 * 7 }),
            Column(name: "s", strings: (0..<rows).map { $0 % 11 == 0 ? nil : "row \($0), \"q\"" }),
        ])
        let folder = try sqliteTestFolder()
        try frame.writeCSV(path: folder + "/big.csv")
        #expect(try CSVReader.read(path: folder + "/big.csv") == frame)
    }
}
