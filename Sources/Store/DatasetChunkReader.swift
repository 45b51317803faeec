import Frame

/// Reads the chunks of one column of a columnar training dataset (`DatasetColumns`) back into one
/// column, decoding each chunk straight from SQLite's page into the column's buffer. Every size,
/// number and code is checked against the dataset's row count and the column's type first, so a
/// damaged file gives an error naming the dataset and column, never a broken column or a trap.
struct DatasetChunkReader {
    let store: FeatureStore
    let datasetID: Int64
    let position: Int
    let rowCount: Int
    /// "training dataset … is damaged: column 'x'", for errors.
    let context: String

    /// One stored chunk, in place (valid only while the callback runs).
    struct Chunk {
        var start: Int
        var count: Int
        var base: Int64?
        var bits: Int?
        var data: UnsafeRawBufferPointer
        var text: UnsafeRawBufferPointer
    }

    /// The column, decoded.
    func column(name: String, type: DataType, encoding: DatasetColumns.Encoding) throws -> Column {
        let words = ColumnBuffer<UInt64>.filled(count: (rowCount + 63) >> 6) { $0.initialize(repeating: ~0) }
        switch (type, encoding) {
        case (.int, .plain), (.timestamp, .plain), (.duration, .plain):
            let values = try ColumnBuffer<Int64>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in try unpack(chunk, into: out, range: nil) }
            }
            return try Column(name: name, type: type, int64s: values, validity: try Bitmap.fromWords(words, count: rowCount))
        case (.bool, .plain):
            let values = try ColumnBuffer<UInt8>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in try unpack(chunk, into: out, range: 0...Int64(UInt8.max)) }
            }
            return try Column(name: name, boolBytes: values, validity: try Bitmap.fromWords(words, count: rowCount))
        case (.float, .plain):
            let values = try ColumnBuffer<Double>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in
                    guard chunk.base == 0, chunk.bits == 64, chunk.data.count == chunk.count * 8 else { throw damaged(chunk, "values") }
                    if let target = out.baseAddress, let source = chunk.data.baseAddress {
                        UnsafeMutableRawPointer(target + chunk.start).copyMemory(from: source, byteCount: chunk.count * 8)
                    }
                }
            }
            return try Column(name: name, floats: values, validity: try Bitmap.fromWords(words, count: rowCount))
        case (.float, .dictionary):
            let table = try floatTable()
            var codes = [UInt32](repeating: 0, count: DatasetColumns.chunkRows)
            let values = try ColumnBuffer<Double>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in
                    try codes.withUnsafeMutableBufferPointer { (scratch: inout UnsafeMutableBufferPointer<UInt32>) throws in
                        guard chunk.count <= scratch.count else { throw damaged(chunk, "size") }
                        try unpack(chunk, into: scratch, range: 0...Int64(UInt32.max), at: 0)
                        let fits = table.withUnsafeBufferPointer { table -> Bool in
                            let limit = UInt32(truncatingIfNeeded: table.count)
                            for row in 0..<chunk.count {
                                let code = scratch[row]
                                guard code < limit else { return false }
                                out[chunk.start + row] = table[Int(code)]
                            }
                            return true
                        }
                        if !fits { throw damaged(chunk, "codes") }
                    }
                }
            }
            return try Column(name: name, floats: values, validity: try Bitmap.fromWords(words, count: rowCount))
        case (.float, .decimal):
            let scale = try decimalScale()
            var integers = [Int64](repeating: 0, count: DatasetColumns.chunkRows)
            let values = try ColumnBuffer<Double>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in
                    try integers.withUnsafeMutableBufferPointer { (scratch: inout UnsafeMutableBufferPointer<Int64>) throws in
                        guard chunk.count <= scratch.count else { throw damaged(chunk, "size") }
                        try unpack(chunk, into: scratch, range: nil, at: 0)
                        for row in 0..<chunk.count { out[chunk.start + row] = FloatDecimal.value(scratch[row], scale: scale) }
                    }
                }
            }
            return try Column(name: name, floats: values, validity: try Bitmap.fromWords(words, count: rowCount))
        case (.string, .dictionary):
            let codes = try ColumnBuffer<UInt32>.filled(count: rowCount) { (out) throws in
                try forEachChunk(words) { chunk in try unpack(chunk, into: out, range: 0...Int64(UInt32.max)) }
            }
            let table = try stringTable()
            return try Column(
                name: name, codes: codes, dictionaryOffsets: table.offsets, dictionaryBytes: table.bytes,
                validity: try Bitmap.fromWords(words, count: rowCount))
        case (.string, .plain):
            return try plainStrings(name: name, words: words)
        default:
            throw StoreError(.database, "\(context): a \(type.name) column cannot have encoding \(encoding.rawValue)")
        }
    }

    /// Plain strings: each chunk's offsets (from 0 to its text's size) rebased onto one buffer.
    private func plainStrings(name: String, words: ColumnBuffer<UInt64>) throws -> Column {
        var bytes: [UInt8] = []
        let offsets = try ColumnBuffer<Int64>.filled(count: rowCount + 1) { (out) throws in
            out[0] = 0
            try forEachChunk(words) { chunk in
                guard chunk.base == nil, chunk.bits == nil, chunk.data.count == (chunk.count + 1) * 8,
                    chunk.data.loadUnaligned(as: Int64.self) == 0,
                    chunk.data.loadUnaligned(fromByteOffset: chunk.count * 8, as: Int64.self) == Int64(chunk.text.count)
                else { throw damaged(chunk, "offsets") }
                let base = Int64(bytes.count)
                for row in 1...chunk.count {
                    out[chunk.start + row] = base &+ chunk.data.loadUnaligned(fromByteOffset: row * 8, as: Int64.self)
                }
                bytes.append(contentsOf: chunk.text)
            }
        }
        let storage = ColumnBuffer<UInt8>.filled(count: bytes.count) { out in
            bytes.withUnsafeBufferPointer { source in
                if let target = out.baseAddress, let from = source.baseAddress { target.update(from: from, count: source.count) }
            }
        }
        return try Column(name: name, offsets: offsets, bytes: storage, validity: try Bitmap.fromWords(words, count: rowCount))
    }

    /// Unpacks a bit-packed chunk into `target` at the chunk's rows (or at row `at`); every value
    /// the chunk can hold must fall in `range` (nil: any Int64), the range of the target's type
    /// (the column then checks its own rules: bools 0 or 1, codes inside the table).
    private func unpack<Value: FixedWidthInteger>(
        _ chunk: Chunk, into target: UnsafeMutableBufferPointer<Value>, range: ClosedRange<Int64>?, at first: Int? = nil
    ) throws {
        guard let base = chunk.base, let bits = chunk.bits, bits >= 0, bits <= 64,
            chunk.data.count == BitPacking.byteCount(count: chunk.count, bits: bits)
        else { throw damaged(chunk, "values") }
        if let range {
            // Every field below 2^bits: the largest value is base + 2^bits − 1.
            guard bits < 63, base >= range.lowerBound, base <= range.upperBound,
                (1 << Int64(bits)) - 1 <= range.upperBound - base
            else { throw damaged(chunk, "values") }
        }
        guard let output = target.baseAddress else { return }
        BitPacking.unpack(chunk.data, count: chunk.count, base: base, bits: bits, into: output + (first ?? chunk.start))
    }

    /// Steps through the column's chunks in order, checks each (numbered from 0, rows adding up to
    /// `rowCount`, every chunk but the last a multiple of 64 rows, validity absent or one bit a
    /// row), copies its validity bits into `words` and calls `body` with it, in place.
    private func forEachChunk(_ words: ColumnBuffer<UInt64>, _ body: (Chunk) throws -> Void) throws {
        let chunks = try store.statement(
            """
            SELECT chunk, row_count, base, bits, data, validity, text FROM fti_training_chunk
            WHERE dataset_id = ? AND position = ? ORDER BY chunk
            """)
        try chunks.bind(datasetID, at: 1)
        try chunks.bind(Int64(position), at: 2)
        defer { try? chunks.reset() }
        let validity = words.withUnsafeBufferPointer { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
        var start = 0
        var number: Int64 = 0
        while try chunks.step() {
            let count = Int(clamping: chunks.int64(at: 1))
            guard chunks.int64(at: 0) == number, count > 0, count <= rowCount - start, start & 63 == 0 else {
                throw StoreError(.database, "\(context): chunk \(number) is missing or has the wrong size")
            }
            if !chunks.isNull(at: 5) {
                try chunks.withBlob(at: 5) { (bits: UnsafeRawBufferPointer) throws in
                    guard bits.count == (count + 7) >> 3 else {
                        throw StoreError(.database, "\(context): chunk \(number) has \(bits.count) bytes of validity, not \((count + 7) >> 3)")
                    }
                    if let validity, let source = bits.baseAddress {
                        (validity + (start >> 3)).copyMemory(from: source, byteCount: bits.count)
                    }
                }
            }
            let base: Int64? = chunks.isNull(at: 2) ? nil : chunks.int64(at: 2)
            let bits: Int? = chunks.isNull(at: 3) ? nil : Int(clamping: chunks.int64(at: 3))
            try chunks.withBlob(at: 4) { (data: UnsafeRawBufferPointer) throws in
                try chunks.withBlob(at: 6) { (text: UnsafeRawBufferPointer) throws in
                    try body(Chunk(start: start, count: count, base: base, bits: bits, data: data, text: text))
                }
            }
            start += count
            number += 1
        }
        guard start == rowCount else {
            throw StoreError(.database, "\(context): its chunks hold \(start) rows, not \(rowCount)")
        }
    }

    private func damaged(_ chunk: Chunk, _ part: String) -> StoreError {
        StoreError(.database, "\(context): the \(part) of the chunk at row \(chunk.start) are damaged")
    }

    /// The column's dictionary blobs (as copies) and decimal scale.
    private func description() throws -> (table: [UInt8], text: [UInt8], scale: Int64?) {
        let statement = try store.statement(
            "SELECT dictionary, dictionary_text, scale FROM fti_training_column WHERE dataset_id = ? AND position = ?")
        try statement.bind(datasetID, at: 1)
        try statement.bind(Int64(position), at: 2)
        defer { try? statement.reset() }
        guard try statement.step() else { throw StoreError(.database, "\(context): its description is missing") }
        return (statement.blob(at: 0) ?? [], statement.blob(at: 1) ?? [], statement.isNull(at: 2) ? nil : statement.int64(at: 2))
    }

    /// A decimal float column's scale (values are integers over 10^scale).
    private func decimalScale() throws -> Int {
        guard let scale = try description().scale, scale >= 0, scale <= Int64(FloatDecimal.maximumScale) else {
            throw StoreError(.database, "\(context): its decimal scale is damaged")
        }
        return Int(scale)
    }

    /// A float column's distinct values.
    private func floatTable() throws -> [Double] {
        let raw = try description().table
        guard !raw.isEmpty, raw.count % 8 == 0 else { throw StoreError(.database, "\(context): its dictionary is damaged") }
        return raw.withUnsafeBytes { bytes in (0..<(raw.count / 8)).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) } }
    }

    /// A string column's distinct values, as offsets and bytes (checked when the column is made).
    private func stringTable() throws -> (offsets: ColumnBuffer<Int64>, bytes: ColumnBuffer<UInt8>) {
        let (table, text, _) = try description()
        guard table.count >= 8, table.count % 8 == 0 else { throw StoreError(.database, "\(context): its dictionary is damaged") }
        let offsets = ColumnBuffer<Int64>.filled(count: table.count / 8) { out in
            table.withUnsafeBytes { source in
                if let target = out.baseAddress, let from = source.baseAddress {
                    UnsafeMutableRawPointer(target).copyMemory(from: from, byteCount: table.count)
                }
            }
        }
        let bytes = ColumnBuffer<UInt8>.filled(count: text.count) { out in
            text.withUnsafeBufferPointer { source in
                if let target = out.baseAddress, let from = source.baseAddress { target.update(from: from, count: source.count) }
            }
        }
        return (offsets, bytes)
    }
}
