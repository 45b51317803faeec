import Testing
@testable import Frame
import TestSupport

/// Columns assembled from buffers a reader filled, and blobs bound and read in place: good input
/// gives the column, and every broken invariant an error, never a broken column.
@Suite struct ColumnAssemblyTests {
    func buffer<Element: BitwiseCopyable>(_ values: [Element]) -> ColumnBuffer<Element> {
        ColumnBuffer<Element>.filled(count: values.count) { out in
            for (index, value) in values.enumerated() { out[index] = value }
        }
    }

    @Test func numbersAndBoolsOverBuffers() throws {
        let validity = try Bitmap.fromWords(buffer([UInt64](arrayLiteral: 0b1011 | (~0 << 4))), count: 4)
        let times = try Column(name: "t", type: .timestamp, int64s: buffer([1, 2, 3, 4]), validity: validity)
        #expect(times == Column(name: "t", timestamps: [1, 2, 3, 4], validity: [true, true, false, true]))
        let floats = try Column(name: "f", floats: buffer([1.5, .nan, -0.0]), validity: nil)
        #expect(floats.float64Values?[1].isNaN == true)
        #expect(floats.float64Values?[2].sign == .minus)
        let bools = try Column(name: "b", boolBytes: buffer([UInt8](arrayLiteral: 0, 1, 1)), validity: nil)
        #expect(bools == Column(name: "b", bools: [false, true, true]))
        #expect(throws: FrameError.self) { try Column(name: "b", boolBytes: buffer([UInt8](arrayLiteral: 0, 2)), validity: nil) }
        #expect(throws: FrameError.self) { try Column(name: "x", type: .float, int64s: buffer([1]), validity: nil) }
        #expect(throws: FrameError.self) { try Column(name: "x", type: .int, int64s: buffer([1, 2]), validity: validity) }
    }

    @Test func bitmapsFromWords() throws {
        #expect(try Bitmap.fromWords(buffer([UInt64](arrayLiteral: 0b111)), count: 3) == nil)
        let bits = try #require(try Bitmap.fromWords(buffer([UInt64](arrayLiteral: ~0, 0b01)), count: 66))
        #expect(bits.nullCount == 1)
        #expect(bits.isValid(64) && !bits.isValid(65))
        bits.withWords { words in #expect(words.count == 2 && words[1] == 0b01) }
        #expect(try Bitmap.fromWords(buffer([UInt64]()), count: 0) == nil)
        #expect(throws: FrameError.self) { try Bitmap.fromWords(buffer([UInt64](arrayLiteral: ~0)), count: 65) }
    }

    @Test func stringsOverOffsetsAndBytes() throws {
        let bytes = buffer(Array("aböc".utf8))
        let strings = try Column(name: "s", offsets: buffer([0, 1, 1, 5]), bytes: bytes, validity: nil)
        #expect(strings.scalars == [.string("a"), .string(""), .string("böc")])
        #expect(throws: FrameError.self) { try Column(name: "s", offsets: buffer([0, 3, 2, 5]), bytes: bytes, validity: nil) }
        #expect(throws: FrameError.self) { try Column(name: "s", offsets: buffer([0, 1, 4]), bytes: bytes, validity: nil) }
        #expect(throws: FrameError.self) { try Column(name: "s", offsets: buffer([1, 5]), bytes: bytes, validity: nil) }
        // "ö" cut in half.
        #expect(throws: FrameError.self) { try Column(name: "s", offsets: buffer([0, 3, 5]), bytes: bytes, validity: nil) }
        #expect(throws: FrameError.self) { try Column(name: "s", offsets: buffer([Int64]()), bytes: bytes, validity: nil) }
    }

    @Test func dictionaryStringsOverCodes() throws {
        let offsets = buffer([Int64](arrayLiteral: 0, 1, 3))
        let bytes = buffer(Array("xyz".utf8))
        let column = try Column(
            name: "d", codes: buffer([UInt32](arrayLiteral: 1, 0, 1)), dictionaryOffsets: offsets, dictionaryBytes: bytes, validity: nil)
        #expect(column.isDictionaryEncoded)
        #expect(column.scalars == [.string("yz"), .string("x"), .string("yz")])
        #expect(throws: FrameError.self) {
            try Column(name: "d", codes: buffer([UInt32](arrayLiteral: 2)), dictionaryOffsets: offsets, dictionaryBytes: bytes, validity: nil)
        }
        #expect(throws: FrameError.self) {
            try Column(
                name: "d", codes: buffer([UInt32](arrayLiteral: 0)), dictionaryOffsets: buffer([0, 1, 2]),
                dictionaryBytes: buffer(Array("aa".utf8)), validity: nil)
        }
        #expect(throws: FrameError.self) {
            try Column(
                name: "d", codes: buffer([UInt32](arrayLiteral: 0)), dictionaryOffsets: buffer([0]), dictionaryBytes: buffer([UInt8]()),
                validity: nil)
        }
    }

    /// Blobs bound without a copy come back byte for byte; an empty blob is not NULL.
    @Test func blobsInPlace() throws {
        let db = try SQLiteConnection.inMemory()
        try db.execute("CREATE TABLE b (x BLOB)")
        let insert = try db.prepare("INSERT INTO b VALUES (?)")
        var random = SplitMix64(state: 4)
        let payload = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try payload.withUnsafeBytes { raw in
            try insert.bindBlob(noCopy: raw.baseAddress, count: raw.count, at: 1)
            try insert.run()
        }
        try insert.reset()
        try insert.bindBlob(noCopy: nil, count: 0, at: 1)
        try insert.run()
        let select = try db.prepare("SELECT x, x IS NULL FROM b ORDER BY rowid")
        #expect(try select.step())
        #expect(select.withBlob(at: 0) { Array($0) } == payload)
        #expect(try select.step())
        #expect(select.withBlob(at: 0) { $0.count } == 0)
        #expect(select.int64(at: 1) == 0)
    }
}
