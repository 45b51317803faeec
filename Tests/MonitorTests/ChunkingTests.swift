import Frame
import Testing

@testable import Monitor

@Suite("Chunking")
struct ChunkingTests {
    /// A frame with `n` rows and a timestamp column `ts` of the given values.
    static func frame(timestamps: [Int64]) throws -> DataFrame {
        try DataFrame(columns: [
            Column(name: "ts", timestamps: timestamps),
            Column(name: "x", floats: timestamps.map { Double($0) }),
        ])
    }

    static func frame(rows n: Int) throws -> DataFrame {
        try DataFrame(columns: [Column(name: "x", floats: (0..<n).map(Double.init))])
    }

    @Test func sizeKeepsTheIncompleteLastChunk() throws {
        let chunks = try Chunker.size(4).split(try Self.frame(rows: 10)).chunks
        #expect(chunks.map(\.key) == ["[0:3]", "[4:7]", "[8:9]"])
        #expect(chunks.map(\.startIndex) == [0, 4, 8])
        #expect(chunks.map(\.endIndex) == [3, 7, 9])
        #expect(chunks.map(\.index) == [0, 1, 2])
        #expect(chunks.allSatisfy { $0.startDate == nil && $0.endDate == nil })
    }

    @Test func sizeAppendsOrDropsTheRemainder() throws {
        let appended = try Chunker.size(4, incomplete: .append).split(try Self.frame(rows: 10)).chunks
        #expect(appended.map(\.key) == ["[0:3]", "[4:9]"])
        #expect(appended.last?.rows == 4..<10)
        let dropped = try Chunker.size(4, incomplete: .drop).split(try Self.frame(rows: 10)).chunks
        #expect(dropped.map(\.key) == ["[0:3]", "[4:7]"])
        let exact = try Chunker.size(5).split(try Self.frame(rows: 10)).chunks
        #expect(exact.map(\.key) == ["[0:4]", "[5:9]"])
    }

    @Test func appendingToNoFullChunkIsAnError() throws {
        #expect(throws: MonitorError.self) { try Chunker.size(20, incomplete: .append).split(try Self.frame(rows: 10)) }
    }

    @Test func countUsesIntegerDivisionThenKeeps() throws {
        // NannyML: 10003 rows in 10 chunks give 10 chunks of 1000 and one of 3.
        let chunks = try Chunker.count(10).split(try Self.frame(rows: 10_003)).chunks
        #expect(chunks.count == 11)
        #expect(chunks.last?.key == "[10000:10002]")
        let automatic = try Chunker().split(try Self.frame(rows: 25)).chunks
        #expect(automatic.map(\.count) == [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1])
    }

    @Test func timestampSortIsStableAndDatesAreMinAndMax() throws {
        let day = CivilTime.microsPerDay
        let frame = try Self.frame(timestamps: [3 * day, day, 2 * day, day, 0])
        let chunked = try Chunker.size(2, timestampColumn: "ts").split(frame)
        #expect(chunked.order == [4, 1, 3, 2, 0])
        #expect(chunked.chunks.map(\.startDate) == [0, day, 3 * day])
        #expect(chunked.chunks.map(\.endDate) == [day, 2 * day, 3 * day])
        #expect(chunked.frameRows(of: chunked.chunks[1]) == [3, 2])
    }

    @Test func stringTimestampsAreParsed() throws {
        let frame = try DataFrame(columns: [
            Column(name: "ts", strings: ["2018-01-02 00:00:00.000", "2018-01-01 12:00:00"])
        ])
        let chunked = try Chunker.size(1, timestampColumn: "ts").split(frame)
        #expect(chunked.order == [1, 0])
        #expect(chunked.chunks.first?.startDate == TimestampParsing.parse("2018-01-01T12:00:00"))
        let bad = try DataFrame(columns: [Column(name: "ts", strings: ["yesterday"])])
        #expect(throws: MonitorError.self) { try Chunker.size(1, timestampColumn: "ts").split(bad) }
    }

    @Test func periodChunksFollowPandasPeriods() throws {
        func ts(_ text: String) throws -> Int64 { try #require(TimestampParsing.parse(text)) }
        let values = [
            try ts("2018-01-01T00:00:00"), try ts("2018-01-07T23:59:59"), try ts("2018-01-08T00:00:00"),
            try ts("2018-03-31T10:00:00"), try ts("2019-12-31T23:00:00"),
        ]
        let frame = try Self.frame(timestamps: values)
        let monthly = try Chunker.period(.month, timestampColumn: "ts").split(frame).chunks
        #expect(monthly.map(\.key) == ["2018-01", "2018-03", "2019-12"])
        #expect(monthly.map(\.startIndex) == [0, 3, 4])
        #expect(monthly.map(\.endIndex) == [2, 3, 4])
        #expect(monthly.first?.startDate == (try ts("2018-01-01T00:00:00")))
        #expect(monthly.first?.endDate == (try ts("2018-02-01T00:00:00")) - 1)
        let weekly = try Chunker.period(.week, timestampColumn: "ts").split(frame).chunks
        #expect(weekly.map(\.key) == ["2018-01-01/2018-01-07", "2018-01-08/2018-01-14", "2018-03-26/2018-04-01", "2019-12-30/2020-01-05"])
        let quarterly = try Chunker.period(.quarter, timestampColumn: "ts").split(frame).chunks
        #expect(quarterly.map(\.key) == ["2018Q1", "2019Q4"])
        #expect(quarterly.last?.endDate == (try ts("2020-01-01T00:00:00")) - 1)
        let daily = try Chunker.period(.day, timestampColumn: "ts").split(frame).chunks
        #expect(daily.map(\.key) == ["2018-01-01", "2018-01-07", "2018-01-08", "2018-03-31", "2019-12-31"])
        let hourly = try Chunker.period(.hour, timestampColumn: "ts").split(frame).chunks
        #expect(hourly.first?.key == "2018-01-01 00:00")
        #expect(hourly.last?.key == "2019-12-31 23:00")
        let yearly = try Chunker.period(.year, timestampColumn: "ts").split(frame).chunks
        #expect(yearly.map(\.key) == ["2018", "2019"])
        #expect(yearly.map(\.count) == [4, 1])
        #expect(ChunkPeriod(alias: "W") == .week && ChunkPeriod(alias: "M") == .month && ChunkPeriod(alias: "x") == nil)
    }

    @Test func badChunkerArgumentsAreErrors() throws {
        let frame = try Self.frame(rows: 5)
        for chunker in [Chunker.size(0), Chunker.count(-1), Chunker(.period(.day))] {
            #expect {
                try chunker.split(frame)
            } throws: { error in
                (error as? MonitorError)?.kind == .invalidArgument
            }
        }
        #expect { try Chunker.count(6).split(frame) } throws: { ($0 as? MonitorError)?.kind == .tooFewRows }
        #expect { try Chunker.size(2).split(try Self.frame(rows: 0)) } throws: { ($0 as? MonitorError)?.kind == .tooFewRows }
        #expect { try Chunker.size(6).splitReference(frame) } throws: { ($0 as? MonitorError)?.kind == .tooFewRows }
        #expect { try Chunker.size(2, timestampColumn: "nope").split(frame) } throws: {
            ($0 as? MonitorError)?.kind == .missingColumn
        }
        let nullTimes = try DataFrame(columns: [Column(name: "ts", timestamps: [1, 2], validity: [true, false])])
        #expect { try Chunker.size(1, timestampColumn: "ts").split(nullTimes) } throws: {
            ($0 as? MonitorError)?.kind == .nullValues
        }
        let floatTimes = try DataFrame(columns: [Column(name: "ts", floats: [1, 2])])
        #expect { try Chunker.size(1, timestampColumn: "ts").split(floatTimes) } throws: {
            ($0 as? MonitorError)?.kind == .wrongType
        }
    }

    /// The chunk boundaries of every oracle (reference then analysis) come out identical.
    @Test(arguments: [
        ("expected/univariate_car_loan.csv", "synthetic_car_loan_reference.csv", "synthetic_car_loan_analysis.csv", 5000, true),
        ("expected/realized_car_price.csv", "regression_synthetic_reference.csv", "regression_synthetic_analysis.csv", 6000, true),
        ("expected/cbpe_multiclass.csv", "mc_reference.csv", "mc_analysis.csv", 6000, false),
    ])
    func oracleChunkBoundaries(expectedName: String, referenceName: String, analysisName: String, size: Int, timed: Bool)
        throws
    {
        let expected = try NannyMLFixtures.load(expectedName).get()
        let reference = try fixture(referenceName)
        let analysis = try fixture(analysisName)
        let chunker = Chunker.size(size, timestampColumn: timed ? "timestamp" : nil)
        let chunks = try chunker.split(reference).chunks + chunker.split(analysis).chunks
        #expect(chunks.map(\.key) == (try expected.strings("chunk_key")))
        #expect(chunks.map { Double($0.index) } == (try expected.optionalDoubles("chunk_index")).map { $0 ?? -1 })
        #expect(chunks.map { Double($0.startIndex) } == (try expected.optionalDoubles("chunk_start_index")).map { $0 ?? -1 })
        #expect(chunks.map { Double($0.endIndex) } == (try expected.optionalDoubles("chunk_end_index")).map { $0 ?? -1 })
        if timed {
            #expect(chunks.map(\.startDate) == (try expected.timestamps("chunk_start_date")))
            #expect(chunks.map(\.endDate) == (try expected.timestamps("chunk_end_date")))
        } else {
            #expect(chunks.allSatisfy { $0.startDate == nil })
        }
    }

    func fixture(_ name: String) throws -> DataFrame {
        switch name {
        case "synthetic_car_loan_reference.csv": return try NannyMLFixtures.carLoanReference.get()
        case "synthetic_car_loan_analysis.csv": return try NannyMLFixtures.carLoanAnalysis.get()
        case "regression_synthetic_reference.csv": return try NannyMLFixtures.carPriceReference.get()
        case "regression_synthetic_analysis.csv": return try NannyMLFixtures.carPriceAnalysisWithTargets.get()
        case "mc_reference.csv": return try NannyMLFixtures.multiclassReference.get()
        default: return try NannyMLFixtures.multiclassAnalysis.get()
        }
    }
}
