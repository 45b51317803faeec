/// Joins the chunks' parts of each column into one column: settles the column's type from what
/// each chunk saw, closes the gaps between chunks (a chunk's row capacity may exceed its rows),
/// and hands the shared buffers over to the column without copying where it can.
struct CSVAssembly {
    let chunks: UnsafeMutablePointer<CSVChunk>
    let chunkCount: Int
    let width: Int
    /// Where each chunk's rows start in the shared buffers (by capacity).
    let rowBases: [Int]
    let names: [String]
    let fixed: [CSVKind?]
    /// Where each chunk's rows start in the column (by the rows actually parsed), and the total.
    let destinations: [Int]
    let rowCount: Int
    /// Chunk-column states whose string bytes became a column's buffer (not to be released).
    private(set) var adoptedByteBlocks = Set<Int>()

    init(chunks: UnsafeMutablePointer<CSVChunk>, chunkCount: Int, width: Int, rowBases: [Int], names: [String],
         fixed: [CSVKind?]) {
        self.chunks = chunks
        self.chunkCount = chunkCount
        self.width = width
        self.rowBases = rowBases
        self.names = names
        self.fixed = fixed
        var destinations = [0]
        for index in 0..<chunkCount { destinations.append((destinations.last ?? 0) + chunks[index].rows) }
        self.rowCount = destinations[chunkCount]
        self.destinations = destinations
    }

    func state(_ chunk: Int, _ column: Int) -> CSVChunkColumn { chunks[chunk].columns[column] }

    /// The kind every chunk's part of `column` fits, or nil when the column must be parsed again.
    func settledKind(_ column: Int) -> CSVKind? {
        if let kind = fixed[column] {
            for chunk in 0..<chunkCount where state(chunk, column).invalidUTF8 { return nil }
            return kind
        }
        var settled = CSVKind.undetermined
        var quotedEmpty = false
        for chunk in 0..<chunkCount {
            let part = state(chunk, column)
            if part.invalidUTF8 { return nil }
            if part.kind != .string && part.sawQuotedEmpty { quotedEmpty = true }
            switch (settled, part.kind) {
            case (_, .rescan): return nil
            case (_, .undetermined): continue
            case (.undetermined, let kind): settled = kind
            case (let a, let b) where a == b: continue
            case (.int, .float), (.float, .int): settled = .float
            default: return nil
            }
        }
        // A quoted empty field read as null must be "" in a column of strings.
        if quotedEmpty && (settled == .string || settled == .undetermined) { return nil }
        if settled == .float {
            for chunk in 0..<chunkCount where state(chunk, column).kind == .int && state(chunk, column).sawNegativeZero {
                return nil
            }
        }
        return settled
    }

    /// The finished column, or nil when it must be parsed again (`CSVRescan`). Takes over or
    /// releases the shared blocks either way.
    mutating func column(_ column: Int, slots: RawAllocation?, offsets: RawAllocation?, codes: RawAllocation?) -> Column? {
        guard let kind = settledKind(column) else {
            if let slots { Memory.release(slots) }
            if let offsets { Memory.release(offsets) }
            if let codes { Memory.release(codes) }
            return nil
        }
        // The block a column's final kind does not use: unmapped if it was a fresh speculative
        // mapping, else back to the reuse cache (it may be a warm block the cache handed out).
        switch kind {
        case .int, .float, .bool, .timestamp:
            if let offsets { Memory.releaseUnused(offsets) }
            if let codes { Memory.releaseUnused(codes) }
        case .undetermined, .string, .rescan:
            if let slots { Memory.releaseUnused(slots) }
        }
        let validity = mergedValidity(column)
        let name = names[column]
        switch kind {
        case .int, .float, .bool, .timestamp:
            guard let slots else { return nil }
            let values = slots.address.assumingMemoryBound(to: UInt64.self)
            for chunk in 0..<chunkCount {
                let source = values + rowBases[chunk]
                let rows = chunks[chunk].rows
                if kind == .float && state(chunk, column).kind == .int { CSVChunk.widenToFloat(source, count: rows) }
                if destinations[chunk] != rowBases[chunk] {
                    (values + destinations[chunk]).update(from: source, count: rows)
                }
            }
            let storage: ColumnStorage
            switch kind {
            case .float:
                storage = .float64(ColumnBuffer(adopting: Memory.shrink(slots, to: rowCount * 8), count: rowCount))
            case .bool:
                let bytes = ColumnBuffer<UInt8>(uninitializedCount: rowCount)
                for row in 0..<rowCount { bytes.base[row] = UInt8(truncatingIfNeeded: values[row]) }
                Memory.release(slots)
                storage = .bool(bytes)
            default:
                storage = .int64(ColumnBuffer(adopting: Memory.shrink(slots, to: rowCount * 8), count: rowCount))
            }
            return Column(name: name, type: kind.dataType, count: rowCount, storage: storage, validity: validity)
        case .undetermined, .string, .rescan:
            if let codes {
                if let encoded = dictionaryColumn(column, codes: codes, validity: validity) {
                    if let offsets { Memory.releaseUnused(offsets) }
                    return encoded
                }
                Memory.releaseUnused(codes)
            }
            guard let offsets else { return nil }
            return Column(name: name, type: .string, count: rowCount,
                          storage: .utf8(strings(column, offsets: offsets)), validity: validity)
        }
    }

    /// Offsets made absolute and closed up, and the chunks' bytes back to back.
    mutating func strings(_ column: Int, offsets block: RawAllocation) -> StringStorage {
        let offsets = block.address.assumingMemoryBound(to: Int64.self)
        offsets[0] = 0
        var byteStarts = [0]
        for chunk in 0..<chunkCount { byteStarts.append((byteStarts.last ?? 0) + state(chunk, column).bytesUsed) }
        let total = byteStarts[chunkCount]
        // Chunk 0's byte region becomes the column's bytes when all chunks' bytes fit in it (the
        // others' are appended), so reading holds no second copy of the strings.
        let bytes: ColumnBuffer<UInt8>
        let leading = state(0, column)
        let adopt = leading.bytesBlock != nil && total <= leading.bytesCapacity
        if adopt, let block = leading.bytesBlock {
            adoptedByteBlocks.insert(column)  // chunk 0's state index is the column's index
            // Cut to size before the other chunks' bytes are appended (they land below `total`).
            bytes = ColumnBuffer(adopting: Memory.shrink(block, to: total), count: total)
        } else {
            bytes = ColumnBuffer(uninitializedCount: total)
        }
        // Chunks in order: a chunk's rows only move down (destination <= row base), and a chunk
        // that moves reads rows no earlier chunk writes, so each chunk can run on its own thread
        // once the chunks before it are placed; the common case (no gaps) moves nothing at all.
        let rowBases = self.rowBases
        let destinations = self.destinations
        let moves = (0..<chunkCount).contains { destinations[$0] != rowBases[$0] }
        let work = UncheckedSendable((chunks, offsets, bytes.base))
        let copyFirst = !adopt
        let parts = (0..<chunkCount).map { state($0, column) }
        ParallelWork.run(moves ? 1 : chunkCount) { part in
            for chunk in (moves ? 0..<chunkCount : part..<part + 1) {
                let (chunks, offsets, target) = work.value
                let source = offsets + 1 + rowBases[chunk]
                let destination = offsets + 1 + destinations[chunk]
                let start = Int64(byteStarts[chunk])
                // destination <= source, so a forward copy never overwrites a row it has yet to read.
                for row in 0..<chunks[chunk].rows { destination[row] = source[row] &+ start }
                if (chunk > 0 || copyFirst) && parts[chunk].bytesUsed > 0 {
                    (target + byteStarts[chunk]).update(from: parts[chunk].bytes, count: parts[chunk].bytesUsed)
                }
            }
        }
        let offsetBuffer = ColumnBuffer<Int64>(adopting: Memory.shrink(block, to: (rowCount + 1) * 8), count: rowCount + 1)
        return StringStorage(offsets: offsetBuffer, bytes: bytes)
    }

    /// One validity bitmap from the chunks' null bits, shifted to each chunk's first row.
    func mergedValidity(_ column: Int) -> Bitmap? {
        var nullCount = 0
        for chunk in 0..<chunkCount { nullCount += state(chunk, column).nullCount }
        if nullCount == 0 { return nil }
        let wordCount = Bitmap.wordCount(for: rowCount)
        let words = ColumnBuffer<UInt64>(repeating: 0, count: wordCount)
        for chunk in 0..<chunkCount {
            guard let block = state(chunk, column).nulls else { continue }
            let nulls = block.address.assumingMemoryBound(to: UInt64.self)
            let first = destinations[chunk]
            let shift = UInt64(first & 63)
            let base = first >> 6
            for index in 0..<Bitmap.wordCount(for: chunks[chunk].rows) {
                let word = nulls[index]
                if word == 0 { continue }
                words.base[base + index] |= word &<< shift
                if shift != 0 && base + index + 1 < wordCount { words.base[base + index + 1] |= word &>> (64 - shift) }
            }
        }
        for index in 0..<wordCount { words.base[index] = ~words.base[index] }
        if rowCount & 63 != 0 { words.base[wordCount - 1] &= (1 &<< UInt64(rowCount & 63)) &- 1 }
        return Bitmap(count: rowCount, nullCount: nullCount, words: words)
    }
}
