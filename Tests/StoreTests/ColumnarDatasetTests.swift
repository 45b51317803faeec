import Frame
import Testing
@testable import Store
import TestSupport

/// Training dataset rows stored by column (schema version 3): every type, nulls, NaN bits,
/// dictionary strings and floats, empty datasets and more than one chunk read back exactly, and a
/// damaged file gives an error naming the dataset, never a trap.
@Suite struct ColumnarDatasetTests {
    /// A store with one view, and a way to save any frame as one more of its datasets.
    struct Fixture {
        let store: FeatureStore
        let viewID: Int64
        var version: Int64 = 100

        init() throws {
            store = try memoryStore()
            let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
            try store.insert(group, try frame(Column(name: "k", ints: [1]), Column(name: "t", ints: [1]), Column(name: "x", floats: [1])))
            let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)]))
            viewID = view.id
        }

        /// Saves `rows` as a new dataset and returns its id.
        mutating func save(_ rows: DataFrame) throws -> Int64 {
            version += 1
            let version = version
            return try store.writing("saving a test dataset") { () throws -> Int64 in
                try store.run(
                    """
                    INSERT INTO fti_training_dataset (view_id, version, spine_time, row_count, table_name, layout, created_at)
                    VALUES (?, ?, '', ?, '', 'columnar', 0)
                    """, [.int(viewID), .int(version), .int(Int64(rows.height))])
                let id = store.connection.lastInsertRowID
                try DatasetColumns.write(rows, datasetID: id, store: store)
                return id
            }
        }

        func load(_ id: Int64, rows: Int) throws -> DataFrame {
            try store.reading("reading a test dataset") { () throws -> DataFrame in
                try DatasetColumns.read(datasetID: id, rowCount: rows, store: store, label: "test dataset \(id)")
            }
        }

        /// The encoding the store chose for column `position` of dataset `id`.
        func encoding(_ id: Int64, _ position: Int) throws -> String? {
            try store.firstRow(
                "SELECT encoding FROM fti_training_column WHERE dataset_id = ? AND position = ?", [.int(id), .int(Int64(position))]
            )?.first?.stringValue
        }
    }

    /// Random frames of every type (full-range and narrow ints, floats with NaN payloads, -0.0 and
    /// infinities, repetitive floats, bools, plain and dictionary strings, all-null columns), of
    /// sizes around the word and chunk boundaries, read back equal, float bits included.
    @Test(arguments: [(1, 0), (2, 1), (3, 63), (4, 64), (5, 65), (6, 1500), (7, 65_536), (8, 140_001)])
    func everyTypeRoundTrips(seed: UInt64, rows: Int) throws {
        var fixture = try Fixture()
        let original = try randomFrame(seed: seed, rows: rows)
        let id = try fixture.save(original)
        let back = try fixture.load(id, rows: rows)
        #expect(back == original)
        #expect(back.columns.map(\.type) == original.columns.map(\.type))
        for (stored, read) in zip(original.columns, back.columns) {
            #expect(stored.nullCount == read.nullCount, "\(stored.name)")
            #expect(stored.isDictionaryEncoded == read.isDictionaryEncoded, "\(stored.name)")
            if let a = stored.float64Values, let b = read.float64Values {
                for row in 0..<rows where !stored.isNull(row) {
                    #expect(a[row].bitPattern == b[row].bitPattern, "\(stored.name) row \(row)")
                }
            }
        }
        if rows >= DatasetColumns.floatDictionaryRows {
            #expect(try fixture.encoding(id, 5) == "plain")  // random floats
            #expect(try fixture.encoding(id, 6) == "dictionary")  // twenty values
        }
        if rows > 0 {
            #expect(try fixture.encoding(id, 11) == "decimal")
        }
        let chunks = try fixture.store.firstRow("SELECT COUNT(*) FROM fti_training_chunk WHERE dataset_id = ? AND position = 0", [.int(id)])
        #expect(chunks?.first == .int(Int64((rows + DatasetColumns.chunkRows - 1) / DatasetColumns.chunkRows)))
    }

    /// Integers are bit-packed: a column of a few distinct small values takes a few bits a row,
    /// a constant column none, and the dataset a fraction of the raw bytes.
    @Test func integersArePacked() throws {
        var fixture = try Fixture()
        let rows = 10_000
        let original = try frame(
            Column(name: "label", ints: (0..<rows).map { Int64($0 % 2) }),
            Column(name: "constant", ints: [Int64](repeating: -7, count: rows)),
            Column(name: "extremes", ints: (0..<rows).map { $0 % 2 == 0 ? Int64.min : Int64.max }))
        let id = try fixture.save(original)
        #expect(try fixture.load(id, rows: rows) == original)
        let bits = try fixture.store.rows(
            "SELECT bits, length(data) FROM fti_training_chunk WHERE dataset_id = ? ORDER BY position", [.int(id)])
        #expect(bits.map { $0[0] } == [.int(1), .int(0), .int(64)])
        #expect(bits.map { $0[1] } == [.int(1250), .int(0), .int(80_000)])
    }

    /// `trainingData` saves its rows by column and returns exactly what `trainingDataset` reads
    /// back, over more than one chunk, with NaN spine values saved as null as before.
    @Test func trainingDataIsSavedByColumn() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, try frame(
            Column(name: "k", ints: [1, 1, 2]), Column(name: "t", ints: [10, 20, 10]),
            Column(name: "x", floats: [1.5, 2.5, 3.5]), Column(name: "name", strings: ["a", nil, "c"])))
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)], labels: ["y"]))
        let rows = 70_000
        let spine = try frame(
            Column(name: "k", ints: (0..<rows).map { Int64($0 % 3) }), Column(name: "t", ints: (0..<rows).map { Int64($0 % 40) }),
            Column(name: "extra", floats: (0..<rows).map { $0 % 7 == 0 ? .nan : Double($0) }),
            Column(name: "y", ints: (0..<rows).map { Int64($0 % 2) }))
        let td = try store.trainingData(view, spine: spine)
        #expect(td.frame.height == rows)
        #expect(td.frame.values("extra")[0] == .null)
        let back = try store.trainingDataset(view, version: td.version)
        #expect(back == td)
        let layout = try store.firstRow("SELECT layout, table_name FROM fti_training_dataset WHERE id = ?", [.int(td.id)])
        #expect(layout == [.string("columnar"), .string("")])
        #expect(try store.connection.tableNames().allSatisfy { !$0.hasPrefix("td_") })
    }

    /// A dataset without rows keeps its columns and types.
    @Test func emptyDatasetsKeepTheirColumns() throws {
        var fixture = try Fixture()
        let original = try randomFrame(seed: 9, rows: 0)
        let id = try fixture.save(original)
        let back = try fixture.load(id, rows: 0)
        #expect(back.columnNames == original.columnNames)
        #expect(back.columns.map(\.type) == original.columns.map(\.type))
        #expect(back.height == 0)
    }

    /// Damaged chunks, columns and dictionaries give a database error naming the dataset.
    @Test(arguments: [
        "UPDATE fti_training_chunk SET data = x'0102' WHERE position = 0",
        "UPDATE fti_training_chunk SET bits = 70 WHERE position = 0",
        "UPDATE fti_training_chunk SET base = NULL WHERE position = 1",
        "UPDATE fti_training_chunk SET validity = x'00' WHERE position = 2",
        "DELETE FROM fti_training_chunk WHERE position = 3 AND chunk = 0",
        "UPDATE fti_training_chunk SET row_count = row_count + 1 WHERE position = 4",
        "UPDATE fti_training_chunk SET base = 1000000 WHERE position = 6",
        "UPDATE fti_training_column SET dictionary = x'00' WHERE position = 6",
        "UPDATE fti_training_chunk SET base = 2 WHERE position = 7",
        "UPDATE fti_training_chunk SET data = zeroblob(length(data)) WHERE position = 8",
        "UPDATE fti_training_chunk SET text = x'ff' || substr(text, 2) WHERE position = 8",
        "UPDATE fti_training_chunk SET bits = 40 WHERE position = 9",
        "UPDATE fti_training_column SET dictionary_text = x'c3' WHERE position = 9",
        "UPDATE fti_training_column SET type = 'bool' WHERE position = 8",
        "UPDATE fti_training_column SET encoding = 'dictionary' WHERE position = 0",
        "UPDATE fti_training_column SET position = 42 WHERE position = 1",
        "UPDATE fti_training_column SET scale = 99 WHERE position = 11",
        "UPDATE fti_training_column SET scale = NULL WHERE position = 11",
        "UPDATE fti_training_chunk SET bits = bits + 1 WHERE position = 11",
    ])
    func damagedDatasetsAreErrors(sql: String) throws {
        var fixture = try Fixture()
        let original = try randomFrame(seed: 11, rows: 2_000)
        let id = try fixture.save(original)
        try fixture.store.connection.execute("PRAGMA foreign_keys = OFF")
        try fixture.store.connection.execute(sql)
        #expect {
            _ = try fixture.load(id, rows: original.height)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .database || error.kind == .frame
        }
    }

    /// Random frame: columns 0 int (full range), 1 int (narrow), 2 timestamp, 3 duration, 4 bool,
    /// 5 float (random bits), 6 float (twenty values), 7 plain string, 8 plain string (unicode),
    /// 9 dictionary string, 10 all-null float, 11 float (six or seven decimals).
    func randomFrame(seed: UInt64, rows: Int) throws -> DataFrame {
        var random = SplitMix64(state: seed)
        func validity(_ nullEvery: Int) -> [Bool] { (0..<rows).map { _ in random.below(nullEvery) != 0 } }
        let specials: [Double] = [.nan, -.nan, Double(nan: 0x1234, signaling: false), -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude]
        let twenty = (0..<20).map { $0 < specials.count ? specials[$0] : Double($0) * 0.25 }
        let words = ["", "a", "zürich", "東京", "x y", "🙂"]
        var ints: [Int64] = [], narrow: [Int64] = [], times: [Int64] = [], durations: [Int64] = []
        var bools: [Bool] = [], floats: [Double] = [], repeated: [Double] = [], plain: [String?] = [], unicode: [String?] = []
        var codes: [UInt32] = [], decimals: [Double] = []
        for row in 0..<rows {
            ints.append(Int64(bitPattern: random.next()))
            narrow.append(Int64(random.below(11)) - 5)
            times.append(Clock.day0 + Int64(random.below(1_000_000)) * Clock.second)
            durations.append(Int64(random.below(100)) * Clock.minute)
            bools.append(random.below(2) == 0)
            floats.append(random.below(50) == 0 ? specials[random.below(specials.count)] : Double(bitPattern: random.next()))
            repeated.append(twenty[random.below(twenty.count)])
            plain.append(random.below(9) == 0 ? nil : String(row, radix: 36))
            unicode.append(random.below(4) == 0 ? nil : words[random.below(words.count)])
            codes.append(UInt32(random.below(words.count)))
            // Six decimals, and now and then a seventh: the scale grows mid-column.
            decimals.append(Double(random.below(200_000_000) - 100_000_000) / (random.below(500) == 0 ? 1e7 : 1e6))
        }
        return try DataFrame(columns: [
            Column(name: "i", ints: ints, validity: validity(13)),
            Column(name: "n", ints: narrow),
            Column(name: "ts", timestamps: times, validity: validity(5)),
            Column(name: "d", durations: durations),
            Column(name: "b", bools: bools, validity: validity(3)),
            Column(name: "f", floats: floats, validity: validity(17)),
            Column(name: "r", floats: repeated, validity: validity(29)),
            Column(name: "s", strings: plain),
            Column(name: "u", strings: unicode),
            try Column(name: "c", codes: codes, values: words, validity: validity(7)),
            Column(name: "z", nullsOf: .float, count: rows),
            Column(name: "m", floats: decimals, validity: validity(11)),
        ])
    }
}
