import Frame

/// One column of a columnar training dataset (`DatasetColumns`) encoded for writing: floats as
/// decimals or by dictionary when that pays, and every chunk's packed bits (or a plain string
/// chunk's offsets) in one buffer. Encoding touches no database, so the columns of a dataset are
/// encoded on all cores at once; the inserts then only bind. Validity bits, raw floats, string
/// bytes and dictionary tables are bound straight from the column, so the caller keeps it alive
/// until the last insert.
struct EncodedColumn: @unchecked Sendable {
    /// Where one chunk's data lies in `words`.
    struct Chunk {
        var start: Int
        var count: Int
        /// nil for plain strings and raw floats.
        var packing: BitPacking.Packed?
        /// First word of the chunk's data in `words`.
        var word: Int
    }

    let column: Column
    /// The column's validity words (nil when it has no nulls).
    let validity: UnsafePointer<UInt64>?
    /// A float column's distinct values, when it is dictionary-encoded.
    let floatTable: [UInt64]?
    /// A float column's decimal scale, when it is stored as integers over 10^scale.
    let decimalScale: Int?
    /// Every chunk's packed bits (or offsets), each chunk starting on a word.
    private(set) var words: [UInt64] = []
    private(set) var chunks: [Chunk] = []

    /// Encodes `column` in chunks of `chunkRows` rows.
    init(_ column: Column, chunkRows: Int) {
        self.column = column
        let validity = column.validity?.withWords { $0.baseAddress }
        self.validity = validity
        let floats = column.float64Values.map { values in values.withUnsafeBufferPointer { Self.encodeFloats($0, validity) } }
        floatTable = floats?.table
        decimalScale = floats?.decimal?.scale
        let codes = floats?.codes
        let decimals = floats?.decimal?.integers
        // At most 64 bits a row (32 for codes, 1 for bools) plus a partial word a chunk: reserved
        // once, so appending never copies (untouched pages of the reservation cost nothing).
        let chunkCount = (column.count + chunkRows - 1) / chunkRows
        switch column.storage {
        case .int64, .utf8: words.reserveCapacity(column.count + 2 * chunkCount)
        case .float64:
            if decimals != nil {
                words.reserveCapacity(column.count + 2 * chunkCount)
            } else if codes != nil {
                words.reserveCapacity(column.count / 2 + 2 * chunkCount)
            }
        case .dictionary: words.reserveCapacity(column.count / 2 + 2 * chunkCount)
        case .bool: words.reserveCapacity(column.count / 64 + 2 * chunkCount)
        }
        var start = 0
        while start < column.count {
            let count = Swift.min(chunkRows, column.count - start)
            let bits = validity.map { $0 + (start >> 6) }
            var chunk = Chunk(start: start, count: count, packing: nil, word: words.count)
            switch column.storage {
            case .int64(let values): chunk.packing = values.withUnsafeBufferPointer { pack($0, start, count, bits) }
            case .bool(let values): chunk.packing = values.withUnsafeBufferPointer { pack($0, start, count, bits) }
            case .dictionary(let strings): chunk.packing = strings.codes.withUnsafeBufferPointer { pack($0, start, count, bits) }
            case .float64:
                chunk.packing =
                    codes?.withUnsafeBufferPointer { pack($0, start, count, bits) }
                    ?? decimals?.withUnsafeBufferPointer { pack($0, start, count, bits) }
            case .utf8(let strings):
                let first = strings.offsets[start]
                for row in 0...count { words.append(UInt64(bitPattern: strings.offsets[start + row] - first)) }
            }
            chunks.append(chunk)
            start += count
        }
    }

    /// How a float column is stored: as decimals when its values round-trip through integers over a
    /// power of ten, by dictionary when few values repeat and that is clearly smaller (building the
    /// table costs more than the decimal pass, so it must pay), else raw.
    private static func encodeFloats(_ values: UnsafeBufferPointer<Double>, _ validity: UnsafePointer<UInt64>?)
        -> (decimal: FloatDecimal.Encoded?, table: [UInt64]?, codes: [UInt32]?)
    {
        let count = values.count
        let decimal = FloatDecimal.encode(values, validity: validity)
        let decimalBytes = decimal.map { Double(count * BitPacking.width(UInt64(bitPattern: $0.high &- $0.low))) / 8 }
        if count >= DatasetColumns.floatDictionaryRows {
            let estimate = FloatDictionary.estimatedDistinct(values, validity: validity)
            let limit = count / 4
            if estimate <= Double(limit) * 1.25 {
                let dictionaryBytes = estimate * 8 + Double(count * BitPacking.width(UInt64(estimate))) / 8
                if dictionaryBytes < (decimalBytes ?? Double(count * 8)) * 0.8,
                    let encoded = FloatDictionary.encode(values, validity: validity, limit: limit, estimate: estimate)
                {
                    return (nil, encoded.values, encoded.codes)
                }
            }
        }
        return (decimal, nil, nil)
    }

    /// Appends `values[start ..< start + count]` packed, from a new word.
    private mutating func pack<Value: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Value>, _ start: Int, _ count: Int, _ validity: UnsafePointer<UInt64>?
    ) -> BitPacking.Packed {
        BitPacking.pack(UnsafeBufferPointer(rebasing: values[start..<(start + count)]), validity: validity, appendingTo: &words)
    }

    /// Binds the encoding, dictionary and scale (parameters 5–8) and runs the column's insert.
    func insertDescription(_ insert: SQLiteStatement) throws {
        if let decimalScale {
            try insert.bind(Int64(decimalScale), at: 8)
        } else {
            try insert.bindNull(at: 8)
        }
        if let table = column.dictionaryValues?.values {
            try insert.bind(DatasetColumns.Encoding.dictionary.rawValue, at: 5)
            try insert.bindBlob(noCopy: address(table.offsets), count: table.offsets.count * 8, at: 6)
            try insert.bindBlob(noCopy: address(table.bytes), count: table.bytes.count, at: 7)
            try run(insert)
        } else if let floatTable {
            try insert.bind(DatasetColumns.Encoding.dictionary.rawValue, at: 5)
            try insert.bindNull(at: 7)
            try floatTable.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                try insert.bindBlob(noCopy: raw.baseAddress, count: raw.count, at: 6)
                try run(insert)
            }
        } else {
            let encoding: DatasetColumns.Encoding = decimalScale == nil ? .plain : .decimal
            try insert.bind(encoding.rawValue, at: 5)
            try insert.bindNull(at: 6)
            try insert.bindNull(at: 7)
            try run(insert)
        }
    }

    /// Binds chunk `chunk` (parameters 5–9; 1–4 are bound by the caller) and runs its insert.
    func insertChunk(_ insert: SQLiteStatement, _ chunk: Chunk) throws {
        try bindValidity(validity.map { $0 + (chunk.start >> 6) }, count: chunk.count, to: insert, at: 8)
        try words.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            let data = raw.baseAddress.map { $0 + chunk.word * 8 }
            if let packing = chunk.packing {
                try insert.bind(packing.base, at: 5)
                try insert.bind(Int64(packing.bits), at: 6)
                try insert.bindBlob(noCopy: data, count: packing.byteCount, at: 7)
                try insert.bindNull(at: 9)
            } else if case .utf8(let strings) = column.storage {
                let first = Int(strings.offsets[chunk.start])
                let byteCount = Int(strings.offsets[chunk.start + chunk.count]) - first
                try insert.bindNull(at: 5)
                try insert.bindNull(at: 6)
                try insert.bindBlob(noCopy: data, count: (chunk.count + 1) * 8, at: 7)
                try insert.bindBlob(noCopy: address(strings.bytes).map { $0 + first }, count: byteCount, at: 9)
            } else if let values = column.float64Values {
                try insert.bind(Int64(0), at: 5)
                try insert.bind(Int64(64), at: 6)
                try insert.bindBlob(noCopy: address(values).map { $0 + chunk.start * 8 }, count: chunk.count * 8, at: 7)
                try insert.bindNull(at: 9)
            }
            try run(insert)
        }
    }

    private func run(_ insert: SQLiteStatement) throws {
        try insert.run()
        try insert.reset()
    }

    /// Binds the validity bits of `count` rows starting at `bits` (a whole word), or NULL when
    /// none of them is null.
    private func bindValidity(_ bits: UnsafePointer<UInt64>?, count: Int, to insert: SQLiteStatement, at index: Int) throws {
        guard let bits else {
            try insert.bindNull(at: index)
            return
        }
        var valid = 0
        for word in 0..<((count + 63) >> 6) { valid &+= bits[word].nonzeroBitCount }
        if valid == count {
            try insert.bindNull(at: index)
        } else {
            try insert.bindBlob(noCopy: bits, count: (count + 7) >> 3, at: index)
        }
    }
}

/// Where a buffer's elements start (the caller keeps the buffer alive while they are used).
private func address<Element>(_ buffer: ColumnBuffer<Element>) -> UnsafeRawPointer? {
    buffer.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
}
